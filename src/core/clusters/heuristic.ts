import {distanceKm} from '../geo.js'
import {type ClusterProblem, metres, type PlannedCluster} from './model.js'
import type {Centre} from './structure.js'

/**
 * Clustering too large to solve exactly: a greedy plan, then local improvement. Deterministic:
 * every choice breaks ties by index.
 *
 * Greedy: the school with the fewest unplaced schools within reach goes first (the hardest to
 * place), into the best cluster that can hold it: a centre it may join (itself or a school within
 * the distance), a free leader who fits the centre and it, and the nearest unplaced schools that
 * leader fits, up to the leader's cap; the cluster of least travel a school, largest first.
 * Improvement, until nothing changes: each unplaced school into a cluster with room (more placed);
 * each school moved to another cluster, or swapped with a school of another, when travel falls;
 * each cluster's centre moved to the member that makes its travel least.
 */

/** Free leaders tried at each centre for each school placed. */
const OPTIONS_TRIED = 6

interface Working {
  centre: number
  members: number[]
  leader: number
  cap: number
}

export function greedyPlan(problem: ClusterProblem, centres: readonly Centre[]): PlannedCluster[] {
  // Clusters first made as small as allowed leave room for more clusters; as large as allowed,
  // for fewer leaders. Both are tried; the better plan (more placed, then less travel) is kept.
  const small = greedy(problem, centres, problem.rules.minSize)
  const large = greedy(problem, centres, problem.rules.maxSize)
  const measure = (plan: PlannedCluster[]) => ({
    placed: plan.reduce((sum, cluster) => sum + cluster.members.length, 0),
    travel: plan.reduce((sum, cluster) => sum + clusterTravel(problem, cluster), 0),
  })
  const a = measure(small)
  const b = measure(large)
  return b.placed > a.placed || (b.placed === a.placed && b.travel < a.travel) ? large : small
}

/** Travel of one cluster: each school to the centre, in whole metres. */
export function clusterTravel(problem: ClusterProblem, cluster: PlannedCluster): number {
  const centre = problem.schools[cluster.centre]!.location!
  return cluster.members.reduce(
    (sum, member) =>
      sum + (member === cluster.centre ? 0 : metres(distanceKm(centre, problem.schools[member]!.location!))),
    0,
  )
}

function greedy(problem: ClusterProblem, centres: readonly Centre[], size: number): PlannedCluster[] {
  const n = problem.schools.length
  const {minSize, maxKm} = problem.rules
  const limit = metres(maxKm)
  const distance = (a: number, b: number) =>
    a === b ? 0 : metres(distanceKm(problem.schools[a]!.location!, problem.schools[b]!.location!))
  const centreOf = new Map(centres.map((centre) => [centre.centre, centre]))
  // Centres each school may join (as the centre or a member).
  const joinable: number[][] = Array.from({length: n}, () => [])
  for (const centre of centres) {
    joinable[centre.centre]!.push(centre.centre)
    for (const member of centre.members) joinable[member.school]!.push(centre.centre)
  }
  // Each centre's leaders, those fitting most of its members first (ties by index): the greedy
  // tries the first few still free, as leaders fitting the same schools make the same cluster.
  const byReach = new Map(
    centres.map((centre) => {
      const fitting = (leader: number) =>
        centre.members.filter((member) => problem.leaders[leader]!.fits.has(member.school)).length
      const ranked = centre.options
        .map((option) => ({option, fitting: fitting(option.leader)}))
        .sort((a, b) => b.fitting - a.fitting || b.option.cap - a.option.cap || a.option.leader - b.option.leader)
        .map((entry) => entry.option)
      return [centre.centre, ranked] as const
    }),
  )
  const placedIn = new Int32Array(n).fill(-1)
  const leaderUsed = new Uint8Array(problem.leaders.length)
  const clusters: Working[] = []
  const hopeless = new Uint8Array(n)
  const openNear = (school: number) => {
    let count = 0
    for (const member of centreOf.get(school)?.members ?? []) if (placedIn[member.school] === -1) count += 1
    return count
  }

  for (;;) {
    let next = -1
    let fewest = Number.POSITIVE_INFINITY
    for (let school = 0; school < n; school += 1) {
      if (placedIn[school] !== -1 || hopeless[school] || joinable[school]!.length === 0) continue
      const near = openNear(school)
      if (near < fewest) {
        fewest = near
        next = school
      }
    }
    if (next === -1) break
    let best: Working | null = null
    let bestKey = Number.POSITIVE_INFINITY
    for (const c of joinable[next]!) {
      if (placedIn[c] !== -1) continue
      const centre = centreOf.get(c)!
      let tried = 0
      for (const option of byReach.get(c)!) {
        if (leaderUsed[option.leader]) continue
        if ((tried += 1) > OPTIONS_TRIED) break
        const fits = problem.leaders[option.leader]!.fits
        if (!fits.has(next)) continue
        const members = [c]
        let travel = 0
        if (next !== c) {
          members.push(next)
          travel += distance(c, next)
        }
        for (const member of centre.members) {
          if (members.length >= Math.min(size, option.cap)) break
          if (member.school === next || placedIn[member.school] !== -1 || !fits.has(member.school)) continue
          members.push(member.school)
          travel += member.metres
        }
        if (members.length < minSize) continue
        const key = travel / members.length - members.length * limit
        if (key < bestKey) {
          bestKey = key
          best = {centre: c, members, leader: option.leader, cap: option.cap}
        }
      }
    }
    if (!best) {
      hopeless[next] = 1
      continue
    }
    for (const member of best.members) placedIn[member] = clusters.length
    leaderUsed[best.leader] = 1
    clusters.push(best)
  }
  improve(problem, clusters, placedIn, distance, limit)
  return clusters.map((cluster) => ({centre: cluster.centre, members: cluster.members, leader: cluster.leader}))
}

