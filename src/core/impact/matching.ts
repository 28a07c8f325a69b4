import {percentileRank} from '../percentile.js'
import {type KeyStage, MEASURE_INFO, MEASURES, type Measure} from '../results.js'
import type {Covariates, MatchedUnit} from './estimate.js'
import type {ImpactDeployment, ImpactInput, ImpactSchool} from './model.js'
import {type Baseline, baselineOver, beforeAndAfter, type ResultIndex} from './outcomes.js'

/**
 * Comparison schools for each supported school: exactly the same phase and region and the same
 * baseline attainment quintile (over the two years before support), then the nearest on FSM-ever
 * percentile and cohort-size percentile within a caliper, up to k of them, each measured over its
 * supported school's own baseline and follow-up years. Schools with any deployment in the period
 * are never comparison schools.
 */

export type MeasureStatus =
  'measured' | 'awaiting-follow-up' | 'no-follow-up-result' | 'no-baseline' | 'missing-context' | 'no-comparison'

export interface MeasuredSchool {
  deployment: ImpactDeployment
  measure: Measure
  status: MeasureStatus
  baseline: Baseline | null
  followUpYear: number
  unit: MatchedUnit | null
}

/** The measures a school's phase has results for. */
export function measuresFor(school: ImpactSchool): Measure[] {
  const stages: KeyStage[] =
    school.phase === 'primary' ? ['ks2'] : school.phase === 'secondary' ? ['ks4'] : ['ks2', 'ks4']
  return MEASURES.filter((measure) => stages.includes(MEASURE_INFO[measure].keyStage))
}

interface BandedBaseline extends Baseline {
  band: number
  cohortPercentile: number | null
}

const quintileOf = (sorted: readonly number[], value: number) =>
  Math.min(4, Math.floor(percentileRank(sorted, value) * 5))

/** A school that may be a comparison school for a phase, region, baseline band and years. */
interface Eligible {
  school: ImpactSchool & {fsmEverPct: number}
  fsmPercentile: number
  baseline: BandedBaseline & {cohort: number; cohortPercentile: number}
}

/** The first index whose FSM-ever percentile is at least `from` (the list is sorted on it). */
function firstFrom(list: readonly Eligible[], from: number): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (list[middle]!.fsmPercentile < from) low = middle + 1
    else high = middle
  }
  return low
}

export class ComparisonFinder {
  private readonly buckets = new Map<string, ImpactSchool[]>()
  private readonly fsmSorted: number[]
  private readonly fsmPercentile = new Map<number, number>()
  private readonly cohortsByYear = new Map<string, number[]>()
  private readonly bands = new Map<string, {sorted: number[]; byUrn: Map<number, BandedBaseline>}>()
  private readonly eligible = new Map<string, Eligible[]>()

  constructor(
    private readonly input: ImpactInput,
    private readonly index: ResultIndex,
  ) {
    for (const school of input.schools) {
      if (input.supportedInPeriod.has(school.urn) || school.phase === null || school.region === null) continue
      const key = `${school.phase}|${school.region}`
      const bucket = this.buckets.get(key)
      if (bucket) bucket.push(school)
      else this.buckets.set(key, [school])
    }
    this.fsmSorted = input.schools
      .map((school) => school.fsmEverPct)
      .filter((value): value is number => value !== null)
      .sort((a, b) => a - b)
    for (const school of input.schools)
      if (school.fsmEverPct !== null)
        this.fsmPercentile.set(school.urn, percentileRank(this.fsmSorted, school.fsmEverPct))
    for (const result of input.results) {
      if (result.cohort === null) continue
      const key = `${result.year}|${result.keyStage}`
      const list = this.cohortsByYear.get(key)
      if (list) list.push(result.cohort)
      else this.cohortsByYear.set(key, [result.cohort])
    }
    for (const list of this.cohortsByYear.values()) list.sort((a, b) => a - b)
  }

  /**
   * Every school's baseline over these years with its band (quintile of the two-year mean) and
   * cohort percentile, computed once per year pair: the matching loop then only looks them up.
   */
  private bandTable(measure: Measure, year: number, previousYear: number | null) {
    const key = `${measure}|${year}|${previousYear}`
    let table = this.bands.get(key)
    if (table === undefined) {
      const byUrn = new Map<number, BandedBaseline>()
      for (const school of this.input.schools) {
        const baseline = baselineOver(this.index, school.urn, measure, year, previousYear)
        if (baseline !== null) byUrn.set(school.urn, {...baseline, band: 0, cohortPercentile: null})
      }
      const sorted = [...byUrn.values()].map((baseline) => baseline.bandValue).sort((a, b) => a - b)
      const cohorts = this.cohortsByYear.get(`${year}|${MEASURE_INFO[measure].keyStage}`) ?? []
      for (const baseline of byUrn.values()) {
        baseline.band = quintileOf(sorted, baseline.bandValue)
        baseline.cohortPercentile = baseline.cohort === null ? null : percentileRank(cohorts, baseline.cohort)
      }
      table = {sorted, byUrn}
      this.bands.set(key, table)
    }
    return table
  }

