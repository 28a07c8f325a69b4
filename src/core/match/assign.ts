import type {Priority} from '../model.js'
import {lagrangianBound} from './lagrangian.js'
import {buildModel, buildRows, EPSILON, keepsEveryRow, type Rows, TIE_WEIGHT, tieBonusOf, warmStartFor} from './rows.js'
import {round4} from './scoring.js'
import type {LpResult, Solver} from './solver.js'
import {maximisePriorityCounts, type PriorityStage} from './strict.js'

/**
 * The assignment: choose at most one leader per need to maximise the sum of scores, keeping
 * every leader within their free days in each academic year (a generalised assignment problem),
 * at most `maxNewPerLeader` new proposals each, and different leaders for the places of one team.
 *
 * The answer and its proof:
 * 1. Greedy (best score first; ties on need id, then leader ref) gives a feasible incumbent.
 *    (Strict priority mode first proves how many high, medium and low needs can be matched,
 *    strict.ts, and keeps those counts as floors in every step below.)
 * 2. The LP relaxation is solved by column generation: start from the best `topK` candidates of
 *    each need, price every other non-vetoed pair with the LP duals, add those that could improve
 *    the LP, repeat. The final LP value bounds the optimum over ALL non-vetoed pairs (`lpBound`).
 * 3. Below national scale, the Lagrangian bound (lagrangian.ts, per-leader knapsacks, started
 *    from the LP duals) is tighter than the LP's, and its knapsack choices give better plans.
 *    When the best plan is already within 0.5% of that bound (and no proof is asked for), that
 *    is the answer: no MIP.
 * 4. Reduced-cost fixing: a pair whose reduced cost is below -(lpBound - incumbent) cannot be in
 *    any solution better than the incumbent. When the pairs left are few enough, the MIP takes
 *    them all and its proven bound holds for every pair; otherwise the MIP takes the LP's columns
 *    and the most promising others, and the LP bound is the proof.
 * 5. The MIP (HiGHS branch and cut) starts from the incumbent, with the Lagrangian bound as a row
 *    capping the objective, and stops on a relative gap (never on time, unless the safety limit
 *    is reached): 0.5% (a little less of its own bound), 0.01% at national scale, a proof for small
 *    models and `exact`. `gap` is the proven distance of the answer from the optimum over all
 *    non-vetoed pairs. Every step is deterministic, so the same problem gives the same plan.
 *
 * Longer than 400 lines on purpose: the steps are one argument (each step's bound or fixing
 * is what makes the next one exact), best read in one file.
 */

/** Candidate pairs as parallel arrays (a national run has hundreds of thousands). */
export interface AssignmentColumns {
  count: number
  need: Int32Array
  leader: Int32Array
  score: Float64Array
  /** Position in (need id, leader ref) order: breaks ties between equal scores. */
  tieRank: Float64Array
}

export interface AssignmentNeed {
  /** Half days charged to each academic year. */
  charge: readonly (readonly [number, number])[]
  teamId: number | null
  /** Needed by strict priority mode only. */
  priority?: Priority
}

export interface AssignmentLeader {
  /** Free half days per academic year. */
  free: ReadonlyMap<number, number>
}

export interface AssignmentProblem {
  needs: readonly AssignmentNeed[]
  leaders: readonly AssignmentLeader[]
  columns: AssignmentColumns
  /** Column indices forced into the answer. */
  pinned: ReadonlySet<number>
  maxNewPerLeader: number | null
}

export interface AssignmentOptions {
  strategy: 'optimal' | 'greedy'
  topK: number
  timeLimitSeconds: number
  /**
   * weighted: the priority multipliers are part of the scores. strict: first as many high-priority
   * needs matched as possible, then medium, then low (each count proven), then the best total.
   */
  priorityMode?: 'weighted' | 'strict'
  /** Prove the optimum instead of stopping within 0.5% of it. */
  exact?: boolean
}

export interface AssignmentResult {
  /** Chosen column indices, ascending. */
  chosen: number[]
  score: number
  greedyScore: number
  /** Upper bound from the LP relaxation over every non-vetoed pair. */
  lpBound: number
  /** Proven upper bound on the optimum over every non-vetoed pair. */
  upperBound: number
  /** (upperBound - score) / upperBound, 0 when proven optimal. */
  gap: number
  /** Strict priority mode: the counting stages, in order. */
  priorityStages?: PriorityStage[]
  solver: {
    status: 'optimal' | 'time-limit' | 'within-gap' | 'greedy-is-optimal' | 'greedy' | 'no-candidates'
    columns: number
    lpColumns: number
    mipColumns: number
    /** Whether the MIP saw every pair that could beat greedy, so its bound covers all pairs. */
    mipCoversAllPairs: boolean
    pricingRounds: number
    /** The Lagrangian bound (below national scale), and the subgradient steps it took. */
    lagrangianBound?: number
    lagrangianIterations?: number
    seconds: number
  }
}

