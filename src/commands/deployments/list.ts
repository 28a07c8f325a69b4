import {Flags} from '@oclif/core'

import {limitFlag, wideFlag} from '../../cli/flags.js'
import {ListCommand, listOutputFlags, type WithOutput} from '../../cli/list-command.js'
import {renderShown, renderTable} from '../../cli/table.js'
import {formatDays} from '../../core/days.js'
import {subjectLabel} from '../../core/deployments.js'
import {DEPLOYMENT_STATUSES, type DeploymentStatus} from '../../core/lifecycle.js'
import {date, days, decimal, money, table, text} from '../../core/reports/document.js'
import {listDeployments, type DeploymentList, type DeploymentSummary} from '../../services/deployment-views.js'

export default class DeploymentsList extends ListCommand<typeof DeploymentsList> {
  static override summary = 'List deployments: the live ones (proposed, agreed, active) unless --status.'

  static override examples = [
    '<%= config.bin %> deployments list',
    '<%= config.bin %> deployments list --status any --leader SH-0001',
    '<%= config.bin %> deployments list --status completed --urn 910083 --json',
    '<%= config.bin %> deployments list --status any --out deployments.xlsx',
  ]

  static override flags = {
    wide: wideFlag,
    status: Flags.string({
      description: 'Status; live is proposed, agreed or active.',
      options: ['live', ...DEPLOYMENT_STATUSES, 'any'],
      default: 'live',
    }),
    leader: Flags.string({description: 'Deployments of this leader (ref, email or name).'}),
    urn: Flags.string({description: 'Deployments to this school: URN or (part of) its name.'}),
    trust: Flags.string({description: 'Deployments to this trust (governance support to a board).'}),
    need: Flags.integer({description: 'Deployments serving this need.', min: 1}),
    limit: limitFlag,
    ...listOutputFlags,
  }

  async run(): Promise<DeploymentList & WithOutput> {
    const {status, leader, urn, trust, need} = this.flags
    const spreadsheet = this.spreadsheetTarget()
    const result = await this.withContext((context) =>
      listDeployments(context, {
        status: status as DeploymentStatus | 'live' | 'any',
        leader,
        school: urn,
        trustCode: trust,
        needId: need,
        limit: this.rowLimit(spreadsheet !== null),
      }),
    )
    if (spreadsheet)
      return {
        ...result,
        output: await this.writeSpreadsheet(spreadsheet, [deploymentsSheet(result.deployments)], 'Deployments'),
      }
    this.say(() =>
      [
        renderTable(result.deployments, [
          {header: 'ID', value: (d) => d.id, align: 'right'},
          {header: 'Status', value: (d) => d.status + (d.statusReasonCode ? ` (${d.statusReasonCode})` : '')},
          {header: 'Leader', value: (d) => (d.leaderName ? `${d.leaderRef} ${d.leaderName}` : d.leaderRef)},
          {header: 'School', value: (d) => subjectLabel(d)},
          {header: 'Need', value: (d) => d.needId},
          {
            header: 'Days',
            value: (d) => `${formatDays(d.deliveredHalfDays)}/${formatDays(d.halfDays)}`,
            align: 'right',
          },
          {header: 'Dates', value: (d) => (d.startsOn && d.endsOn ? `${d.startsOn} → ${d.endsOn}` : null)},
        ]),
        renderShown(result.deployments.length, result.total, 'deployment'),
      ].join('\n'),
    )
    return result
  }
}

function deploymentsSheet(deployments: readonly DeploymentSummary[]) {
  return table(
    'deployments',
    'Deployments',
    [
      {header: 'ID'},
      {header: 'Status'},
      {header: 'Reason'},
      {header: 'Leader ref'},
      {header: 'Leader'},
      {header: 'URN'},
      {header: 'School'},
      {header: 'Trust'},
      {header: 'Need'},
      {header: 'Days agreed'},
      {header: 'Days delivered'},
      {header: 'Starts'},
      {header: 'Ends'},
      {header: 'Mid-point review'},
      {header: 'Hold expires'},
      {header: 'Day rate'},
      {header: 'Funding'},
      {header: 'Payer'},
    ],
    deployments.map((d) => [
      decimal(d.id),
      text(d.status),
      text(d.statusReasonCode),
      text(d.leaderRef),
      text(d.leaderName),
      decimal(d.urn),
      text(d.schoolName),
      text(d.trustCode),
      decimal(d.needId),
      days(d.halfDays),
      days(d.deliveredHalfDays),
      date(d.startsOn),
      date(d.endsOn),
      date(d.midReviewOn),
      date(d.holdExpiresOn),
      money(d.dayRatePence),
      text(d.fundingSource),
      text(d.payer),
    ]),
  )
}
