import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {limitFlag, wideFlag} from '../../cli/flags.js'
import {renderShown, renderTable} from '../../cli/table.js'
import {formatDays} from '../../core/days.js'
import {subjectLabel} from '../../core/deployments.js'
import {listLegacy, type LegacyList as LegacyListResult} from '../../services/legacy.js'

export default class LegacyList extends BaseCommand<typeof LegacyList> {
  static override summary = 'List legacy links (leader ↔ school after a deployment): open ones unless --status.'

  static override examples = [
    '<%= config.bin %> legacy list',
    '<%= config.bin %> legacy list --status any --leader SH-0001 --json',
  ]

  static override flags = {
    wide: wideFlag,
    status: Flags.string({description: 'Link status.', options: ['open', 'ended', 'any'], default: 'open'}),
    leader: Flags.string({description: 'Links of this leader (ref, email or name).'}),
    urn: Flags.string({description: 'Links with this school: URN or (part of) its name.'}),
    limit: limitFlag,
  }

  async run(): Promise<LegacyListResult> {
    const {status, leader, urn, limit} = this.flags
    const result = await this.withContext((context) =>
      listLegacy(context, {status: status as 'open' | 'ended' | 'any', leader, school: urn, limit}),
    )
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
