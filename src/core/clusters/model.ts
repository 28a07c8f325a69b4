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
  /** What the school weighs against a cluster's `capacity` (the p-median benchmark's demand); default 1. */
  demand?: number
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
  /** Identical leaders this one stands for (each leads one cluster); default 1. */
  copies?: number
}

export interface ClusterRules {
  minSize: number
  maxSize: number
  /** Every school within this distance of its cluster's centre school. */
  maxKm: number
  mixedPhase: boolean
  /** Most summed demand in a cluster, besides the sizes (the p-median benchmark's capacity). */
  capacity?: number
}

export interface ClusterProblem {
  /** Sorted by URN. */
  schools: readonly ClusterSchool[]
  /** Sorted by id. */
  leaders: readonly ClusterLeader[]
  rules: ClusterRules
  /** Distance in whole metres between two schools; default: great-circle between their locations. */
  between?: (a: number, b: number) => number
}

/** One cluster of a plan: a centre school, its members (the centre first) and a leader. */
export interface PlannedCluster {
  centre: number
  members: number[]
  leader: number
}

/** Travel is counted in whole metres, so that the stages fix it exactly. */
export const metres = (km: number) => Math.round(km * 1000)
