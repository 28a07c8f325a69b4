import {describe, expect, it} from 'vitest'

import {type AssignmentProblem, assign, columnsFrom, greedyAssign} from '../../src/core/match/assign.js'
import {runMatch} from '../../src/core/match/engine.js'
import type {MatchLeader, MatchNeed} from '../../src/core/match/model.js'
import {evaluatePair} from '../../src/core/match/scoring.js'
import {loadHighsSolver} from '../../src/services/solver.js'
import {aDesignation, aLeader, aNeed, aSchool, config, north, tables} from './match-builders.js'

function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 16807) % 2147483647
    return state / 2147483647
  }
}

/** A random generalised assignment problem: needs with day charges over one or two years. */
function randomProblem(seed: number, needs: number, leaders: number): AssignmentProblem {
  const next = random(seed)
  const problem: AssignmentProblem = {
    needs: Array.from({length: needs}, () => {
      const twoYears = next() < 0.3
      const halfDays = 2 + Math.floor(next() * 8)
      return {
        charge: twoYears
          ? [
              [2026, Math.ceil(halfDays / 2)],
              [2027, Math.floor(halfDays / 2)],
            ]
          : [[2026, halfDays]],
        teamId: next() < 0.2 ? 99 : null,
      }
    }),
    leaders: Array.from({length: leaders}, () => ({
      free: new Map([
        [2026, 3 + Math.floor(next() * 12)],
        [2027, 2 + Math.floor(next() * 6)],
      ]),
    })),
    columns: columnsFrom([]),
    pinned: new Set(),
    maxNewPerLeader: next() < 0.3 ? 2 : null,
  }
  const columns: Parameters<typeof columnsFrom>[0][number][] = []
  for (let need = 0; need < needs; need += 1) {
    for (let leader = 0; leader < leaders; leader += 1) {
      if (next() < 0.6)
        columns.push({
          needIndex: need,
          leaderIndex: leader,
          score: Math.round(next() * 10_000) / 10_000,
          tieRank: need * leaders + leader,
        })
    }
  }
  return {...problem, columns: columnsFrom(columns)}
}

/** Every feasible assignment, the slow way. */
function bruteForce(problem: AssignmentProblem): number {
  const all = Array.from({length: problem.columns.count}, (_, index) => ({
    needIndex: problem.columns.need[index]!,
    leaderIndex: problem.columns.leader[index]!,
    score: problem.columns.score[index]!,
  }))
  const byNeed = problem.needs.map((_, need) =>
    all.filter((column) => column.needIndex === need).map((column) => ({column})),
  )
  let best = 0
  const used = new Map<string, number>()
  const counts = new Map<number, number>()
  const teams = new Set<string>()
  const walk = (need: number, total: number) => {
    if (need === problem.needs.length) {
      best = Math.max(best, total)
      return
    }
    walk(need + 1, total)
    for (const {column} of byNeed[need]!) {
      const charge = problem.needs[need]!.charge
      const free = problem.leaders[column.leaderIndex]!.free
      const fits = charge.every(
        ([year, halfDays]) => (used.get(`${column.leaderIndex}:${year}`) ?? 0) + halfDays <= (free.get(year) ?? 0),
      )
      const count = counts.get(column.leaderIndex) ?? 0
      const team = problem.needs[need]!.teamId
      const teamKey = `${team}:${column.leaderIndex}`
      if (
        !fits ||
        (problem.maxNewPerLeader !== null && count >= problem.maxNewPerLeader) ||
        (team !== null && teams.has(teamKey))
      )
        continue
      for (const [year, halfDays] of charge)
        used.set(`${column.leaderIndex}:${year}`, (used.get(`${column.leaderIndex}:${year}`) ?? 0) + halfDays)
      counts.set(column.leaderIndex, count + 1)
      if (team !== null) teams.add(teamKey)
      walk(need + 1, total + column.score)
      for (const [year, halfDays] of charge)
        used.set(`${column.leaderIndex}:${year}`, used.get(`${column.leaderIndex}:${year}`)! - halfDays)
      counts.set(column.leaderIndex, count)
      if (team !== null) teams.delete(teamKey)
    }
  }
  walk(0, 0)
  return Math.round(best * 10_000) / 10_000
}

describe('assignment', () => {
  it('finds the same total as brute force on small random instances', async () => {
    for (let seed = 1; seed <= 30; seed += 1) {
      const problem = randomProblem(seed * 7919, 6, 4)
      const result = await assign(problem, {strategy: 'optimal', topK: 2, timeLimitSeconds: 10}, loadHighsSolver)
      expect(result.score, `seed ${seed}`).toBeCloseTo(bruteForce(problem), 4)
      expect(result.gap).toBe(0)
      expect(result.lpBound).toBeGreaterThanOrEqual(result.score - 1e-6)
      expect(result.greedyScore).toBeLessThanOrEqual(result.score + 1e-9)
    }
  })

  it('breaks ties between equal scores on need id, then leader ref', () => {
    const problem: AssignmentProblem = {
      needs: [{charge: [[2026, 4]], teamId: null}],
      leaders: [{free: new Map([[2026, 10]])}, {free: new Map([[2026, 10]])}],
      columns: columnsFrom([
        {needIndex: 0, leaderIndex: 1, score: 0.5, tieRank: 1},
        {needIndex: 0, leaderIndex: 0, score: 0.5, tieRank: 0},
      ]),
      pinned: new Set(),
      maxNewPerLeader: null,
    }
    expect(greedyAssign(problem)).toEqual([1])
  })

  it('honours a pinned pair even when a better plan exists without it', async () => {
    const problem: AssignmentProblem = {
      needs: [
        {charge: [[2026, 4]], teamId: null},
        {charge: [[2026, 4]], teamId: null},
      ],
      leaders: [{free: new Map([[2026, 4]])}, {free: new Map([[2026, 4]])}],
      columns: columnsFrom([
        {needIndex: 0, leaderIndex: 0, score: 0.9, tieRank: 0},
        {needIndex: 0, leaderIndex: 1, score: 0.2, tieRank: 1},
        {needIndex: 1, leaderIndex: 0, score: 0.3, tieRank: 2},
        {needIndex: 1, leaderIndex: 1, score: 0.8, tieRank: 3},
      ]),
      pinned: new Set([1]),
      maxNewPerLeader: null,
    }
    const result = await assign(problem, {strategy: 'optimal', topK: 1, timeLimitSeconds: 5}, loadHighsSolver)
    expect(result.chosen).toContain(1)
    expect(result.score).toBeCloseTo(0.5, 4)
  })
})

