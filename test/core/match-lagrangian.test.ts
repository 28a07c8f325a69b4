import {describe, expect, it} from 'vitest'

import {type AssignmentProblem, assign, columnsFrom, greedyOrder} from '../../src/core/match/assign.js'
import {lagrangianBound} from '../../src/core/match/lagrangian.js'
import {buildRows, keepsEveryRow} from '../../src/core/match/rows.js'
import {loadHighsSolver} from '../../src/services/solver.js'

function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 16807) % 2147483647
    return state / 2147483647
  }
}

/** Tight random problems: needs over one or two academic years, a team, sometimes a proposal limit. */
function tightProblem(seed: number, needs: number, leaders: number, density: number): AssignmentProblem {
  const next = random(seed)
  const columns: Parameters<typeof columnsFrom>[0][number][] = []
  for (let need = 0; need < needs; need += 1)
    for (let leader = 0; leader < leaders; leader += 1)
      if (next() < density)
        columns.push({
          needIndex: need,
          leaderIndex: leader,
          score: Math.round(next() * 10_000) / 10_000,
          tieRank: need * leaders + leader,
        })
  return {
    needs: Array.from({length: needs}, () => {
      const halfDays = 2 + Math.floor(next() * 10)
      return {
        charge:
          next() < 0.2
            ? [
                [2026, Math.ceil(halfDays / 2)],
                [2027, Math.floor(halfDays / 2)],
              ]
            : [[2026, halfDays]],
        teamId: next() < 0.1 ? 5 : null,
      }
    }),
    leaders: Array.from({length: leaders}, () => ({
      free: new Map([
        [2026, 4 + Math.floor(next() * 14)],
        [2027, 2 + Math.floor(next() * 6)],
      ]),
    })),
    columns: columnsFrom(columns),
    pinned: new Set(),
    maxNewPerLeader: next() < 0.3 ? 3 : null,
  }
}

describe('the Lagrangian bound', () => {
  it('never falls below the optimum, and its plans keep every row', async () => {
    for (let seed = 1; seed <= 25; seed += 1) {
      const problem = tightProblem(seed * 7_741, 9, 4, 0.6)
      const rows = buildRows(problem)
      const optimum = await assign(problem, {strategy: 'optimal', topK: 3, timeLimitSeconds: 10}, loadHighsSolver)
      expect(optimum.gap).toBe(0)
      const lagrangian = lagrangianBound(problem, rows, new Float64Array(rows.count), 0, greedyOrder(problem), 0)
      expect(lagrangian.bound, `seed ${seed}`).toBeGreaterThanOrEqual(optimum.score - 1e-6)
      if (lagrangian.plan) {
        expect(keepsEveryRow(rows, lagrangian.plan)).toBe(true)
        expect(lagrangian.planScore).toBeLessThanOrEqual(optimum.score + 1e-6)
      }
    }
  })
})

describe('stopping within the promised gap', {timeout: 240_000}, () => {
  it('stays within 0.5% of the proven optimum, gives the same plan every time, and --exact proves the optimum', async () => {
    for (const seed of [11, 12]) {
      const problem = tightProblem(seed * 104_723, 70, 20, 0.8)
      expect(problem.columns.count).toBeGreaterThan(1_000)
      const options = {strategy: 'optimal' as const, topK: 8, timeLimitSeconds: 60}
      const within = await assign(problem, options, loadHighsSolver)
      const again = await assign(problem, options, loadHighsSolver)
      const exact = await assign(problem, {...options, exact: true}, loadHighsSolver)
      expect(exact.gap, `seed ${seed}`).toBe(0)
      expect(exact.solver.status).toBe('optimal')
      expect(within.gap).toBeLessThanOrEqual(0.005)
      expect(within.score).toBeLessThanOrEqual(exact.score + 1e-6)
      expect(within.score).toBeGreaterThanOrEqual(exact.score * (1 - 0.005) - 1e-6)
      expect(within.upperBound).toBeGreaterThanOrEqual(exact.score - 1e-6)
      expect(within.upperBound).toBeLessThanOrEqual(within.lpBound + 1e-6)
      expect(again.chosen).toEqual(within.chosen)
    }
  })
})
