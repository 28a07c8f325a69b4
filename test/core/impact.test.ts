import {describe, expect, it} from 'vitest'

import {buildImpactReport} from '../../src/core/impact/build.js'
import {estimateEffect} from '../../src/core/impact/estimate.js'
import {compareInspections} from '../../src/core/impact/inspections.js'
import {leaderRecordOf} from '../../src/core/impact/record.js'
import type {Inspection} from '../../src/core/model.js'
import {aDeployment, anInput, aResult, aSchool, syntheticWorld} from './impact-world.js'

const headlineOf = (report: ReturnType<typeof buildImpactReport>) => {
  const row = report.headline.find((estimate) => estimate.measure === 'ks4-attainment8')!
  if (row.suppressed) throw new Error('the headline was suppressed')
  return row
}

describe('impact: planted truth', () => {
  it('finds a planted effect of 3 points inside its interval, and 0 inside the interval of a world without one', () => {
    const withEffect = headlineOf(buildImpactReport(syntheticWorld({seed: 11, effect: 3})))
    expect(withEffect.low).toBeLessThanOrEqual(3)
    expect(withEffect.high).toBeGreaterThanOrEqual(3)
    expect(withEffect.low).toBeGreaterThan(0)
    const without = headlineOf(buildImpactReport(syntheticWorld({seed: 11, effect: 0})))
    expect(without.low).toBeLessThanOrEqual(0)
    expect(without.high).toBeGreaterThanOrEqual(0)
  })

  it('gives the same interval for the same seed', () => {
    const first = headlineOf(buildImpactReport(syntheticWorld({seed: 5, effect: 1})))
    const second = headlineOf(buildImpactReport(syntheticWorld({seed: 5, effect: 1})))
    expect(second).toEqual(first)
  })
})

/** Ten comparable schools (5 supported) whose Attainment 8 rises by `rise` after support. */
function smallWorld(options: {supported?: number; asOf?: string; rise?: number} = {}) {
  const supported = options.supported ?? 5
  const schools = Array.from({length: 20}, (_, index) => aSchool(100001 + index, {fsmEverPct: 30 + (index % 3)}))
  const deployments = schools.slice(0, supported).map((school, index) => aDeployment(index + 1, school.urn))
  const results = schools.flatMap((school, index) => [
    aResult(school.urn, 2019, 40),
    aResult(school.urn, 2022, 40),
    aResult(school.urn, 2024, 40 + (index < supported ? (options.rise ?? 2) : 0)),
  ])
  return anInput({
    schools,
    deployments,
    results,
    supportedInPeriod: new Set(deployments.map((deployment) => deployment.urn)),
    asOf: options.asOf ?? '2026-12-01',
  })
}

describe('impact: the rules', () => {
  it('suppresses a group of fewer than 5 supported schools', () => {
    const report = buildImpactReport(smallWorld({supported: 4}))
    expect(report.headline).toEqual([
      {group: 'All supported schools', suppressed: true, measure: 'ks4-attainment8', supported: 4},
    ])
    expect(report.suppressedGroups).toBeGreaterThan(0)
    const shown = buildImpactReport(smallWorld({supported: 5}))
    expect(headlineOf(shown).effect).toBeCloseTo(2)
  })

  it('counts schools still awaiting their follow-up result instead of dropping them', () => {
    const report = buildImpactReport(smallWorld({asOf: '2024-05-01'}))
    const counts = report.byMeasure.find((row) => row.measure === 'ks4-attainment8')!.byStatus
    expect(counts['awaiting-follow-up']).toBe(5)
    expect(counts.measured).toBe(0)
  })

  it('keeps a missing follow-up result missing, never zero', () => {
    const input = smallWorld()
    input.results = input.results.map((result) =>
      result.urn === 100001 && result.year === 2024 ? {...result, measures: {'ks4-attainment8': null}} : result,
    )
    const report = buildImpactReport(input)
    const counts = report.byMeasure.find((row) => row.measure === 'ks4-attainment8')!.byStatus
    expect(counts['no-follow-up-result']).toBe(1)
    expect(counts.measured).toBe(4)
  })

  it('follows a converted school through its predecessor link for its baseline', () => {
    const input = smallWorld()
    // School 100001 converted: its results before 2023 are filed under its predecessor 900001.
    input.schools[0] = {...input.schools[0]!, predecessors: [900001]}
    input.schools.push(aSchool(900001, {phase: null}))
    input.results = input.results.map((result) =>
      result.urn === 100001 && result.year < 2023 ? {...result, urn: 900001} : result,
    )
    const report = buildImpactReport(input)
    const counts = report.byMeasure.find((row) => row.measure === 'ks4-attainment8')!.byStatus
    expect(counts.measured).toBe(5)
    expect(headlineOf(report).effect).toBeCloseTo(2)
  })

  it('weights each supported school by its cohort', () => {
    const unit = (urn: number, weight: number, supportedChange: number) => ({
      urn,
      weight,
      supportedChange,
      covariates: {baseline: 40, fsmEverPct: 30, cohort: weight},
      comparisons: [{urn: urn + 1000, change: 0, weight: 100, covariates: {baseline: 40, fsmEverPct: 30, cohort: 100}}],
    })
    const estimate = estimateEffect('ks4-attainment8', [unit(1, 300, 1), unit(2, 100, 5)], {resamples: 10, seed: 1})!
    expect(estimate.effect).toBeCloseTo((300 * 1 + 100 * 5) / 400)
  })

  it('reports governance support apart from the attainment headline', () => {
    const input = smallWorld({supported: 10})
    input.deployments = input.deployments.map((deployment, index) =>
      index >= 5 ? {...deployment, supportType: 'governance'} : deployment,
    )
    const report = buildImpactReport(input)
    expect(headlineOf(report).supported).toBe(5)
    expect(report.apart[0]).toMatchObject({group: 'Governance and financial health', supported: 5})
    expect(report.counts.notAimedAtAttainment).toBe(5)
  })
})

