import type {LpResult, SparseModel, Solver} from './solver.js'

/**
 * The assignment: choose at most one leader per need to maximise the sum of scores, keeping
 * every leader within their free days in each academic year (a generalised assignment problem),
 * at most `maxNewPerLeader` new proposals each, and different leaders for the places of one team.
 *
 * Exactness and its proof:
 * 1. Greedy (best score first; ties on need id, then leader ref) gives a feasible incumbent.
 * 2. The LP relaxation is solved by column generation: start from the best `topK` candidates of
 *    each need, price every other non-vetoed pair with the LP duals, add those that could improve
 *    the LP, repeat. The final LP value is an upper bound over ALL non-vetoed pairs (`lpBound`).
 * 3. Reduced-cost fixing: a pair whose reduced cost is below -(lpBound - incumbent) cannot be in
 *    any solution better than the incumbent, so the MIP only needs the others.
 * 4. The MIP (HiGHS branch and cut) solves that set; its proven bound, or the incumbent if higher,
 *    bounds the optimum over all pairs, which gives the proven `gap`.
 */

export interface AssignmentColumn {
  needIndex: number
  leaderIndex: number
  score: number
  /** Position in (need id, leader ref) order: breaks ties between equal scores. */
  tieRank: number
}

export interface AssignmentNeed {
  /** Half days charged to each academic year. */
  charge: readonly (readonly [number, number])[]
  teamId: number | null
}

export interface AssignmentLeader {
  /** Free half days per academic year. */
  free: ReadonlyMap<number, number>
}

export interface AssignmentProblem {
  needs: readonly AssignmentNeed[]
  leaders: readonly AssignmentLeader[]
  columns: readonly AssignmentColumn[]
  /** Column indices forced into the answer. */
  pinned: ReadonlySet<number>
  maxNewPerLeader: number | null
}

export interface AssignmentOptions {
  strategy: 'optimal' | 'greedy'
  topK: number
  timeLimitSeconds: number
}

export interface AssignmentResult {
  /** Chosen column indices. */
  chosen: number[]
  score: number
  greedyScore: number
  /** Upper bound from the LP relaxation over every non-vetoed pair. */
  lpBound: number
  /** Proven upper bound on the optimum over every non-vetoed pair. */
  upperBound: number
  /** (upperBound - score) / upperBound, 0 when proven optimal. */
  gap: number
  solver: {
    status: 'optimal' | 'time-limit' | 'greedy-is-optimal' | 'greedy' | 'no-candidates'
    columns: number
    lpColumns: number
    mipColumns: number
    pricingRounds: number
    seconds: number
  }
}

const EPSILON = 1e-9
const TIE_WEIGHT = 1e-7

export async function assign(problem: AssignmentProblem, options: AssignmentOptions, loadSolver: () => Promise<Solver>): Promise<AssignmentResult> {
  const started = performance.now()
  const seconds = () => Math.round(performance.now() - started) / 1000
  const rows = buildRows(problem)
  const greedy = greedyAssign(problem, rows)
  const greedyScore = sumScores(problem, greedy)
  const base = {greedyScore, solver: {columns: problem.columns.length, lpColumns: 0, mipColumns: 0, pricingRounds: 0}}
  if (problem.columns.length === 0) {
    return {chosen: [], score: 0, lpBound: 0, upperBound: 0, gap: 0, ...base, solver: {...base.solver, status: 'no-candidates', seconds: seconds()}}
  }

  // When every need got its best candidate, nothing can beat greedy.
  const bestPerNeed = new Map<number, number>()
  for (const column of problem.columns) bestPerNeed.set(column.needIndex, Math.max(bestPerNeed.get(column.needIndex) ?? 0, column.score))
  const trivialBound = [...bestPerNeed.values()].reduce((sum, value) => sum + value, 0)
  if (greedyScore >= trivialBound - EPSILON && problem.pinned.size === 0) {
    return {chosen: greedy, score: greedyScore, lpBound: trivialBound, upperBound: trivialBound, gap: 0, ...base, solver: {...base.solver, status: 'greedy-is-optimal', seconds: seconds()}}
  }

  const solver = await loadSolver()
  const {lp, active, rounds, reducedCosts} = solveRelaxation(problem, rows, solver, options.topK, greedy)
  const lpBound = lp.objective - tieBonus(problem, active, lp.colValue)
  if (options.strategy === 'greedy') {
    const gap = relativeGap(greedyScore, lpBound)
    return {chosen: greedy, score: greedyScore, lpBound, upperBound: lpBound, gap, ...base, solver: {...base.solver, status: 'greedy', lpColumns: active.length, pricingRounds: rounds, seconds: seconds()}}
  }

  // Reduced-cost fixing against the greedy incumbent.
  const threshold = -(lpBound - greedyScore) - 1e-6
  const mipColumns = problem.columns.map((_, index) => index).filter((index) => reducedCosts[index]! >= threshold || problem.pinned.has(index))
  const model = buildModel(problem, rows, mipColumns)
  const warmStart = new Float64Array(mipColumns.length)
  const position = new Map(mipColumns.map((column, index) => [column, index]))
  for (const column of greedy) {
    const at = position.get(column)
    if (at !== undefined) warmStart[at] = 1
  }
  const mip = solver.mip(model, {timeLimitSeconds: options.timeLimitSeconds, warmStart})
  let chosen = greedy
  if (mip.colValue) {
    const fromMip = mipColumns.filter((_, index) => mip.colValue![index]! > 0.5)
    if (sumScores(problem, fromMip) > greedyScore + EPSILON) chosen = fromMip
  }
  const score = sumScores(problem, chosen)
  const mipBound = mip.status === 'optimal' ? score : mip.bound
  // Pairs left out of the MIP could not beat the greedy incumbent, so the larger bound holds for all.
  const upperBound = Math.min(lpBound, Math.max(mipBound, greedyScore))
  return {
    chosen: [...chosen].sort((a, b) => a - b),
    score,
    greedyScore,
    lpBound,
    upperBound: Math.max(upperBound, score),
    gap: mip.status === 'optimal' ? 0 : relativeGap(score, upperBound),
    solver: {
      status: mip.status === 'optimal' ? 'optimal' : 'time-limit',
      columns: problem.columns.length,
      lpColumns: active.length,
      mipColumns: mipColumns.length,
      pricingRounds: rounds,
      seconds: seconds(),
    },
  }
}

