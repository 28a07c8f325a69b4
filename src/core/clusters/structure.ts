import {distanceKm} from '../geo.js'
import {type ClusterProblem, metres} from './model.js'

/**
 * The candidate clusters of a problem, centre by centre: every school may be a centre; its possible
 * members are the schools within the cluster distance of it (of its phase unless phases may mix);
 * its possible leaders are those who fit the centre, at least `minSize` of its possible members,
 * and have the days for `minSize` schools. A member counts only where one of those leaders fits it.
 */

export interface CentreOption {
  /** Leader index. */
  leader: number
  /** The most schools this leader takes here: min(maxSize, their days). */
  cap: number
}

export interface Centre {
  centre: number
  /** Other possible members, nearest first (ties by index), with their distance in metres. */
  members: {school: number; metres: number}[]
  options: CentreOption[]
}

export function sameGroup(problem: ClusterProblem, a: number, b: number): boolean {
  return problem.rules.mixedPhase || problem.schools[a]!.phase === problem.schools[b]!.phase
}

/** Other schools within the cluster distance of school `c` that may share its cluster, nearest first. */
export function neighbours(problem: ClusterProblem, c: number): {school: number; metres: number}[] {
  const here = problem.schools[c]!.location
  if (!here) return []
  const found: {school: number; metres: number}[] = []
  problem.schools.forEach((school, index) => {
    if (index === c || !school.location || !sameGroup(problem, c, index)) return
    const apart = problem.between ? problem.between(c, index) : metres(distanceKm(here, school.location))
    if (apart <= metres(problem.rules.maxKm)) found.push({school: index, metres: apart})
  })
  return found.sort((a, b) => a.metres - b.metres || a.school - b.school)
}

export function buildStructure(problem: ClusterProblem): Centre[] {
  const {minSize, maxSize} = problem.rules
  // No plan has more clusters than this.
  const most = Math.floor(problem.schools.length / minSize)
  const centres: Centre[] = []
  for (let c = 0; c < problem.schools.length; c += 1) {
    const near = neighbours(problem, c)
    if (near.length + 1 < minSize) continue
    const options: CentreOption[] = []
    problem.leaders.forEach((leader, index) => {
      if (leader.maxSchools < minSize || !leader.fits.has(c)) return
      let fitting = 1
      for (const member of near) if (leader.fits.has(member.school)) fitting += 1
      if (fitting >= minSize) options.push({leader: index, cap: Math.min(maxSize, leader.maxSchools)})
    })
    if (options.length === 0) continue
    const members = near.filter((member) =>
      options.some((option) => problem.leaders[option.leader]!.fits.has(member.school)),
    )
    centres.push({centre: c, members, options: undominated(problem, members, options, most)})
  }
  return centres
}

/**
 * The options at a centre that any plan may need. A plan has at most `most` clusters, so when at
 * least `most` other leaders here fit every school this one fits (and take as many), one of them
 * is free to take its place in any plan with the same schools and travel: it is left out. Groups
 * of leaders fitting the same schools are trimmed from the widest fits down, counting only those
 * kept. Stage 3 still chooses among all leaders (solve.ts, chooseLeaders).
 */
function undominated(
  problem: ClusterProblem,
  members: readonly {school: number}[],
  options: readonly CentreOption[],
  most: number,
): CentreOption[] {
  const groups = new Map<string, {bits: Uint8Array; cap: number; count: number; options: CentreOption[]}>()
  for (const option of options) {
    const fits = problem.leaders[option.leader]!.fits
    const bits = Uint8Array.from(members, (member) => (fits.has(member.school) ? 1 : 0))
    const key = `${option.cap}:${bits.join('')}`
    const group = groups.get(key) ?? {
      bits,
      cap: option.cap,
      count: bits.reduce((sum, bit) => sum + bit, 0),
      options: [],
    }
    group.options.push(option)
    groups.set(key, group)
  }
  const ordered = [...groups.values()].sort((a, b) => b.count - a.count || b.cap - a.cap)
  const kept: {bits: Uint8Array; cap: number; options: CentreOption[]}[] = []
  for (const group of ordered) {
    let wider = 0
    for (const other of kept) {
      if (other.cap < group.cap) continue
      if (group.bits.every((bit, index) => bit === 0 || other.bits[index] === 1))
        for (const option of other.options) wider += problem.leaders[option.leader]!.copies ?? 1
    }
    const room = Math.max(0, most - wider)
    const options = [...group.options].sort((a, b) => a.leader - b.leader).slice(0, room)
    if (options.length > 0) kept.push({bits: group.bits, cap: group.cap, options})
  }
  return kept.flatMap((group) => group.options).sort((a, b) => a.leader - b.leader)
}
