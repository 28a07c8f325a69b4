import type {Priority} from '../model.js'
import type {AssignmentProblem} from './assign.js'
import type {SparseModel} from './solver.js'

/**
 * The assignment's constraint matrix, shared by the greedy plan, the LP, the Lagrangian bound and
 * the MIP (assign.ts). Every row is `sum(value x) <= rowUpper`; a floor ("at least n needs of
 * this priority matched", strict priority mode) is written as `-sum(x) <= -n`, so its entries
 * are the only negative ones.
 */

/** The constraint matrix by column (CSC): need rows, leader-year capacity rows, count, team and floor rows. */
export interface Rows {
  count: number
  rowUpper: number[]
  start: Int32Array
  row: Int32Array
  value: Float64Array
  /** Row -> the leader whose capacity (days, or new proposals) it is; -1 for need, team and floor rows. */
  leaderOfRow: Int32Array
}

/** At least `minimum` needs of this priority matched. */
export interface PriorityFloor {
  priority: Priority
  minimum: number
}

/** A tiny bonus for earlier (need id, leader ref) pairs breaks ties between equal scores. */
export const TIE_WEIGHT = 1e-7
export const EPSILON = 1e-9

export function buildRows(problem: AssignmentProblem, floors: readonly PriorityFloor[] = []): Rows {
  const {columns} = problem
  const rowUpper: number[] = problem.needs.map(() => 1)
  const leaderOfRow: number[] = problem.needs.map(() => -1)
  const floorRow = new Map<Priority, number>()
  for (const floor of floors) {
    floorRow.set(floor.priority, rowUpper.push(-floor.minimum) - 1)
    leaderOfRow.push(-1)
  }
  const capacityRow = new Map<string, number>()
  const countRow = new Map<number, number>()
  const teamRow = new Map<string, number>()
  const teamLeaderColumns = new Map<string, number>()
  for (let column = 0; column < columns.count; column += 1) {
    const team = problem.needs[columns.need[column]!]!.teamId
    if (team !== null) {
      const key = `${team}:${columns.leader[column]}`
      teamLeaderColumns.set(key, (teamLeaderColumns.get(key) ?? 0) + 1)
    }
  }
  const newRow = (upper: number, leader: number) => {
    leaderOfRow.push(leader)
    return rowUpper.push(upper) - 1
  }
  const start = new Int32Array(columns.count + 1)
  const rowList: number[] = []
  const valueList: number[] = []
  for (let column = 0; column < columns.count; column += 1) {
    start[column] = rowList.length
    const needIndex = columns.need[column]!
    const leaderIndex = columns.leader[column]!
    const need = problem.needs[needIndex]!
    rowList.push(needIndex)
    valueList.push(1)
    for (const [year, halfDays] of need.charge) {
      if (halfDays <= 0) continue
      const key = `${leaderIndex}:${year}`
      let row = capacityRow.get(key)
      if (row === undefined) {
        row = newRow(Math.max(0, problem.leaders[leaderIndex]!.free.get(year) ?? 0), leaderIndex)
        capacityRow.set(key, row)
      }
      rowList.push(row)
      valueList.push(halfDays)
    }
    if (problem.maxNewPerLeader !== null) {
      let row = countRow.get(leaderIndex)
      if (row === undefined) {
        row = newRow(problem.maxNewPerLeader, leaderIndex)
        countRow.set(leaderIndex, row)
      }
      rowList.push(row)
      valueList.push(1)
    }
    if (need.teamId !== null && (teamLeaderColumns.get(`${need.teamId}:${leaderIndex}`) ?? 0) > 1) {
      const key = `${need.teamId}:${leaderIndex}`
      let row = teamRow.get(key)
      if (row === undefined) {
        row = newRow(1, -1)
        teamRow.set(key, row)
      }
      rowList.push(row)
      valueList.push(1)
    }
    const floor = need.priority === undefined ? undefined : floorRow.get(need.priority)
    if (floor !== undefined) {
      rowList.push(floor)
      valueList.push(-1)
    }
  }
  start[columns.count] = rowList.length
  return {
    count: rowUpper.length,
    rowUpper,
    start,
    row: Int32Array.from(rowList),
    value: Float64Array.from(valueList),
    leaderOfRow: Int32Array.from(leaderOfRow),
  }
}

