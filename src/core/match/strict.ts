import type {Priority} from '../model.js'
import type {AssignmentProblem} from './assign.js'
import {buildModel, buildRows, keepsEveryRow, type PriorityFloor, warmStartFor} from './rows.js'
import type {Solver} from './solver.js'

/** One counting stage of strict priority mode. */
export interface PriorityStage {
  priority: Priority
  /** Needs of this priority that could be matched at all, and the most matched alongside the stages before. */
  needs: number
  matched: number
  /** Whether the count is proven the most possible (false only when the time limit stopped the MIP). */
  proven: boolean
}

const PRIORITY_ORDER: readonly Priority[] = ['high', 'medium', 'low']

/**
 * Strict priority mode's counting stages: the most high-priority needs that can be matched, then
 * the most medium ones keeping that many high ones, then low. Each stage is a MIP over every pair
 * whose objective counts needs, so it is solved exactly (an absolute gap below one need). The
 * floors it returns keep those counts in the final, scored stage.
 */
export function maximisePriorityCounts(
  problem: AssignmentProblem,
  solver: Solver,
  greedy: readonly number[],
  timeLimitSeconds: number,
): {floors: PriorityFloor[]; plan: number[]; stages: PriorityStage[]} {
  const {columns} = problem
  const all = Array.from({length: columns.count}, (_, column) => column)
  const floors: PriorityFloor[] = []
  const stages: PriorityStage[] = []
  let plan = [...greedy]
  for (const priority of PRIORITY_ORDER) {
    const isStage = (column: number) => problem.needs[columns.need[column]!]!.priority === priority
    const needs = new Set(all.filter(isStage).map((column) => columns.need[column]!)).size
    if (needs === 0) continue
    const rows = buildRows(problem, floors)
    const mip = solver.mip(
      buildModel(problem, rows, all, (column) => (isStage(column) ? 1 : 0)),
      {timeLimitSeconds, warmStart: warmStartFor(all, plan), relativeGap: 0, absoluteGap: 0.5},
    )
    const fromMip = mip.colValue ? all.filter((column) => mip.colValue![column]! > 0.5) : null
    const count = (chosen: readonly number[]) => chosen.filter(isStage).length
    if (fromMip && keepsEveryRow(rows, fromMip) && count(fromMip) >= count(plan)) plan = fromMip
    const matched = count(plan)
    stages.push({priority, needs, matched, proven: mip.status === 'optimal'})
    floors.push({priority, minimum: matched})
  }
  return {floors, plan, stages}
}
