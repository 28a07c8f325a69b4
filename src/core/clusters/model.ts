import type {LatLon} from '../geo.js'
import type {Phase} from '../model.js'

/**
 * What cluster brokering works on (Leading Together's way: groups of five or six nearby schools,
 * one leader each): plain data gathered by the clusters service, indices into sorted lists so
 * that the same registry always gives the same problem.
 */

export interface ClusterSchool {
  urn: number
  name: string
  phase: Phase | null
  town: string | null
  laCode: string | null
  laName: string | null
  postcode: string | null
  location: LatLon | null
}

/** A leader who could lead a cluster, with the schools they fit (by the match engine's rules). */
export interface ClusterLeader {
  id: number
  ref: string
  name: string | null
  /** The most schools their free days allow (days per school × size, in every academic year). */
  maxSchools: number
  /** School index -> the match score of the pair; a school absent is vetoed for this leader. */
  fits: ReadonlyMap<number, number>
  /** Where the leader works from, for the distances shown. */
  location: LatLon | null
}

export interface ClusterRules {
  minSize: number
  maxSize: number
  /** Every school within this distance of its cluster's centre school. */
  maxKm: number
  mixedPhase: boolean
}

export interface ClusterProblem {
  /** Sorted by URN. */
  schools: readonly ClusterSchool[]
  /** Sorted by id. */
  leaders: readonly ClusterLeader[]
  rules: ClusterRules
}

/** One cluster of a plan: a centre school, its members (the centre first) and a leader. */
export interface PlannedCluster {
  centre: number
  members: number[]
  leader: number
}

/** Travel is counted in whole metres, so that the stages fix it exactly. */
export const metres = (km: number) => Math.round(km * 1000)
