import type {DesignationKind, Inspection, Phase, SupportType} from '../model.js'
import type {Measure, SchoolResult} from '../results.js'

/**
 * What the impact comparison reads: schools with their context, deployments that ended in the
 * period, published results and inspections. Plain data, gathered by the service.
 */

export const IMPACT_GROUPINGS = ['support-type', 'designation', 'area', 'programme', 'leader'] as const
export type ImpactGrouping = (typeof IMPACT_GROUPINGS)[number]

export interface ImpactSchool {
  urn: number
  name: string
  phase: Phase | null
  region: string | null
  fsmEverPct: number | null
  pupils: number | null
  /** URNs this school replaced (GIAS predecessor links): its results before converting are theirs. */
  predecessors: number[]
  /** URNs that replaced this school: its results after converting are theirs. */
  successors: number[]
}

export interface ImpactDeployment {
  id: number
  urn: number
  status: 'completed' | 'ended-early'
  supportType: SupportType
  /** Specialism codes of the need (financial-health marks support not aimed at attainment). */
  areas: string[]
  designation: DesignationKind | null
  programme: string | null
  leader: {ref: string; name: string | null}
  /** The agreed start: the baseline is the latest result before it. */
  startsOn: string
  /** Completion (or the early end): the follow-up is the first result at least N months after. */
  closedOn: string
}

export interface ImpactInput {
  hub: string
  asOf: string
  period: {from: string; to: string}
  /** Months from completion to the first follow-up result (default 12). */
  afterMonths: number
  /** Comparison schools per supported school (default 5). */
  k: number
  /** Largest difference in FSM-ever and cohort-size percentile (0-1) a comparison school may have. */
  caliper: number
  /** Bootstrap resamples and their seed (the interval is reproducible). */
  resamples: number
  seed: number
  by: ImpactGrouping | null
  redact: boolean
  schools: ImpactSchool[]
  deployments: ImpactDeployment[]
  /** URNs with any deployment live in the period (never comparison schools). */
  supportedInPeriod: Set<number>
  results: SchoolResult[]
  inspections: Inspection[]
}

export const DEFAULT_IMPACT = {afterMonths: 12, k: 5, caliper: 0.1, resamples: 1000, seed: 20261202} as const

/** Fewer supported schools than this in a group and its figures are not shown. */
export const SUPPRESS_BELOW = 5

/** Support whose aim is not attainment: reported apart from the attainment headlines. */
export function aimsAtAttainment(deployment: Pick<ImpactDeployment, 'supportType' | 'areas'>): boolean {
  return deployment.supportType !== 'governance' && !deployment.areas.includes('financial-health')
}

export interface Estimate {
  measure: Measure
  supported: number
  comparison: number
  /** Cohort-weighted mean change from baseline to follow-up, supported and comparison. */
  supportedChange: number
  comparisonChange: number
  /** Supported minus comparison change (difference in differences), with its 95% bootstrap interval. */
  effect: number
  low: number
  high: number
}

export type GroupEstimate =
  | ({group: string; suppressed: false} & Estimate)
  | {group: string; suppressed: true; measure: Measure; supported: number}
