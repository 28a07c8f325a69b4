import type {MipResult, Solver, SparseModel} from '../match/solver.js'
import type {ClusterProblem, PlannedCluster} from './model.js'
import type {Centre} from './structure.js'

/**
 * The clustering as a mixed-integer programme, solved in three stages, each keeping the earlier
 * stages' optimum as a constraint (a lexicographic objective):
 *   1. place as many schools as possible in clusters with a fitting leader;
 *   2. then minimise total travel, each school to its cluster's centre school (whole metres);
 *   3. then maximise the summed match score of each leader with their cluster's schools: the leaders
 *      of the stage 2 clusters are chosen exactly (solve.ts, chooseLeaders). Travel is counted in
 *      whole metres, so two groupings rarely tie on it; where they do, only the one found is scored.
 *
 * Variables: z[c,l] = 1 when school c is a centre led by leader l; x[c,i] = 1 when school i joins
 * the cluster centred on c (the centre itself is counted through z). Rows, all "<=":
 *   school i in at most one cluster:     sum_c x[c,i] + sum_l z[i,l] <= 1
 *   the leader fits every member:        x[c,i] - sum_{l fits i} z[c,l] <= 0
 *   size at least min:                   (min - 1) sum_l z[c,l] - sum_i x[c,i] <= 0
 *   size at most the leader's cap:       sum_i x[c,i] - sum_l (cap_l - 1) z[c,l] <= 0
 *   a leader leads at most one cluster:  sum_c z[c,l] <= 1 (or the copies it stands for)
 *   with a capacity, demand within it:   sum_i d_i x[c,i] + sum_l (d_c - capacity) z[c,l] <= 0
 */

export interface StageOptions {
  timeLimitSeconds: number
  /** A deterministic stop for large problems (branch-and-bound nodes); none: run to optimality. */
  maxNodes?: number
  /** Stage 3: the leaders with the best summed score for the stage 2 clusters. */
  chooseLeaders: (clusters: PlannedCluster[]) => PlannedCluster[]
  /** Told when each stage ends, for timing. */
  onStage?: (stage: string) => void
}

export interface StagedResult {
  clusters: PlannedCluster[]
  placed: number
  /** The solver's proven upper bound on schools placed. */
  placedBound: number
  travelMetres: number
  /** The solver's proven lower bound on travel, given `placed` schools placed. */
  travelBoundMetres: number
  /** Whether stages 1 and 2 were solved to proven optimality. */
  optimal: boolean
}

interface Column {
  rows: number[]
  values: number[]
  upper: number
}

class ModelBuilder {
  readonly columns: Column[] = []
  readonly rowUpper: number[] = []

  addRow(upper: number): number {
    this.rowUpper.push(upper)
    return this.rowUpper.length - 1
  }

  addColumn(upper = 1): number {
    this.columns.push({rows: [], values: [], upper})
    return this.columns.length - 1
  }

  set(column: number, row: number, value: number): void {
    const entry = this.columns[column]!
    entry.rows.push(row)
    entry.values.push(value)
  }

  build(cost: (column: number) => number): SparseModel {
    const starts = new Int32Array(this.columns.length + 1)
    let count = 0
    this.columns.forEach((column, index) => {
      starts[index] = count
      count += column.rows.length
    })
    starts[this.columns.length] = count
    const indices = new Int32Array(count)
    const values = new Float64Array(count)
    let at = 0
    for (const column of this.columns) {
      // HiGHS wants each column's row indices ascending.
      const order = column.rows.map((_, index) => index).sort((a, b) => column.rows[a]! - column.rows[b]!)
      for (const index of order) {
        indices[at] = column.rows[index]!
        values[at] = column.values[index]!
        at += 1
      }
    }
    return {
      numCols: this.columns.length,
      numRows: this.rowUpper.length,
      cost: Float64Array.from(this.columns, (_, index) => cost(index)),
      colLower: new Float64Array(this.columns.length),
      colUpper: Float64Array.from(this.columns, (column) => column.upper),
      rowUpper: Float64Array.from(this.rowUpper),
      starts,
      indices,
      values,
    }
  }
}