/** Above this many pairs the MIP works on a promising subset and the LP bound is the proof. */
const MAX_MIP_COLUMNS = 60_000
/** Pairs per need, by reduced cost, added to the LP's own when the MIP works on a subset. */
const EXTRA_PER_NEED = 4

/** Builds the parallel arrays from a list of pairs (small problems and tests). */
export function columnsFrom(
  list: readonly {needIndex: number; leaderIndex: number; score: number; tieRank: number}[],
): AssignmentColumns {
  return {
    count: list.length,
    need: Int32Array.from(list, (column) => column.needIndex),
    leader: Int32Array.from(list, (column) => column.leaderIndex),
    score: Float64Array.from(list, (column) => column.score),
    tieRank: Float64Array.from(list, (column) => column.tieRank),
  }
}

export async function assign(
  problem: AssignmentProblem,
  options: AssignmentOptions,
  loadSolver: () => Promise<Solver>,
): Promise<AssignmentResult> {
  const started = performance.now()
  const seconds = () => Math.round(performance.now() - started) / 1000
  const {columns} = problem
  const plainRows = buildRows(problem)
  const greedy = greedyAssign(problem, plainRows)
  const greedyScore = sumScores(problem, greedy)
  const solverInfo: SolverInfo = {
    columns: columns.count,
    lpColumns: 0,
    mipColumns: 0,
    mipCoversAllPairs: false,
    pricingRounds: 0,
  }
  if (columns.count === 0) {
    return {
      chosen: [],
      score: 0,
      greedyScore,
      lpBound: 0,
      upperBound: 0,
      gap: 0,
      solver: {...solverInfo, status: 'no-candidates', seconds: seconds()},
    }
  }

  // When every need got its best candidate, nothing can beat greedy (and every need is matched,
  // so strict priority mode has nothing to add either).
  const bestPerNeed = new Float64Array(problem.needs.length)
  for (let column = 0; column < columns.count; column += 1) {
    const need = columns.need[column]!
    if (columns.score[column]! > bestPerNeed[need]!) bestPerNeed[need] = columns.score[column]!
  }
  const trivialBound = bestPerNeed.reduce((sum, value) => sum + value, 0)
  if (greedyScore >= trivialBound - EPSILON && problem.pinned.size === 0) {
    return {
      chosen: greedy,
      score: greedyScore,
      greedyScore,
      lpBound: trivialBound,
      upperBound: trivialBound,
      gap: 0,
      solver: {...solverInfo, status: 'greedy-is-optimal', seconds: seconds()},
    }
  }

  const solver = await loadSolver()
  let rows = plainRows
  let incumbent = greedy
  let priorityStages: PriorityStage[] | undefined
  if (options.priorityMode === 'strict') {
    const strict = maximisePriorityCounts(problem, solver, greedy, options.timeLimitSeconds)
    priorityStages = strict.stages
    rows = buildRows(problem, strict.floors)
    incumbent = keepsEveryRow(rows, greedy) ? greedy : greedyAssign(problem, rows, strict.plan)
  }
  let incumbentScore = sumScores(problem, incumbent)
  // Every way out ends here: the plan sorted, its score, the bounds and the solver's account.
  const finish = (
    chosen: readonly number[],
    score: number,
    upperBound: number,
    gap: number,
    status: AssignmentResult['solver']['status'],
  ): AssignmentResult => ({
    chosen: [...chosen].sort((a, b) => a - b),
    score,
    greedyScore,
    lpBound,
    upperBound,
    gap,
    solver: {...solverInfo, status, seconds: seconds()},
    ...(priorityStages ? {priorityStages} : {}),
  })

  const {lp, active, rounds, reducedCosts} = solveRelaxation(problem, rows, solver, options.topK, incumbent)
  const lpBound = lp.objective - tieBonus(problem, active, lp.colValue)
  solverInfo.lpColumns = active.length
  solverInfo.pricingRounds = rounds
  if (options.strategy === 'greedy')
    return finish(incumbent, incumbentScore, lpBound, relativeGap(incumbentScore, lpBound), 'greedy')

  // Small models, and --exact, are proven optimal; the rest stop within the promised gap.
  const provesOptimum = options.exact === true || columns.count <= EXACT_MODEL_COLUMNS
  // The Lagrangian bound and its plans, where the knapsacks are cheap (everything below national scale).
  let bound = lpBound
  if (columns.count <= MAX_MIP_COLUMNS) {
    // Within half the promised gap the MIP is not needed; --exact wants the best bound it can get.
    const stopGap = provesOptimum ? 0 : TARGET_GAP / 2
    const lagrangian = lagrangianBound(problem, rows, lp.rowDual, incumbentScore, greedyOrder(problem), stopGap)
    solverInfo.lagrangianBound = round4(lagrangian.bound)
    solverInfo.lagrangianIterations = lagrangian.iterations
    bound = Math.min(bound, lagrangian.bound)
    if (lagrangian.plan && lagrangian.planScore > incumbentScore + EPSILON) {
      incumbent = lagrangian.plan
      incumbentScore = sumScores(problem, incumbent)
    }
  }
  // National-scale models (no Lagrangian bound) keep the closer gap their MIP reaches in seconds.
  const gapPromised = columns.count > MAX_MIP_COLUMNS ? NATIONAL_GAP : TARGET_GAP
  if (!provesOptimum && relativeGap(incumbentScore, bound) <= gapPromised) {
    const chosen = settleTies(problem, rows, incumbent)
    const score = sumScores(problem, chosen)
    const upperBound = Math.max(score, bound)
    return finish(
      chosen,
      score,
      upperBound,
      relativeGap(score, upperBound),
      score >= upperBound - 1e-6 ? 'optimal' : 'within-gap',
    )
  }

  // Reduced-cost fixing against the incumbent.
  const threshold = -(lpBound - incumbentScore) - 1e-6
  let mipColumns: number[] = []
  for (let column = 0; column < columns.count; column += 1)
    if (reducedCosts[column]! >= threshold || problem.pinned.has(column)) mipColumns.push(column)
  const coversAll = mipColumns.length <= MAX_MIP_COLUMNS
  if (!coversAll) mipColumns = promisingColumns(problem, reducedCosts, active, incumbent)
  solverInfo.mipColumns = mipColumns.length
  solverInfo.mipCoversAllPairs = coversAll

  // Proofs take an absolute gap below the 0.0001 granularity of scores; national models stop within
  // 0.01% of the MIP's own bound; the rest within the promised 0.5%, a little less of the MIP's own
  // bound so that the reported gap stays inside it.
  const relativeGapWanted = provesOptimum ? 1e-9 : mipColumns.length > LARGE_MODEL_COLUMNS ? 1e-4 : TARGET_GAP * 0.9
  // A bound below the LP's, given to the MIP as a row that caps the objective: every better plan
  // keeps it, and the MIP's own bound starts there instead of at its LP.
  const cap = coversAll && bound < lpBound - 1e-6 ? bound + mipColumns.length * TIE_WEIGHT + 1e-6 : null
  const model = buildModel(problem, rows, mipColumns, undefined, cap)
  const mip = solver.mip(model, {
    timeLimitSeconds: options.timeLimitSeconds,
    warmStart: warmStartFor(mipColumns, incumbent),
    relativeGap: relativeGapWanted,
    absoluteGap: 1e-6,
  })
  let chosen = incumbent
  if (mip.colValue) {
    const fromMip = mipColumns.filter((_, index) => mip.colValue![index]! > 0.5)
    if (sumScores(problem, fromMip) > incumbentScore + EPSILON) chosen = fromMip
  }
  chosen = settleTies(problem, rows, chosen)
  const score = sumScores(problem, chosen)
  const proven = provesOptimum && coversAll && mip.status === 'optimal'
  // With every pair that could beat the incumbent in the MIP, its bound (or the incumbent, if higher) holds for all.
  const mipBound = proven ? score : coversAll ? Math.max(mip.bound, incumbentScore) : Infinity
  const upperBound = Math.max(score, Math.min(bound, mipBound))
  const gap = proven ? 0 : relativeGap(score, upperBound)
  return finish(
    chosen,
    score,
    upperBound,
    gap,
    gap === 0 ? 'optimal' : mip.status === 'time-limit' ? 'time-limit' : 'within-gap',
  )
}