function improve(
  problem: ClusterProblem,
  clusters: Working[],
  placedIn: Int32Array,
  distance: (a: number, b: number) => number,
  limit: number,
): void {
  const {minSize} = problem.rules
  const fits = (cluster: Working, school: number) => problem.leaders[cluster.leader]!.fits.has(school)
  const sameGroup = (cluster: Working, school: number) =>
    problem.rules.mixedPhase || problem.schools[cluster.centre]!.phase === problem.schools[school]!.phase
  const joins = (cluster: Working, school: number) =>
    fits(cluster, school) && sameGroup(cluster, school) && distance(cluster.centre, school) <= limit
  // Clusters near each school: the only ones a move or swap can reach.
  const nearClusters = (school: number) =>
    clusters
      .map((cluster, index) => ({cluster, index}))
      .filter(({cluster}) => sameGroup(cluster, school) && distance(cluster.centre, school) <= limit)

  for (let round = 0; round < 50; round += 1) {
    let changed = false
    // Unplaced schools into clusters with room.
    for (let school = 0; school < problem.schools.length; school += 1) {
      if (placedIn[school] !== -1 || !problem.schools[school]!.location) continue
      let target = -1
      let nearest = Number.POSITIVE_INFINITY
      for (const {cluster, index} of nearClusters(school)) {
        if (cluster.members.length >= cluster.cap || !fits(cluster, school)) continue
        const d = distance(cluster.centre, school)
        if (d < nearest) {
          nearest = d
          target = index
        }
      }
      if (target !== -1) {
        clusters[target]!.members.push(school)
        placedIn[school] = target
        changed = true
      }
    }
    // Moves and swaps between clusters.
    for (let a = 0; a < clusters.length; a += 1) {
      const from = clusters[a]!
      for (const school of [...from.members]) {
        if (school === from.centre) continue
        const here = distance(from.centre, school)
        for (const {cluster: to, index: b} of nearClusters(school)) {
          if (b === a || !fits(to, school)) continue
          const there = distance(to.centre, school)
          if (from.members.length > minSize && to.members.length < to.cap && there < here) {
            from.members.splice(from.members.indexOf(school), 1)
            to.members.push(school)
            placedIn[school] = b
            changed = true
            break
          }
          let swapped = false
          for (const other of to.members) {
            if (other === to.centre || !joins(from, other)) continue
            const gain = here + distance(to.centre, other) - there - distance(from.centre, other)
            if (gain > 0) {
              from.members[from.members.indexOf(school)] = other
              to.members[to.members.indexOf(other)] = school
              placedIn[school] = b
              placedIn[other] = a
              changed = true
              swapped = true
              break
            }
          }
          if (swapped) break
        }
      }
    }
    // Each cluster's best centre.
    for (const cluster of clusters) {
      let best = cluster.centre
      let least = cluster.members.reduce((sum, member) => sum + distance(cluster.centre, member), 0)
      for (const candidate of cluster.members) {
        if (!cluster.members.every((member) => distance(candidate, member) <= limit)) continue
        const travel = cluster.members.reduce((sum, member) => sum + distance(candidate, member), 0)
        if (travel < least) {
          least = travel
          best = candidate
        }
      }
      if (best !== cluster.centre) {
        cluster.centre = best
        changed = true
      }
    }
    if (!changed) break
  }
  for (const cluster of clusters) {
    // The centre first, then the rest in order.
    cluster.members = [
      cluster.centre,
      ...cluster.members.filter((member) => member !== cluster.centre).sort((a, b) => a - b),
    ]
  }
}
