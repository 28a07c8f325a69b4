import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {needFieldsFrom, needFlags} from '../../cli/need-flags.js'
import {paint} from '../../cli/style.js'
import {needFieldLabels} from '../../core/need-lifecycle.js'
import {type NeedChange, updateNeed} from '../../services/needs.js'

export default class NeedsUpdate extends BaseCommand<typeof NeedsUpdate> {
  static override summary = 'Change a need: its school, areas, days, window, priority or notes.'

  static override description = `Only the fields you pass change; --specialism replaces the areas. What a match depends on (school, areas, type, delivery, days, window, priority) changes only while the need is open, so no proposal goes stale; reference, source and notes change at any time. A team need passes the change to its sub-needs. Status changes have their own commands: withdraw and close.`

  static override examples = [
    '<%= config.bin %> needs update 12 --days 4 --to 2027-05-29',
    '<%= config.bin %> needs update REQ-27-001 --specialism phonics --specialism english --priority high',
    '<%= config.bin %> needs update 12 --notes "Head asked for a phonics lead, not English" --json',
  ]

  static override args = {
    need: Args.string({description: 'Need id or reference.', required: true}),
  }

  static override flags = needFlags

  async run(): Promise<NeedChange> {
    const change = await this.withContext((context) =>
      updateNeed(context, {need: this.args.need, ...needFieldsFrom(this.flags)}),
    )
    for (const warning of change.warnings) this.warn(warning)
    if (change.changed.length > 0) {
      const team =
        change.subNeeds.length > 0 ? ` and its sub-needs ${change.subNeeds.map((need) => need.id).join(', ')}` : ''
      this.say(`${paint.ok('✓')} Updated need ${change.need.id}${team}: ${needFieldLabels(change.changed)}.`)
    }
    return change
  }
}
