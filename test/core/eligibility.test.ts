import {describe, expect, it} from 'vitest'

import {
  evaluateSchool,
  evaluateTrust,
  legacyGrade,
  type Programme,
  type RuleOutcome,
  type SchoolFacts,
} from '../../src/core/eligibility.js'
import type {Inspection} from '../../src/core/model.js'

type SchoolPart = Partial<SchoolFacts['school']>

function aSchool(overrides: SchoolPart = {}): SchoolFacts['school'] {
  return {
    urn: 900001,
    name: 'Test Primary School',
    stateFunded: true,
    type: 'Community school',
    typeGroup: 'la-maintained',
    trust: null,
    districtCode: 'E08000021',
    idaciPct: 20,
    leadingTogetherCompletedOn: null,
    ...overrides,
  }
}

function legacy(inspectedOn: string, overallGrade: number | null, leadership?: string): Inspection {
  return {
    urn: 900001,
    inspectedOn,
    framework: 'legacy-1-4',
    overallGrade,
    judgements: leadership === undefined ? {} : {'leadership-and-management': leadership},
  }
}

function reportCard(inspectedOn: string): Inspection {
  return {
    urn: 900001,
    inspectedOn,
    framework: 'report-card-2025',
    overallGrade: null,
    judgements: {'leadership-and-governance': 'needs-attention', safeguarding: 'met'},
  }
}

function facts(school: SchoolPart = {}, more: Partial<Omit<SchoolFacts, 'school'>> = {}): SchoolFacts {
  return {
    school: aSchool(school),
    district: {code: 'E08000021', name: 'Newcastle upon Tyne', aeaCategory: 3},
    trust: null,
    inspections: [],
    ...more,
  }
}

function outcomeOf(input: SchoolFacts, programme: Programme): RuleOutcome {
  return evaluateSchool(input).find((outcome) => outcome.programme === programme)!
}

const withAea = (aeaCategory: number | null) => ({
  district: {code: 'E08000021', name: 'Newcastle upon Tyne', aeaCategory},
})

describe('Leading Together', () => {
  const leadingTogether = (idaciPct: number | null, aea: number | null) =>
    outcomeOf(facts({idaciPct}, withAea(aea)), 'leading-together')

  it.each([
    // [IDACI %, AEA, verdict, rule]: bands are lower-inclusive
    [40, 1, 'eligible', 'idaci-40-plus'],
    [62.5, null, 'eligible', 'idaci-40-plus'],
    [39.99, 4, 'eligible', 'idaci-35-40'],
    [35, 4, 'eligible', 'idaci-35-40'],
    [35, 6, 'eligible', 'idaci-35-40'],
    [35, 3, 'not-eligible', 'idaci-35-40'],
    [34.99, 4, 'not-eligible', 'idaci-30-35'],
    [30, 5, 'eligible', 'idaci-30-35'],
    [30, 4, 'not-eligible', 'idaci-30-35'],
    [29.99, 5, 'not-eligible', 'idaci-25-30'],
    [25, 6, 'eligible', 'idaci-25-30'],
    [25, 5, 'not-eligible', 'idaci-25-30'],
    [24.99, 6, 'not-eligible', 'idaci-below-25'],
    [0, 6, 'not-eligible', 'idaci-below-25'],
  ] as const)('IDACI %s%% with AEA %s is %s (%s)', (idaci, aea, verdict, rule) => {
    const outcome = leadingTogether(idaci, aea)
    expect(outcome.verdict).toBe(verdict)
    expect(outcome.rule).toBe(rule)
    expect(outcome.missing).toEqual([])
  })

  it('meets a band boundary given as a fraction times 100 (0.35 -> 35.00000000000001, 0.29 -> 28.999999999999996)', () => {
    expect(leadingTogether(0.35 * 100, 4).verdict).toBe('eligible')
    expect(leadingTogether(0.29 * 100, 6)).toMatchObject({verdict: 'eligible', rule: 'idaci-25-30'})
    expect(leadingTogether(0.3 * 100, 5)).toMatchObject({verdict: 'eligible', rule: 'idaci-30-35'})
  })

  it('needs no AEA category when IDACI decides alone', () => {
    expect(outcomeOf(facts({idaciPct: 45, districtCode: null}, {district: null}), 'leading-together').verdict).toBe(
      'eligible',
    )
    expect(outcomeOf(facts({idaciPct: 10, districtCode: null}, {district: null}), 'leading-together').verdict).toBe(
      'not-eligible',
    )
  })

  it('is undetermined, naming the missing data, without IDACI or without the AEA its band needs', () => {
    const noIdaci = leadingTogether(null, 6)
    expect(noIdaci).toMatchObject({verdict: 'undetermined', rule: 'missing-idaci'})
    expect(noIdaci.missing[0]?.what).toMatch(/IDACI/)
    expect(noIdaci.missing[0]?.source).toEqual({kind: 'file', file: 'schools'})
    const noAea = leadingTogether(36, null)
    expect(noAea).toMatchObject({verdict: 'undetermined', rule: 'idaci-35-40'})
    expect(noAea.missing[0]).toEqual({
      what: 'AEA category of district E08000021',
      source: {kind: 'file', file: 'districts'},
    })
    const noDistrict = outcomeOf(facts({idaciPct: 31, districtCode: null}, {district: null}), 'leading-together')
    expect(noDistrict.missing[0]?.what).toMatch(/district of the school/)
  })

  it('refuses a school that has completed it, and schools that are not state-funded', () => {
    expect(
      outcomeOf(facts({idaciPct: 50, leadingTogetherCompletedOn: '2024-07-19'}), 'leading-together'),
    ).toMatchObject({
      verdict: 'not-eligible',
      rule: 'completed',
    })
    expect(
      outcomeOf(facts({idaciPct: 50, stateFunded: false, typeGroup: 'independent'}), 'leading-together').rule,
    ).toBe('not-state-funded')
  })

  it('says whether the school is one it prioritises (Ofsted 3 or 4)', () => {
    expect(
      outcomeOf(facts({idaciPct: 50}, {inspections: [legacy('2023-03-01', 3)]}), 'leading-together').prioritised,
    ).toBe(true)
    expect(
      outcomeOf(facts({idaciPct: 50}, {inspections: [legacy('2023-03-01', 2)]}), 'leading-together').prioritised,
    ).toBe(false)
    expect(
      outcomeOf(facts({idaciPct: 50}, {inspections: [reportCard('2026-01-20')]}), 'leading-together').prioritised,
    ).toBeNull()
  })
})