// ---- rows ---------------------------------------------------------------------------------------

interface Rows {
  count: number
  rowUpper: number[]
  /** Per column: the rows it uses and its coefficient in each. */
  entries: {rows: number[]; values: number[]}[]
}

function buildRows(problem: AssignmentProblem): Rows {
  const rowUpper: number[] = []
  const needRow = problem.needs.map(() => rowUpper.push(1) - 1)
  const capacityRow = new Map<string, number>()
  const countRow = new Map<number, number>()
  const teamRow = new Map<string, number>()
  const teamLeaderColumns = new Map<string, number>()
  for (const column of problem.columns) {
    const team = problem.needs[column.needIndex]!.teamId
    if (team !== null) {
      const key = `${team}:${column.leaderIndex}`
      teamLeaderColumns.set(key, (teamLeaderColumns.get(key) ?? 0) + 1)
    }
  }
  const entries = problem.columns.map((column) => {
    const need = problem.needs[column.needIndex]!
    const rows = [needRow[column.needIndex]!]
    const values = [1]
    for (const [year, halfDays] of need.charge) {
      if (halfDays <= 0) continue
      const key = `${column.leaderIndex}:${year}`
      let row = capacityRow.get(key)
      if (row === undefined) {
        row = rowUpper.push(Math.max(0, problem.leaders[column.leaderIndex]!.free.get(year) ?? 0)) - 1
        capacityRow.set(key, row)
      }
      rows.push(row)
      values.push(halfDays)
    }
    if (problem.maxNewPerLeader !== null) {
      let row = countRow.get(column.leaderIndex)
      if (row === undefined) {
        row = rowUpper.push(problem.maxNewPerLeader) - 1
        countRow.set(column.leaderIndex, row)
      }
      rows.push(row)
      values.push(1)
    }
    if (need.teamId !== null && (teamLeaderColumns.get(`${need.teamId}:${column.leaderIndex}`) ?? 0) > 1) {
      const key = `${need.teamId}:${column.leaderIndex}`
      let row = teamRow.get(key)
      if (row === undefined) {
        row = rowUpper.push(1) - 1
        teamRow.set(key, row)
      }
      rows.push(row)
      values.push(1)
    }
    return {rows, values}
  })
  return {count: rowUpper.length, rowUpper, entries}
}

