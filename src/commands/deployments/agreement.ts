import {extname} from 'node:path'

import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {deploymentIdArg, doneLine} from '../../cli/deployments.js'
import {usage} from '../../core/errors.js'
import {type AgreementFormat, type DraftedAgreement, draftAgreement} from '../../services/agreements.js'
import {checkOutput, writeOutput} from '../../services/output.js'

export interface AgreementResult extends Omit<DraftedAgreement, 'content'> {
  format: AgreementFormat
  path: string
  bytes: number
}

export default class DeploymentsAgreement extends BaseCommand<typeof DeploymentsAgreement> {
  static override summary =
    'Draw up the agreement for signature: the parties, the leader, objectives, days, dates and money, as Word or PDF.'

  static override description = `The agreement between the supported school's governing body (or trust) and the leader's home
school (or trust), signed for by their heads or chief executives: the leader, the objectives
with their success criteria, days and dates, the mid-point review, the day rate, funding and
payer, the clauses the hub completes (safeguarding and DBS checks, insurance, data protection,
termination, invoicing and VAT) and signature blocks.

The Word document comes from the template in broker's data folder, or from your own with
--template (docxtemplater tags, listed in the README). PDF prints the default layout only. A
proposal not yet agreed has no objectives, and is refused with what it lacks.`

  static override examples = [
    '<%= config.bin %> deployments agreement 12 --out agreement-12.docx',
    '<%= config.bin %> deployments agreement 12 --format pdf --out agreement-12.pdf',
    '<%= config.bin %> deployments agreement 12 --template our-agreement.docx --out agreement-12.docx --force',
  ]

  static override args = {id: deploymentIdArg}

  static override flags = {
    format: Flags.string({
      description: 'docx (Word) or pdf. Default: from the --out file name, else docx.',
      options: ['docx', 'pdf'],
    }),
    out: Flags.string({char: 'o', description: 'The file to write.', required: true}),
    template: Flags.string({description: 'Your own Word template (.docx with docxtemplater tags); Word output only.'}),
    force: Flags.boolean({description: 'Replace the --out file if it exists.'}),
  }

  async run(): Promise<AgreementResult> {
    const {out, force, template} = this.flags
    const format = (this.flags.format ?? (extname(out).toLowerCase() === '.pdf' ? 'pdf' : 'docx')) as AgreementFormat
    if (format === 'pdf' && template !== undefined)
      throw usage('--template gives a Word document only; a PDF prints the default layout.', {
        suggestion: 'Drop --template for a PDF, or write a .docx with --format docx.',
      })
    checkOutput(out, {force})
    const {content, ...drafted} = await this.withContext((context) =>
      draftAgreement(context, {id: this.args.id, format, template}),
    )
    if (drafted.unfilledTags.length > 0)
      this.warn(`The template has tags broker does not fill, left empty: ${drafted.unfilledTags.join(', ')}.`)
    const written = writeOutput(out, content, {force})
    this.say(doneLine(`Wrote the agreement for deployment ${drafted.deploymentId} to ${written.path}.`))
    return {...drafted, format, path: written.path, bytes: written.bytes}
  }
}