describe('funded NLG support', () => {
  const nlg = (input: SchoolFacts) => outcomeOf(input, 'funded-nlg')
  const academy = {type: 'Academy converter', typeGroup: 'academy' as const, trust: {code: 'T002', name: 'Tyne Trust'}}

  it('offers an academy 5 days (plus up to 5) when its trust is eligible for TSI', () => {
    const outcome = nlg(facts(academy, {trust: {code: 'T002', name: 'Tyne Trust', tsiEligible: true}}))
    expect(outcome).toMatchObject({
      verdict: 'eligible',
      rule: 'trust-tsi-eligible',
      offerHalfDays: {base: 10, extraUpTo: 10},
    })
  })

  it('refuses an academy whose trust is not eligible, and asks for the trust when unknown', () => {
    expect(nlg(facts(academy, {trust: {code: 'T002', name: 'Tyne Trust', tsiEligible: false}}))).toMatchObject({
      verdict: 'not-eligible',
      rule: 'trust-not-tsi-eligible',
    })
    const unknown = nlg(facts(academy, {trust: null}))
    expect(unknown).toMatchObject({verdict: 'undetermined', rule: 'missing-tsi'})
    expect(unknown.missing[0]).toEqual({
      what: 'TSI eligibility of trust T002',
      source: {kind: 'trust-tsi', trust: 'T002'},
    })
    expect(nlg(facts({...academy, trust: null}))).toMatchObject({verdict: 'undetermined', rule: 'missing-trust'})
  })

  it('offers a maintained school 3 days for a single RI judgement with RI in leadership and management', () => {
    const outcome = nlg(facts({}, {inspections: [legacy('2019-05-01', 2, '2'), legacy('2024-03-12', 3, '3')]}))
    expect(outcome).toMatchObject({
      verdict: 'eligible',
      rule: 'maintained-single-ri',
      offerHalfDays: {base: 6, extraUpTo: 0},
    })
  })

  it('reads the leadership judgement in the words an import may keep', () => {
    const inspection: Inspection = {
      urn: 1,
      inspectedOn: '2024-03-12',
      framework: 'legacy-1-4',
      overallGrade: 3,
      judgements: {'Leadership and management': 'Requires improvement'},
    }
    expect(nlg(facts({}, {inspections: [inspection]})).verdict).toBe('eligible')
    expect(legacyGrade('4')).toBe(4)
    expect(legacyGrade('Outstanding')).toBe(1)
    expect(legacyGrade('needs attention')).toBeNull()
  })

  it('refuses RI with good leadership, a good school, and two consecutive RI judgements', () => {
    expect(nlg(facts({}, {inspections: [legacy('2024-03-12', 3, '2')]}))).toMatchObject({
      verdict: 'not-eligible',
      rule: 'leadership-not-ri',
    })
    expect(nlg(facts({}, {inspections: [legacy('2024-03-12', 2, '2')]}))).toMatchObject({
      verdict: 'not-eligible',
      rule: 'not-ri',
    })
    expect(nlg(facts({}, {inspections: [legacy('2021-11-02', 3, '3'), legacy('2024-03-12', 3, '3')]}))).toMatchObject({
      verdict: 'not-eligible',
      rule: 'consecutive-ri',
    })
  })

  it('is undetermined when the latest outcome is a 2025 report card, never mapping it onto a grade', () => {
    const outcome = nlg(facts({}, {inspections: [legacy('2023-03-01', 3, '3'), reportCard('2026-01-20')]}))
    expect(outcome).toMatchObject({verdict: 'undetermined', rule: 'latest-is-report-card'})
    expect(outcome.reason).toMatch(/Undetermined: the latest outcome \(2026-01-20\) is a 2025 report card/)
  })

  it('is undetermined for an ungraded latest inspection, no inspection, no leadership judgement or an unknown type', () => {
    expect(nlg(facts({}, {inspections: [legacy('2023-03-01', 3, '3'), legacy('2025-02-01', null, '3')]})).rule).toBe(
      'latest-has-no-grade',
    )
    expect(nlg(facts({}, {inspections: []})).rule).toBe('missing-inspection')
    expect(nlg(facts({}, {inspections: [legacy('2024-03-12', 3)]})).rule).toBe('missing-leadership-judgement')
    expect(nlg(facts({type: null, typeGroup: null}))).toMatchObject({verdict: 'undetermined', rule: 'missing-type'})
  })

  it('treats community special schools and PRUs as maintained and special academies as academies', () => {
    const ri = {inspections: [legacy('2024-03-12', 3, '3')]}
    expect(nlg(facts({type: 'Community special school', typeGroup: 'special'}, ri)).rule).toBe('maintained-single-ri')
    expect(nlg(facts({type: 'Pupil referral unit', typeGroup: 'alternative-provision'}, ri)).rule).toBe(
      'maintained-single-ri',
    )
    expect(nlg(facts({type: 'Academy special converter', typeGroup: 'special', trust: null}, ri)).rule).toBe(
      'missing-trust',
    )
  })

  it('evaluates a trust itself for governance support to its board', () => {
    expect(evaluateTrust({code: 'T9', name: 'Trust nine', tsiEligible: true}, 'T9')[0]).toMatchObject({
      verdict: 'eligible',
      offerHalfDays: {base: 10},
    })
    expect(evaluateTrust(null, 'T9')[0]).toMatchObject({verdict: 'undetermined', rule: 'missing-tsi'})
  })
})

