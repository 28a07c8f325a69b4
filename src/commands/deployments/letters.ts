import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {lettersLine} from '../../cli/deployments.js'
import {usage} from '../../core/errors.js'
import {type LettersResult, writeLetters} from '../../services/letters.js'

export default class DeploymentsLetters extends BaseCommand<typeof DeploymentsLetters> {
  static override summary =
    'Draft the letters for proposals: an e-mail to the leader, a release request to their head, a letter to the supported school.'

  static override description = `For each proposal: a draft e-mail to the leader (.eml, which Outlook opens as an unsent draft)
saying which school, why them, the days, the window and how to accept; a letter (.docx) asking
the head of the leader's home school to release them for those days; and a letter (.docx) to
the supported school's head naming the proposed leader and the next steps. Nothing is sent.
Files are named by deployment id (deployment-12-leader-email.eml, ...).`

  static override examples = [
    '<%= config.bin %> deployments letters 12 --out letters/',
    '<%= config.bin %> deployments letters --run 3 --out letters/ --force',
  ]

  static override args = {
    id: Args.integer({description: 'A proposed deployment (see `broker deployments list`).', min: 1}),
  }

  static override flags = {
    run: Flags.integer({description: 'Every proposal of this match run that is still open.', min: 1}),
    out: Flags.string({char: 'o', description: 'The folder to write the files into.', required: true}),
    force: Flags.boolean({description: 'Replace files already in the folder.'}),
  }

  async run(): Promise<LettersResult> {
    const {run, out, force} = this.flags
    const id = this.args.id
    if ((id === undefined) === (run === undefined))
      throw usage('Give one deployment ID or --run RUN (not both).', {
        suggestion: 'For example `broker deployments letters 12 --out letters/`.',
      })
    const result = await this.withContext((context) =>
      writeLetters(context, run === undefined ? {deploymentIds: [id!]} : {runId: run}, {folder: out, force}),
    )
    for (const warning of result.warnings) this.warn(warning)
    this.say(lettersLine(result))
    return result
  }
}