function buildModel(problem: AssignmentProblem, rows: Rows, columns: readonly number[]): SparseModel {
  const total = problem.columns.length
  const starts = new Int32Array(columns.length + 1)
  let nonZeros = 0
  for (const column of columns) nonZeros += rows.entries[column]!.rows.length
  const indices = new Int32Array(nonZeros)
  const values = new Float64Array(nonZeros)
  const cost = new Float64Array(columns.length)
  const colLower = new Float64Array(columns.length)
  const colUpper = new Float64Array(columns.length).fill(1)
  let at = 0
  columns.forEach((column, index) => {
    const entry = rows.entries[column]!
    starts[index] = at
    for (let k = 0; k < entry.rows.length; k += 1) {
      indices[at] = entry.rows[k]!
      values[at] = entry.values[k]!
      at += 1
    }
    const spec = problem.columns[column]!
    // A tiny bonus for earlier (need id, leader ref) pairs breaks ties between equal scores.
    cost[index] = spec.score + TIE_WEIGHT * (1 - spec.tieRank / total)
    if (problem.pinned.has(column)) colLower[index] = 1
  })
  starts[columns.length] = at
  return {numCols: columns.length, numRows: rows.count, cost, colLower, colUpper, rowUpper: Float64Array.from(rows.rowUpper), starts, indices, values}
}

function tieBonus(problem: AssignmentProblem, columns: readonly number[], colValue: Float64Array): number {
  let bonus = 0
  columns.forEach((column, index) => {
    bonus += TIE_WEIGHT * (1 - problem.columns[column]!.tieRank / problem.columns.length) * colValue[index]!
  })
  return bonus
}

// ---- LP relaxation by column generation -------------------------------------------------------------

function solveRelaxation(
  problem: AssignmentProblem,
  rows: Rows,
  solver: Solver,
  topK: number,
  greedy: readonly number[],
): {lp: LpResult; active: number[]; rounds: number; reducedCosts: Float64Array} {
  const byNeed = new Map<number, number[]>()
  problem.columns.forEach((column, index) => {
    const list = byNeed.get(column.needIndex) ?? []
    list.push(index)
    byNeed.set(column.needIndex, list)
  })
  const activeSet = new Set<number>([...greedy, ...problem.pinned])
  for (const list of byNeed.values()) {
    list.sort((a, b) => problem.columns[b]!.score - problem.columns[a]!.score || problem.columns[a]!.tieRank - problem.columns[b]!.tieRank)
    for (const index of list.slice(0, topK)) activeSet.add(index)
  }
  let rounds = 0
  for (;;) {
    rounds += 1
    const active = [...activeSet].sort((a, b) => a - b)
    const lp = solver.lp(buildModel(problem, rows, active))
    const reducedCosts = new Float64Array(problem.columns.length)
    const additions = new Map<number, {index: number; reducedCost: number}[]>()
    problem.columns.forEach((column, index) => {
      const entry = rows.entries[index]!
      let dual = 0
      for (let k = 0; k < entry.rows.length; k += 1) dual += entry.values[k]! * lp.rowDual[entry.rows[k]!]!
      const reducedCost = column.score - dual
      reducedCosts[index] = reducedCost
      if (reducedCost > 1e-7 && !activeSet.has(index)) {
        const list = additions.get(column.needIndex) ?? []
        list.push({index, reducedCost})
        additions.set(column.needIndex, list)
      }
    })
    if (additions.size === 0) return {lp, active, rounds, reducedCosts}
    for (const list of additions.values()) {
      list.sort((a, b) => b.reducedCost - a.reducedCost)
      for (const {index} of list.slice(0, Math.max(3, topK))) activeSet.add(index)
    }
  }
}

// ---- greedy -------------------------------------------------------------------------------------

/** Best score first; ties on need id then leader ref (tieRank); pinned pairs before all others. */
export function greedyAssign(problem: AssignmentProblem, rows: Rows = buildRows(problem)): number[] {
  const order = problem.columns
    .map((_, index) => index)
    .sort(
      (a, b) =>
        Number(problem.pinned.has(b)) - Number(problem.pinned.has(a)) ||
        problem.columns[b]!.score - problem.columns[a]!.score ||
        problem.columns[a]!.tieRank - problem.columns[b]!.tieRank,
    )
  const remaining = [...rows.rowUpper]
  const chosen: number[] = []
  for (const index of order) {
    const entry = rows.entries[index]!
    let fits = true
    for (let k = 0; k < entry.rows.length; k += 1) {
      if (remaining[entry.rows[k]!]! < entry.values[k]! - EPSILON) {
        fits = false
        break
      }
    }
    if (!fits) continue
    for (let k = 0; k < entry.rows.length; k += 1) remaining[entry.rows[k]!]! -= entry.values[k]!
    chosen.push(index)
  }
  return chosen
}

function sumScores(problem: AssignmentProblem, chosen: readonly number[]): number {
  return Math.round(chosen.reduce((sum, index) => sum + problem.columns[index]!.score, 0) * 10_000) / 10_000
}

function relativeGap(score: number, bound: number): number {
  if (bound <= EPSILON) return 0
  return Math.max(0, (bound - score) / bound)
}