describe('priority schools and priority areas', () => {
  it.each([
    [4, 'eligible'],
    [3, 'eligible'],
    [2, 'not-eligible'],
    [1, 'not-eligible'],
  ] as const)('a latest overall grade of %s is %s as a priority school', (grade, verdict) => {
    expect(outcomeOf(facts({}, {inspections: [legacy('2022-06-01', grade)]}), 'priority-school').verdict).toBe(verdict)
  })

  it('uses the latest inspection, and is undetermined on a report card', () => {
    expect(
      outcomeOf(facts({}, {inspections: [legacy('2018-06-01', 4), legacy('2022-06-01', 2)]}), 'priority-school')
        .verdict,
    ).toBe('not-eligible')
    expect(
      outcomeOf(facts({}, {inspections: [legacy('2022-06-01', 4), reportCard('2026-02-01')]}), 'priority-school'),
    ).toMatchObject({
      verdict: 'undetermined',
      rule: 'latest-is-report-card',
    })
  })

  it.each([
    [6, 'eligible'],
    [5, 'eligible'],
    [4, 'not-eligible'],
    [1, 'not-eligible'],
  ] as const)('AEA category %s is %s as a priority area', (category, verdict) => {
    expect(outcomeOf(facts({}, withAea(category)), 'priority-area').verdict).toBe(verdict)
  })

  it('is undetermined without the district or its category', () => {
    expect(outcomeOf(facts({}, withAea(null)), 'priority-area')).toMatchObject({
      verdict: 'undetermined',
      rule: 'missing-aea',
    })
    expect(outcomeOf(facts({districtCode: null}, {district: null}), 'priority-area').missing[0]?.what).toMatch(
      /district of the school/,
    )
  })
})
