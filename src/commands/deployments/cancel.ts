import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {deploymentIdArg, deploymentLine, doneLine} from '../../cli/deployments.js'
import {END_REASON_CODES, END_REASONS} from '../../core/lifecycle.js'
import {cancelDeployment, type DeploymentChange} from '../../services/deployments.js'

export default class DeploymentsCancel extends BaseCommand<typeof DeploymentsCancel> {
  static override summary =
    'Cancel (or reject) a proposed or agreed deployment, or end an active one early, with a coded reason.'

  static override description = `A proposed or agreed deployment becomes cancelled; an active one becomes ended-early. The
reason code decides what happens to the need, and the rejections stop \`broker match\` from
proposing the same leader for that need again:
${END_REASONS.map((reason) => `  ${reason.code.padEnd(24)} ${reason.label}; the need becomes ${reason.needBecomes}${reason.vetoesLeader ? '; vetoes this leader for the need' : ''}`).join('\n')}`

  static override examples = [
    '<%= config.bin %> deployments cancel 12 --reason rejected-by-school',
    '<%= config.bin %> deployments cancel 15 --reason need-met --note "Outcomes met after 4 of 6 days"',
    '<%= config.bin %> deployments cancel 9 --reason other --note "Leader seconded to the LA"',
  ]

  static override args = {id: deploymentIdArg}

  static override flags = {
    reason: Flags.string({
      description: 'Why it ends (each code is explained below).',
      options: END_REASON_CODES,
      required: true,
    }),
    note: Flags.string({description: 'What happened, in words (kept out of the audit log).'}),
  }

  async run(): Promise<DeploymentChange> {
    const result = await this.withContext((context) =>
      cancelDeployment(context, {id: this.args.id, reasonCode: this.flags.reason, note: this.flags.note ?? null}),
    )
    for (const warning of result.warnings) this.warn(warning)
    this.say(doneLine(`${deploymentLine(result.deployment)}: ${result.deployment.statusReasonCode}`))
    return result
  }
}
