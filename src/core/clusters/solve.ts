import type {Solver, SparseModel} from '../match/solver.js'
import {type BoundOptions, travelLowerBound, travelLpBound} from './bound.js'
import {clusterTravel, greedyPlan} from './heuristic.js'
import type {ClusterProblem, PlannedCluster} from './model.js'
import {solveStaged} from './staged.js'
import {buildStructure, type Centre} from './structure.js'

/**
 * Solving a clustering problem (the objective is in staged.ts):
 * - up to EXACT_SCHOOLS schools, stages 1 and 2 exactly with HiGHS, then the best leaders for
 *   those clusters (stage 3, exact for them): the plan is optimal;
 * - beyond, a greedy plan improved by local search (heuristic.ts), deterministic, whose leaders are
 *   then chosen for the best summed score (stage 3 with the clusters fixed). Its travel is set
 *   beside a proven lower bound over the whole problem (bound.ts: the LP relaxation, or a
 *   Lagrangian bound when the LP is too large), and the gap is reported.
 */

export const EXACT_SCHOOLS = 80
/** The LP bound up to this many columns (about a region's 600 schools); beyond, the Lagrangian bound. */
const LP_COLUMNS = 400_000

export type Method = 'exact' | 'heuristic'

export interface Solution {
  method: Method
  clusters: PlannedCluster[]
  placed: number
  /** Proven: no plan places more. */
  placedBound: number
  travelMetres: number
  /** Proven: no plan placing `placed` schools travels less. */
  travelBoundMetres: number
  /** (travel - bound) / travel; 0 for a proven optimum. */
  gap: number
  /** Summed match score of each leader with their cluster's schools. */
  score: number
  /** Stages 1 and 2 proven optimal (stage 3 is exact for the clusters of stage 2). */
  optimal: boolean
  centres: Centre[]
}

export function solveClusters(
  problem: ClusterProblem,
  solver: Solver,
  options: {method?: Method | 'auto'; onStage?: (stage: string) => void; bound?: Partial<BoundOptions>} = {},
): Solution {
  const {onStage} = options
  const method = options.method ?? 'auto'
  const centres = buildStructure(problem)
  const choose = (clusters: PlannedCluster[]) => chooseLeaders(problem, clusters, solver)
  if (method === 'exact' || (method === 'auto' && problem.schools.length <= EXACT_SCHOOLS)) {
    const result = solveStaged(problem, centres, solver, {
      timeLimitSeconds: 300,
      chooseLeaders: choose,
      ...(onStage ? {onStage} : {}),
    })
    const clusters = result.clusters.sort((a, b) => a.centre - b.centre)
    return {
      method: 'exact',
      clusters,
      placed: result.placed,
      placedBound: Math.max(result.placedBound, result.placed),
      travelMetres: result.travelMetres,
      travelBoundMetres: Math.min(result.travelBoundMetres, result.travelMetres),
      gap: gapOf(result.travelMetres, result.travelBoundMetres),
      score: clusterScore(problem, clusters),
      optimal: result.optimal,
      centres,
    }
  }
  const greedy = greedyPlan(problem, centres)
  onStage?.('greedy and improvement')
  const clusters = choose(greedy).sort((a, b) => a.centre - b.centre)
  onStage?.('leaders chosen')
  const placed = clusters.reduce((sum, cluster) => sum + cluster.members.length, 0)
  const travelMetres = clusters.reduce((sum, cluster) => sum + clusterTravel(problem, cluster), 0)
  // The LP bound where the LP is of a size HiGHS solves in seconds, else the Lagrangian one.
  const leaders = problem.leaders.filter((leader) => leader.maxSchools >= problem.rules.minSize).length
  const columns = centres.reduce((sum, centre) => sum + 1 + centre.members.length, 0)
  const bound =
    columns <= LP_COLUMNS
      ? travelLpBound(problem.schools.length, centres, problem.rules.minSize, placed, leaders, solver)
      : travelLowerBound(problem.schools.length, centres, problem.rules.minSize, placed, {
          upperBound: travelMetres,
          leaders,
          ...options.bound,
        })
  const travelBoundMetres = Math.min(travelMetres, bound)
  onStage?.('bound')
  const placedBound = Math.max(placed, reachable(centres))
  return {
    method: 'heuristic',
    clusters,
    placed,
    placedBound,
    travelMetres,
    travelBoundMetres,
    gap: gapOf(travelMetres, travelBoundMetres),
    score: clusterScore(problem, clusters),
    optimal: placedBound === placed && travelBoundMetres >= travelMetres,
    centres,
  }
}

