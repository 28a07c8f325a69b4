import {Flags} from '@oclif/core'

import {limitFlag, wideFlag} from '../../cli/flags.js'
import {ListCommand, listOutputFlags, type WithOutput} from '../../cli/list-command.js'
import {renderShown, renderTable} from '../../cli/table.js'
import {formatDays} from '../../core/days.js'
import {
  NEED_STATUSES,
  type NeedStatus,
  PRIORITIES,
  type Priority,
  SUPPORT_TYPES,
  type SupportType,
} from '../../core/model.js'
import {date, days, decimal, table, text} from '../../core/reports/document.js'
import {listNeeds, type NeedList} from '../../services/needs.js'

export default class NeedsList extends ListCommand<typeof NeedsList> {
  static override summary = 'List support requests (needs), most urgent first.'

  static override examples = [
    '<%= config.bin %> needs list',
    '<%= config.bin %> needs list --status any --priority high',
    '<%= config.bin %> needs list --specialism phonics --region "North East" --json',
    '<%= config.bin %> needs list --status any --out needs.xlsx',
  ]

  static override flags = {
    wide: wideFlag,
    status: Flags.string({description: 'Need status.', options: [...NEED_STATUSES, 'any'], default: 'open'}),
    priority: Flags.string({char: 'p', description: 'Priority.', options: [...PRIORITIES]}),
    type: Flags.string({char: 't', description: 'Support type.', options: [...SUPPORT_TYPES]}),
    urn: Flags.string({description: 'Needs of this school: URN or (part of) its name.'}),
    trust: Flags.string({description: 'Needs of this trust (governance support to a board).'}),
    specialism: Flags.string({char: 's', description: 'Needs asking for this area (code).'}),
    la: Flags.string({description: 'Three-digit LA code of the school.'}),
    region: Flags.string({description: 'Region of the school.'}),
    limit: limitFlag,
    ...listOutputFlags,
  }

  async run(): Promise<NeedList & WithOutput> {
    const {status, priority, type, urn, trust, specialism, la, region} = this.flags
    const spreadsheet = this.spreadsheetTarget()
    const result = await this.withContext((context) =>
      listNeeds(context, {
        status: status as NeedStatus | 'any',
        priority: priority as Priority | undefined,
        supportType: type as SupportType | undefined,
        school: urn,
        trustCode: trust,
        specialism,
        laCode: la,
        region,
        limit: this.rowLimit(spreadsheet !== null),
      }),
    )
    if (spreadsheet) return {...result, output: await this.writeSpreadsheet(spreadsheet, [needsSheet(result)], 'Needs')}
    this.say(() =>
      [
        renderTable(result.needs, [
          {header: 'Need', value: (n) => n.id},
          {
            header: 'School',
            value: (n) =>
              n.subjectUrn === null
                ? `trust ${n.subjectTrustCode}`
                : `${result.schools[n.subjectUrn] ?? ''} (${n.subjectUrn})`,
          },
          {header: 'Type', value: (n) => (n.teamSize > 1 ? `team of ${n.teamSize}` : n.supportType)},
          {header: 'Areas', value: (n) => n.specialisms.join(', ')},
          {header: 'Days', value: (n) => formatDays(n.requestedHalfDays), align: 'right'},
          {header: 'Window', value: (n) => `${n.windowStart} → ${n.windowEnd}`},
          {header: 'Priority', value: (n) => n.priority},
          {header: 'Status', value: (n) => n.status},
        ]),
        renderShown(result.needs.length, result.total, 'need'),
      ].join('\n'),
    )
    return result
  }
}

function needsSheet(list: NeedList) {
  return table(
    'needs',
    'Needs',
    [
      {header: 'Need'},
      {header: 'Reference'},
      {header: 'URN'},
      {header: 'School'},
      {header: 'Trust'},
      {header: 'Type'},
      {header: 'Team size'},
      {header: 'Delivery'},
      {header: 'Areas'},
      {header: 'Days'},
      {header: 'Window from'},
      {header: 'Window to'},
      {header: 'Priority'},
      {header: 'Status'},
      {header: 'Received'},
      {header: 'Source'},
    ],
    list.needs.map((n) => [
      decimal(n.id),
      text(n.reference),
      decimal(n.subjectUrn),
      text(n.subjectUrn === null ? null : list.schools[n.subjectUrn]),
      text(n.subjectTrustCode),
      text(n.supportType),
      decimal(n.teamSize),
      text(n.deliveryMode),
      text(n.specialisms.join(', ')),
      days(n.requestedHalfDays),
      date(n.windowStart),
      date(n.windowEnd),
      text(n.priority),
      text(n.status),
      date(n.receivedOn),
      text(n.source),
    ]),
  )
}
