import type {AssignmentProblem} from './assign.js'
import {EPSILON, keepsEveryRow, type Rows} from './rows.js'

/**
 * A bound stronger than the LP's, and plans near it, for the assignment (assign.ts).
 *
 * Relaxing the rows that tie leaders together (one leader per need, one place per leader in a
 * team, strict mode's floors) with multipliers u >= 0 leaves one small problem per leader: which
 * of their candidate needs to take within their half days per year (and new-proposal limit), a
 * knapsack solved exactly by dynamic programming. For any u,
 *   L(u) = sum(u_r b_r) + sum over leaders of the best knapsack under profits c_j - sum(u_r a_rj)
 * bounds the optimum from above; because each knapsack is solved in whole needs, the best L(u) is
 * at least as low as the LP bound and usually lower (the classic bound for generalised assignment).
 * Subgradient steps (Polyak's rule towards the incumbent) start from the LP's duals. Every few
 * steps the leaders' knapsack choices, repaired into a plan (best scores first where two leaders
 * chose one need, then filled greedily), may give a better incumbent.
 *
 * Deterministic: the same problem and start give the same steps, bound and plans.
 */

export interface LagrangianResult {
  bound: number
  /** The best plan found (keeps every row), or null when none beat the given incumbent. */
  plan: number[] | null
  planScore: number
  iterations: number
}

/** Leader knapsacks with more states than this are bounded loosely (every profitable need taken). */
const MAX_STATES = 200_000
const ITERATIONS = 400
const HEURISTIC_EVERY = 8

interface Knapsack {
  columns: Int32Array
  /** Per column, its state offset (sum of weight x stride), or -1 when a weight is not a whole number. */
  offset: Int32Array
  /** Per column and dimension, the weight. */
  weights: Int32Array
  capacity: Int32Array
  stride: Int32Array
  states: number
  /** Half days (and count) taken by pinned columns, which are always in. */
  pinned: Int32Array
  exact: boolean
}

export function lagrangianBound(
  problem: AssignmentProblem,
  rows: Rows,
  startMultipliers: Float64Array,
  incumbentScore: number,
  order: Uint32Array,
  /** Stop once the best plan is within this relative distance of the bound (0: run every step). */
  stopGap: number,
): LagrangianResult {
  const {columns} = problem
  const relaxed = new Uint8Array(rows.count)
  for (let row = 0; row < rows.count; row += 1) relaxed[row] = rows.leaderOfRow[row]! < 0 ? 1 : 0
  const knapsacks = buildKnapsacks(problem, rows)
  const multipliers = new Float64Array(rows.count)
  for (let row = 0; row < rows.count; row += 1) if (relaxed[row]) multipliers[row] = Math.max(0, startMultipliers[row]!)

  const profit = new Float64Array(columns.count)
  const taken = new Uint8Array(columns.count)
  const subgradient = new Float64Array(rows.count)
  let bestBound = Infinity
  let bestPlan: number[] | null = null
  let bestScore = incumbentScore
  let step = 0.5
  let sinceImproved = 0
  let iterations = 0
  for (; iterations < ITERATIONS; iterations += 1) {
    for (let column = 0; column < columns.count; column += 1) {
      let value = columns.score[column]!
      for (let k = rows.start[column]!; k < rows.start[column + 1]!; k += 1) {
        const row = rows.row[k]!
        if (relaxed[row]) value -= multipliers[row]! * rows.value[k]!
      }
      profit[column] = value
    }
    let bound = 0
    for (let row = 0; row < rows.count; row += 1) if (relaxed[row]) bound += multipliers[row]! * rows.rowUpper[row]!
    taken.fill(0)
    for (const knapsack of knapsacks) bound += solveKnapsack(knapsack, profit, taken, problem.pinned)
    if (bound < bestBound - 1e-9) {
      bestBound = bound
      sinceImproved = 0
    } else if ((sinceImproved += 1) >= 12) {
      step /= 2
      sinceImproved = 0
    }
    if (iterations % HEURISTIC_EVERY === 0) {
      const plan = repair(problem, rows, taken, order)
      if (plan) {
        const score = plan.reduce((sum, column) => sum + columns.score[column]!, 0)
        if (score > bestScore + EPSILON) {
          bestScore = score
          bestPlan = plan
        }
      }
    }
    if (bestBound - bestScore <= Math.max(1e-6, stopGap * bestBound) || step < 1e-4) break
    subgradient.fill(0)
    for (let row = 0; row < rows.count; row += 1) if (relaxed[row]) subgradient[row] = rows.rowUpper[row]!
    let norm = 0
    for (let column = 0; column < columns.count; column += 1) {
      if (!taken[column]) continue
      for (let k = rows.start[column]!; k < rows.start[column + 1]!; k += 1) {
        const row = rows.row[k]!
        if (relaxed[row]) subgradient[row]! -= rows.value[k]!
      }
    }
    for (let row = 0; row < rows.count; row += 1) {
      // A row at its bound with a zero multiplier cannot move further down: leave it out of the step.
      if (!relaxed[row] || (multipliers[row] === 0 && subgradient[row]! > 0)) subgradient[row] = 0
      norm += subgradient[row]! ** 2
    }
    if (norm === 0) break
    const length = (step * (bound - bestScore)) / norm
    for (let row = 0; row < rows.count; row += 1)
      if (subgradient[row] !== 0) multipliers[row] = Math.max(0, multipliers[row]! - length * subgradient[row]!)
  }
  return {bound: bestBound, plan: bestPlan, planScore: bestScore, iterations}
}

