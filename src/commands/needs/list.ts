import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {limitFlag, wideFlag} from '../../cli/flags.js'
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
import {listNeeds, type NeedList} from '../../services/needs.js'

export default class NeedsList extends BaseCommand<typeof NeedsList> {
  static override summary = 'List support requests (needs), most urgent first.'

  static override examples = [
    '<%= config.bin %> needs list',
    '<%= config.bin %> needs list --status any --priority high',
    '<%= config.bin %> needs list --specialism phonics --region "North East" --json',
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
  }

  async run(): Promise<NeedList> {
    const {status, priority, type, urn, trust, specialism, la, region, limit} = this.flags
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
        limit,
      }),
    )
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
