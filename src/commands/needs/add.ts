import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {daysFlag, isoDateFlag} from '../../cli/flags.js'
import {completeNeedInteractively, type NeedDraft} from '../../cli/need-intake.js'
import {canPrompt, missingFlags} from '../../cli/prompts.js'
import {paint} from '../../cli/style.js'
import {DELIVERY_MODES, type DeliveryMode, PRIORITIES, type Priority, SUPPORT_TYPES, type SupportType} from '../../core/model.js'
import {type AddNeedResult, addNeed, intakeChoices} from '../../services/needs.js'
import {resolveSchoolLabel} from '../../services/schools.js'
import {searchRegistry} from '../../services/search.js'

export default class NeedsAdd extends BaseCommand<typeof NeedsAdd> {
  static override summary = 'Record a request for support from a school or trust.'

  static override description = `On a terminal, asks for whatever the flags leave out: the school (search as you type), the
support type, the areas (a multi-select from the taxonomy), delivery, days, window, priority and
notes, then shows a summary to confirm. Off a terminal, or with --json, it never asks: a missing
--urn/--trust, --days, --from or --to fails at once (exit 2) naming the flag, and --type,
--mode and --priority default to specialist, in-person and medium.

Areas are free text mapped to the taxonomy (as for leaders). A governance or leadership need with
no area asks for governance or leadership. A team need (--type team --team-size N) is split into
N linked needs, one leader each, each asking for --days.`

  static override examples = [
    '<%= config.bin %> needs add',
    '<%= config.bin %> needs add --urn 108321 --specialism maths --specialism "behaviour & attendance" --days 3 --from 2027-01-04 --to 2027-07-16 --priority high',
    '<%= config.bin %> needs add --urn "carr hill primary gateshead" --type governance --days 3 --from 2027-01-04 --to 2027-03-31',
    '<%= config.bin %> needs add --trust 4000 --type governance --days 5 --from 2027-01-04 --to 2027-04-30 --mode remote --json',
  ]

  static override flags = {
    urn: Flags.string({description: 'The school: URN or (part of) its name; an ambiguous name lists the candidates.'}),
    trust: Flags.string({description: 'Trust code, for governance support to a trust board.'}),
    specialism: Flags.string({char: 's', description: 'Area of need; repeat for several.', multiple: true, default: []}),
    'accept-fuzzy': Flags.boolean({description: 'Accept loose area matches.'}),
    type: Flags.string({char: 't', description: 'Support type. Default off a terminal: specialist.', options: [...SUPPORT_TYPES]}),
    'team-size': Flags.integer({description: 'Leaders wanted, for --type team.', min: 2}),
    mode: Flags.string({description: 'Delivery mode. Default off a terminal: in-person.', options: [...DELIVERY_MODES]}),
    days: daysFlag({description: 'Days requested (per leader for a team need).'}),
    from: isoDateFlag({description: 'Window start.'}),
    to: isoDateFlag({description: 'Window end.'}),
    priority: Flags.string({char: 'p', description: 'Priority. Default off a terminal: medium.', options: [...PRIORITIES]}),
    notes: Flags.string({description: 'Notes from the diagnosis.'}),
    reference: Flags.string({description: 'Your own reference for the request.'}),
    source: Flags.string({description: 'Who asked: school, LA, trust, diocese, RISE adviser ...'}),
    'received-on': isoDateFlag({description: 'When the request arrived. Default: today.'}),
    yes: Flags.boolean({char: 'y', description: 'Skip the confirmation after the questions.'}),
  }

  async run(): Promise<AddNeedResult> {
    const flags = this.flags
    const draft: NeedDraft = {
      school: flags.urn,
      trust: flags.trust,
      supportType: flags.type as SupportType | undefined,
      teamSize: flags['team-size'],
      specialisms: flags.specialism,
      deliveryMode: flags.mode as DeliveryMode | undefined,
      requestedHalfDays: flags.days,
      windowStart: flags.from,
      windowEnd: flags.to,
      priority: flags.priority as Priority | undefined,
      notes: flags.notes,
    }
    const interactive = canPrompt(this.jsonEnabled())
    if (!interactive) {
      const missing = [
        ...(draft.school === undefined && draft.trust === undefined ? ['urn'] : []),
        ...(['days', 'from', 'to'] as const).filter((flag) => flags[flag] === undefined),
      ]
      if (missing.length > 0) {
        throw missingFlags(missing, 'A need names the school (--urn) or trust (--trust), the days (--days) and the window (--from, --to).')
      }
    }
    const result = await this.withContext(async (context) => {
      const complete = interactive
        ? await completeNeedInteractively(
            draft,
            {
              today: context.today,
              searchSchools: async (term) => (await searchRegistry(context, {query: term, kinds: ['school'], limit: 8})).hits,
              describeSchool: (text) => resolveSchoolLabel(context, text),
              areas: (await intakeChoices(context)).areas,
            },
            {confirm: !flags.yes},
          )
        : draft
      return addNeed(context, {
        school: complete.school,
        trustCode: complete.trust,
        specialisms: complete.specialisms,
        acceptFuzzy: flags['accept-fuzzy'],
        supportType: complete.supportType ?? 'specialist',
        teamSize: complete.teamSize,
        deliveryMode: complete.deliveryMode ?? 'in-person',
        requestedHalfDays: complete.requestedHalfDays!,
        windowStart: complete.windowStart!,
        windowEnd: complete.windowEnd!,
        priority: complete.priority ?? 'medium',
        reference: flags.reference ?? null,
        source: flags.source ?? null,
        notes: complete.notes ?? null,
        receivedOn: flags['received-on'],
      })
    })
    for (const warning of result.warnings) this.warn(warning)
    const team = result.subNeeds.length > 0 ? ` with team needs ${result.subNeeds.map((need) => need.id).join(', ')}` : ''
    this.say(`${paint.ok('✓')} Recorded need ${result.need.id}${team} (${result.need.specialisms.join(', ')})`)
    return result
  }
}