/** Each leader's candidate columns and capacity rows, as a knapsack over a mixed-radix state. */
function buildKnapsacks(problem: AssignmentProblem, rows: Rows): Knapsack[] {
  const {columns} = problem
  const byLeader = new Map<number, number[]>()
  for (let column = 0; column < columns.count; column += 1) {
    const leader = columns.leader[column]!
    const list = byLeader.get(leader)
    if (list) list.push(column)
    else byLeader.set(leader, [column])
  }
  const knapsacks: Knapsack[] = []
  for (const list of byLeader.values()) {
    const leaderRows = new Map<number, number>()
    for (const column of list)
      for (let k = rows.start[column]!; k < rows.start[column + 1]!; k += 1) {
        const row = rows.row[k]!
        if (rows.leaderOfRow[row]! >= 0 && !leaderRows.has(row)) leaderRows.set(row, leaderRows.size)
      }
    const dimensions = leaderRows.size
    const capacity = new Int32Array(dimensions)
    for (const [row, dimension] of leaderRows)
      capacity[dimension] = Math.max(0, Math.floor(rows.rowUpper[row]! + EPSILON))
    const weights = new Int32Array(list.length * dimensions)
    let exact = true
    list.forEach((column, index) => {
      for (let k = rows.start[column]!; k < rows.start[column + 1]!; k += 1) {
        const dimension = leaderRows.get(rows.row[k]!)
        if (dimension === undefined) continue
        const weight = rows.value[k]!
        if (Math.abs(weight - Math.round(weight)) > EPSILON) exact = false
        weights[index * dimensions + dimension] = Math.round(weight)
      }
    })
    const pinned = new Int32Array(dimensions)
    list.forEach((column, index) => {
      if (!problem.pinned.has(column)) return
      for (let dimension = 0; dimension < dimensions; dimension += 1)
        pinned[dimension]! += weights[index * dimensions + dimension]!
    })
    const stride = new Int32Array(dimensions)
    let states = 1
    for (let dimension = 0; dimension < dimensions; dimension += 1) {
      capacity[dimension] = Math.max(0, capacity[dimension]! - pinned[dimension]!)
      stride[dimension] = states
      states *= capacity[dimension]! + 1
    }
    if (states > MAX_STATES) exact = false
    const offset = new Int32Array(list.length)
    list.forEach((_, index) => {
      let at = 0
      for (let dimension = 0; dimension < dimensions; dimension += 1)
        at += weights[index * dimensions + dimension]! * stride[dimension]!
      offset[index] = at
    })
    knapsacks.push({
      columns: Int32Array.from(list),
      offset,
      weights,
      capacity,
      stride,
      states: exact ? states : 0,
      pinned,
      exact,
    })
  }
  return knapsacks
}

