import {academicYearBounds, academicYearOf, isIsoDate} from '../core/calendar.js'
import {formatDays, parseDays} from '../core/days.js'
import {BrokerError} from '../core/errors.js'
import {
  DELIVERY_MODES,
  type DeliveryMode,
  PRIORITIES,
  type Priority,
  SUPPORT_TYPES,
  type SupportType,
} from '../core/model.js'
import type {PromptStreams} from './prompts.js'

/**
 * The interactive intake of `broker needs add`: asks only for what the flags left out, then shows
 * a summary to confirm. School by search-as-you-type, areas as a multi-select from the taxonomy.
 */

export interface NeedDraft {
  /** URN or school name, as typed or as picked. */
  school?: string
  trust?: string
  supportType?: SupportType
  teamSize?: number
  specialisms: string[]
  deliveryMode?: DeliveryMode
  requestedHalfDays?: number
  windowStart?: string
  windowEnd?: string
  priority?: Priority
  notes?: string
}

export type CompleteDraft = NeedDraft & {
  supportType: SupportType
  deliveryMode: DeliveryMode
  requestedHalfDays: number
  windowStart: string
  windowEnd: string
  priority: Priority
}

export interface SchoolChoice {
  key: string
  label: string
  detail: string | null
}

export interface IntakeSources {
  today: string
  searchSchools(term: string): Promise<SchoolChoice[]>
  /** How the summary names the school given by flag (throws when it is unknown or ambiguous). */
  describeSchool(text: string): Promise<string>
  areas: readonly {code: string; name: string; focus: string | null}[]
}

const SUPPORT_TYPE_HELP: Record<SupportType, string> = {
  leadership: 'whole-school leadership (NLE, LLE)',
  governance: 'governance review (NLG)',
  specialist: 'one or more specialisms (SLE)',
  team: 'several leaders, one sub-need each',
}

export interface IntakeOptions extends PromptStreams {
  /** Ask "Record this need?" after the questions (--yes turns it off). Default: true. */
  confirm?: boolean
}

/** What the intake would ask for, given what the flags said. */
export function unanswered(draft: NeedDraft): string[] {
  const missing: string[] = []
  if (draft.school === undefined && draft.trust === undefined) missing.push('urn')
  if (draft.supportType === undefined) missing.push('type')
  if (draft.supportType === 'team' && draft.teamSize === undefined) missing.push('team-size')
  if (draft.specialisms.length === 0) missing.push('specialism')
  if (draft.deliveryMode === undefined) missing.push('mode')
  if (draft.requestedHalfDays === undefined) missing.push('days')
  if (draft.windowStart === undefined) missing.push('from')
  if (draft.windowEnd === undefined) missing.push('to')
  if (draft.priority === undefined) missing.push('priority')
  if (draft.notes === undefined) missing.push('notes')
  return missing
}

