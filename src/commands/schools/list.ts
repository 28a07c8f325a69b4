import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {limitFlag, wideFlag} from '../../cli/flags.js'
import {renderShown, renderTable} from '../../cli/table.js'
import {PHASES, SCHOOL_STATUSES, type School} from '../../core/model.js'
import {listSchools} from '../../services/schools.js'

export interface SchoolsListResult {
  schools: School[]
  total: number
}

export default class SchoolsList extends BaseCommand<typeof SchoolsList> {
  static override summary = 'List schools in the registry.'

  static override examples = [
    '<%= config.bin %> schools list --la 390',
    '<%= config.bin %> schools list --region "North East" --phase primary --limit 0',
    '<%= config.bin %> schools list --name academy --json',
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
  }

  async run(): Promise<SchoolsListResult> {
    const {la, region, phase, trust, name, status, limit} = this.flags
    const result = await this.withContext((context) =>
      listSchools(context, {
        ...(la ? (/^\d{3}$/.test(la) ? {laCode: la} : {laName: la}) : {}),
        region,
        phase: phase as School['phase'] & string,
        trustCode: trust,
        nameContains: name,
        status: status as School['status'] | 'any',
        limit,
      }),
    )
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