const scratchValue: {array: Float64Array} = {array: new Float64Array(1024)}
const scratchTake: {array: Uint8Array} = {array: new Uint8Array(1024)}

/** The leader's best choice under `profit`; marks the chosen columns in `taken`; returns its value. */
function solveKnapsack(
  knapsack: Knapsack,
  profit: Float64Array,
  taken: Uint8Array,
  pinned: ReadonlySet<number>,
): number {
  const {columns, offset, weights, capacity, stride} = knapsack
  let value = 0
  const items: number[] = []
  for (let index = 0; index < columns.length; index += 1) {
    const column = columns[index]!
    if (pinned.has(column)) {
      value += profit[column]!
      taken[column] = 1
    } else if (profit[column]! > 1e-12) items.push(index)
  }
  if (items.length === 0) return value
  if (!knapsack.exact) {
    // Too large to solve exactly: every profitable need taken still bounds the leader's best.
    for (const index of items) {
      value += profit[columns[index]!]!
      taken[columns[index]!] = 1
    }
    return value
  }
  const dimensions = capacity.length
  const states = knapsack.states
  if (scratchValue.array.length < states) scratchValue.array = new Float64Array(states)
  if (scratchTake.array.length < states * items.length) scratchTake.array = new Uint8Array(states * items.length)
  const best = scratchValue.array
  const take = scratchTake.array
  best.fill(0, 0, states)
  take.fill(0, 0, states * items.length)
  items.forEach((index, position) => {
    const gain = profit[columns[index]!]!
    const shift = offset[index]!
    const row = position * states
    for (let state = states - 1; state >= shift; state -= 1) {
      if (dimensions > 1) {
        let fits = true
        for (let dimension = 0; dimension < dimensions; dimension += 1) {
          const digit = Math.floor(state / stride[dimension]!) % (capacity[dimension]! + 1)
          if (digit < weights[index * dimensions + dimension]!) {
            fits = false
            break
          }
        }
        if (!fits) continue
      }
      const candidate = best[state - shift]! + gain
      if (candidate > best[state]!) {
        best[state] = candidate
        take[row + state] = 1
      }
    }
  })
  let state = states - 1
  value += best[state]!
  for (let position = items.length - 1; position >= 0; position -= 1) {
    if (take[position * states + state]) {
      taken[columns[items[position]!]!] = 1
      state -= offset[items[position]!]!
    }
  }
  return value
}

/**
 * A plan from the leaders' knapsack choices: pins first, then the chosen pairs in `order` (best
 * score first), each only if it still fits, then every other pair in the same order.
 */
function repair(problem: AssignmentProblem, rows: Rows, taken: Uint8Array, order: Uint32Array): number[] | null {
  const remaining = Float64Array.from(rows.rowUpper)
  const chosen: number[] = []
  const fits = (column: number) => {
    for (let k = rows.start[column]!; k < rows.start[column + 1]!; k += 1)
      if (rows.value[k]! > 0 && remaining[rows.row[k]!]! < rows.value[k]! - EPSILON) return false
    return true
  }
  const take = (column: number) => {
    for (let k = rows.start[column]!; k < rows.start[column + 1]!; k += 1) remaining[rows.row[k]!]! -= rows.value[k]!
    chosen.push(column)
  }
  for (const column of problem.pinned) take(column)
  for (const pass of [1, 0])
    for (const column of order) {
      if (taken[column] !== pass || problem.pinned.has(column)) continue
      if (fits(column)) take(column)
    }
  return keepsEveryRow(rows, chosen) ? chosen : null
}
