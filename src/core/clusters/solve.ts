import type {Solver, SparseModel} from '../match/solver.js'
import {travelLowerBound} from './bound.js'
import type {ClusterProblem, PlannedCluster} from './model.js'
import {solveStaged} from './staged.js'
import {buildStructure, type Centre} from './structure.js'

/**
 * Solving a clustering problem (the objective is in staged.ts):
 * - up to EXACT_SCHOOLS schools, all three stages exactly with HiGHS: the plan is optimal;
 * - beyond, the same stages 1 and 2 on a narrowed problem (each centre's nearest members and its
 *   best leaders), stopped after a fixed number of branch-and-bound nodes so that the answer does
 *   not depend on the machine's speed; then the leaders of those clusters chosen afresh for the
 *   best summed score (stage 3 with the clusters fixed). Its travel is set beside a Lagrangian
 *   lower bound over the whole problem (bound.ts), and the gap between them is reported.
 */

export const EXACT_SCHOOLS = 80
/** Narrowing for large problems: members per centre (times the largest size) and leaders per centre. */
const NEAREST_PER_SIZE = 2
const LEADERS_PER_CENTRE = 4
const LARGE_NODE_LIMIT = 400

export type Method = 'exact' | 'narrowed-mip'

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

export function solveClusters(problem: ClusterProblem, solver: Solver, onStage?: (stage: string) => void): Solution {
  const centres = buildStructure(problem)
  const exact = problem.schools.length <= EXACT_SCHOOLS
  const choose = (clusters: PlannedCluster[]) => chooseLeaders(problem, clusters, solver)
  const result = exact
    ? solveStaged(problem, centres, solver, {
        timeLimitSeconds: 300,
        chooseLeaders: choose,
        ...(onStage ? {onStage} : {}),
      })
    : solveStaged(problem, narrowed(problem, centres), solver, {
        timeLimitSeconds: 300,
        maxNodes: LARGE_NODE_LIMIT,
        chooseLeaders: choose,
        ...(onStage ? {onStage} : {}),
      })
  let travelBoundMetres = result.travelBoundMetres
  let placedBound = result.placedBound
  let optimal = result.optimal
  if (!exact) {
    travelBoundMetres = travelLowerBound(problem.schools.length, centres, problem.rules.minSize, result.placed, {
      upperBound: result.travelMetres,
      leaders: problem.leaders.filter((leader) => leader.maxSchools >= problem.rules.minSize).length,
    })
    onStage?.('bound')
    placedBound = reachable(centres)
    optimal = placedBound === result.placed && travelBoundMetres >= result.travelMetres
  }
  const travel = result.travelMetres
  const clusters = result.clusters.sort((a, b) => a.centre - b.centre)
  return {
    method: exact ? 'exact' : 'narrowed-mip',
    clusters,
    placed: result.placed,
    placedBound: Math.max(placedBound, result.placed),
    travelMetres: travel,
    travelBoundMetres: Math.min(travelBoundMetres, travel),
    gap: travel === 0 ? 0 : Math.max(0, (travel - Math.min(travelBoundMetres, travel)) / travel),
    score: clusterScore(problem, clusters),
    optimal,
    centres,
  }
}

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

/** Each centre with only its nearest members and the leaders fitting most of them. */
function narrowed(problem: ClusterProblem, centres: readonly Centre[]): Centre[] {
  const nearest = NEAREST_PER_SIZE * problem.rules.maxSize
  return centres.map((centre) => {
    const members = centre.members.slice(0, nearest)
    const fitting = (leader: number) =>
      members.filter((member) => problem.leaders[leader]!.fits.has(member.school)).length
    const options = centre.options
      .map((option) => ({option, fitting: Math.min(option.cap - 1, fitting(option.leader))}))
      .sort((a, b) => b.fitting - a.fitting || b.option.cap - a.option.cap || a.option.leader - b.option.leader)
      .slice(0, LEADERS_PER_CENTRE)
      .map((entry) => entry.option)
    return {
      centre: centre.centre,
      members: members.filter((member) =>
        options.some((option) => problem.leaders[option.leader]!.fits.has(member.school)),
      ),
      options,
    }
  })
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
  for (const pair of pairs) if (!leaderRow.has(pair.leader)) leaderRow.set(pair.leader, 2 * n + leaderRow.size)
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
    rowUpper: Float64Array.from({length: 2 * n + leaderRow.size}, (_, row) => (row < n ? 1 : row < 2 * n ? -1 : 1)),
    starts,
    indices,
    values,
  }
  const result = solver.mip(model, {timeLimitSeconds: 300, relativeGap: 1e-9, absoluteGap: 1e-6})
  if (result.colValue === null) return clusters
  const chosen = new Map<number, number>()
  pairs.forEach((pair, column) => {
    if (result.colValue![column]! > 0.5) chosen.set(pair.cluster, pair.leader)
  })
  return clusters.map((cluster, index) => ({...cluster, leader: chosen.get(index) ?? cluster.leader}))
}
