import {describe, expect, it} from 'vitest'

import {evaluatePair} from '../../src/core/match/scoring.js'
import {aDesignation, aLeader, aNeed, aSchool, config, north, tables} from './match-builders.js'

const codes = (evaluation: ReturnType<typeof evaluatePair>) => evaluation.vetoes.map((veto) => veto.code)
const evaluate = (need = aNeed(), leader = aLeader(), settings = config()) =>
  evaluatePair(need, leader, settings, tables)

describe('scoring components', () => {
  it('gives full expertise for an exact area, a share for a related one, nothing for a shared Ofsted focus', () => {
    expect(
      evaluate(aNeed({areas: ['phonics']}), aLeader({specialisms: new Map([['phonics', 1]])})).components.expertise,
    ).toBe(1)
    expect(
      evaluate(aNeed({areas: ['phonics']}), aLeader({specialisms: new Map([['english', 1]])})).components.expertise,
    ).toBe(0.6)
    // Science shares the "pupil achievement" focus with phonics, but is not a related area.
    const unrelated = evaluate(aNeed({areas: ['phonics']}), aLeader({specialisms: new Map([['science', 1]])}))
    expect(unrelated.components.expertise).toBe(0)
    expect(codes(unrelated)).toContain('no-expertise')
  })

  it('averages expertise over the need areas and weighs it by the mapping confidence', () => {
    const leader = aLeader({specialisms: new Map([['maths', 0.9]])})
    expect(evaluate(aNeed({areas: ['maths', 'science']}), leader).components.expertise).toBeCloseTo(0.45, 4)
  })

  it('fits designations to the kind of support: NLG for governance, NLE/LLE for leadership', () => {
    const governance = aNeed({supportType: 'governance', areas: ['governance']})
    expect(
      codes(
        evaluate(
          governance,
          aLeader({specialisms: new Map([['governance', 1]]), designations: [aDesignation({kind: 'NLE'})]}),
        ),
      ),
    ).toContain('wrong-designation')
    expect(
      evaluate(
        governance,
        aLeader({specialisms: new Map([['governance', 1]]), designations: [aDesignation({kind: 'NLG'})]}),
      ).designationFit,
    ).toBe(1)
    const leadership = aNeed({supportType: 'leadership', areas: ['leadership']})
    expect(
      evaluate(
        leadership,
        aLeader({specialisms: new Map([['leadership', 1]]), designations: [aDesignation({kind: 'LLE'})]}),
      ).designationFit,
    ).toBe(0.85)
    expect(
      codes(
        evaluate(
          leadership,
          aLeader({specialisms: new Map([['leadership', 1]]), designations: [aDesignation({kind: 'SLE'})]}),
        ),
      ),
    ).toContain('wrong-designation')
  })

  it('drops missing context parts and renormalises, saying so', () => {
    const school = aSchool({fsmEverPercentile: null, fsmPercentile: null, pupils: null})
    const evaluation = evaluate(aNeed({school}))
    expect(evaluation.context.disadvantage).toBeNull()
    expect(evaluation.context.size).toBeNull()
    expect(evaluation.components.context).toBe(1) // phase 1 and type 1 remain
    expect(evaluation.notes).toEqual(
      expect.arrayContaining(['context: disadvantage unknown, left out', 'context: size unknown, left out']),
    )
  })

  it('falls back from FSM-ever to FSM percentiles for disadvantage', () => {
    const school = aSchool({fsmEverPercentile: null, fsmPercentile: 0.9})
    const home = aSchool({urn: 900099, fsmEverPercentile: 0.2, fsmPercentile: 0.7})
    expect(evaluate(aNeed({school}), aLeader({home})).context.disadvantage).toBeCloseTo(0.8, 4)
  })

  it('counts a home school that improved from RI in its favour', () => {
    const home = {urn: 900099, fsmEverPercentile: 0.2, location: {latitude: 54.98, longitude: -1.6}}
    const improved = evaluate(aNeed(), aLeader({home: aSchool({...home, improved: true})}))
    const steady = evaluate(aNeed(), aLeader({home: aSchool({...home, improved: false})}))
    expect(improved.context.improvementBonus).toBe(0.1)
    expect(improved.score).toBeGreaterThan(steady.score)
  })

  it('lets a large disadvantage mismatch outweigh a few extra kilometres', () => {
    const need = aNeed({school: aSchool({fsmEverPercentile: 0.9})})
    const nearButUnlike = aLeader({
      id: 1,
      home: aSchool({urn: 900098, fsmEverPercentile: 0.1, location: north(need.location!, 3)}),
    })
    nearButUnlike.location = nearButUnlike.home!.location
    const furtherButAlike = aLeader({
      id: 2,
      home: aSchool({urn: 900097, fsmEverPercentile: 0.85, location: north(need.location!, 10)}),
    })
    furtherButAlike.location = furtherButAlike.home!.location
    const near = evaluate(need, nearButUnlike)
    const alike = evaluate(need, furtherButAlike)
    expect(near.distanceKm!).toBeLessThan(alike.distanceKm!)
    expect(alike.score).toBeGreaterThan(near.score)
  })

  it('scores availability against twice the days asked, less time off', () => {
    expect(
      evaluate(aNeed({halfDays: 6, charge: new Map([[2026, 6]])}), aLeader({freeByYear: new Map([[2026, 6]])}))
        .components.availability,
    ).toBe(0.5)
    expect(evaluate(aNeed(), aLeader({freeByYear: new Map([[2026, 40]])})).components.availability).toBe(1)
    const partlyAway = evaluate(aNeed({workingDays: 100}), aLeader({unavailableWorkingDays: () => 25}))
    expect(partlyAway.components.availability).toBe(0.75)
  })

  it('decays distance with kilometres, leaves it out for remote support and is neutral when unknown', () => {
    const need = aNeed()
    const far = aLeader({location: north(need.location!, 30)})
    expect(evaluate(need, far).components.distance).toBeCloseTo(Math.exp(-1), 3)
    expect(evaluate(aNeed({deliveryMode: 'remote'}), far).components.distance).toBeNull()
    const unknown = evaluate(need, aLeader({location: null}))
    expect(unknown.components.distance).toBe(0.5)
    expect(unknown.notes.join(' ')).toMatch(/distance unknown/)
  })

  it('rewards continuity with the school', () => {
    const need = aNeed()
    expect(evaluate(need, aLeader({pastUrns: new Set([need.school!.urn])})).components.continuity).toBe(1)
    expect(evaluate(need, aLeader()).components.continuity).toBe(0)
  })

  it('multiplies by priority: high 1, medium 0.8, low 0.6', () => {
    const high = evaluate(aNeed({priority: 'high'}))
    expect(evaluate(aNeed({priority: 'medium'})).score).toBeCloseTo(high.score * 0.8, 3)
    expect(evaluate(aNeed({priority: 'low'})).score).toBeCloseTo(high.score * 0.6, 3)
  })

  it('balances load with a factor fixed before the run', () => {
    const busy = evaluate(aNeed(), aLeader({utilisation: 0.8}))
    expect(busy.loadFactor).toBeCloseTo(0.92, 4)
    expect(evaluate(aNeed(), aLeader({utilisation: 0.8}), config({loadBalance: 0})).loadFactor).toBe(1)
  })
})

