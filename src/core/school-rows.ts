import {legacyGrade} from './inspections.js'
import type {Phase, SchoolStatus, TypeGroup} from './model.js'
import {osgbToWgs84} from './national-grid.js'
import {isStateFunded, schoolPhase, typeGroupOf} from './phases.js'
import {type RowOutcome, RowReader, spellings} from './row-reader.js'
import {normalisePostcode, parseUrn} from './validation.js'

/**
 * One row of a school list (a GIAS extract or another layout) read into what the registry keeps.
 * Only the facts the file has columns for are set, so a file without, say, IDACI never blanks
 * the IDACI another file brought.
 */

export interface SchoolFacts {
  name: string
  type: string | null
  typeGroup: TypeGroup | null
  phase: Phase | null
  status: SchoolStatus
  stateFunded: boolean
  trustCode: string | null
  trustName: string | null
  laCode: string | null
  laName: string | null
  districtCode: string | null
  region: string | null
  street: string | null
  locality: string | null
  address3: string | null
  town: string | null
  county: string | null
  postcode: string | null
  headTitle: string | null
  headFirstName: string | null
  headLastName: string | null
  easting: number | null
  northing: number | null
  latitude: number | null
  longitude: number | null
  pupils: number | null
  fsmPct: number | null
  fsmEverPct: number | null
  idaciPct: number | null
  openedOn: string | null
  closedOn: string | null
}

export interface SchoolRow {
  urn: number
  facts: Partial<SchoolFacts>
  /** The last legacy inspection GIAS lists (OfstedRating, OfstedLastInsp). */
  lastInspection: {inspectedOn: string; overallGrade: number} | null
  predecessors: number[]
  successors: number[]
}

export interface SchoolRowOptions {
  includeIndependent: boolean
  date1904?: boolean
}

const STATUSES = spellings<SchoolStatus>([
  ['open', ['open']],
  ['closed', ['closed']],
  ['proposed-to-close', ['open, but proposed to close', 'proposed to close', 'proposed-to-close']],
  ['proposed-to-open', ['proposed to open', 'proposed-to-open']],
])

// Great Britain with its islands, generously.
const LATITUDES = {min: 49.8, max: 60.9}
const LONGITUDES = {min: -8.7, max: 1.8}

export function readSchoolRow(cells: ReadonlyMap<string, string>, options: SchoolRowOptions): RowOutcome<SchoolRow> {
  const row = new RowReader(cells, options)
  const facts: Partial<SchoolFacts> = {}
  const urnText = row.required('urn', 'URN')
  const urn = urnText === null ? null : parseUrn(urnText)
  if (urnText !== null && urn === null) row.problem('urn', `"${urnText}" is not a six-digit URN`)
  const name = row.required('name', 'School name')
  if (name !== null) facts.name = name

  const type = row.text('type')
  if (row.has('type')) {
    facts.type = type
    facts.typeGroup = type === null ? null : typeGroupOf(type)
    facts.stateFunded = isStateFunded(type)
    if (!facts.stateFunded && !options.includeIndependent) return {kind: 'skip', reason: `not state-funded (${type})`}
  }
  if (row.has('phase') || row.has('type')) facts.phase = schoolPhase(row.text('phase'), type)
  if (row.has('status'))
    facts.status =
      row.oneOf(
        'status',
        STATUSES,
        'an establishment status (Open, Closed, Open but proposed to close, Proposed to open)',
      ) ?? 'open'

  for (const field of [
    'trustCode',
    'trustName',
    'laName',
    'districtCode',
    'region',
    'street',
    'locality',
    'address3',
    'town',
    'county',
    'headTitle',
    'headFirstName',
    'headLastName',
  ] as const) {
    if (row.has(field)) facts[field] = row.text(field)
  }
  if (row.has('laCode')) {
    const laCode = row.text('laCode')
    if (laCode !== null && !/^\d{3}$/.test(laCode))
      row.problem('laCode', `"${laCode}" is not a three-digit local authority code`)
    facts.laCode = laCode
  }
  if (row.has('postcode')) {
    const text = row.text('postcode')
    facts.postcode = text === null ? null : normalisePostcode(text)
    if (text !== null && facts.postcode === null)
      row.warn('postcode', `"${text}" is not a UK postcode; the school is kept without one`)
  }
  readLocation(row, facts)

  if (row.has('pupils')) facts.pupils = row.number('pupils', {min: 0, integer: true})
  for (const field of ['fsmPct', 'fsmEverPct', 'idaciPct'] as const) {
    if (row.has(field)) facts[field] = row.number(field, {min: 0, max: 100})
  }
  if (row.has('idaciScore') && !row.has('idaciPct')) {
    const score = row.number('idaciScore', {min: 0, max: 1})
    facts.idaciPct = score === null ? null : Math.round(score * 100_000) / 1000
  }
  if (row.has('openedOn')) facts.openedOn = row.date('openedOn')
  if (row.has('closedOn')) facts.closedOn = row.date('closedOn')

  let lastInspection: SchoolRow['lastInspection'] = null
  const ratingText = row.text('ofstedRating')
  if (ratingText !== null) {
    const grade = legacyGrade(ratingText)
    const inspectedOn = row.date('ofstedDate')
    if (grade !== null && inspectedOn !== null) lastInspection = {inspectedOn, overallGrade: grade}
  }
  const predecessors = urnList(row, 'predecessors')
  const successors = urnList(row, 'successors')
  return row.outcome(() => ({urn: urn!, facts, lastInspection, predecessors, successors}))
}

/** Easting/northing (OSGB36) first, converted to WGS84; else latitude/longitude columns. */
function readLocation(row: RowReader, facts: Partial<SchoolFacts>): void {
  const hasGrid = row.has('easting') && row.has('northing')
  const hasDegrees = row.has('latitude') && row.has('longitude')
  if (!hasGrid && !hasDegrees) return
  Object.assign(facts, {easting: null, northing: null, latitude: null, longitude: null})
  const easting = hasGrid ? row.number('easting', {min: 0}) : null
  const northing = hasGrid ? row.number('northing', {min: 0}) : null
  if (easting !== null && northing !== null && (easting > 0 || northing > 0)) {
    const location = osgbToWgs84(easting, northing)
    if (location === null) {
      row.problem('easting', `easting ${easting}, northing ${northing} is outside Great Britain's grid`)
      return
    }
    Object.assign(facts, {easting: Math.round(easting), northing: Math.round(northing), ...location})
    return
  }
  if (!hasDegrees) return
  const latitude = row.number('latitude', LATITUDES)
  const longitude = row.number('longitude', LONGITUDES)
  if (latitude !== null && longitude !== null) Object.assign(facts, {latitude, longitude})
}

function urnList(row: RowReader, field: string): number[] {
  const text = row.text(field)
  if (text === null) return []
  const urns: number[] = []
  for (const part of text.split(/[\s;,/|]+/).filter((piece) => piece !== '')) {
    const urn = parseUrn(part)
    if (urn === null) row.problem(field, `"${part}" is not a six-digit URN`)
    else urns.push(urn)
  }
  return urns
}