/** Asks for every missing value; when it asked anything, shows the summary and asks to confirm. */
export async function completeNeedInteractively(
  draft: NeedDraft,
  sources: IntakeSources,
  options: IntakeOptions = {},
): Promise<CompleteDraft> {
  if (unanswered(draft).length === 0) return draft as CompleteDraft
  const {search, select, checkbox, input, number, confirm, Separator} = await import('@inquirer/prompts')
  const streams: PromptStreams = {input: options.input, output: options.output}
  const filled: NeedDraft = {...draft, specialisms: [...draft.specialisms]}
  // A school given by flag is resolved first, so an unknown or ambiguous name stops before any question.
  let schoolLabel = filled.school === undefined ? undefined : await sources.describeSchool(filled.school)

  if (filled.school === undefined && filled.trust === undefined) {
    const choices = new Map<string, SchoolChoice>()
    filled.school = await search<string>(
      {
        message: 'School (type part of the name, a town, postcode or URN)',
        pageSize: 8,
        source: async (term) => {
          if (!term || term.trim().length < 2) return []
          const found = await sources.searchSchools(term)
          for (const choice of found) choices.set(choice.key, choice)
          return found.map((choice) => ({
            value: choice.key,
            name: `${choice.label} (${choice.key})`,
            description: choice.detail ?? undefined,
          }))
        },
      },
      streams,
    )
    const chosen = choices.get(filled.school)
    schoolLabel = chosen ? `${chosen.label} (${chosen.key})` : filled.school
  }

  filled.supportType ??= await select<SupportType>(
    {
      message: 'Support type',
      default: 'specialist',
      choices: SUPPORT_TYPES.map((type) => ({value: type, name: type, description: SUPPORT_TYPE_HELP[type]})),
    },
    streams,
  )

  if (filled.supportType === 'team' && filled.teamSize === undefined) {
    filled.teamSize = await number({message: 'How many leaders?', min: 2, max: 20, required: true, default: 2}, streams)
  }

  if (filled.specialisms.length === 0) {
    const preselected =
      filled.supportType === 'governance' ? 'governance' : filled.supportType === 'leadership' ? 'leadership' : null
    const items: (InstanceType<typeof Separator> | {value: string; name: string; checked: boolean})[] = []
    let focus: string | null | undefined
    for (const area of sources.areas) {
      if (area.focus !== focus) {
        focus = area.focus
        items.push(new Separator(`── ${area.focus ?? 'Other'} ──`))
      }
      items.push({value: area.code, name: area.name, checked: area.code === preselected})
    }
    const needsOne = filled.supportType === 'specialist' || filled.supportType === 'team'
    filled.specialisms = await checkbox<string>(
      {
        message: 'Areas of need (space to tick, enter when done)',
        pageSize: 15,
        choices: items,
        validate: (chosen) => (needsOne && chosen.length === 0 ? 'Tick at least one area.' : true),
      },
      streams,
    )
  }

  filled.deliveryMode ??= await select<DeliveryMode>(
    {message: 'Delivery', default: 'in-person', choices: DELIVERY_MODES.map((mode) => ({value: mode, name: mode}))},
    streams,
  )

  if (filled.requestedHalfDays === undefined) {
    const days = await input(
      {
        message: filled.supportType === 'team' ? 'Days per leader' : 'Days requested',
        validate: (text) => ((parseDays(text) ?? 0) > 0 ? true : 'Give a number of days in halves, such as 3 or 2.5.'),
      },
      streams,
    )
    filled.requestedHalfDays = parseDays(days)!
  }

  filled.windowStart ??= await input(
    {
      message: 'Window starts (YYYY-MM-DD)',
      default: sources.today,
      validate: (text) => (isIsoDate(text.trim()) ? true : 'Give a date like 2027-01-04.'),
    },
    streams,
  ).then((text) => text.trim())

  const start = filled.windowStart
  filled.windowEnd ??= await input(
    {
      message: 'Window ends (YYYY-MM-DD)',
      default: academicYearBounds(academicYearOf(start)).end,
      validate: (text) =>
        !isIsoDate(text.trim())
          ? 'Give a date like 2027-07-16.'
          : text.trim() < start
            ? `The window cannot end before it starts (${start}).`
            : true,
    },
    streams,
  ).then((text) => text.trim())

  filled.priority ??= await select<Priority>(
    {
      message: 'Priority',
      default: 'medium',
      choices: PRIORITIES.map((priority) => ({value: priority, name: priority})),
    },
    streams,
  )

  if (filled.notes === undefined) {
    const notes = (await input({message: 'Notes from the diagnosis (optional)'}, streams)).trim()
    filled.notes = notes === '' ? undefined : notes
  }

  const complete = filled as CompleteDraft
  const subject = schoolLabel ?? `trust ${filled.trust}`
  const output = streams.output ?? process.stdout
  output.write(`\n${summary(complete, subject)}\n\n`)
  if (options.confirm !== false && !(await confirm({message: 'Record this need?', default: true}, streams))) {
    throw new BrokerError('interrupted', 'Not confirmed; nothing was recorded.')
  }
  return complete
}

export function summary(draft: CompleteDraft, subject: string): string {
  const areas = draft.specialisms.length > 0 ? draft.specialisms.join(', ') : `${draft.supportType} (default)`
  const rows: [string, string][] = [
    ['For', subject],
    ['Support', draft.supportType === 'team' ? `team of ${draft.teamSize}` : draft.supportType],
    ['Areas', areas],
    ['Delivery', draft.deliveryMode],
    ['Days', `${formatDays(draft.requestedHalfDays)}${draft.supportType === 'team' ? ' per leader' : ''}`],
    ['Window', `${draft.windowStart} → ${draft.windowEnd}`],
    ['Priority', draft.priority],
    ['Notes', draft.notes ?? '–'],
  ]
  return rows.map(([key, value]) => `  ${key.padEnd(9)}${value}`).join('\n')
}
