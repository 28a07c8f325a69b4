import {describe, expect, it} from 'vitest'

import {coveringPhases, isCandidate, needPhase} from '../../src/core/match/candidates.js'
import {runMatch} from '../../src/core/match/engine.js'
import type {MatchLeader, MatchNeed} from '../../src/core/match/model.js'
import {evaluatePair} from '../../src/core/match/scoring.js'
import type {Phase} from '../../src/core/model.js'
import {schoolPhase} from '../../src/core/phases.js'
import {loadHighsSolver} from '../../src/services/solver.js'
import {aDesignation, aLeader, aNeed, aSchool, config, north, tables} from './match-builders.js'

const school = (phase: Phase) => aSchool({phase, name: `A ${phase} school`})
const needAt = (phase: Phase, overrides: Partial<MatchNeed> = {}) => aNeed({school: school(phase), ...overrides})
const leaderWith = (phases: Phase[], overrides: Partial<MatchLeader> = {}) => aLeader({phases, ...overrides})
const vetoes = (need: MatchNeed, leader: MatchLeader, settings: unknown = {}) =>
  evaluatePair(need, leader, config(settings), tables).vetoes.map((veto) => veto.code)

describe('phase rules: who covers a need (data/phase-cover.csv)', () => {
  it('never proposes a primary-only specialist to a secondary school, or a secondary-only one to a primary', () => {
    expect(vetoes(needAt('secondary'), leaderWith(['primary']))).toEqual(['cross-phase'])
    expect(vetoes(needAt('primary'), leaderWith(['secondary']))).toEqual(['cross-phase'])
    expect(vetoes(needAt('secondary'), leaderWith(['secondary']))).toEqual([])
    expect(vetoes(needAt('primary'), leaderWith(['primary', 'secondary']))).toEqual([])
    expect(vetoes(needAt('secondary'), leaderWith(['all-through']))).toEqual([])
  })

  it('says why, naming the experience, and takes such a leader off the candidate list', () => {
    const evaluation = evaluatePair(needAt('secondary'), leaderWith(['primary']), config(), tables)
    expect(evaluation.vetoes).toEqual([
      {
        code: 'cross-phase',
        reason: 'primary experience only, for a secondary school (cross-phase support is off)',
        experience: 'primary',
      },
    ])
    expect(isCandidate({vetoes: evaluation.vetoes.map((veto) => veto.code)})).toBe(false)
  })

  it('allows cross-phase support when the match settings turn it on, still scored as a poor phase fit', () => {
    const evaluation = evaluatePair(
      needAt('secondary'),
      leaderWith(['primary']),
      config({crossPhaseSupport: true}),
      tables,
    )
    expect(evaluation.vetoes).toEqual([])
    expect(evaluation.context.phase).toBe(0.2)
  })

  it('leaves governance and other phase-blind areas to anyone, whatever their phase', () => {
    const nlg = leaderWith(['primary'], {
      designations: [aDesignation({kind: 'NLG'})],
      specialisms: new Map([['governance', 1]]),
    })
    expect(vetoes(needAt('secondary', {areas: ['governance'], supportType: 'governance'}), nlg)).toEqual([])
    const nle = leaderWith(['primary'], {
      designations: [aDesignation({kind: 'NLE'})],
      specialisms: new Map([
        ['financial-health', 1],
        ['school-improvement', 1],
      ]),
    })
    expect(vetoes(needAt('secondary', {areas: ['financial-health'], supportType: 'leadership'}), nle)).toEqual([])
    // Whole-school improvement is not phase-blind: the school's phase must be covered.
    expect(vetoes(needAt('secondary', {areas: ['school-improvement'], supportType: 'leadership'}), nle)).toEqual([
      'cross-phase',
    ])
  })

  it("takes an all-through school's phase from the need's areas where they name one (phonics is primary)", () => {
    const phonics = needAt('all-through', {areas: ['phonics']})
    expect(needPhase(phonics, tables.phaseCover)).toBe('primary')
    const phonicsSle = (phases: Phase[]) => leaderWith(phases, {specialisms: new Map([['phonics', 1]])})
    expect(vetoes(phonics, phonicsSle(['secondary']))).toEqual(['cross-phase'])
    expect(vetoes(phonics, phonicsSle(['primary']))).toEqual([])
    // Maths is taught in both phases: either phase's experience covers an all-through school.
    const maths = needAt('all-through', {areas: ['maths']})
    expect(needPhase(maths, tables.phaseCover)).toBe('all-through')
    expect(vetoes(maths, leaderWith(['secondary']))).toEqual([])
    expect(vetoes(maths, leaderWith(['primary']))).toEqual([])
  })

  it('treats a middle school as the phase GIAS deems it', () => {
    const deemedSecondary = schoolPhase('Middle deemed secondary', 'Community school')
    const deemedPrimary = schoolPhase('Middle deemed primary', 'Academy converter')
    expect([deemedPrimary, deemedSecondary]).toEqual(['primary', 'secondary'])
    expect(vetoes(needAt(deemedSecondary!), leaderWith(['primary']))).toEqual(['cross-phase'])
    expect(vetoes(needAt(deemedPrimary!), leaderWith(['primary']))).toEqual([])
  })

  it('lets a SEND specialist from a special school support a mainstream school, in SEND only', () => {
    const sendSle = leaderWith(['special'], {specialisms: new Map([['send', 1]])})
    expect(vetoes(needAt('primary', {areas: ['send']}), sendSle)).toEqual([])
    expect(vetoes(needAt('secondary', {areas: ['send']}), sendSle)).toEqual([])
    const mathsFromSpecial = leaderWith(['special'], {specialisms: new Map([['maths', 1]])})
    expect(vetoes(needAt('primary', {areas: ['maths']}), mathsFromSpecial)).toEqual(['cross-phase'])
    // A need for SEND and maths together needs mainstream experience.
    const both = leaderWith(['special'], {
      specialisms: new Map([
        ['send', 1],
        ['maths', 1],
      ]),
    })
    expect(vetoes(needAt('primary', {areas: ['send', 'maths']}), both)).toEqual(['cross-phase'])
  })

  it('covers special schools and alternative provision by their own experience, or mainstream SEND and leadership', () => {
    expect(vetoes(needAt('special'), leaderWith(['special']))).toEqual([])
    expect(vetoes(needAt('special'), leaderWith(['primary']))).toEqual(['cross-phase'])
    const behaviour = (phases: Phase[]) => leaderWith(phases, {specialisms: new Map([['behaviour', 1]])})
    expect(vetoes(needAt('alternative-provision', {areas: ['behaviour']}), behaviour(['secondary']))).toEqual([])
    expect(vetoes(needAt('secondary', {areas: ['behaviour']}), behaviour(['alternative-provision']))).toEqual([])
    const head = leaderWith(['secondary'], {
      designations: [aDesignation({kind: 'NLE'})],
      specialisms: new Map([['leadership', 1]]),
    })
    expect(vetoes(needAt('special', {areas: ['leadership'], supportType: 'leadership'}), head)).toEqual([])
  })

  it('leaves needs whose phase is unknown, or not in the rules, to the phase compatibility scores', () => {
    expect(coveringPhases(aNeed({school: null}), tables.phaseCover)).toBeNull()
    expect(coveringPhases(needAt('post-16'), tables.phaseCover)).toBeNull()
    expect(vetoes(needAt('secondary'), leaderWith([]))).toEqual([])
    // The 0 cells of data/phase-compatibility.csv still veto, with or without cross-phase support.
    expect(vetoes(needAt('secondary'), leaderWith(['early-years']), {crossPhaseSupport: true})).toEqual(['phase'])
  })
})