/** The promised proven distance from the optimum (relative to the bound), unless --exact. */
const TARGET_GAP = 0.005
/** The gap national-scale models stop within: the 0.05% they have always reached in a few seconds. */
const NATIONAL_GAP = 0.0005
/** Models up to this many columns are proven optimal whatever is asked: they take milliseconds. */
const EXACT_MODEL_COLUMNS = 1_000

type SolverInfo = Omit<AssignmentResult['solver'], 'status' | 'seconds'>

/** Models with more columns stop at a small relative gap instead of proving the optimum. */
const LARGE_MODEL_COLUMNS = 20_000

/** The LP's own columns, the greedy plan, pins, and each need's best others by reduced cost. */
function promisingColumns(
  problem: AssignmentProblem,
  reducedCosts: Float64Array,
  active: readonly number[],
  greedy: readonly number[],
): number[] {
  const chosen = new Set<number>([...active, ...greedy, ...problem.pinned])
  const byNeed = new Map<number, number[]>()
  for (let column = 0; column < problem.columns.count; column += 1) {
    if (chosen.has(column)) continue
    const need = problem.columns.need[column]!
    const list = byNeed.get(need)
    if (list) list.push(column)
    else byNeed.set(need, [column])
  }
  for (const list of byNeed.values()) {
    list.sort((a, b) => reducedCosts[b]! - reducedCosts[a]!)
    for (const column of list.slice(0, EXTRA_PER_NEED)) chosen.add(column)
  }
  return [...chosen].sort((a, b) => a - b)
}

