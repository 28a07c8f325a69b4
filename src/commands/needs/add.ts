import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {needFieldsFrom, needFlags} from '../../cli/need-flags.js'
import {completeNeedInteractively, type NeedDraft} from '../../cli/need-intake.js'
import {canPrompt, missingFlags} from '../../cli/prompts.js'
import {paint} from '../../cli/style.js'
import {type AddNeedResult, addNeed, intakeChoices} from '../../services/needs.js'
import {resolveSchoolLabel} from '../../services/schools.js'
import {searchRegistry} from '../../services/search.js'

export default class NeedsAdd extends BaseCommand<typeof NeedsAdd> {
  static override summary = 'Record a request for support from a school or trust.'

  static override description = `On a terminal, asks for whatever the flags leave out: the school (search as you type), the support type, the areas (a multi-select from the taxonomy), delivery, days, window, priority and notes, then shows a summary to confirm. Off a terminal, or with --json, it never asks: a missing --urn/--trust, --days, --from or --to fails at once (exit 2) naming the flag, and --type, --mode and --priority default to specialist, in-person and medium.

Areas are free text mapped to the taxonomy (as for leaders). A governance or leadership need with no area asks for governance or leadership. A team need (--type team --team-size N) is split into N linked needs, one leader each, each asking for --days.`

  static override examples = [
    '<%= config.bin %> needs add',
    '<%= config.bin %> needs add --urn 108321 --specialism maths --specialism "behaviour & attendance" --days 3 --from 2027-01-04 --to 2027-07-16 --priority high',
    '<%= config.bin %> needs add --urn "carr hill primary gateshead" --type governance --days 3 --from 2027-01-04 --to 2027-03-31',
    '<%= config.bin %> needs add --trust 4000 --type governance --days 5 --from 2027-01-04 --to 2027-04-30 --mode remote --json',
  ]

  static override flags = {
    ...needFlags,
    'team-size': Flags.integer({description: 'Leaders wanted, for --type team.', min: 2}),
    yes: Flags.boolean({char: 'y', description: 'Skip the confirmation after the questions.'}),
  }

  async run(): Promise<AddNeedResult> {
    const flags = this.flags
    const fields = needFieldsFrom(flags)
    const draft: NeedDraft = {
      school: fields.school,
      trust: fields.trustCode,
      supportType: fields.supportType,
      teamSize: flags['team-size'],
      specialisms: flags.specialism ?? [],
      deliveryMode: fields.deliveryMode,
      requestedHalfDays: fields.requestedHalfDays,
      windowStart: fields.windowStart,
      windowEnd: fields.windowEnd,
      priority: fields.priority,
      notes: fields.notes,
    }
    const interactive = canPrompt(this.jsonEnabled())
    if (!interactive) {
      const missing = [
        ...(draft.school === undefined && draft.trust === undefined ? ['urn'] : []),
        ...(['days', 'from', 'to'] as const).filter((flag) => flags[flag] === undefined),
      ]
      if (missing.length > 0) {
        throw missingFlags(
          missing,
          'A need names the school (--urn) or trust (--trust), the days (--days) and the window (--from, --to).',
        )
      }
    }
    const result = await this.withContext(async (context) => {
      const complete = interactive
        ? await completeNeedInteractively(
            draft,
            {
              today: context.today,
              searchSchools: async (term) =>
                (await searchRegistry(context, {query: term, kinds: ['school'], limit: 8})).hits,
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
        acceptFuzzy: fields.acceptFuzzy,
        supportType: complete.supportType ?? 'specialist',
        teamSize: complete.teamSize,
        deliveryMode: complete.deliveryMode ?? 'in-person',
        requestedHalfDays: complete.requestedHalfDays!,
        windowStart: complete.windowStart!,
        windowEnd: complete.windowEnd!,
        priority: complete.priority ?? 'medium',
        reference: fields.reference ?? null,
        source: fields.source ?? null,
        notes: complete.notes ?? null,
        receivedOn: fields.receivedOn,
      })
    })
    for (const warning of result.warnings) this.warn(warning)
    const team =
      result.subNeeds.length > 0 ? ` with team needs ${result.subNeeds.map((need) => need.id).join(', ')}` : ''
    this.say(`${paint.ok('✓')} Recorded need ${result.need.id}${team} (${result.need.specialisms.join(', ')})`)
    return result
  }
}
