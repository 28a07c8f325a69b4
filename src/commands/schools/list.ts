import {Flags} from '@oclif/core'

import {limitFlag, wideFlag} from '../../cli/flags.js'
import {ListCommand, listOutputFlags, type WithOutput} from '../../cli/list-command.js'
import {renderShown, renderTable} from '../../cli/table.js'
import {PHASES, SCHOOL_STATUSES, type School} from '../../core/model.js'
import {count, date, decimal, table, text} from '../../core/reports/document.js'
import {listSchools} from '../../services/schools.js'

export interface SchoolsListResult extends WithOutput {
  schools: School[]
  total: number
}

export default class SchoolsList extends ListCommand<typeof SchoolsList> {
  static override summary = 'List schools in the registry.'

  static override examples = [
    '<%= config.bin %> schools list --la 390',
    '<%= config.bin %> schools list --region "North East" --phase primary --limit 0',
    '<%= config.bin %> schools list --name academy --json',
    '<%= config.bin %> schools list --la 390 --format xlsx --out gateshead-schools.xlsx',
  ]

  static override flags = {
    wide: wideFlag,
    la: Flags.string({description: 'Local authority: the three-digit code (390) or the name (Gateshead).'}),
    region: Flags.string({description: 'Region name, e.g. "North East".'}),
    phase: Flags.string({description: 'Phase.', options: [...PHASES]}),
    trust: Flags.string({description: 'Trust (group) code.'}),
    name: Flags.string({description: 'Part of the school name.'}),
    status: Flags.string({description: 'School status.', options: [...SCHOOL_STATUSES, 'any'], default: 'open'}),
    limit: limitFlag,
    ...listOutputFlags,
  }

  async run(): Promise<SchoolsListResult> {
    const {la, region, phase, trust, name, status} = this.flags
    const spreadsheet = this.spreadsheetTarget()
    const result = await this.withContext((context) =>
      listSchools(context, {
        ...(la ? (/^\d{3}$/.test(la) ? {laCode: la} : {laName: la}) : {}),
        region,
        phase: phase as School['phase'] & string,
        trustCode: trust,
        nameContains: name,
        status: status as School['status'] | 'any',
        limit: this.rowLimit(spreadsheet !== null),
      }),
    )
    if (spreadsheet)
      return {...result, output: await this.writeSpreadsheet(spreadsheet, [schoolsSheet(result.schools)], 'Schools')}
    this.say(() =>
      [
        renderTable(result.schools, [
          {header: 'URN', value: (s) => s.urn},
          {header: 'Name', value: (s) => s.name},
          {header: 'Phase', value: (s) => s.phase},
          {header: 'LA', value: (s) => s.la?.name ?? s.la?.code},
          {header: 'Pupils', value: (s) => s.pupils, align: 'right'},
          {header: 'FSM %', value: (s) => s.fsmEverPct ?? s.fsmPct, align: 'right'},
          {header: 'Trust', value: (s) => s.trust?.name ?? s.trust?.code},
        ]),
        renderShown(result.schools.length, result.total, 'school'),
      ].join('\n'),
    )
    return result
  }
}

function schoolsSheet(schools: readonly School[]) {
  return table(
    'schools',
    'Schools',
    [
      {header: 'URN'},
      {header: 'Name'},
      {header: 'Phase'},
      {header: 'Type'},
      {header: 'Status'},
      {header: 'LA code'},
      {header: 'LA'},
      {header: 'Region'},
      {header: 'Trust code'},
      {header: 'Trust'},
      {header: 'Street'},
      {header: 'Locality'},
      {header: 'Address 3'},
      {header: 'Town'},
      {header: 'County'},
      {header: 'Postcode'},
      {header: 'Pupils'},
      {header: 'FSM %'},
      {header: 'FSM ever %'},
      {header: 'IDACI %'},
      {header: 'Opened'},
      {header: 'Closed'},
    ],
    schools.map((s) => [
      decimal(s.urn),
      text(s.name),
      text(s.phase),
      text(s.type),
      text(s.status),
      text(s.la?.code),
      text(s.la?.name),
      text(s.region),
      text(s.trust?.code),
      text(s.trust?.name),
      text(s.address.street),
      text(s.address.locality),
      text(s.address.address3),
      text(s.town),
      text(s.address.county),
      text(s.postcode),
      s.pupils === null ? text(null) : count(s.pupils),
      decimal(s.fsmPct),
      decimal(s.fsmEverPct),
      decimal(s.idaciPct),
      date(s.openedOn),
      date(s.closedOn),
    ]),
  )
}
