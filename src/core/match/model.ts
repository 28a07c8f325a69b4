import type {LatLon} from '../geo.js'
import type {DeliveryMode, Designation, Phase, Priority, SupportType, TypeGroup} from '../model.js'
import type {PhaseCover} from './candidates.js'

/** What the matching engine works on: plain data gathered from the registry by the match service. */

export interface MatchSchool {
  urn: number
  name: string
  phase: Phase | null
  typeGroup: TypeGroup | null
  trustCode: string | null
  location: LatLon | null
  pupils: number | null
  /** Percentile (0..1) of FSM-ever within the school's phase; null when unknown. */
  fsmEverPercentile: number | null
  /** Percentile (0..1) of current FSM within the phase: the fallback for disadvantage. */
  fsmPercentile: number | null
  /** Predecessor and successor URNs (GIAS links), followed transitively. */
  linkedUrns: number[]
  /** Improved from RI or inadequate within one inspection framework; null when unknown. */
  improved: boolean | null
}

export interface MatchNeed {
  id: number
  reference: string | null
  /** Team sub-needs share their parent's id here, so one leader takes at most one place. */
  teamId: number | null
  school: MatchSchool | null
  /** For governance support to a trust board. */
  trustCode: string | null
  /** Where the support happens: the school, or the centroid of the trust's schools. */
  location: LatLon | null
  areas: string[]
  supportType: SupportType
  deliveryMode: DeliveryMode
  halfDays: number
  windowStart: string
  windowEnd: string
  priority: Priority
  /** The need's half days charged to academic years, in proportion to its working days. */
  charge: Map<number, number>
  /** Working days in the window (for unavailability). */
  workingDays: number
}

export interface MatchLeader {
  id: number
  ref: string
  name: string | null
  email: string | null
  designations: Designation[]
  /** Area code -> confidence of the mapping (1 when certain). */
  specialisms: Map<string, number>
  phases: Phase[]
  home: MatchSchool | null
  /** Trust the leader belongs to: their own, else their home school's. */
  trustCode: string | null
  /** Where the leader works from: home school, else the centroid of their trust's schools. */
  location: LatLon | null
  /** Free half days per academic year before this run (see core/capacity). */
  freeByYear: Map<number, number>
  /** Share of released days already used or promised this year, before the run (0..1). */
  utilisation: number | null
  /** Working days of each need window the leader is unavailable: filled per need by the service. */
  unavailableWorkingDays: (needId: number) => number
  /** Schools (URNs) and trusts the leader has supported before or has a legacy link with. */
  pastUrns: Set<number>
  pastTrusts: Set<string>
  /** Schools where a deployment of this leader ended early. */
  endedEarlyUrns: Set<number>
  /** Schools that have objected to this leader. */
  objectedBy: Set<number>
  /** Needs for which a proposal of this leader was rejected. */
  rejectedForNeeds: Set<number>
}

export interface MatchTables {
  /** school phase -> leader phase -> 0..1 (0 vetoes). */
  phaseCompatibility: Map<string, Map<string, number>>
  /** What phase experience covers a need (data/phase-cover.csv, data/area-phases.csv). */
  phaseCover: PhaseCover
  /** support type -> designation -> 0..1 (0 vetoes). */
  designationFit: Map<string, Map<string, number>>
  /** area -> related area -> credit 0..1 (symmetric). */
  related: Map<string, Map<string, number>>
  /** area code -> display name, for reasons. */
  areaNames: Map<string, string>
}