describe('impact: inspections', () => {
  const inspection = (
    urn: number,
    inspectedOn: string,
    framework: Inspection['framework'],
    overallGrade: number | null,
    judgements: Record<string, string> = {},
  ): Inspection => ({
    urn,
    inspectedOn,
    framework,
    overallGrade,
    judgements,
  })
  it('compares within one framework only, and on the judgements an ungraded inspection has', () => {
    const findings = compareInspections(
      [
        {urn: 1, startsOn: '2023-09-01', closedOn: '2024-07-01', comparisonUrns: []},
        {urn: 2, startsOn: '2023-09-01', closedOn: '2024-07-01', comparisonUrns: []},
        {urn: 3, startsOn: '2023-09-01', closedOn: '2024-07-01', comparisonUrns: []},
      ],
      [
        inspection(1, '2022-05-01', 'legacy-1-4', 3, {'leadership-and-management': '3'}),
        inspection(1, '2025-12-01', 'report-card-2025', null, {'leadership-and-governance': 'strong-standard'}),
        inspection(2, '2022-05-01', 'legacy-1-4', 3, {'leadership-and-management': '3'}),
        inspection(2, '2024-10-01', 'legacy-1-4', null, {'leadership-and-management': '2'}),
      ],
    )
    expect(findings.excluded).toEqual({noInspectionBefore: 1, noInspectionSince: 0, frameworksDiffer: 1})
    expect(findings.tallies).toEqual([
      {
        framework: 'legacy-1-4',
        area: 'leadership-and-management',
        supported: {compared: 1, improved: 1, declined: 0},
        comparison: {compared: 0, improved: 0, declined: 0},
      },
    ])
  })
})

describe("impact: a leader's own record", () => {
  const record = (overrides: Partial<Parameters<typeof leaderRecordOf>[0]> = {}) =>
    leaderRecordOf({
      asOf: '2026-12-01',
      afterMonths: 12,
      deployments: [aDeployment(1, 100001), aDeployment(2, 100002), aDeployment(3, 100003, {status: 'ended-early'})],
      schools: [aSchool(100001, {predecessors: [900001]}), aSchool(100002), aSchool(100003)],
      results: [
        // School 100001 converted: its results before converting are its predecessor's.
        aResult(900001, 2022, 40),
        aResult(100001, 2024, 43.5),
        aResult(100002, 2022, 50),
        aResult(100002, 2024, null),
        aResult(100003, 2022, 30),
      ],
      yearsOnRecord: [
        {year: 2022, keyStage: 'ks4'},
        {year: 2024, keyStage: 'ks4'},
      ],
      ...overrides,
    })

  it("gives each deployment's results before and after, through predecessor links, missing kept missing", () => {
    const [first, second, third] = record().entries
    expect(first!.outcomes.find((outcome) => outcome.measure === 'ks4-attainment8')).toEqual({
      measure: 'ks4-attainment8',
      status: 'followed-up',
      before: {year: 2022, value: 40},
      after: {year: 2024, value: 43.5},
      change: 3.5,
    })
    expect(second!.outcomes[0]).toMatchObject({status: 'no-follow-up-result', after: {year: 2024, value: null}})
    // 2024 is on record (other schools have it) but not this school's: missing, not awaited.
    expect(third).toMatchObject({status: 'ended-early', outcomes: [{status: 'no-follow-up-result', change: null}]})
  })

  it('awaits a follow-up year no school has results for yet, and keeps only measures with a result before support', () => {
    const entries = record({yearsOnRecord: [{year: 2022, keyStage: 'ks4'}]}).entries
    expect(entries.flatMap((entry) => entry.outcomes.map((outcome) => outcome.status))).toEqual([
      'awaiting-follow-up',
      'awaiting-follow-up',
      'awaiting-follow-up',
    ])
    const none = record({results: []}).entries
    expect(none.every((entry) => entry.outcomes.length === 0)).toBe(true)
  })
})
