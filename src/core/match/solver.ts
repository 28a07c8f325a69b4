/**
 * What the assignment (assign.ts) asks of a linear-programming solver. Models are maximisation
 * problems `max c'x  s.t.  Ax <= rowUpper, colLower <= x <= colUpper` in compressed sparse
 * columns. The core never loads a solver: the match service passes one in (services/solver.ts
 * loads HiGHS, compiled to WebAssembly, only when a match needs it).
 */

export interface SparseModel {
  numCols: number
  numRows: number
  cost: Float64Array
  colLower: Float64Array
  colUpper: Float64Array
  rowUpper: Float64Array
  /** CSC: column j's entries are indices/values[starts[j] .. starts[j+1]). */
  starts: Int32Array
  indices: Int32Array
  values: Float64Array
}

export interface LpResult {
  objective: number
  /** Row duals, non-negative for the <= rows of a maximisation. */
  rowDual: Float64Array
  colValue: Float64Array
}

export type MipStatus = 'optimal' | 'time-limit' | 'node-limit' | 'infeasible' | 'other'

export interface MipResult {
  status: MipStatus
  /** Objective of the best solution found (null when none). */
  objective: number | null
  /** The solver's proven upper bound on the optimum. */
  bound: number
  colValue: Float64Array | null
}

export interface MipOptions {
  timeLimitSeconds: number
  warmStart?: Float64Array
  /** Stop once (bound - objective) / |objective| is at most this (the solver's own bound). */
  relativeGap: number
  /** Or once bound - objective is at most this. */
  absoluteGap: number
  /** Stop after this many branch-and-bound nodes: a deterministic limit, where time is not. */
  maxNodes?: number
}

export interface Solver {
  lp(model: SparseModel): LpResult
  mip(model: SparseModel, options: MipOptions): MipResult
}