const gapOf = (travel: number, bound: number) =>
  travel === 0 ? 0 : Math.max(0, (travel - Math.min(bound, travel)) / travel)

export function clusterScore(problem: ClusterProblem, clusters: readonly PlannedCluster[]): number {
  let score = 0
  for (const cluster of clusters)
    for (const member of cluster.members) score += problem.leaders[cluster.leader]!.fits.get(member) ?? 0
  return Math.round(score * 10_000) / 10_000
}

/** Schools that some candidate cluster could hold: no plan places more. */
function reachable(centres: readonly Centre[]): number {
  const found = new Set<number>()
  for (const centre of centres) {
    found.add(centre.centre)
    for (const member of centre.members) found.add(member.school)
  }
  return found.size
}

/**
 * Stage 3 with the clusters fixed: each cluster gets exactly one leader who fits all its schools
 * and has the days for them, each leader at most one cluster, for the highest summed score.
 */
export function chooseLeaders(problem: ClusterProblem, clusters: PlannedCluster[], solver: Solver): PlannedCluster[] {
  if (clusters.length === 0) return clusters
  const pairs: {cluster: number; leader: number; score: number}[] = []
  clusters.forEach((cluster, index) => {
    problem.leaders.forEach((leader, l) => {
      if (leader.maxSchools < cluster.members.length) return
      let score = 0
      for (const member of cluster.members) {
        const fit = leader.fits.get(member)
        if (fit === undefined) return
        score += fit
      }
      pairs.push({cluster: index, leader: l, score})
    })
  })
  // Rows: clusters at most one (0..n-1), clusters at least one (n..2n-1), leaders at most one.
  const n = clusters.length
  const leaderRow = new Map<number, number>()
  const copies: number[] = []
  for (const pair of pairs) {
    if (leaderRow.has(pair.leader)) continue
    leaderRow.set(pair.leader, 2 * n + leaderRow.size)
    copies.push(problem.leaders[pair.leader]!.copies ?? 1)
  }
  const starts = new Int32Array(pairs.length + 1)
  const indices = new Int32Array(3 * pairs.length)
  const values = new Float64Array(3 * pairs.length)
  pairs.forEach((pair, column) => {
    starts[column] = 3 * column
    indices.set([pair.cluster, n + pair.cluster, leaderRow.get(pair.leader)!], 3 * column)
    values.set([1, -1, 1], 3 * column)
  })
  starts[pairs.length] = 3 * pairs.length
  const model: SparseModel = {
    numCols: pairs.length,
    numRows: 2 * n + leaderRow.size,
    cost: Float64Array.from(pairs, (pair) => pair.score),
    colLower: new Float64Array(pairs.length),
    colUpper: new Float64Array(pairs.length).fill(1),
    rowUpper: Float64Array.from({length: 2 * n + leaderRow.size}, (_, row) =>
      row < n ? 1 : row < 2 * n ? -1 : copies[row - 2 * n]!,
    ),
    starts,
    indices,
    values,
  }
  // An assignment problem: its LP has whole-number vertices, which the simplex method returns; the
  // MIP is the fallback should a value come back fractional.
  let taken: Float64Array | null = solver.lp(model).colValue
  if (taken.some((value) => Math.abs(value - Math.round(value)) > 1e-6))
    taken = solver.mip(model, {timeLimitSeconds: 300, relativeGap: 1e-9, absoluteGap: 1e-6}).colValue
  if (taken === null) return clusters
  const chosen = new Map<number, number>()
  pairs.forEach((pair, column) => {
    if (taken[column]! > 0.5) chosen.set(pair.cluster, pair.leader)
  })
  return clusters.map((cluster, index) => ({...cluster, leader: chosen.get(index) ?? cluster.leader}))
}