function tieBonus(problem: AssignmentProblem, chosen: readonly number[], colValue: Float64Array): number {
  let bonus = 0
  chosen.forEach((column, index) => {
    bonus += tieBonusOf(problem, column) * colValue[index]!
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
  const {columns} = problem
  const byNeed = new Map<number, number[]>()
  for (let column = 0; column < columns.count; column += 1) {
    const need = columns.need[column]!
    const list = byNeed.get(need)
    if (list) list.push(column)
    else byNeed.set(need, [column])
  }
  const activeSet = new Set<number>([...greedy, ...problem.pinned])
  for (const list of byNeed.values()) {
    list.sort((a, b) => columns.score[b]! - columns.score[a]! || columns.tieRank[a]! - columns.tieRank[b]!)
    for (const column of list.slice(0, topK)) activeSet.add(column)
  }
  const reducedCosts = new Float64Array(columns.count)
  let rounds = 0
  for (;;) {
    rounds += 1
    const active = [...activeSet].sort((a, b) => a - b)
    const lp = solver.lp(buildModel(problem, rows, active))
    const additions = new Map<number, number[]>()
    for (let column = 0; column < columns.count; column += 1) {
      let dual = 0
      for (let k = rows.start[column]!; k < rows.start[column + 1]!; k += 1)
        dual += rows.value[k]! * lp.rowDual[rows.row[k]!]!
      const reducedCost = columns.score[column]! - dual
      reducedCosts[column] = reducedCost
      if (reducedCost > 1e-7 && !activeSet.has(column)) {
        const need = columns.need[column]!
        const list = additions.get(need)
        if (list) list.push(column)
        else additions.set(need, [column])
      }
    }
    if (additions.size === 0) return {lp, active, rounds, reducedCosts}
    for (const list of additions.values()) {
      list.sort((a, b) => reducedCosts[b]! - reducedCosts[a]!)
      for (const column of list.slice(0, Math.max(3, topK))) activeSet.add(column)
    }
  }
}

// ---- greedy -------------------------------------------------------------------------------------

/**
 * Best score first; ties on need id then leader ref (tieRank); pinned pairs before all others.
 * Starts from `start` when given (a plan that keeps the floors, which greedy alone may not).
 */
export function greedyAssign(
  problem: AssignmentProblem,
  rows: Rows = buildRows(problem),
  start: readonly number[] = [],
): number[] {
  const order = greedyOrder(problem)
  const remaining = Float64Array.from(rows.rowUpper)
  const chosen: number[] = []
  const take = (column: number) => {
    for (let k = rows.start[column]!; k < rows.start[column + 1]!; k += 1) remaining[rows.row[k]!]! -= rows.value[k]!
    chosen.push(column)
  }
  for (const column of start) take(column)
  const started = new Set(start)
  for (const column of order) {
    if (started.has(column)) continue
    let fits = true
    for (let k = rows.start[column]!; k < rows.start[column + 1]!; k += 1) {
      // Floor entries are negative: taking a column never breaks a floor.
      if (rows.value[k]! > 0 && remaining[rows.row[k]!]! < rows.value[k]! - EPSILON) {
        fits = false
        break
      }
    }
    if (fits) take(column)
  }
  return chosen
}

/** Columns in greedy order: pins first, then score (4 decimals) down, then tie rank. */
export function greedyOrder(problem: AssignmentProblem): Uint32Array {
  const {columns} = problem
  // One numeric key per column, sorted natively.
  const keys = new Float64Array(columns.count)
  const exactKeys = columns.tieRank.every((rank) => rank < 2 ** 30)
  for (let column = 0; column < columns.count; column += 1) {
    const scoreRank = 20_000 - Math.round(columns.score[column]! * 10_000)
    keys[column] =
      (problem.pinned.has(column) ? 0 : 1) * 2 ** 45 + scoreRank * 2 ** 30 + (exactKeys ? columns.tieRank[column]! : 0)
  }
  return Uint32Array.from({length: columns.count}, (_, index) => index).sort(
    (a, b) => keys[a]! - keys[b]! || columns.tieRank[a]! - columns.tieRank[b]!,
  )
}

/**
 * The solver returns one of the plans with the best total, not necessarily the one the tie rule
 * prefers: its tolerances are far coarser than the tie bonus. Exchanges between equally scored
 * pairs keep the total and move the plan towards earlier (need id, leader ref) pairs, so the same
 * registry gives the same plan whichever path the solver took:
 * - a need moves to an equally scored leader who comes earlier and has room;
 * - an unserved need takes the leader of an equally scored later need.
 * Each exchange lowers the sum of the chosen pairs' tie ranks, so the passes end.
 */
function settleTies(problem: AssignmentProblem, rows: Rows, chosen: readonly number[]): number[] {
  const {columns} = problem
  const remaining = Float64Array.from(rows.rowUpper)
  const servedBy = new Int32Array(problem.needs.length).fill(-1)
  const chosenOf = new Map<number, Set<number>>()
  const take = (column: number, sign: 1 | -1) => {
    for (let k = rows.start[column]!; k < rows.start[column + 1]!; k += 1)
      remaining[rows.row[k]!]! -= sign * rows.value[k]!
    const leader = columns.leader[column]!
    if (sign === 1) {
      servedBy[columns.need[column]!] = column
      chosenOf.set(leader, (chosenOf.get(leader) ?? new Set()).add(column))
    } else {
      servedBy[columns.need[column]!] = -1
      chosenOf.get(leader)!.delete(column)
    }
  }
  const keeps = (column: number) => {
    for (let k = rows.start[column]!; k < rows.start[column + 1]!; k += 1)
      if (remaining[rows.row[k]!]! < -EPSILON) return false
    return true
  }
  /** Gives up `current` for `better` if every row (floors too) still holds; says whether it did. */
  const exchange = (current: number, better: number) => {
    take(current, -1)
    take(better, 1)
    if (keeps(better) && keeps(current)) return true
    take(better, -1)
    take(current, 1)
    return false
  }
  const tied = (a: number, b: number) => Math.abs(columns.score[a]! - columns.score[b]!) <= EPSILON
  for (const column of chosen) take(column, 1)
  for (let changed = true; changed;) {
    changed = false
    for (let candidate = 0; candidate < columns.count; candidate += 1) {
      const need = columns.need[candidate]!
      const current = servedBy[need]!
      if (current === candidate) continue
      if (current >= 0) {
        if (
          !problem.pinned.has(current) &&
          tied(candidate, current) &&
          columns.tieRank[candidate]! < columns.tieRank[current]!
        )
          changed = exchange(current, candidate) || changed
        continue
      }
      for (const other of [...(chosenOf.get(columns.leader[candidate]!) ?? [])]) {
        if (
          problem.pinned.has(other) ||
          !tied(candidate, other) ||
          columns.tieRank[candidate]! >= columns.tieRank[other]!
        )
          continue
        if (exchange(other, candidate)) {
          changed = true
          break
        }
      }
    }
  }
  return [...servedBy].filter((column) => column >= 0)
}

function sumScores(problem: AssignmentProblem, chosen: readonly number[]): number {
  let total = 0
  for (const column of chosen) total += problem.columns.score[column]!
  return Math.round(total * 10_000) / 10_000
}

function relativeGap(score: number, bound: number): number {
  if (bound <= EPSILON) return 0
  return Math.max(0, (bound - score) / bound)
}
