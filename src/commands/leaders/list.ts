import {Flags} from '@oclif/core'

import {currentDate} from '../../cli/base-command.js'
import {limitFlag, wideFlag} from '../../cli/flags.js'
import {ListCommand, listOutputFlags, type WithOutput} from '../../cli/list-command.js'
import {renderShown, renderTable} from '../../cli/table.js'
import {academicYearOf} from '../../core/calendar.js'
import {formatDays} from '../../core/days.js'
import {
  DESIGNATION_KINDS,
  DESIGNATION_STATUSES,
  type DesignationKind,
  type DesignationStatus,
  type Leader,
  type Phase,
  PHASES,
} from '../../core/model.js'
import {date, days, decimal, table, text} from '../../core/reports/document.js'
import {type LeaderList, listLeaders} from '../../services/leaders.js'

export type LeadersListResult = LeaderList & WithOutput

export default class LeadersList extends ListCommand<typeof LeadersList> {
  static override summary = 'List system leaders, with their designations, specialisms and days released.'

  static override examples = [
    '<%= config.bin %> leaders list --designation SLE --specialism phonics',
    '<%= config.bin %> leaders list --status any --limit 0 --json',
    '<%= config.bin %> leaders list --la 390 --phase secondary',
    '<%= config.bin %> leaders list --designation SLE --out sles.xlsx',
  ]

  static override flags = {
    wide: wideFlag,
    designation: Flags.string({
      char: 'd',
      description: 'Only leaders holding this designation.',
      options: [...DESIGNATION_KINDS],
    }),
    status: Flags.string({
      description: 'Designation status to include.',
      options: [...DESIGNATION_STATUSES, 'any'],
      default: 'active',
    }),
    specialism: Flags.string({
      char: 's',
      description: 'Area of expertise (name, code or a common synonym such as SEN, EYFS).',
    }),
    phase: Flags.string({description: 'Phase experience.', options: [...PHASES]}),
    la: Flags.string({description: 'Three-digit LA code of the home school.'}),
    name: Flags.string({description: 'Part of the leader name.'}),
    limit: limitFlag,
    ...listOutputFlags,
  }

  async run(): Promise<LeadersListResult> {
    const {designation, status, specialism, phase, la, name} = this.flags
    const spreadsheet = this.spreadsheetTarget()
    const result = await this.withContext((context) =>
      listLeaders(context, {
        designation: designation as DesignationKind | undefined,
        status: status as DesignationStatus | 'any',
        specialism,
        phase: phase as Phase | undefined,
        laCode: la,
        nameContains: name,
        limit: this.rowLimit(spreadsheet !== null),
      }),
    )
    const year = academicYearOf(currentDate())
    if (spreadsheet)
      return {
        ...result,
        output: await this.writeSpreadsheet(spreadsheet, [leadersSheet(result.leaders, year)], 'Leaders'),
      }
    this.say(() =>
      [
        renderTable(result.leaders, [
          {header: 'Ref', value: (l) => l.ref},
          {header: 'Name', value: (l) => l.name ?? '(erased)'},
          {
            header: 'Designations',
            value: (l) =>
              l.designations.map((d) => (d.status === 'active' ? d.kind : `${d.kind} (${d.status})`)).join(', '),
          },
          {header: 'Specialisms', value: (l) => l.specialisms.map((s) => s.code).join(', ')},
          {header: 'Phases', value: (l) => l.phases.join(', ')},
          {header: 'Home URN', value: (l) => l.homeUrn},
          {
            header: 'Days this year',
            align: 'right',
            value: (l) => {
              const capacity = l.capacity.find((c) => c.academicYear === year)
              return capacity ? formatDays(capacity.releasedHalfDays) : null
            },
          },
        ]),
        renderShown(result.leaders.length, result.total, 'leader'),
      ].join('\n'),
    )
    return result
  }
}

function leadersSheet(leaders: readonly Leader[], year: number) {
  const designation = (leader: Leader) =>
    leader.designations.find((d) => d.status === 'active') ?? leader.designations[0] ?? null
  return table(
    'leaders',
    'Leaders',
    [
      {header: 'Ref'},
      {header: 'Name'},
      {header: 'Email'},
      {header: 'Designations'},
      {header: 'Designated'},
      {header: 'Review'},
      {header: 'Specialisms'},
      {header: 'Phases'},
      {header: 'Home URN'},
      {header: 'Home trust'},
      {header: 'Days released this year'},
    ],
    leaders.map((l) => [
      text(l.ref),
      text(l.name ?? '(erased)'),
      text(l.email),
      text(l.designations.map((d) => (d.status === 'active' ? d.kind : `${d.kind} (${d.status})`)).join(', ')),
      date(designation(l)?.designatedOn),
      date(designation(l)?.reviewOn),
      text(l.specialisms.map((s) => s.code).join(', ')),
      text(l.phases.join(', ')),
      decimal(l.homeUrn),
      text(l.homeTrustCode),
      days(l.capacity.find((c) => c.academicYear === year)?.releasedHalfDays),
    ]),
  )
}
