import {type DesignationKind, type DesignationStatus, type Phase} from './model.js'
import {parsePhases} from './phases.js'
import {type RowOutcome, RowReader, type RowRemedy, spellings} from './row-reader.js'
import {AUTO_ACCEPT_CONFIDENCE, type MappingMethod, type SpecialismNormaliser} from './specialism-normaliser.js'
import {isEmail, parseUrn} from './validation.js'

/** One row of a hub designation list: one designation of one person. */

export interface AreaAssignment {
  code: string
  confidence: number
  sourceText: string
}

export interface PhraseUse {
  text: string
  codes: string[]
  confidence: number
  method: MappingMethod
}

export interface LeaderRow {
  kind: DesignationKind
  reference: string | null
  body: string | null
  name: string
  email: string | null
  home: {urn: number} | {name: string} | null
  specialisms: AreaAssignment[]
  /** Each phrase of the specialisms cell and what it became, for the plan. */
  phrases: PhraseUse[]
  phases: Phase[]
  /** The phase cell said "Not applicable": the home school's phase applies. */
  phaseFromHome: boolean
  halfDays: number | null
  designatedOn: string | null
  reviewOn: string | null
  status: DesignationStatus
}

export interface AreaOptions {
  normaliser: SpecialismNormaliser
  acceptFuzzy: boolean
  /** The user's own specialism map (--specialism-map), when one is in use. */
  mapFile?: string
}

export interface LeaderRowOptions extends AreaOptions {
  date1904?: boolean
}

const KINDS = spellings<DesignationKind>([
  ['NLE', ['nle', 'national leader of education', 'national leaders of education']],
  ['NLG', ['nlg', 'national leader of governance', 'national leaders of governance']],
  ['LLE', ['lle', 'local leader of education', 'local leaders of education']],
  ['SLE', ['sle', 'specialist leader of education', 'specialist leaders of education']],
])

const STATUSES = spellings<DesignationStatus>([
  ['active', ['active', 'current', 'designated', 'live', 'yes']],
  ['lapsed', ['lapsed', 'expired', 'inactive', 'review overdue']],
  ['withdrawn', ['withdrawn', 'removed', 'de-designated', 'dedesignated', 'resigned', 'left']],
])

/** Leaders' specialisms and needs' areas: whole cell first, split only if that fails; nothing dropped. */
export function readAreas(
  row: RowReader,
  field: string,
  options: AreaOptions,
): {assignments: AreaAssignment[]; phrases: PhraseUse[]} {
  const text = row.text(field)
  if (text === null) return {assignments: [], phrases: []}
  const mapping = options.normaliser.mapCell(text)
  const best = new Map<string, AreaAssignment>()
  const phrases: PhraseUse[] = []
  // With a map file in use, say which; without one, the remedy (a map file) is the CLI's to word.
  const mapIt =
    options.mapFile === undefined
      ? 'map it to areas (phrase,codes)'
      : `add a line for it to ${options.mapFile} (phrase,codes)`
  const mapRemedy: RowRemedy[] = options.mapFile === undefined ? ['area-map'] : []
  for (const part of mapping.parts) {
    phrases.push({text: part.text, codes: part.codes, confidence: part.confidence, method: part.method})
    if (part.method === 'unknown') {
      row.problem(field, `"${part.text}" is not an area broker knows: fix the text, or ${mapIt}`, mapRemedy)
      continue
    }
    // A phrase the user mapped in their own file is their decision, whatever confidence they gave it.
    if (part.confidence < AUTO_ACCEPT_CONFIDENCE && part.method !== 'user-map' && !options.acceptFuzzy) {
      row.problem(
        field,
        `"${part.text}" only loosely matches ${part.matched ?? part.codes.join(', ')} (confidence ${part.confidence}): accept loose matches to take it, or ${mapIt}`,
        ['accept-loose-area', ...mapRemedy],
      )
      continue
    }
    for (const code of part.codes) {
      if ((best.get(code)?.confidence ?? -1) < part.confidence)
        best.set(code, {code, confidence: part.confidence, sourceText: part.text})
    }
  }
  return {assignments: [...best.values()], phrases}
}

export function readLeaderRow(cells: ReadonlyMap<string, string>, options: LeaderRowOptions): RowOutcome<LeaderRow> {
  const row = new RowReader(cells, options)
  const kind = row.oneOf('designation', KINDS, 'a designation (NLE, NLG, LLE or SLE)')
  if (kind === null && row.text('designation') === null)
    row.problem('designation', 'the designation (NLE, NLG, LLE or SLE) is required')
  const reference = row.text('reference')
  const name = row.required('name', 'the name')
  const emailText = row.text('email')
  if (emailText !== null && !isEmail(emailText)) row.problem('email', `"${emailText}" is not an email address`)
  const email = emailText !== null && isEmail(emailText) ? emailText : null
  if (reference === null && emailText === null)
    row.problem('reference', 'a designation reference or an email is needed to recognise the leader next time')

  const homeText = row.text('home')
  let home: LeaderRow['home'] = null
  if (homeText !== null)
    home = /^\d+$/.test(homeText)
      ? parseUrn(homeText) === null
        ? row.problem('home', `"${homeText}" is not a six-digit URN`)
        : {urn: parseUrn(homeText)!}
      : {name: homeText}

  const {assignments, phrases} = readAreas(row, 'specialisms', options)
  const phaseText = row.text('phases')
  const parsed = parsePhases(phaseText ?? '')
  if (parsed.unknown.length > 0) {
    row.problem(
      'phases',
      `unknown phase "${parsed.unknown.join('", "')}" (use primary, secondary, all-through, special, early years, post-16 or alternative provision)`,
    )
  }
  if (parsed.notApplicable && home === null)
    row.problem('phases', '"Not applicable" takes the home school\'s phase, but the row names no home school')

  const halfDays = row.halfDays('days')
  const designatedOn = row.date('designatedOn')
  const reviewOn = row.date('reviewOn')
  if (designatedOn !== null && reviewOn !== null && reviewOn < designatedOn)
    row.problem('reviewOn', `the review date ${reviewOn} is before the designation date ${designatedOn}`)
  const status = row.oneOf('status', STATUSES, 'a status (active, lapsed or withdrawn)') ?? 'active'
  return row.outcome(() => ({
    kind: kind!,
    reference,
    body: row.text('body'),
    name: name!,
    email,
    home,
    specialisms: assignments,
    phrases,
    phases: parsed.phases,
    phaseFromHome: parsed.notApplicable,
    halfDays,
    designatedOn,
    reviewOn,
    status,
  }))
}
