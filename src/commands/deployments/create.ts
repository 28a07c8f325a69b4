import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {deploymentLine, doneLine} from '../../cli/deployments.js'
import {daysFlag, isoDateFlag} from '../../cli/flags.js'
import {type DeploymentChange, createDeployment} from '../../services/deployments.js'

export default class DeploymentsCreate extends BaseCommand<typeof DeploymentsCreate> {
  static override summary = "Propose a leader for a need (or a school) by hand; the proposal holds the leader's days."

  static override description = `With --need, the school or trust, days and window come from the need (override with --days,
--from, --to) and the need becomes proposed. Without a need, name the school (--urn) or trust
(--trust) and give --days, --from and --to. A leader is never proposed to their own school or to a
school that has objected to them. A proposal that would overcommit the leader's released days in
an academic year is refused unless --allow-overcommit. The hold lasts 21 days unless --hold-until.`

  static override examples = [
    '<%= config.bin %> deployments create --need 12 --leader SH-0001',
    '<%= config.bin %> deployments create --need 12 --leader SH-0001 --days 2.5 --hold-until 2027-01-20',
    '<%= config.bin %> deployments create --urn 910083 --leader "Ravi Lister" --days 3 --from 2027-01-04 --to 2027-03-31',
  ]

  static override flags = {
    need: Flags.integer({description: 'The need to serve.', min: 1}),
    leader: Flags.string({description: 'Leader ref, designation reference, email or name.', required: true}),
    urn: Flags.string({description: 'The school, without a need: URN or (part of) its name.'}),
    trust: Flags.string({description: 'The trust, without a need (governance support to a board).'}),
    days: daysFlag({description: "Days to hold. Default: the need's requested days."}),
    from: isoDateFlag({description: "Start date. Default: the need's window start."}),
    to: isoDateFlag({description: "End date. Default: the need's window end."}),
    'hold-until': isoDateFlag({
      description: "Last day the proposal holds the leader's days. Default: 21 days from today.",
    }),
    'allow-overcommit': Flags.boolean({description: "Propose even when the leader's released days are overcommitted."}),
  }

  async run(): Promise<DeploymentChange> {
    const flags = this.flags
    const result = await this.withContext((context) =>
      createDeployment(context, {
        needId: flags.need,
        leader: flags.leader,
        school: flags.urn,
        trustCode: flags.trust,
        halfDays: flags.days,
        startsOn: flags.from,
        endsOn: flags.to,
        holdExpiresOn: flags['hold-until'],
        allowOvercommit: flags['allow-overcommit'],
      }),
    )
    for (const warning of result.warnings) this.warn(warning)
    this.say(
      doneLine(
        `${deploymentLine(result.deployment)}; holding the days until ${result.deployment.holdExpiresOn ?? 'agreed'}`,
      ),
    )
    return result
  }
}
