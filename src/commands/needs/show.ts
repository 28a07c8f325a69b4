import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {paint} from '../../cli/style.js'
import {renderFields} from '../../cli/table.js'
import {formatDays} from '../../core/days.js'
import {type NeedDetail, showNeed} from '../../services/needs.js'

export default class NeedsShow extends BaseCommand<typeof NeedsShow> {
  static override summary = 'Show one need.'

  static override examples = ['<%= config.bin %> needs show 12', '<%= config.bin %> needs show REQ-27-001 --json']

  static override args = {
    need: Args.string({description: 'Need id or reference.', required: true}),
  }

  async run(): Promise<NeedDetail> {
    const detail = await this.withContext((context) => showNeed(context, this.args.need))
    const {need, school, subNeeds} = detail
    this.say(() =>
      [
        paint.heading(`Need ${need.id}${need.reference ? ` (${need.reference})` : ''}`),
        renderFields([
          ['school', school ? `${school.name} (${school.urn})` : need.subjectUrn],
          ['trust', need.subjectTrustCode],
          ['support type', need.teamSize > 1 ? `team of ${need.teamSize}` : need.supportType],
          ['areas', need.specialisms.join(', ')],
          ['days', formatDays(need.requestedHalfDays)],
          ['window', `${need.windowStart} → ${need.windowEnd}`],
          ['delivery', need.deliveryMode],
          ['priority', need.priority],
          ['status', need.statusReason ? `${need.status} (${need.statusReason})` : need.status],
          ['received', need.receivedOn],
          ['source', need.source],
          ['notes', need.notes],
          [
            'team members',
            subNeeds.length > 0 ? subNeeds.map((sub) => `need ${sub.id} (${sub.status})`).join(', ') : null,
          ],
        ]),
      ].join('\n'),
    )
    return detail
  }
}
