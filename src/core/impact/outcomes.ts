import {addMonths} from '../calendar.js'
import {isPublished, type KeyStage, MEASURE_INFO, type Measure, resultDateOf, type SchoolResult} from '../results.js'
import type {ImpactSchool} from './model.js'

/**
 * Results as the comparison reads them: a school's value for a measure and year, followed through
 * its GIAS links when the school converted (an academy's results before converting are filed under
 * its predecessor's URN, a closed school's results after it under its successor's), and the years
 * that bracket a deployment: the baseline before the agreed start and the follow-up after it ended.
 */

export interface Observation {
  value: number
  cohort: number | null
}

/** A number standing for (URN, year, key stage): lookups run millions of times on a national registry. */
const resultKey = (urn: number, year: number, keyStage: KeyStage) =>
  (urn * 2 + (keyStage === 'ks2' ? 0 : 1)) * 1000 + (year % 1000)

/** How far along predecessor or successor links a result is looked for (a chain of conversions). */
const LINK_DEPTH = 3

export class ResultIndex {
  private readonly byKey = new Map<number, SchoolResult>()
  private readonly onRecord = new Set<string>()

  /**
   * `yearsOnRecord`: the years and key stages with any result in the registry, when `results` are
   * only some schools' (else they are read from `results`).
   */
  constructor(
    results: readonly SchoolResult[],
    private readonly schools: ReadonlyMap<number, ImpactSchool>,
    yearsOnRecord?: readonly {year: number; keyStage: KeyStage}[],
  ) {
    for (const result of results) {
      this.byKey.set(resultKey(result.urn, result.year, result.keyStage), result)
      if (yearsOnRecord === undefined) this.onRecord.add(`${result.year}|${result.keyStage}`)
    }
    for (const {year, keyStage} of yearsOnRecord ?? []) this.onRecord.add(`${year}|${keyStage}`)
  }

  /** Whether any school has results of this key stage for the year (else the year is still awaited). */
  yearOnRecord(year: number, keyStage: KeyStage): boolean {
    return this.onRecord.has(`${year}|${keyStage}`)
  }

  /** The school's own value, else its predecessors', else its successors' (nearest link first). */
  value(urn: number, year: number, measure: Measure): Observation | null {
    const own = this.own(urn, year, measure)
    if (own !== null) return own
    for (const direction of ['predecessors', 'successors'] as const) {
      let frontier = [urn]
      const seen = new Set(frontier)
      for (let depth = 0; depth < LINK_DEPTH && frontier.length > 0; depth += 1) {
        const next: number[] = []
        for (const at of frontier)
          for (const linked of this.schools.get(at)?.[direction] ?? []) {
            if (seen.has(linked)) continue
            seen.add(linked)
            const found = this.own(linked, year, measure)
            if (found !== null) return found
            next.push(linked)
          }
        frontier = next
      }
    }
    return null
  }

  private own(urn: number, year: number, measure: Measure): Observation | null {
    const result = this.byKey.get(resultKey(urn, year, MEASURE_INFO[measure].keyStage))
    const value = result?.measures[measure]
    return value === null || value === undefined ? null : {value, cohort: result!.cohort}
  }
}

/** The published exam years of a measure up to `latest`, newest first, back to `earliest`. */
function publishedYearsDown(measure: Measure, latest: number, earliest: number): number[] {
  const years: number[] = []
  for (let year = latest; year >= earliest; year -= 1) if (isPublished(measure, year)) years.push(year)
  return years
}

/** How far back a baseline is looked for: two published years before the start, and gaps between. */
const BASELINE_LOOKBACK_YEARS = 5

export interface Baseline {
  year: number
  value: number
  cohort: number | null
  /** The year before it with a value, for the two-year band (null when the school has only one). */
  previousYear: number | null
  /** Mean over the baseline year and the one before: the band is drawn on it, against regression to the mean. */
  bandValue: number
}

/** The latest result before the agreed start, and the one before it. */
export function baselineOf(index: ResultIndex, urn: number, measure: Measure, startsOn: string): Baseline | null {
  const startYear = Number(startsOn.slice(0, 4))
  const years = publishedYearsDown(measure, startYear, startYear - BASELINE_LOOKBACK_YEARS).filter(
    (year) => resultDateOf(year) < startsOn,
  )
  const found: {year: number; observation: Observation}[] = []
  for (const year of years) {
    const observation = index.value(urn, year, measure)
    if (observation !== null) found.push({year, observation})
    if (found.length === 2) break
  }
  if (found.length === 0) return null
  const [latest, previous] = found
  return {
    year: latest!.year,
    value: latest!.observation.value,
    cohort: latest!.observation.cohort,
    previousYear: previous?.year ?? null,
    bandValue: previous ? (latest!.observation.value + previous.observation.value) / 2 : latest!.observation.value,
  }
}

/** The same two years for another school (a comparison school is measured over its supported school's years). */
export function baselineOver(
  index: ResultIndex,
  urn: number,
  measure: Measure,
  year: number,
  previousYear: number | null,
): Baseline | null {
  const latest = index.value(urn, year, measure)
  if (latest === null) return null
  const previous = previousYear === null ? null : index.value(urn, previousYear, measure)
  if (previousYear !== null && previous === null) return null
  return {
    year,
    value: latest.value,
    cohort: latest.cohort,
    previousYear,
    bandValue: previous ? (latest.value + previous.value) / 2 : latest.value,
  }
}

/** The first published exam year whose results come at least `afterMonths` after completion. */
export function followUpYearOf(measure: Measure, closedOn: string, afterMonths: number): number {
  const earliest = addMonths(closedOn, afterMonths)
  let year = Number(earliest.slice(0, 4))
  while (resultDateOf(year) < earliest || !isPublished(measure, year)) year += 1
  return year
}

/** What a supported school's results became over its support: the baseline and, once published, the follow-up. */
export type BeforeAndAfter = {followUpYear: number} & (
  | {status: 'no-baseline'; baseline: null; followUp: null}
  | {status: 'awaiting-follow-up' | 'no-follow-up-result'; baseline: Baseline; followUp: null}
  | {status: 'followed-up'; baseline: Baseline; followUp: Observation}
)

/**
 * The latest result before the agreed start and the first at least `afterMonths` after the close;
 * a follow-up year not yet published (or not yet imported for any school) is awaited, one
 * published without the school's value is missing, never zero.
 */
export function beforeAndAfter(
  index: ResultIndex,
  urn: number,
  measure: Measure,
  support: {startsOn: string; closedOn: string},
  afterMonths: number,
  asOf: string,
): BeforeAndAfter {
  const followUpYear = followUpYearOf(measure, support.closedOn, afterMonths)
  const baseline = baselineOf(index, urn, measure, support.startsOn)
  if (baseline === null) return {followUpYear, status: 'no-baseline', baseline, followUp: null}
  if (resultDateOf(followUpYear) > asOf || !index.yearOnRecord(followUpYear, MEASURE_INFO[measure].keyStage))
    return {followUpYear, status: 'awaiting-follow-up', baseline, followUp: null}
  const followUp = index.value(urn, followUpYear, measure)
  if (followUp === null) return {followUpYear, status: 'no-follow-up-result', baseline, followUp}
  return {followUpYear, status: 'followed-up', baseline, followUp}
}