/** Random small registries for the engine as a whole. */
function randomRegistry(seed: number): {needs: MatchNeed[]; leaders: MatchLeader[]} {
  const next = random(seed)
  const areas = ['maths', 'phonics', 'english', 'science']
  const centre = {latitude: 54.9, longitude: -1.6}
  const leaders = Array.from({length: 8}, (_, index) => {
    const home = aSchool({
      urn: 910_000 + index,
      location: north(centre, next() * 70),
      trustCode: next() < 0.3 ? 'T1' : null,
    })
    return aLeader({
      id: index + 1,
      ref: `L-${String(index + 1).padStart(2, '0')}`,
      home,
      location: home.location,
      trustCode: home.trustCode,
      specialisms: new Map([[areas[Math.floor(next() * areas.length)]!, 1]]),
      freeByYear: new Map([[2026, 2 + Math.floor(next() * 12)]]),
      designations: [aDesignation({status: next() < 0.15 ? 'lapsed' : 'active'})],
    })
  })
  const needs = Array.from({length: 10}, (_, index) => {
    const school = aSchool({
      urn: 920_000 + index,
      location: north(centre, next() * 70),
      trustCode: next() < 0.3 ? 'T1' : null,
    })
    const halfDays = 2 + Math.floor(next() * 6)
    return aNeed({
      id: index + 1,
      school,
      location: school.location,
      areas: [areas[Math.floor(next() * areas.length)]!],
      halfDays,
      charge: new Map([[2026, halfDays]]),
      priority: (['high', 'medium', 'low'] as const)[Math.floor(next() * 3)],
    })
  })
  return {needs, leaders}
}

describe('a need whose school has no known location', () => {
  it('is matched with a neutral distance, flagged, in person and remote alike', async () => {
    for (const deliveryMode of ['in-person', 'blended', 'remote'] as const) {
      const need = aNeed({school: aSchool({location: null}), deliveryMode})
      const outcome = await runMatch(
        {needs: [need], leaders: [aLeader()], config: config(), tables, pins: []},
        loadHighsSolver,
      )
      expect(outcome.proposals, deliveryMode).toHaveLength(1)
      if (deliveryMode !== 'remote')
        expect(outcome.proposals[0]!.notes.join('\n')).toMatch(/distance unknown \(school's location missing\)/)
    }
  })
})

describe('matching properties over random registries', () => {
  it('never overloads a leader, never proposes a vetoed pair, and honours pins', async () => {
    for (let seed = 1; seed <= 15; seed += 1) {
      const {needs, leaders} = randomRegistry(seed * 104_729)
      const settings = config()
      // Pin the first feasible pair, if any, to check pins are honoured.
      let pin: {needId: number; leaderId: number} | undefined
      for (const need of needs) {
        const leader = leaders.find((candidate) => evaluatePair(need, candidate, settings, tables).vetoes.length === 0)
        if (leader) {
          pin = {needId: need.id, leaderId: leader.id}
          break
        }
      }
      const outcome = await runMatch(
        {needs, leaders, config: settings, tables, pins: pin ? [pin] : []},
        loadHighsSolver,
      )
      const used = new Map<number, number>()
      for (const proposal of outcome.proposals) {
        const need = needs.find((entry) => entry.id === proposal.needId)!
        const leader = leaders.find((entry) => entry.id === proposal.leader.id)!
        expect(evaluatePair(need, leader, settings, tables).vetoes, `seed ${seed} need ${need.id}`).toEqual([])
        used.set(leader.id, (used.get(leader.id) ?? 0) + need.halfDays)
      }
      for (const [leaderId, halfDays] of used)
        expect(halfDays).toBeLessThanOrEqual(leaders.find((entry) => entry.id === leaderId)!.freeByYear.get(2026)!)
      if (pin)
        expect(outcome.proposals.find((proposal) => proposal.needId === pin.needId)?.leader.id).toBe(pin.leaderId)
      expect(outcome.totals.score).toBeCloseTo(
        outcome.proposals.reduce((sum, proposal) => sum + proposal.score, 0),
        4,
      )
      expect(outcome.proposals.length + outcome.unmatched.length).toBe(needs.length)
      for (const entry of outcome.unmatched) expect(entry.reasons.length).toBeGreaterThan(0)
    }
  })
})
