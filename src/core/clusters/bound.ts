import type {Solver, SparseModel} from '../match/solver.js'
import type {Centre} from './structure.js'

/**
 * A proven lower bound on stage 2 (total travel, given that `placed` schools are placed), for
 * problems too large to solve exactly: Lagrangian relaxation of "each school in at most one
 * cluster" (multipliers lambda_i >= 0) and of "exactly `placed` schools placed" (mu, free), as for
 * the capacitated p-median problem. What is left splits by centre: open the centre (cost
 * lambda_c - mu) with its min-1 cheapest members and any further member of negative reduced cost
 * d_ci + lambda_i - mu, up to the largest cluster one of its leaders may take, or leave it closed.
 *
 *   L(lambda, mu, nu) = -sum_i lambda_i + mu * placed - nu * leaders + sum_c min(0, open_c + nu)
 *
 * Every L is a lower bound (the leader rules are relaxed too: a member needs only some leader of
 * its centre to fit it); subgradient steps raise it towards the best one. Deterministic: fixed
 * starting point, fixed steps.
 */

export interface BoundOptions {
  /** The travel of a known plan placing `placed` schools: the step size aims at it. */
  upperBound: number
  /** Leaders with the days for a cluster: no more clusters than this open (multiplier nu >= 0). */
  leaders: number
  iterations?: number
  /** Starting step factor, and how many steps without a better bound before it is halved. */
  theta?: number
  patience?: number
}

export function travelLowerBound(
  schoolCount: number,
  centres: readonly Centre[],
  minSize: number,
  placed: number,
  options: BoundOptions,
): number {
  if (placed === 0) return 0
  const lambda = new Float64Array(schoolCount)
  const chosen = new Int32Array(schoolCount)
  const caps = centres.map((centre) => Math.max(...centre.options.map((option) => option.cap)))
  const reduced = centres.map((centre) => new Float64Array(centre.members.length))
  const order = centres.map((centre) => centre.members.map((_, index) => index))
  let mu = 0
  let nu = 0
  let best = 0
  let theta = options.theta ?? 2
  let sinceBest = 0
  const iterations = options.iterations ?? 1000
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    chosen.fill(0)
    let value = mu * placed - nu * options.leaders
    let opened = 0
    for (let index = 0; index < schoolCount; index += 1) value -= lambda[index]!
    let count = 0
    centres.forEach((centre, c) => {
      const costs = reduced[c]!
      centre.members.forEach((member, index) => {
        costs[index] = member.metres + lambda[member.school]! - mu
      })
      const sorted = order[c]!.sort((a, b) => costs[a]! - costs[b]! || a - b)
      let open = lambda[centre.centre]! - mu + nu
      let take = 0
      for (; take < minSize - 1; take += 1) open += costs[sorted[take]!]!
      while (take < caps[c]! - 1 && take < sorted.length && costs[sorted[take]!]! < 0) {
        open += costs[sorted[take]!]!
        take += 1
      }
      if (open >= 0) return
      value += open
      chosen[centre.centre]! += 1
      opened += 1
      count += 1 + take
      for (let index = 0; index < take; index += 1) chosen[centre.members[sorted[index]!]!.school]! += 1
    })
    if (value > best + 1e-9) {
      best = value
      sinceBest = 0
    } else if ((sinceBest += 1) >= (options.patience ?? 50)) {
      theta /= 2
      sinceBest = 0
    }
    if (options.upperBound - best < 1 || theta < 1e-4) break
    const leaderSlack = opened - options.leaders
    let norm = (placed - count) ** 2 + (leaderSlack > 0 || nu > 0 ? leaderSlack ** 2 : 0)
    for (let index = 0; index < schoolCount; index += 1) {
      const g = chosen[index]! - 1
      if (g > 0 || lambda[index]! > 0) norm += g * g
    }
    if (norm === 0) break
    const step = (theta * Math.max(1, options.upperBound - value)) / norm
    for (let index = 0; index < schoolCount; index += 1)
      lambda[index] = Math.max(0, lambda[index]! + step * (chosen[index]! - 1))
    mu += step * (placed - count)
    nu = Math.max(0, nu + step * leaderSlack)
  }
  return Math.max(0, Math.ceil(best - 1e-6))
}

/**
 * The same relaxation's LP bound, solved by HiGHS: open y_c, join x_ci <= y_c, each school in at
 * most one cluster, sizes within [min, cap_c], exactly `placed` placed, at most `leaders` clusters.
 * Proven, and at least as strong as any Lagrangian step; used where the LP is small enough.
 */
export function travelLpBound(
  schoolCount: number,
  centres: readonly Centre[],
  minSize: number,
  placed: number,
  leaders: number,
  solver: Solver,
): number {
  const rowsOfColumns: {rows: number[]; values: number[]; cost: number}[] = []
  let rows = schoolCount
  const placedRow = rows++
  const leaderRow = rows++
  const rowUpper: number[] = [...new Array<number>(schoolCount).fill(1), -placed, leaders]
  for (const centre of centres) {
    const cap = Math.max(...centre.options.map((option) => option.cap))
    const minRow = rows++
    const maxRow = rows++
    rowUpper.push(0, 0)
    const y = {
      rows: [centre.centre, placedRow, leaderRow, minRow, maxRow],
      values: [1, -1, 1, minSize - 1, -(cap - 1)],
      cost: 0,
    }
    rowsOfColumns.push(y)
    for (const member of centre.members) {
      const link = rows++
      rowUpper.push(0)
      y.rows.push(link)
      y.values.push(-1)
      rowsOfColumns.push({
        rows: [member.school, placedRow, minRow, maxRow, link],
        values: [1, -1, -1, 1, 1],
        cost: -member.metres,
      })
    }
  }
  const starts = new Int32Array(rowsOfColumns.length + 1)
  let count = 0
  rowsOfColumns.forEach((column, index) => {
    starts[index] = count
    count += column.rows.length
  })
  starts[rowsOfColumns.length] = count
  const indices = new Int32Array(count)
  const values = new Float64Array(count)
  let at = 0
  for (const column of rowsOfColumns) {
    const order = column.rows.map((_, index) => index).sort((a, b) => column.rows[a]! - column.rows[b]!)
    for (const index of order) {
      indices[at] = column.rows[index]!
      values[at] = column.values[index]!
      at += 1
    }
  }
  const model: SparseModel = {
    numCols: rowsOfColumns.length,
    numRows: rows,
    cost: Float64Array.from(rowsOfColumns, (column) => column.cost),
    colLower: new Float64Array(rowsOfColumns.length),
    colUpper: new Float64Array(rowsOfColumns.length).fill(1),
    rowUpper: Float64Array.from(rowUpper),
    starts,
    indices,
    values,
  }
  return Math.max(0, Math.ceil(-solver.lp(model).objective - 1e-6))
}
