import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {daysFlag, isoDateFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {usage} from '../../core/errors.js'
import {DELIVERY_MODES, type DeliveryMode, PRIORITIES, type Priority, SUPPORT_TYPES, type SupportType} from '../../core/model.js'
import {type AddNeedResult, addNeed} from '../../services/needs.js'

export default class NeedsAdd extends BaseCommand<typeof NeedsAdd> {
  static override summary = 'Record a request for support from a school or trust.'

  static override description = `Areas are free text mapped to the taxonomy (as for leaders). A governance or leadership
need with no area asks for governance or leadership. A team need (--type team --team-size N)
is split into N linked needs, one leader each, each asking for --days.`

  static override examples = [
    '<%= config.bin %> needs add --urn 108321 --specialism maths --specialism "behaviour & attendance" --days 3 --from 2027-01-04 --to 2027-07-16 --priority high',
    '<%= config.bin %> needs add --urn "Carr Hill" --type governance --days 3 --from 2027-01-04 --to 2027-03-31',
    '<%= config.bin %> needs add --trust 4000 --type governance --days 5 --from 2027-01-04 --to 2027-04-30 --mode remote',
  ]

  static override flags = {
    urn: Flags.string({description: 'The school: URN or (part of) its name.'}),
    trust: Flags.string({description: 'Trust code, for governance support to a trust board.'}),
    specialism: Flags.string({char: 's', description: 'Area of need; repeat for several.', multiple: true, default: []}),
    'accept-fuzzy': Flags.boolean({description: 'Accept loose area matches.'}),
    type: Flags.string({char: 't', description: 'Support type.', options: [...SUPPORT_TYPES], default: 'specialist'}),
    'team-size': Flags.integer({description: 'Leaders wanted, for --type team.', min: 2}),
    mode: Flags.string({description: 'Delivery mode.', options: [...DELIVERY_MODES], default: 'in-person'}),
    days: daysFlag({description: 'Days requested (per leader for a team need).'}),
    from: isoDateFlag({description: 'Window start.'}),
    to: isoDateFlag({description: 'Window end.'}),
    priority: Flags.string({char: 'p', description: 'Priority.', options: [...PRIORITIES], default: 'medium'}),
    reference: Flags.string({description: 'Your own reference for the request.'}),
    source: Flags.string({description: 'Who asked: school, LA, trust, diocese, RISE adviser ...'}),
    notes: Flags.string({description: 'Notes from the diagnosis.'}),
    'received-on': isoDateFlag({description: 'When the request arrived. Default: today.'}),
  }

  async run(): Promise<AddNeedResult> {
    const flags = this.flags
    const missing = (['days', 'from', 'to'] as const).filter((flag) => flags[flag] === undefined)
    if (flags.urn === undefined && flags.trust === undefined) missing.unshift('urn' as never)
    if (missing.length > 0) {
      throw usage(`Missing ${missing.map((flag) => `--${flag}`).join(', ')}.`, {
        suggestion: 'A need names the school (--urn) or trust (--trust), the days (--days) and the window (--from, --to).',
      })
    }
    const result = await this.withContext((context) =>
      addNeed(context, {
        school: flags.urn,
        trustCode: flags.trust,
        specialisms: flags.specialism,
        acceptFuzzy: flags['accept-fuzzy'],
        supportType: flags.type as SupportType,
        teamSize: flags['team-size'],
        deliveryMode: flags.mode as DeliveryMode,
        requestedHalfDays: flags.days!,
        windowStart: flags.from!,
        windowEnd: flags.to!,
        priority: flags.priority as Priority,
        reference: flags.reference ?? null,
        source: flags.source ?? null,
        notes: flags.notes ?? null,
        receivedOn: flags['received-on'],
      }),
    )
    for (const warning of result.warnings) this.warn(warning)
    const team = result.subNeeds.length > 0 ? ` with team needs ${result.subNeeds.map((need) => need.id).join(', ')}` : ''
    this.say(`${paint.ok('✓')} Recorded need ${result.need.id}${team} (${result.need.specialisms.join(', ')})`)
    return result
  }
}
