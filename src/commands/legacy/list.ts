import {Flags} from '@oclif/core'

import {limitFlag, wideFlag} from '../../cli/flags.js'
import {ListCommand, listOutputFlags, type WithOutput} from '../../cli/list-command.js'
import {renderShown, renderTable} from '../../cli/table.js'
import {formatDays} from '../../core/days.js'
import {subjectLabel} from '../../core/deployments.js'
import {date, days, decimal, table, text} from '../../core/reports/document.js'
import {listLegacy, type LegacyList as LegacyListResult, type LegacySummary} from '../../services/legacy.js'

export default class LegacyList extends ListCommand<typeof LegacyList> {
  static override summary = 'List legacy links (leader ↔ school after a deployment): open ones unless --status.'

  static override examples = [
    '<%= config.bin %> legacy list',
    '<%= config.bin %> legacy list --status any --leader SH-0001 --json',
    '<%= config.bin %> legacy list --status any --out legacy.xlsx',
  ]

  static override flags = {
    wide: wideFlag,
    status: Flags.string({description: 'Link status.', options: ['open', 'ended', 'any'], default: 'open'}),
    leader: Flags.string({description: 'Links of this leader (ref, email or name).'}),
    urn: Flags.string({description: 'Links with this school: URN or (part of) its name.'}),
    limit: limitFlag,
    ...listOutputFlags,
  }

  async run(): Promise<LegacyListResult & WithOutput> {
    const {status, leader, urn} = this.flags
    const spreadsheet = this.spreadsheetTarget()
    const result = await this.withContext((context) =>
      listLegacy(context, {
        status: status as 'open' | 'ended' | 'any',
        leader,
        school: urn,
        limit: this.rowLimit(spreadsheet !== null),
      }),
    )
    if (spreadsheet)
      return {...result, output: await this.writeSpreadsheet(spreadsheet, [legacySheet(result.links)], 'Legacy links')}
    this.say(() =>
      [
        renderTable(result.links, [
          {header: 'Link', value: (l) => l.id, align: 'right'},
          {header: 'Status', value: (l) => l.status},
          {header: 'Leader', value: (l) => (l.leaderName ? `${l.leaderRef} ${l.leaderName}` : l.leaderRef)},
          {header: 'School', value: (l) => subjectLabel(l)},
          {header: 'From', value: (l) => (l.deploymentId === null ? null : `deployment ${l.deploymentId}`)},
          {header: 'Dates', value: (l) => `${l.openedOn} → ${l.endedOn ?? l.endsOn ?? ''}`},
          {
            header: 'Days used',
            value: (l) => `${formatDays(l.usedHalfDays)}/${formatDays(l.budgetHalfDays)}`,
            align: 'right',
          },
          {header: 'Next check-in', value: (l) => l.nextCheckinDue},
        ]),
        renderShown(result.links.length, result.total, 'legacy link'),
      ].join('\n'),
    )
    return result
  }
}

function legacySheet(links: readonly LegacySummary[]) {
  return table(
    'legacy',
    'Legacy links',
    [
      {header: 'Link'},
      {header: 'Status'},
      {header: 'Leader ref'},
      {header: 'Leader'},
      {header: 'URN'},
      {header: 'School'},
      {header: 'Trust'},
      {header: 'Deployment'},
      {header: 'Opened'},
      {header: 'Ends'},
      {header: 'Ended'},
      {header: 'Days budget'},
      {header: 'Days used'},
      {header: 'Next check-in'},
    ],
    links.map((l) => [
      decimal(l.id),
      text(l.status),
      text(l.leaderRef),
      text(l.leaderName),
      decimal(l.urn),
      text(l.schoolName),
      text(l.trustCode),
      decimal(l.deploymentId),
      date(l.openedOn),
      date(l.endsOn),
      date(l.endedOn),
      days(l.budgetHalfDays),
      days(l.usedHalfDays),
      date(l.nextCheckinDue),
    ]),
  )
}
