import {describe, expect, it} from 'vitest'

import {type AssignmentProblem, assign, columnsFrom} from '../../src/core/match/assign.js'
import type {Priority} from '../../src/core/model.js'
import {loadHighsSolver} from '../../src/services/solver.js'

function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 16807) % 2147483647
    return state / 2147483647
  }
}

const PRIORITIES: readonly Priority[] = ['high', 'medium', 'low']
const MULTIPLIER: Record<Priority, number> = {high: 1, medium: 0.8, low: 0.6}

/** Small tight problems: few leaders with few days, needs of every priority, scores times the priority multiplier. */
function randomProblem(seed: number, needs: number, leaders: number): AssignmentProblem {
  const next = random(seed)
  const needList = Array.from({length: needs}, () => ({
    charge: [[2026, 2 + Math.floor(next() * 5)]] as [number, number][],
    teamId: next() < 0.15 ? 7 : null,
    priority: PRIORITIES[Math.floor(next() * 3)]!,
  }))
  const columns: Parameters<typeof columnsFrom>[0][number][] = []
  needList.forEach((need, needIndex) => {
    for (let leader = 0; leader < leaders; leader += 1) {
      if (next() < 0.6)
        columns.push({
          needIndex,
          leaderIndex: leader,
          score: Math.round(next() * MULTIPLIER[need.priority] * 10_000) / 10_000,
          tieRank: needIndex * leaders + leader,
        })
    }
  })
  return {
    needs: needList,
    leaders: Array.from({length: leaders}, () => ({free: new Map([[2026, 2 + Math.floor(next() * 7)]])})),
    columns: columnsFrom(columns),
    pinned: new Set(),
    maxNewPerLeader: next() < 0.3 ? 2 : null,
  }
}

/** Every feasible plan, the slow way: the best (high, medium, low, score) in that order, and the most high-priority needs any plan matches. */
function bruteForce(problem: AssignmentProblem): {best: number[]; mostHigh: number} {
  const {columns} = problem
  const byNeed = problem.needs.map((_, need) =>
    Array.from({length: columns.count}, (_, column) => column).filter((column) => columns.need[column] === need),
  )
  const used = new Map<number, number>()
  const counts = new Map<number, number>()
  const teams = new Set<string>()
  const tally = [0, 0, 0, 0]
  let best = [-1, -1, -1, -1]
  let mostHigh = 0
  const better = (a: number[], b: number[]) => {
    for (let index = 0; index < 3; index += 1) if (a[index] !== b[index]) return a[index]! > b[index]!
    return a[3]! > b[3]! + 1e-9
  }
  const walk = (need: number) => {
    if (need === problem.needs.length) {
      mostHigh = Math.max(mostHigh, tally[0]!)
      if (better(tally, best)) best = [...tally]
      return
    }
    walk(need + 1)
    const {charge, teamId, priority} = problem.needs[need]!
    const halfDays = charge[0]![1]
    for (const column of byNeed[need]!) {
      const leader = columns.leader[column]!
      const count = counts.get(leader) ?? 0
      const teamKey = `${teamId}:${leader}`
      if (
        (used.get(leader) ?? 0) + halfDays > problem.leaders[leader]!.free.get(2026)! ||
        (problem.maxNewPerLeader !== null && count >= problem.maxNewPerLeader) ||
        (teamId !== null && teams.has(teamKey))
      )
        continue
      const level = PRIORITIES.indexOf(priority!)
      used.set(leader, (used.get(leader) ?? 0) + halfDays)
      counts.set(leader, count + 1)
      if (teamId !== null) teams.add(teamKey)
      tally[level]! += 1
      tally[3]! += columns.score[column]!
      walk(need + 1)
      tally[level]! -= 1
      tally[3]! -= columns.score[column]!
      used.set(leader, used.get(leader)! - halfDays)
      counts.set(leader, count)
      if (teamId !== null) teams.delete(teamKey)
    }
  }
  walk(0)
  return {best, mostHigh}
}

describe('strict priority mode', () => {
  it('never matches fewer high-priority needs than any other plan, then the most medium, then low, then the best total', async () => {
    let weightedLeftHighWaiting = 0
    for (let seed = 1; seed <= 40; seed += 1) {
      const problem = randomProblem(seed * 104_729, 7, 3)
      const {best, mostHigh} = bruteForce(problem)
      const options = {strategy: 'optimal' as const, topK: 2, timeLimitSeconds: 10}
      const strict = await assign(problem, {...options, priorityMode: 'strict'}, loadHighsSolver)
      const weighted = await assign(problem, {...options, priorityMode: 'weighted'}, loadHighsSolver)
      const countOf = (chosen: readonly number[], priority: Priority) =>
        chosen.filter((column) => problem.needs[problem.columns.need[column]!]!.priority === priority).length
      const strictCounts = PRIORITIES.map((priority) => countOf(strict.chosen, priority))
      expect(strictCounts[0], `seed ${seed}: high`).toBe(mostHigh)
      expect(strictCounts, `seed ${seed}`).toEqual(best.slice(0, 3))
      expect(strict.score, `seed ${seed}: score`).toBeCloseTo(best[3]!, 4)
      expect(strict.gap).toBe(0)
      expect(countOf(weighted.chosen, 'high')).toBeLessThanOrEqual(strictCounts[0]!)
      for (const stage of strict.priorityStages ?? []) expect(stage.proven).toBe(true)
      if (countOf(weighted.chosen, 'high') < strictCounts[0]!) weightedLeftHighWaiting += 1
    }
    // The cases are tight enough that the weighted mode sometimes trades an urgent need for others.
    expect(weightedLeftHighWaiting).toBeGreaterThan(0)
  })
})
