import {describe, expect, it} from 'vitest'

import {runMatch} from '../../src/core/match/engine.js'
import {inputFingerprint} from '../../src/core/match/fingerprint.js'
import type {MatchLeader, MatchNeed} from '../../src/core/match/model.js'
import {
  daysByYear,
  explainNeed,
  hasDaysFor,
  leaderLabels,
  storedResults,
  unmatchedNamed,
  withCandidates,
} from '../../src/core/match/report.js'
import {loadHighsSolver} from '../../src/services/solver.js'
import {aLeader, aNeed, aSchool, config, north, tables} from './match-builders.js'

const school = aSchool()
const nearby = (id: number, ref: string, km: number, overrides: Partial<MatchLeader> = {}) =>
  aLeader({
    id,
    ref,
    name: `Leader ${ref}`,
    email: `${ref.toLowerCase()}@example.sch.uk`,
    home: aSchool({urn: 900100 + id, name: `Home ${id}`, location: north(school.location!, km)}),
    location: north(school.location!, km),
    ...overrides,
  })

/** Two needs, two leaders who could take either, and one who holds none of the areas. */
async function smallRun() {
  const needs: MatchNeed[] = [
    aNeed({id: 1, halfDays: 6, charge: new Map([[2026, 6]])}),
    aNeed({id: 2, halfDays: 4, charge: new Map([[2026, 4]]), teamId: 9, priority: 'low'}),
    aNeed({id: 3, areas: ['governance'], supportType: 'governance', halfDays: 4, charge: new Map([[2026, 4]])}),
  ]
  const leaders = [
    nearby(11, 'L-11', 5),
    nearby(12, 'L-12', 10, {freeByYear: new Map([[2026, 8]])}),
    nearby(13, 'L-13', 3, {name: null, specialisms: new Map([['science', 1]])}),
  ]
  const outcome = await runMatch({needs, leaders, config: config(), tables}, loadHighsSolver)
  return {
    needs,
    leaders,
    needsById: new Map(needs.map((need) => [need.id, need])),
    byId: new Map(leaders.map((leader) => [leader.id, leader])),
    outcome,
  }
}

describe('what a run shows and keeps', () => {
  it('names leaders for people and by reference for the record', () => {
    const leaders = new Map([
      [11, nearby(11, 'L-11', 5)],
      [13, nearby(13, 'L-13', 3, {name: null})],
    ])
    expect(leaderLabels(leaders, true)(11)).toBe('Leader L-11 (L-11)')
    expect(leaderLabels(leaders, false)(11)).toBe('L-11')
    expect(leaderLabels(leaders, true)(13)).toBe('L-13')
    expect(leaderLabels(leaders, true)(99)).toBe('leader 99')
  })

  it('keeps references and numbers in the record, never names or emails', async () => {
    const {outcome, byId} = await smallRun()
    expect(outcome.proposals.length).toBe(2)
    expect(outcome.unmatched.map((entry) => entry.needId)).toEqual([3])
    const stored = JSON.stringify(storedResults(outcome, leaderLabels(byId, false)))
    expect(stored).toContain('L-11')
    expect(stored).not.toMatch(/Leader L-|@example|⟦leader/)
    const shown = unmatchedNamed(outcome.unmatched, leaderLabels(byId, true))
    expect(shown[0]!.reasons.join(' ')).not.toContain('⟦leader')
  })

  it('gives every feasible candidate and what a re-solve needs besides them', async () => {
    const {outcome, needsById, byId} = await smallRun()
    const [first, second] = withCandidates(outcome.proposals, outcome, needsById, byId)
    expect(first!.candidates).toEqual(
      outcome.feasible.get(1)!.map((candidate) => ({
        leader: {ref: byId.get(candidate.leaderId)!.ref},
        score: candidate.score,
        days: 3,
      })),
    )
    expect(first!.constraints).toEqual({daysByYear: {2026: 3}, teamNeedId: null})
    expect(second!.constraints).toEqual({daysByYear: {2026: 2}, teamNeedId: 9})
    // The entries keep their fields in order, with the candidates after them.
    expect(Object.keys(first!).slice(-2)).toEqual(['candidates', 'constraints'])
    const [unmatched] = withCandidates(outcome.unmatched, outcome, needsById, byId)
    expect(unmatched!.candidates).toEqual([])
    expect(daysByYear(new Map([[2026, 5]]))).toEqual({2026: 2.5})
  })

  it("counts a leader's days already given in this run before giving another need", () => {
    const leader = aLeader({freeByYear: new Map([[2026, 10]])})
    const six = aNeed({id: 1, charge: new Map([[2026, 6]])})
    const four = aNeed({id: 2, charge: new Map([[2026, 4]])})
    const two = aNeed({id: 3, charge: new Map([[2026, 2]])})
    expect(hasDaysFor(six, leader, [])).toBe(true)
    expect(hasDaysFor(four, leader, [six])).toBe(true)
    expect(hasDaysFor(two, leader, [six, four])).toBe(false)
    expect(hasDaysFor(aNeed({charge: new Map([[2027, 2]])}), leader, [])).toBe(false)
  })

  it('explains one need in full: every holder of its areas, where each is proposed, and who holds none', async () => {
    const {needs, leaders, byId} = await smallRun()
    const outcome = await runMatch({needs, leaders, config: config(), tables, explainNeedId: 1}, loadHighsSolver)
    const explanation = explainNeed(needs[0]!, byId, outcome)
    expect(explanation.need).toMatchObject({id: 1, days: 3, window: '2027-01-04 → 2027-07-16'})
    expect(explanation.candidates.map((candidate) => candidate.leader.ref).sort()).toEqual(['L-11', 'L-12'])
    const proposed = new Map(outcome.proposals.map((proposal) => [proposal.leader.ref, proposal.needId]))
    for (const candidate of explanation.candidates)
      expect(candidate.proposedFor).toBe(proposed.get(candidate.leader.ref) ?? null)
    expect(explanation.leadersWithoutExpertise).toBe(1)
  })
})

describe('the input fingerprint', () => {
  const inputs = (leaders: MatchLeader[]) => ({
    needs: [aNeed()],
    leaders,
    pins: [],
    exclusions: [],
    unavailability: [],
  })
  const hash = (leaders: MatchLeader[], asOf = '2026-12-01') =>
    inputFingerprint('1.0.0', config(), asOf, inputs(leaders))

  it('ignores names and emails but not days, places, dates or settings', () => {
    const base = hash([aLeader()])
    expect(hash([aLeader({name: 'Someone Else', email: 'else@example.sch.uk'})])).toBe(base)
    expect(hash([aLeader({freeByYear: new Map([[2026, 38]])})])).not.toBe(base)
    expect(hash([aLeader({home: aSchool({urn: 900555})})])).not.toBe(base)
    expect(hash([aLeader()], '2026-12-02')).not.toBe(base)
    expect(inputFingerprint('1.0.1', config(), '2026-12-01', inputs([aLeader()]))).not.toBe(base)
    expect(inputFingerprint('1.0.0', config({maxRadiusKm: 40}), '2026-12-01', inputs([aLeader()]))).not.toBe(base)
    expect(
      inputFingerprint('1.0.0', config(), '2026-12-01', {
        ...inputs([aLeader()]),
        unavailability: [{leaderId: 1, periods: [{startsOn: '2027-01-04', endsOn: '2027-01-08'}]}],
      }),
    ).not.toBe(base)
  })
})