/** The tie bonus of a column: earlier (need id, leader ref) pairs get slightly more. */
export function tieBonusOf(problem: AssignmentProblem, column: number): number {
  return TIE_WEIGHT * (1 - problem.columns.tieRank[column]! / problem.columns.count)
}

/** The model over a subset of columns; `cost` overrides the scores (plus tie bonus) when given. */
export function buildModel(
  problem: AssignmentProblem,
  rows: Rows,
  chosen: readonly number[],
  cost?: (column: number) => number,
  objectiveCap: number | null = null,
): SparseModel {
  const {columns} = problem
  let nonZeros = 0
  for (const column of chosen) nonZeros += rows.start[column + 1]! - rows.start[column]!
  const starts = new Int32Array(chosen.length + 1)
  const indices = new Int32Array(nonZeros)
  const values = new Float64Array(nonZeros)
  const costs = new Float64Array(chosen.length)
  const colLower = new Float64Array(chosen.length)
  const colUpper = new Float64Array(chosen.length).fill(1)
  let at = 0
  chosen.forEach((column, index) => {
    starts[index] = at
    for (let k = rows.start[column]!; k < rows.start[column + 1]!; k += 1) {
      indices[at] = rows.row[k]!
      values[at] = rows.value[k]!
      at += 1
    }
    costs[index] = cost ? cost(column) : columns.score[column]! + tieBonusOf(problem, column)
    if (problem.pinned.has(column)) colLower[index] = 1
  })
  starts[chosen.length] = at
  if (objectiveCap === null) {
    return {
      numCols: chosen.length,
      numRows: rows.count,
      cost: costs,
      colLower,
      colUpper,
      rowUpper: Float64Array.from(rows.rowUpper),
      starts,
      indices,
      values,
    }
  }
  // One more row, the objective itself, capped: each column gains one entry at its end.
  const capRow = rows.count
  const cappedStarts = new Int32Array(chosen.length + 1)
  const cappedIndices = new Int32Array(nonZeros + chosen.length)
  const cappedValues = new Float64Array(nonZeros + chosen.length)
  let to = 0
  for (let index = 0; index < chosen.length; index += 1) {
    cappedStarts[index] = to
    for (let k = starts[index]!; k < starts[index + 1]!; k += 1) {
      cappedIndices[to] = indices[k]!
      cappedValues[to] = values[k]!
      to += 1
    }
    cappedIndices[to] = capRow
    cappedValues[to] = costs[index]!
    to += 1
  }
  cappedStarts[chosen.length] = to
  return {
    numCols: chosen.length,
    numRows: rows.count + 1,
    cost: costs,
    colLower,
    colUpper,
    rowUpper: Float64Array.from([...rows.rowUpper, objectiveCap]),
    starts: cappedStarts,
    indices: cappedIndices,
    values: cappedValues,
  }
}

/** Whether a plan keeps every row, floors included. */
export function keepsEveryRow(rows: Rows, chosen: readonly number[]): boolean {
  const remaining = Float64Array.from(rows.rowUpper)
  for (const column of chosen)
    for (let k = rows.start[column]!; k < rows.start[column + 1]!; k += 1) remaining[rows.row[k]!]! -= rows.value[k]!
  return remaining.every((value) => value >= -EPSILON)
}

/** A 0/1 start for a model over `modelColumns` from a plan. */
export function warmStartFor(modelColumns: readonly number[], plan: readonly number[]): Float64Array {
  const warmStart = new Float64Array(modelColumns.length)
  const position = new Map(modelColumns.map((column, index) => [column, index]))
  for (const column of plan) {
    const at = position.get(column)
    if (at !== undefined) warmStart[at] = 1
  }
  return warmStart
}