describe('hard vetoes', () => {
  it("vetoes the leader's own school, following predecessor and successor links", () => {
    const need = aNeed()
    expect(codes(evaluate(need, aLeader({home: aSchool({urn: need.school!.urn})})))).toContain('own-school')
    expect(codes(evaluate(need, aLeader({home: aSchool({urn: 900050, linkedUrns: [need.school!.urn]})})))).toContain(
      'own-school',
    )
  })

  it("vetoes schools of the leader's trust unless configured otherwise", () => {
    const need = aNeed({school: aSchool({trustCode: 'T1'})})
    const leader = aLeader({trustCode: 'T1'})
    expect(codes(evaluate(need, leader))).toContain('same-trust')
    expect(codes(evaluate(need, leader, config({vetoSameTrust: false})))).not.toContain('same-trust')
  })

  it('vetoes lapsed, withdrawn and expiring designations; a blank review date is flagged, not vetoed', () => {
    expect(codes(evaluate(aNeed(), aLeader({designations: [aDesignation({status: 'lapsed'})]})))).toContain(
      'designation-inactive',
    )
    expect(codes(evaluate(aNeed(), aLeader({designations: [aDesignation({status: 'withdrawn'})]})))).toContain(
      'designation-inactive',
    )
    expect(
      codes(
        evaluate(aNeed({windowEnd: '2027-07-16'}), aLeader({designations: [aDesignation({reviewOn: '2027-03-31'})]})),
      ),
    ).toContain('designation-inactive')
    const open = evaluate(aNeed(), aLeader({designations: [aDesignation({reviewOn: null})]}))
    expect(open.vetoes).toEqual([])
    expect(open.notes).toContain('designation has no known expiry date')
  })

  it('vetoes an incompatible phase', () => {
    expect(
      codes(evaluate(aNeed({school: aSchool({phase: 'secondary'})}), aLeader({phases: ['early-years']}))),
    ).toContain('phase')
  })

  it('vetoes in-person support beyond the radius, twice the radius for blended, never for remote', () => {
    const need = aNeed()
    const leader = aLeader({location: north(need.location!, 70)})
    expect(codes(evaluate(need, leader))).toContain('too-far')
    expect(codes(evaluate(aNeed({deliveryMode: 'blended'}), leader))).not.toContain('too-far')
    expect(codes(evaluate(aNeed({deliveryMode: 'remote'}), leader))).not.toContain('too-far')
    expect(codes(evaluate(need, leader, config({maxRadiusKm: 80})))).not.toContain('too-far')
  })

  it('vetoes a leader without enough free days in any year the need falls in', () => {
    const need = aNeed({
      halfDays: 10,
      charge: new Map([
        [2026, 6],
        [2027, 4],
      ]),
    })
    const evaluation = evaluate(
      need,
      aLeader({
        freeByYear: new Map([
          [2026, 20],
          [2027, 1],
        ]),
      }),
    )
    expect(codes(evaluation)).toContain('no-capacity')
    expect(evaluation.vetoes.find((veto) => veto.code === 'no-capacity')!.shortfallHalfDays).toBe(3)
  })

  it('vetoes a leader unavailable for the whole window', () => {
    expect(codes(evaluate(aNeed({workingDays: 50}), aLeader({unavailableWorkingDays: () => 50})))).toContain(
      'unavailable',
    )
  })

  it('vetoes objections, rejected proposals, early endings and explicit exclusions', () => {
    const need = aNeed()
    expect(codes(evaluate(need, aLeader({objectedBy: new Set([need.school!.urn])})))).toContain('objection')
    expect(codes(evaluate(need, aLeader({rejectedForNeeds: new Set([need.id])})))).toContain('rejected-before')
    expect(codes(evaluate(need, aLeader({endedEarlyUrns: new Set([need.school!.urn])})))).toContain('ended-early')
    expect(codes(evaluatePair(need, aLeader(), config(), tables, {excluded: true}))).toContain('excluded')
  })
})

describe('match settings', () => {
  it('keeps the documented defaults and overrides only what a file sets', async () => {
    const {resolveMatchConfig, DEFAULT_MATCH_CONFIG} = await import('../../src/core/match/config.js')
    expect(await resolveMatchConfig()).toEqual(DEFAULT_MATCH_CONFIG)
    const tuned = await resolveMatchConfig({weights: {distance: 0.3}, maxRadiusKm: 40})
    expect(tuned.weights).toEqual({...DEFAULT_MATCH_CONFIG.weights, distance: 0.3})
    expect(tuned.maxRadiusKm).toBe(40)
  })

  it('rejects unknown settings, out-of-range values and prototype keys', async () => {
    const {resolveMatchConfig} = await import('../../src/core/match/config.js')
    await expect(resolveMatchConfig({weights: {distanse: 0.3}})).rejects.toThrow()
    await expect(resolveMatchConfig({priority: {high: 2}})).rejects.toThrow()
    await expect(resolveMatchConfig(JSON.parse('{"__proto__": {"polluted": true}}'))).rejects.toThrow()
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
