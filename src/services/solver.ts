import type {Highs} from 'highs'

import type {MipStatus, SparseModel, Solver} from '../core/match/solver.js'

/**
 * The solver behind `broker match`: HiGHS compiled to WebAssembly (the `highs` package), loaded
 * on the first call only, so commands that never solve (and `broker --help`) never pay for it.
 * The core's assignment (core/match/assign.ts) receives this loader and calls it when it needs
 * the LP or the MIP.
 */

let loaded: Promise<Highs> | undefined

export async function loadHighsSolver(): Promise<Solver> {
  // The package's types describe a CommonJS default export; at run time ESM gives the loader.
  loaded ??= import('highs').then((module) => (module.default as unknown as () => Promise<Highs>)())
  const highs = await loaded
  const toModelData = (model: SparseModel, integer: boolean) => ({
    numCols: model.numCols,
    numRows: model.numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: model.cost,
    colLower: model.colLower,
    colUpper: model.colUpper,
    rowLower: new Float64Array(model.numRows).fill(-highs.infinity),
    rowUpper: model.rowUpper,
    matrix: {
      format: 'csc' as const,
      numRows: model.numRows,
      numCols: model.numCols,
      starts: model.starts,
      indices: model.indices,
      values: model.values,
    },
    ...(integer ? {integrality: new Int32Array(model.numCols).fill(highs.constants.variableType.integer)} : {}),
  })
  return {
    lp(model) {
      return highs.withModel(toModelData(model, false), (instance) => {
        instance.options.set({output_flag: false})
        instance.run()
        const status = instance.getModelStatus()
        if (status !== highs.constants.modelStatus.optimal)
          throw new Error(`the LP relaxation ended with HiGHS status ${status}`)
        const solution = instance.getSolution()
        return {objective: instance.getObjectiveValue(), rowDual: solution.rowDual, colValue: solution.colValue}
      })
    },
    mip(model, options) {
      return highs.withModel(toModelData(model, true), (instance) => {
        instance.options.set({
          output_flag: false,
          time_limit: options.timeLimitSeconds,
          mip_rel_gap: options.relativeGap,
          mip_abs_gap: options.absoluteGap,
          ...(options.maxNodes === undefined ? {} : {mip_max_nodes: options.maxNodes}),
        })
        if (options.warmStart) instance.setSolution({colValue: options.warmStart})
        instance.run()
        const code = instance.getModelStatus()
        const status: MipStatus =
          code === highs.constants.modelStatus.optimal
            ? 'optimal'
            : code === highs.constants.modelStatus.timeLimit
              ? 'time-limit'
              : code === highs.constants.modelStatus.infeasible
                ? 'infeasible'
                : code === highs.constants.modelStatus.solutionLimit
                  ? 'node-limit'
                  : 'other'
        const bound = Number(instance.info.get('mip_dual_bound'))
        const hasSolution = status === 'optimal' || Number(instance.info.get('primal_solution_status')) === 2
        return {
          status,
          objective: hasSolution ? instance.getObjectiveValue() : null,
          bound,
          colValue: hasSolution ? instance.getSolution().colValue : null,
        }
      })
    },
  }
}
