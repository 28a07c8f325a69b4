import {seededRandom} from '../random.js'
import type {Measure} from '../results.js'
import type {Estimate} from './model.js'

/**
 * The effect of support on one measure: difference in differences over matched sets, each
 * supported school weighted by its cohort, with a bootstrap interval over supported schools.
 */

/** What the balance table compares: a school's baseline result, FSM-ever share and cohort. */
export interface Covariates {
  baseline: number
  fsmEverPct: number
  cohort: number
}

export interface MatchedUnit {
  urn: number
  covariates: Covariates
  /** Pupils in the supported school's follow-up cohort (its baseline's when unknown; 1 when neither is). */
  weight: number
  supportedChange: number
  /** Each comparison school's change over the same years, and its cohort weight. */
  comparisons: {urn: number; change: number; weight: number; covariates: Covariates}[]
}

/** Cohort-weighted mean change of a unit's comparison schools. */
function comparisonChangeOf(unit: MatchedUnit): number {
  let total = 0
  let weights = 0
  for (const comparison of unit.comparisons) {
    total += comparison.change * comparison.weight
    weights += comparison.weight
  }
  return weights > 0 ? total / weights : 0
}

function pointEstimate(units: readonly MatchedUnit[], comparisonChanges: readonly number[]) {
  let weights = 0
  let supported = 0
  let comparison = 0
  units.forEach((unit, index) => {
    weights += unit.weight
    supported += unit.weight * unit.supportedChange
    comparison += unit.weight * comparisonChanges[index]!
  })
  return {supportedChange: supported / weights, comparisonChange: comparison / weights}
}

/** The 2.5th and 97.5th percentiles of sorted values (linear between neighbours). */
function quantile(sorted: readonly number[], share: number): number {
  const at = (sorted.length - 1) * share
  const below = Math.floor(at)
  const above = Math.min(sorted.length - 1, below + 1)
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below)
}

export function estimateEffect(
  measure: Measure,
  units: readonly MatchedUnit[],
  options: {resamples: number; seed: number},
): Estimate | null {
  if (units.length === 0) return null
  const comparisonChanges = units.map(comparisonChangeOf)
  const point = pointEstimate(units, comparisonChanges)
  const random = seededRandom(options.seed)
  const effects: number[] = []
  const picked: MatchedUnit[] = new Array<MatchedUnit>(units.length)
  const pickedChanges: number[] = new Array<number>(units.length)
  for (let resample = 0; resample < options.resamples; resample += 1) {
    for (let index = 0; index < units.length; index += 1) {
      const chosen = Math.floor(random() * units.length)
      picked[index] = units[chosen]!
      pickedChanges[index] = comparisonChanges[chosen]!
    }
    const again = pointEstimate(picked, pickedChanges)
    effects.push(again.supportedChange - again.comparisonChange)
  }
  effects.sort((a, b) => a - b)
  return {
    measure,
    supported: units.length,
    comparison: new Set(units.flatMap((unit) => unit.comparisons.map((comparison) => comparison.urn))).size,
    supportedChange: point.supportedChange,
    comparisonChange: point.comparisonChange,
    effect: point.supportedChange - point.comparisonChange,
    low: effects.length > 0 ? quantile(effects, 0.025) : point.supportedChange - point.comparisonChange,
    high: effects.length > 0 ? quantile(effects, 0.975) : point.supportedChange - point.comparisonChange,
  }
}

function meanAndVariance(values: readonly {value: number; weight: number}[]): {mean: number; variance: number} {
  const weights = values.reduce((sum, entry) => sum + entry.weight, 0)
  if (weights === 0) return {mean: Number.NaN, variance: Number.NaN}
  const mean = values.reduce((sum, entry) => sum + entry.value * entry.weight, 0) / weights
  const variance = values.reduce((sum, entry) => sum + entry.weight * (entry.value - mean) ** 2, 0) / weights
  return {mean, variance}
}

/**
 * Standardised mean difference of supported schools against a group: the difference in means over
 * the pooled standard deviation of supported schools and all eligible schools (the same yardstick
 * before and after matching, so the two figures compare). Null when either side has no values.
 */
export function standardisedDifference(
  supported: readonly number[],
  group: readonly {value: number; weight: number}[],
  pool: readonly number[],
): number | null {
  if (supported.length === 0 || group.length === 0 || pool.length === 0) return null
  const treated = meanAndVariance(supported.map((value) => ({value, weight: 1})))
  const others = meanAndVariance(group)
  const everyone = meanAndVariance(pool.map((value) => ({value, weight: 1})))
  const spread = Math.sqrt((treated.variance + everyone.variance) / 2)
  if (!(spread > 0)) return treated.mean === others.mean ? 0 : null
  return (treated.mean - others.mean) / spread
}