describe('an unmatched need names the cross-phase leader it could have had', () => {
  const secondary = aSchool({phase: 'secondary', name: 'Hilltop Academy'})
  const need = aNeed({id: 1, school: secondary, location: secondary.location, areas: ['maths']})
  const primaryMaths = aLeader({
    id: 7,
    ref: 'L-7',
    phases: ['primary'],
    home: aSchool({urn: 900107, name: 'Elm Primary', location: north(secondary.location!, 4)}),
    location: north(secondary.location!, 4),
  })

  it('leaves the need unmatched by default, saying who would match if cross-phase support were allowed', async () => {
    const outcome = await runMatch({needs: [need], leaders: [primaryMaths], config: config(), tables}, loadHighsSolver)
    expect(outcome.proposals).toEqual([])
    expect(outcome.unmatched).toHaveLength(1)
    const [unmatched] = outcome.unmatched
    expect(unmatched!.cause).toBe('cross-phase')
    expect(unmatched!.reasons[0]).toContain('1 candidate with experience of another phase only')
    expect(unmatched!.whatIf).toEqual([
      'would match ⟦leader:7⟧, primary experience only, if cross-phase leadership support were allowed',
    ])
  })

  it('proposes that leader when the settings allow cross-phase support', async () => {
    const outcome = await runMatch(
      {needs: [need], leaders: [primaryMaths], config: config({crossPhaseSupport: true}), tables},
      loadHighsSolver,
    )
    expect(outcome.proposals.map((proposal) => proposal.leader.ref)).toEqual(['L-7'])
  })
})
