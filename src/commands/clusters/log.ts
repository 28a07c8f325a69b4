import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {daysText} from '../../cli/clusters-report.js'
import {daysFlag, isoDateFlag} from '../../cli/flags.js'
import {renderTable} from '../../cli/table.js'
import {logClusterSession, type SessionLogged} from '../../services/cluster-sessions.js'

export default class ClustersLog extends BaseCommand<typeof ClustersLog> {
  static override summary = "Log one session for a whole cluster: its days shared out across the schools' deployments."

  static override description = `The days are shared in half days across the schools whose deployment is active: each gets
the same whole number of half days, and any left over go one each to the first schools (by
deployment id), so the shares add up to the session. Each share is logged as a visit on that
school's deployment, all at once or not at all.`

  static override examples = [
    '<%= config.bin %> clusters log 1 --days 2 --on 2027-02-10 --note "Network meeting: curriculum"',
  ]

  static override args = {id: Args.integer({description: 'Cluster id (see `broker clusters list`).', required: true})}

  static override flags = {
    days: daysFlag({description: 'Days of the session, in halves (2, 2.5).', required: true}),
    on: isoDateFlag({description: 'The day of the session. Default: today.'}),
    note: Flags.string({description: 'What happened.'}),
  }

  async run(): Promise<SessionLogged> {
    const {days, on, note} = this.flags
    const result = await this.withContext((context) =>
      logClusterSession(context, {
        clusterId: this.args.id,
        halfDays: days,
        ...(on ? {date: on} : {}),
        note: note ?? null,
      }),
    )
    for (const warning of result.warnings) this.warn(warning)
    this.say(() =>
      [
        `Logged ${daysText(result.halfDays)} across ${result.shares.length} schools of cluster ${result.clusterId}${result.remainder > 0 ? ` (${result.remainder} half ${result.remainder === 1 ? 'day' : 'days'} over, one each to the first schools)` : ''}:`,
        renderTable(result.shares, [
          {header: 'Deployment', value: (share) => share.deploymentId, align: 'right'},
          {header: 'School', value: (share) => share.urn},
          {header: 'Share', value: (share) => daysText(share.halfDays), align: 'right'},
        ]),
      ].join('\n'),
    )
    return result
  }
}
