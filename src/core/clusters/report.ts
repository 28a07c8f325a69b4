import {formatDays} from '../days.js'
import {distanceKm} from '../geo.js'
import type {ManualGrouping} from './manual.js'
import type {ClusterProblem} from './model.js'
import type {Solution} from './solve.js'
import {neighbours, sameGroup} from './structure.js'

/** A plan as people read it: clusters by name, schools left out with the binding reason and what would help. */

export interface ClusterMember {
  urn: number
  name: string
  postcode: string | null
  /** Distance to the cluster's centre school. */
  km: number
  /** The match score of the cluster's leader with this school. */
  score: number
}

export interface PlannedClusterView {
  /** C1, C2 ... in the order of their centre schools' URNs. */
  id: string
  name: string
  phase: string | null
  centre: {urn: number; name: string}
  schools: ClusterMember[]
  leader: {id: number; ref: string; name: string | null; farthestKm: number | null}
  /** Days per school times the cluster's size, in half days. */
  halfDays: number
  travelKm: number
  score: number
}

export const LEFT_OUT_CODES = [
  'no-location',
  'isolated',
  'no-leader',
  'no-leader-days',
  'no-cluster-leader',
  'leaders-taken',
  'not-chosen',
] as const
export type LeftOutCode = (typeof LEFT_OUT_CODES)[number]

export interface LeftOutSchool {
  urn: number
  name: string
  code: LeftOutCode
  reason: string
  help: string
}

export interface PlanMeasures {
  method: Solution['method']
  schools: number
  leaders: number
  clusters: number
  placed: number
  placedBound: number
  travelKm: number
  travelBoundKm: number
  /** (travel - bound) / travel: 0 for a proven optimum. */
  gap: number
  score: number
  optimal: boolean
}

export interface ManualMeasures {
  groups: number
  placed: number
  /** Travel of the groups that count as placed (a fitting leader, at least the smallest size). */
  placedTravelKm: number
  travelKm: number
  breakingRules: number
}

const km = (metresValue: number) => Math.round(metresValue / 100) / 10

export function clusterViews(
  problem: ClusterProblem,
  solution: Solution,
  halfDaysPerSchool: number,
): PlannedClusterView[] {
  const names = new Map<string, number>()
  return solution.clusters.map((cluster, index) => {
    const centre = problem.schools[cluster.centre]!
    const leader = problem.leaders[cluster.leader]!
    const distance = (school: number) => {
      const at = problem.schools[school]!.location
      return at && centre.location ? distanceKm(centre.location, at) : 0
    }
    const members = cluster.members
      .map((member) => ({member, km: distance(member)}))
      .sort((a, b) => a.km - b.km || a.member - b.member)
    const phases = new Set(cluster.members.map((member) => problem.schools[member]!.phase))
    const phase = phases.size === 1 ? [...phases][0]! : null
    const base = `${centre.town ?? centre.name} ${phase ?? 'mixed'}`
    const seen = (names.get(base) ?? 0) + 1
    names.set(base, seen)
    const farthest = leader.location
      ? Math.max(
          ...cluster.members.map((member) => {
            const at = problem.schools[member]!.location
            return at ? distanceKm(leader.location!, at) : 0
          }),
        )
      : null
    return {
      id: `C${index + 1}`,
      name: seen === 1 ? base : `${base} ${seen}`,
      phase,
      centre: {urn: centre.urn, name: centre.name},
      schools: members.map(({member, km: memberKm}) => ({
        urn: problem.schools[member]!.urn,
        name: problem.schools[member]!.name,
        postcode: problem.schools[member]!.postcode,
        km: Math.round(memberKm * 10) / 10,
        score: leader.fits.get(member) ?? 0,
      })),
      leader: {
        id: leader.id,
        ref: leader.ref,
        name: leader.name,
        farthestKm: farthest === null ? null : Math.round(farthest * 10) / 10,
      },
      halfDays: halfDaysPerSchool * cluster.members.length,
      travelKm: Math.round(members.reduce((sum, entry) => sum + entry.km, 0) * 10) / 10,
      score:
        Math.round(members.reduce((sum, entry) => sum + (leader.fits.get(entry.member) ?? 0), 0) * 10_000) / 10_000,
    }
  })
}