  /**
   * The schools of a phase and region in a baseline band over these years, sorted on FSM-ever
   * percentile, so that a supported school's caliper is a slice of the list (a national registry
   * has thousands of schools per phase and region, and thousands of supported schools).
   */
  private eligibleIn(measure: Measure, year: number, previousYear: number | null, bucket: string, band: number) {
    const key = `${measure}|${year}|${previousYear}|${bucket}|${band}`
    let list = this.eligible.get(key)
    if (list === undefined) {
      const bands = this.bandTable(measure, year, previousYear)
      list = []
      for (const school of this.buckets.get(bucket) ?? []) {
        if (school.fsmEverPct === null) continue
        const baseline = bands.byUrn.get(school.urn)
        if (baseline === undefined || baseline.cohort === null || baseline.band !== band) continue
        list.push({
          school: school as Eligible['school'],
          fsmPercentile: this.fsmPercentile.get(school.urn)!,
          baseline: baseline as Eligible['baseline'],
        })
      }
      list.sort((a, b) => a.fsmPercentile - b.fsmPercentile || a.school.urn - b.school.urn)
      this.eligible.set(key, list)
    }
    return list
  }

  /**
   * Schools not supported in the period with results in these baseline years: what supported
   * schools are compared with before matching, in the balance table.
   */
  poolFor(measure: Measure, year: number, previousYear: number | null): Covariates[] {
    const bands = this.bandTable(measure, year, previousYear)
    const pool: Covariates[] = []
    for (const school of this.input.schools) {
      if (this.input.supportedInPeriod.has(school.urn) || school.fsmEverPct === null) continue
      const baseline = bands.byUrn.get(school.urn)
      if (baseline === undefined || baseline.cohort === null) continue
      pool.push({baseline: baseline.value, fsmEverPct: school.fsmEverPct, cohort: baseline.cohort})
    }
    return pool
  }

  measure(deployment: ImpactDeployment, school: ImpactSchool, measure: Measure): MeasuredSchool {
    const {input, index} = this
    const keyStage = MEASURE_INFO[measure].keyStage
    const found = beforeAndAfter(index, school.urn, measure, deployment, input.afterMonths, input.asOf)
    const {followUpYear, baseline} = found
    const outcome = (status: MeasureStatus, unit: MatchedUnit | null = null) => ({
      deployment,
      measure,
      status,
      baseline,
      followUpYear,
      unit,
    })
    if (found.status !== 'followed-up') return outcome(found.status)
    const {baseline: before, followUp} = found
    if (school.phase === null || school.region === null || school.fsmEverPct === null || before.cohort === null)
      return outcome('missing-context')

    const bands = this.bandTable(measure, before.year, before.previousYear)
    const band = quintileOf(bands.sorted, before.bandValue)
    const fsm = this.fsmPercentile.get(school.urn)!
    const cohort = percentileRank(this.cohortsByYear.get(`${before.year}|${keyStage}`) ?? [], before.cohort)
    const candidates: {urn: number; distance: number; change: number; weight: number; covariates: Covariates}[] = []
    const bucket = `${school.phase}|${school.region}`
    const list = this.eligibleIn(measure, before.year, before.previousYear, bucket, band)
    // A hair wider than the caliper, so the exact test below alone decides at its edge.
    const edge = input.caliper + 1e-9
    for (let at = firstFrom(list, fsm - edge); at < list.length && list[at]!.fsmPercentile <= fsm + edge; at += 1) {
      const {school: other, fsmPercentile, baseline: otherBaseline} = list[at]!
      if (other.urn === school.urn) continue
      const fsmGap = Math.abs(fsmPercentile - fsm)
      const cohortGap = Math.abs(otherBaseline.cohortPercentile - cohort)
      if (fsmGap > input.caliper || cohortGap > input.caliper) continue
      const otherFollowUp = index.value(other.urn, followUpYear, measure)
      if (otherFollowUp === null) continue
      candidates.push({
        urn: other.urn,
        distance: Math.hypot(fsmGap, cohortGap),
        change: otherFollowUp.value - otherBaseline.value,
        weight: otherFollowUp.cohort ?? otherBaseline.cohort,
        covariates: {baseline: otherBaseline.value, fsmEverPct: other.fsmEverPct, cohort: otherBaseline.cohort},
      })
    }
    if (candidates.length === 0) return outcome('no-comparison')
    candidates.sort((a, b) => a.distance - b.distance || a.urn - b.urn)
    const comparisons = candidates
      .slice(0, input.k)
      .map(({urn, change, weight, covariates}) => ({urn, change, weight: Math.max(1, weight), covariates}))
    return outcome('measured', {
      urn: school.urn,
      covariates: {baseline: before.value, fsmEverPct: school.fsmEverPct, cohort: before.cohort},
      weight: Math.max(1, followUp.cohort ?? before.cohort),
      supportedChange: followUp.value - before.value,
      comparisons,
    })
  }
}
