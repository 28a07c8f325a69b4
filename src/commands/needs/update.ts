import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {daysFlag, isoDateFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {DELIVERY_MODES, type DeliveryMode, PRIORITIES, type Priority, SUPPORT_TYPES, type SupportType} from '../../core/model.js'
import {type NeedChange, updateNeed} from '../../services/needs.js'

export default class NeedsUpdate extends BaseCommand<typeof NeedsUpdate> {
  static override summary = 'Change a need: its school, areas, days, window, priority or notes.'

  static override description = `Only the fields you pass change; --specialism replaces the areas. What a match depends on
(school, areas, type, delivery, days, window, priority) changes only while the need is open, so
no proposal goes stale; reference, source and notes change at any time. A team need passes the
change to its sub-needs. Status changes have their own commands: withdraw and close.`

  static override examples = [
    '<%= config.bin %> needs update 12 --days 4 --to 2027-05-29',
    '<%= config.bin %> needs update REQ-27-001 --specialism phonics --specialism english --priority high',
    '<%= config.bin %> needs update 12 --notes "Head asked for a phonics lead, not English" --json',
  ]

  static override args = {
    need: Args.string({description: 'Need id or reference.', required: true}),
  }

  static override flags = {
    urn: Flags.string({description: 'The school: URN or (part of) its name.'}),
    trust: Flags.string({description: 'Trust code, for governance support to a trust board.'}),
    specialism: Flags.string({char: 's', description: 'Area of need (replaces the areas); repeat for several.', multiple: true}),
    'accept-fuzzy': Flags.boolean({description: 'Accept loose area matches.'}),
    type: Flags.string({char: 't', description: 'Support type (a team need stays a team need).', options: [...SUPPORT_TYPES]}),
    mode: Flags.string({description: 'Delivery mode.', options: [...DELIVERY_MODES]}),
    days: daysFlag({description: 'Days requested (per leader for a team need).'}),
    from: isoDateFlag({description: 'Window start.'}),
    to: isoDateFlag({description: 'Window end.'}),
    priority: Flags.string({char: 'p', description: 'Priority.', options: [...PRIORITIES]}),
    reference: Flags.string({description: 'Your own reference for the request.'}),
    source: Flags.string({description: 'Who asked.'}),
    notes: Flags.string({description: 'Notes from the diagnosis.'}),
    'received-on': isoDateFlag({description: 'When the request arrived.'}),
  }

  async run(): Promise<NeedChange> {
    const flags = this.flags
    const change = await this.withContext((context) =>
      updateNeed(context, {
        need: this.args.need,
        school: flags.urn,
        trustCode: flags.trust,
        specialisms: flags.specialism,
        acceptFuzzy: flags['accept-fuzzy'],
        supportType: flags.type as SupportType | undefined,
        deliveryMode: flags.mode as DeliveryMode | undefined,
        requestedHalfDays: flags.days,
        windowStart: flags.from,
        windowEnd: flags.to,
        priority: flags.priority as Priority | undefined,
        reference: flags.reference,
        source: flags.source,
        notes: flags.notes,
        receivedOn: flags['received-on'],
      }),
    )
    for (const warning of change.warnings) this.warn(warning)
    if (change.changed.length > 0) {
      const team = change.subNeeds.length > 0 ? ` and its sub-needs ${change.subNeeds.map((need) => need.id).join(', ')}` : ''
      this.say(`${paint.ok('✓')} Updated need ${change.need.id}${team}: ${change.changed.join(', ')}.`)
    }
    return change
  }
}