/** Why each school not placed was left out (the first reason that binds) and what would help. */
export function leftOutSchools(
  problem: ClusterProblem,
  solution: Solution,
  halfDaysPerSchool: number,
): LeftOutSchool[] {
  const placed = new Set(solution.clusters.flatMap((cluster) => cluster.members))
  const inCandidate = new Set<number>()
  for (const centre of solution.centres) {
    inCandidate.add(centre.centre)
    for (const member of centre.members) inCandidate.add(member.school)
  }
  const {minSize, maxKm, mixedPhase} = problem.rules
  const others = minSize - 1
  const result: LeftOutSchool[] = []
  problem.schools.forEach((school, index) => {
    if (placed.has(index)) return
    const entry = (code: LeftOutCode, reason: string, help: string) =>
      result.push({urn: school.urn, name: school.name, code, reason, help})
    if (!school.location) {
      entry('no-location', 'its location is not recorded', 'record its easting and northing (the GIAS extract)')
      return
    }
    const near = neighbours(problem, index)
    if (near.length < others) {
      const phase = mixedPhase ? '' : `${school.phase ?? 'unknown-phase'} `
      const distances = problem.schools
        .map((other, at) => ({other, at}))
        .filter(({other, at}) => at !== index && other.location && sameGroup(problem, index, at))
        .map(({other}) => distanceKm(school.location!, other.location!))
        .sort((a, b) => a - b)
      const reach = distances[others - 1]
      const anyPhase = problem.schools.filter(
        (other, at) => at !== index && other.location && distanceKm(school.location!, other.location) <= maxKm,
      ).length
      const helps = [
        reach === undefined
          ? `${others - near.length} more ${phase}school${others - near.length === 1 ? '' : 's'} among those to cluster`
          : `a cluster distance of ${Math.ceil(reach)} km`,
      ]
      if (!mixedPhase && anyPhase >= others) helps.push('mixing phases')
      entry(
        'isolated',
        `isolated: ${near.length === 0 ? 'no other' : `only ${near.length} other`} ${phase}school${near.length === 1 ? '' : 's'} within ${maxKm} km (a cluster needs ${minSize})`,
        helps.join(', or '),
      )
      return
    }
    const fitting = problem.leaders.filter((leader) => leader.fits.has(index))
    if (fitting.length === 0) {
      entry(
        'no-leader',
        'no leader fits it (designation, expertise, phase, radius, own school or trust)',
        'a leader of the designation and expertise asked for, with its phase, within their radius',
      )
      return
    }
    if (!fitting.some((leader) => leader.maxSchools >= minSize)) {
      entry(
        'no-leader-days',
        `no leader who fits it has the days for ${minSize} schools (${formatDays(halfDaysPerSchool * minSize)} days)`,
        `${fitting.length === 1 ? 'its one fitting leader' : `one of its ${fitting.length} fitting leaders`} with ${formatDays(halfDaysPerSchool * minSize)} free days in each year of the window`,
      )
      return
    }
    if (!inCandidate.has(index)) {
      entry(
        'no-cluster-leader',
        `no leader fits it and ${others} nearby schools together`,
        'a leader whose radius takes in it and its neighbours',
      )
      return
    }
    const leading = new Set(solution.clusters.map((cluster) => problem.leaders[cluster.leader]!.id))
    if (fitting.every((leader) => leader.maxSchools < minSize || leading.has(leader.id))) {
      entry(
        'leaders-taken',
        `every leader who fits it leads another cluster (${fitting.filter((leader) => leader.maxSchools >= minSize).length} fit it)`,
        'another leader within reach with the days',
      )
      return
    }
    entry(
      'not-chosen',
      'the clusters it could join were full or their leaders taken: placing it would place no more schools in all',
      'a larger cluster size or another leader nearby',
    )
  })
  return result
}

export function planMeasures(problem: ClusterProblem, solution: Solution): PlanMeasures {
  return {
    method: solution.method,
    schools: problem.schools.length,
    leaders: problem.leaders.length,
    clusters: solution.clusters.length,
    placed: solution.placed,
    placedBound: solution.placedBound,
    travelKm: km(solution.travelMetres),
    travelBoundKm: km(solution.travelBoundMetres),
    gap: Math.round(solution.gap * 10_000) / 10_000,
    score: solution.score,
    optimal: solution.optimal,
  }
}

export function manualMeasures(manual: ManualGrouping): ManualMeasures {
  return {
    groups: manual.groups.length,
    placed: manual.placed,
    placedTravelKm: km(manual.placedTravelMetres),
    travelKm: km(manual.travelMetres),
    breakingRules: manual.breakingRules,
  }
}