export function solveStaged(
  problem: ClusterProblem,
  centres: readonly Centre[],
  solver: Solver,
  options: StageOptions,
): StagedResult {
  if (centres.length === 0)
    return {clusters: [], placed: 0, placedBound: 0, travelMetres: 0, travelBoundMetres: 0, optimal: true}
  const model = new ModelBuilder()
  const schoolRow = problem.schools.map(() => model.addRow(1))
  const leaderRow = problem.leaders.map((leader) => model.addRow(leader.copies ?? 1))
  const capacity = problem.rules.capacity
  const demand = (school: number) => problem.schools[school]!.demand ?? 1
  const z: {centre: number; leader: number; column: number}[] = []
  const x: {centre: number; school: number; column: number; metres: number}[] = []
  for (const centre of centres) {
    const minRow = model.addRow(0)
    const maxRow = model.addRow(0)
    const demandRow = capacity === undefined ? -1 : model.addRow(0)
    const zHere = centre.options.map((option) => {
      const column = model.addColumn()
      model.set(column, schoolRow[centre.centre]!, 1)
      model.set(column, leaderRow[option.leader]!, 1)
      model.set(column, minRow, problem.rules.minSize - 1)
      model.set(column, maxRow, -(option.cap - 1))
      if (capacity !== undefined) model.set(column, demandRow, demand(centre.centre) - capacity)
      z.push({centre: centre.centre, leader: option.leader, column})
      return column
    })
    for (const member of centre.members) {
      const column = model.addColumn()
      model.set(column, schoolRow[member.school]!, 1)
      model.set(column, minRow, -1)
      model.set(column, maxRow, 1)
      if (capacity !== undefined) model.set(column, demandRow, demand(member.school))
      const fitRow = model.addRow(0)
      model.set(column, fitRow, 1)
      centre.options.forEach((option, index) => {
        if (problem.leaders[option.leader]!.fits.has(member.school)) model.set(zHere[index]!, fitRow, -1)
      })
      x.push({centre: centre.centre, school: member.school, column, metres: member.metres})
    }
  }
  const placing = [...z.map((entry) => entry.column), ...x.map((entry) => entry.column)]
  const travelOf = new Float64Array(model.columns.length)
  for (const entry of x) travelOf[entry.column] = entry.metres
  const mip = (sparse: SparseModel): MipResult =>
    solver.mip(sparse, {
      timeLimitSeconds: options.timeLimitSeconds,
      relativeGap: 0,
      absoluteGap: 0.5,
      ...(options.maxNodes === undefined ? {} : {maxNodes: options.maxNodes}),
    })

  // Stage 1: schools placed.
  const placedOf = new Float64Array(model.columns.length)
  for (const column of placing) placedOf[column] = 1
  const stage1 = mip(model.build((column) => placedOf[column]!))
  const placed = Math.round(stage1.objective ?? 0)
  const placedBound = Math.floor(stage1.bound + 1e-6)
  if (placed === 0) {
    return {
      clusters: [],
      placed: 0,
      placedBound,
      travelMetres: 0,
      travelBoundMetres: 0,
      optimal: stage1.status === 'optimal',
    }
  }
  options.onStage?.('stage 1')

  // Stage 2: travel, with the schools placed held at stage 1's optimum.
  const placedRow = model.addRow(-placed)
  for (const column of placing) model.set(column, placedRow, -1)
  const stage2 = mip(model.build((column) => -travelOf[column]!))
  if (stage2.colValue === null) throw new Error(`clustering stage 2 found no plan (HiGHS ${stage2.status})`)
  const travelMetres = Math.round(-stage2.objective!)
  const travelBoundMetres = Math.max(0, Math.ceil(-stage2.bound - 1e-6))
  const optimal = stage1.status === 'optimal' && stage2.status === 'optimal'
  options.onStage?.('stage 2')
  // Stage 3: the best leaders for those clusters (see solve.ts).
  const chosen = options.chooseLeaders(read(stage2.colValue, z, x))

  options.onStage?.('stage 3')
  return {clusters: chosen, placed, placedBound, travelMetres, travelBoundMetres, optimal}
}

type ZColumn = {centre: number; leader: number; column: number}
type XColumn = {centre: number; school: number; column: number}

/** The clusters of a solution: each centre opened, with its members and leader. */
function read(colValue: Float64Array, z: readonly ZColumn[], x: readonly XColumn[]): PlannedCluster[] {
  const clusters: PlannedCluster[] = []
  for (const entry of z) {
    if (colValue[entry.column]! < 0.5) continue
    const members = x
      .filter((member) => member.centre === entry.centre && colValue[member.column]! > 0.5)
      .map((member) => member.school)
    clusters.push({centre: entry.centre, members: [entry.centre, ...members], leader: entry.leader})
  }
  return clusters
}
