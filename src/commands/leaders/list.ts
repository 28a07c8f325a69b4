import {Flags} from '@oclif/core'

import {BaseCommand, currentDate} from '../../cli/base-command.js'
import {limitFlag, wideFlag} from '../../cli/flags.js'
import {renderShown, renderTable} from '../../cli/table.js'
import {academicYearOf} from '../../core/calendar.js'
import {formatDays} from '../../core/days.js'
import {
  DESIGNATION_KINDS,
  DESIGNATION_STATUSES,
  type DesignationKind,
  type DesignationStatus,
  type Phase,
  PHASES,
} from '../../core/model.js'
import {type LeaderList, listLeaders} from '../../services/leaders.js'

export default class LeadersList extends BaseCommand<typeof LeadersList> {
  static override summary = 'List system leaders, with their designations, specialisms and days released.'

  static override examples = [
    '<%= config.bin %> leaders list --designation SLE --specialism phonics',
    '<%= config.bin %> leaders list --status any --limit 0 --json',
    '<%= config.bin %> leaders list --la 390 --phase secondary',
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
  }

  async run(): Promise<LeaderList> {
    const {designation, status, specialism, phase, la, name, limit} = this.flags
    const result = await this.withContext((context) =>
      listLeaders(context, {
        designation: designation as DesignationKind | undefined,
        status: status as DesignationStatus | 'any',
        specialism,
        phase: phase as Phase | undefined,
        laCode: la,
        nameContains: name,
        limit,
      }),
    )
    const year = academicYearOf(currentDate())
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
