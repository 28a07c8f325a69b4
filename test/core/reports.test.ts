import {describe, expect, it} from 'vitest'

import type {YearCapacity} from '../../src/core/capacity.js'
import {runMatch} from '../../src/core/match/engine.js'
import {VETO_SUMMARY} from '../../src/core/match/outcome.js'
import type {VetoCode} from '../../src/core/match/scoring.js'
import {
  academicYearWeights,
  countOutcomes,
  defaultPeriod,
  freeText,
  monthsOf,
  personName,
  REDACTED,
  requirePeriod,
  signoff,
} from '../../src/core/reports/common.js'
import {buildCoverageReport, type CoverageLeaderRow, type CoverageNeedRow} from '../../src/core/reports/coverage.js'
import {METRIC_KEYS, METRICS, glossaryFor} from '../../src/core/reports/glossary.js'
import {
  buildHubReport,
  deploymentInPeriod,
  type HubDeploymentRow,
  type HubLeaderRow,
  type HubNeedRow,
  type HubReportInput,
  needState,
} from '../../src/core/reports/hub.js'
import {categoryOf} from '../../src/core/reports/unmatched.js'
import {WorkingCalendar} from '../../src/core/working-days.js'
import {loadHighsSolver} from '../../src/services/solver.js'
import {brokerFailure} from '../helpers/errors.js'
import {stringMatching} from '../helpers/matchers.js'
import * as match from './match-builders.js'

const calendar = new WorkingCalendar([])
const area = {region: 'North East', laCode: '806', laName: 'Middlesbrough'}
const elsewhere = {region: 'North West', laCode: '341', laName: 'Liverpool'}

function aNeed(overrides: Partial<HubNeedRow> = {}): HubNeedRow {
  return {
    id: 1,
    reference: 'REQ-1',
    receivedOn: '2026-12-01',
    status: 'open',
    areas: ['maths'],
    requestedHalfDays: 4,
    priority: 'high',
    school: {urn: 910001, name: 'Carr Hill Primary'},
    trustCode: null,
    area,
    deploymentStatuses: [],
    ...overrides,
  }
}

function aDeployment(overrides: Partial<HubDeploymentRow> = {}): HubDeploymentRow {
  return {
    id: 1,
    needId: 1,
    status: 'active',
    leaderId: 1,
    leaderRef: 'SH-0001',
    leaderName: 'Ravi Lister',
    urn: 910001,
    schoolName: 'Carr Hill Primary',
    trustCode: null,
    area,
    startsOn: '2027-01-11',
    endsOn: '2027-03-26',
    halfDays: 8,
    dayRatePence: 45_000,
    fundingSource: 'school-budget',
    fundingProgramme: null,
    grantReference: null,
    payer: null,
    evaluatedOn: null,
    outcomes: [],
    location: {latitude: 54.5, longitude: -1.2},
    leaderLocation: {latitude: 54.9, longitude: -1.6},
    ...overrides,
  }
}

function year(academicYear: number, figures: Partial<YearCapacity>): YearCapacity {
  return {academicYear, released: 0, held: 0, committed: 0, delivered: 0, legacy: 0, free: 0, ...figures}
}

function aLeader(overrides: Partial<HubLeaderRow> = {}): HubLeaderRow {
  return {
    id: 1,
    ref: 'SH-0001',
    designationKinds: ['SLE'],
    active: true,
    specialisms: ['maths'],
    capacity: new Map([[2026, year(2026, {released: 20, delivered: 4, committed: 6})]]),
    location: {latitude: 54.9, longitude: -1.6},
    ...overrides,
  }
}

function hubInput(overrides: Partial<HubReportInput> = {}): HubReportInput {
  const period = {from: '2026-09-01', to: '2027-08-31'}
  return {
    hub: 'Test Hub',
    asOf: '2027-07-20',
    period,
    redact: false,
    needs: [],
    deployments: [],
    delivered: [],
    deliveredToDate: new Map(),
    leaders: [],
    calendar,
    matchRun: null,
    areaNames: new Map([['maths', 'Maths']]),
    ...overrides,
  }
}

describe('periods', () => {
  it('refuses a period that ends before it starts, as a usage error', async () => {
    const failure = await brokerFailure(() => requirePeriod('2027-08-01', '2027-01-01'))
    expect(failure).toMatchObject({
      kind: 'usage',
      exitCode: 2,
      message: stringMatching(/starts on 2027-08-01, after it ends on 2027-01-01/),
    })
  })

  it('defaults to the academic year of the as-of date, up to that date', () => {
    expect(defaultPeriod('2027-03-15')).toEqual({from: '2026-09-01', to: '2027-03-15'})
    expect(defaultPeriod('2027-03-15', undefined, '2026-10-31')).toEqual({from: '2026-09-01', to: '2026-10-31'})
    expect(defaultPeriod('2027-03-15', '2027-01-01')).toEqual({from: '2027-01-01', to: '2027-03-15'})
  })

  it('lists the months a period touches', () => {
    expect(monthsOf({from: '2026-11-20', to: '2027-02-01'})).toEqual(['2026-11', '2026-12', '2027-01', '2027-02'])
  })

  it('weighs each academic year by the share of its working days in the period', () => {
    expect(academicYearWeights({from: '2026-09-01', to: '2027-08-31'}, calendar)).toEqual(new Map([[2026, 1]]))
    const spanning = academicYearWeights({from: '2027-06-01', to: '2027-09-30'}, calendar)
    expect([...spanning.keys()]).toEqual([2026, 2027])
    expect(spanning.get(2026)! + spanning.get(2027)!).toBeLessThan(1)
    expect(spanning.get(2026)).toBeCloseTo(
      calendar.countWorkingDays('2027-06-01', '2027-08-31') / calendar.countWorkingDays('2026-09-01', '2027-08-31'),
    )
  })
})

describe('redaction and outcomes', () => {
  it('leaves out names and free text, keeps whether a sign-off was given', () => {
    expect(personName('Ravi Lister', true)).toBeNull()
    expect(personName('Ravi Lister', false)).toBe('Ravi Lister')
    expect(freeText('Met the chair', true)).toBe(REDACTED)
    expect(freeText('  ', true)).toBeNull()
    expect(signoff('Chair of governors, 2027-01-08', true)).toBe('signed')
    expect(signoff(null, true)).toBeNull()
  })

  it('counts objectives on the four-point scale', () => {
    const counts = countOutcomes([1, 3, 3, 4, null])
    expect(counts.byOutcome.map((step) => [step.label, step.objectives])).toEqual([
      ['Not met', 1],
      ['Partly met', 0],
      ['Met', 2],
      ['Exceeded', 1],
    ])
    expect(counts).toMatchObject({judged: 4, metOrExceeded: 3, metOrExceededShare: 0.75})
    expect(countOutcomes([]).metOrExceededShare).toBeNull()
  })
})

describe('the glossary', () => {
  it('defines every metric once, with a term and a definition', () => {
    const terms = METRIC_KEYS.map((key) => METRICS[key].term)
    expect(new Set(terms).size).toBe(terms.length)
    for (const key of METRIC_KEYS) expect(METRICS[key].definition.length).toBeGreaterThan(20)
  })

  it('gives definitions in glossary order, each once', () => {
    expect(glossaryFor(['utilisation', 'as-of', 'utilisation']).map((entry) => entry.key)).toEqual([
      'as-of',
      'utilisation',
    ])
  })
})

describe('unmatched causes, as the matching engine records them', () => {
  it('groups the needs the engine leaves unmatched by their cause', async () => {
    const far = match.north(match.aSchool().location!, 120)
    const needs = [
      match.aNeed({id: 1, areas: ['science']}),
      match.aNeed({id: 2, priority: 'high'}),
      match.aNeed({id: 3, priority: 'low'}),
      match.aNeed({id: 4, areas: ['phonics']}),
    ]
    const leaders = [
      match.aLeader({id: 1, freeByYear: new Map([[2026, 6]])}),
      match.aLeader({
        id: 2,
        ref: 'L-2',
        specialisms: new Map([['phonics', 1]]),
        home: match.aSchool({urn: 900098, location: far}),
        location: far,
      }),
    ]
    const outcome = await runMatch({needs, leaders, config: match.config(), tables: match.tables}, loadHighsSolver)
    const categories = new Map(outcome.unmatched.map((entry) => [entry.needId, categoryOf(entry.cause)]))
    expect(categories).toEqual(
      new Map([
        [1, 'no-expertise'],
        [3, 'taken'],
        [4, 'too-far'],
      ]),
    )
  })

  it('files a cause it does not know under other', () => {
    expect(categoryOf('something new')).toBe('other')
    expect(categoryOf(null)).toBe('other')
  })

  it('recognises every veto the engine can name', () => {
    for (const code of Object.keys(VETO_SUMMARY) as VetoCode[]) expect(categoryOf(code)).toBe(code)
  })
})

describe('the hub report', () => {
  it('puts every need received in exactly one state', () => {
    expect(needState({status: 'in-deployment', deploymentStatuses: ['cancelled', 'active']})).toBe('supported')
    expect(needState({status: 'proposed', deploymentStatuses: ['proposed']})).toBe('proposed')
    expect(needState({status: 'open', deploymentStatuses: ['cancelled']})).toBe('unmatched')
    expect(needState({status: 'withdrawn', deploymentStatuses: []})).toBe('closedWithoutSupport')
    expect(needState({status: 'closed', deploymentStatuses: ['ended-early']})).toBe('supported')
  })

  it('counts a deployment in a period when its agreed dates overlap it or days were delivered in it', () => {
    const period = {from: '2027-01-01', to: '2027-03-31'}
    expect(deploymentInPeriod(aDeployment({startsOn: '2027-03-01', endsOn: '2027-06-30'}), period, false)).toBe(true)
    expect(deploymentInPeriod(aDeployment({startsOn: '2027-04-01', endsOn: '2027-06-30'}), period, false)).toBe(false)
    expect(deploymentInPeriod(aDeployment({startsOn: '2027-04-01', endsOn: '2027-06-30'}), period, true)).toBe(true)
    expect(deploymentInPeriod(aDeployment({status: 'proposed'}), period, false)).toBe(false)
    expect(deploymentInPeriod(aDeployment({status: 'cancelled'}), period, true)).toBe(false)
  })

  it('adds up: needs, days, money, outcomes and areas agree with each other', () => {
    const report = buildHubReport(
      hubInput({
        needs: [
          aNeed({id: 1, deploymentStatuses: ['completed']}),
          aNeed({id: 2, area: elsewhere, deploymentStatuses: ['active']}),
          aNeed({id: 3, deploymentStatuses: ['proposed'], status: 'proposed'}),
          aNeed({id: 4}),
          aNeed({id: 5, status: 'withdrawn'}),
          aNeed({id: 6, receivedOn: '2026-08-31'}),
        ],
        deployments: [
          aDeployment({id: 1, needId: 1, status: 'completed', evaluatedOn: '2027-03-26', outcomes: [3, 4]}),
          aDeployment({
            id: 2,
            needId: 2,
            leaderId: 2,
            area: elsewhere,
            fundingSource: 'dfe-grant',
            dayRatePence: 0,
            halfDays: 10,
          }),
          aDeployment({id: 3, needId: 9, startsOn: '2025-01-01', endsOn: '2025-03-01'}),
        ],
        delivered: [
          {deploymentId: 1, legacyLinkId: null, leaderId: 1, onDate: '2027-01-20', halfDays: 3, area},
          {deploymentId: 1, legacyLinkId: null, leaderId: 1, onDate: '2027-02-20', halfDays: 2, area},
          {deploymentId: 2, legacyLinkId: null, leaderId: 2, onDate: '2027-02-21', halfDays: 4, area: elsewhere},
          {deploymentId: null, legacyLinkId: 7, leaderId: 1, onDate: '2027-05-01', halfDays: 1, area},
        ],
        deliveredToDate: new Map([
          [1, 5],
          [2, 4],
        ]),
        leaders: [
          aLeader(),
          aLeader({
            id: 2,
            ref: 'SH-0002',
            designationKinds: ['NLE', 'SLE'],
            specialisms: [],
            capacity: new Map([[2026, year(2026, {released: 10, delivered: 5})]]),
          }),
        ],
      }),
    )
    expect(report.needs).toEqual({received: 5, supported: 2, proposed: 1, unmatched: 1, closedWithoutSupport: 1})
    expect(report.days).toEqual({
      agreedHalfDays: 18,
      deliveredHalfDays: 10,
      deliveredToDeploymentsHalfDays: 9,
      deliveredToLegacyHalfDays: 1,
      deployments: 2,
    })
    expect(report.daysByMonth.reduce((total, month) => total + month.deliveredHalfDays, 0)).toBe(10)
    expect(report.funding.map((row) => [row.source, row.deliveredHalfDays, row.deliveredCostPence])).toEqual([
      ['dfe-grant', 4, 0],
      ['school-budget', 5, 112_500],
    ])
    expect(report.fundingTotal).toMatchObject({
      deployments: 2,
      agreedHalfDays: 18,
      deliveredHalfDays: 9,
      deliveredCostPence: 112_500,
      costPerDeliveredDayPence: 25_000,
    })
    expect(report.outcomes).toMatchObject({judged: 2, metOrExceeded: 2, deploymentsCompleted: 1})
    expect(report.byArea.reduce((total, row) => total + row.needsReceived, 0)).toBe(report.needs.received)
    expect(report.byArea.reduce((total, row) => total + row.deliveredHalfDays, 0)).toBe(report.days.deliveredHalfDays)
    expect(report.unmatched.map((entry) => [entry.needId, entry.category])).toEqual([[4, 'no-run']])
    // Over the whole year: released as released; delivered the ledger's entries (legacy check-ins
    // too), as the summary counts them; committed what deployment 2 has still to deliver.
    expect(report.utilisation.all).toMatchObject({
      leaders: 2,
      releasedDays: 15,
      deliveredDays: report.days.deliveredHalfDays / 2,
      committedDays: 3,
    })
    expect(report.utilisation.all.utilisation).toBeCloseTo((10 + 6) / 30)
    expect(report.utilisation.byDesignation.map((row) => [row.group, row.leaders])).toEqual([
      ['NLE', 1],
      ['SLE', 2],
    ])
    expect(report.map.lines).toHaveLength(2)
  })

  it('over a short period, counts delivered days by ledger date and pro-rates only the released days', () => {
    const january = {from: '2027-01-01', to: '2027-01-31'}
    // An SLE with 10 days released for 2026/27; her deployment runs 2027-01-04 to 2027-02-26 (40
    // working days, 20 of them in January) for 6 days, 4 delivered in January and 1 in February.
    const input = hubInput({
      period: january,
      deployments: [aDeployment({id: 1, status: 'active', startsOn: '2027-01-04', endsOn: '2027-02-26', halfDays: 12})],
      delivered: [
        {deploymentId: 1, legacyLinkId: null, leaderId: 1, onDate: '2027-01-11', halfDays: 4, area},
        {deploymentId: 1, legacyLinkId: null, leaderId: 1, onDate: '2027-01-25', halfDays: 4, area},
        {deploymentId: 1, legacyLinkId: null, leaderId: 1, onDate: '2027-02-08', halfDays: 2, area},
      ],
      deliveredToDate: new Map([[1, 10]]),
      leaders: [aLeader({capacity: new Map([[2026, year(2026, {released: 20, delivered: 10, committed: 2})]])})],
    })
    const report = buildHubReport(input)
    expect(report.days.deliveredHalfDays).toBe(8)
    const released =
      (20 * calendar.countWorkingDays('2027-01-01', '2027-01-31')) /
      calendar.countWorkingDays('2026-09-01', '2027-08-31')
    for (const row of [
      report.utilisation.all,
      report.utilisation.byDesignation.find((entry) => entry.group === 'SLE')!,
    ]) {
      expect(row).toMatchObject({
        leaders: 1,
        deliveredDays: 4,
        committedDays: 0.5,
        releasedDays: Math.round((released / 2) * 10) / 10,
      })
      expect(row.utilisation).toBeCloseTo((8 + 1) / released)
    }
    // A month after the agreed dates: nothing delivered or committed in it.
    const march = buildHubReport({...input, period: {from: '2027-03-01', to: '2027-03-31'}})
    expect(march.utilisation.all).toMatchObject({deliveredDays: 0, committedDays: 0})
  })

  it('gives each unmatched need the reason from the latest run, or says why it has none', () => {
    const report = buildHubReport(
      hubInput({
        needs: [aNeed({id: 1}), aNeed({id: 2}), aNeed({id: 3})],
        matchRun: {
          id: 7,
          asOf: '2027-01-10',
          applied: false,
          unmatched: new Map([
            [1, {cause: 'no-expertise', reasons: ['no leader in the registry has Drama or a related area']}],
          ]),
          proposed: new Map([[2, 'SH-0009']]),
        },
      }),
    )
    expect(report.matchRun).toEqual({id: 7, asOf: '2027-01-10'})
    expect(report.unmatched.map((entry) => [entry.needId, entry.category, entry.reason])).toEqual([
      [1, 'no-expertise', 'no leader in the registry has Drama or a related area'],
      [2, 'not-applied', 'match run 7 proposed SH-0009, but its plan was not applied'],
      [3, 'not-in-run', 'not considered by match run 7'],
    ])
  })

  it('redacts leader names and never holds an email', () => {
    const report = buildHubReport(hubInput({deployments: [aDeployment()], redact: true}))
    expect(report.finance[0]!.leaderName).toBeNull()
    expect(JSON.stringify(report)).not.toMatch(/Ravi Lister|@/)
  })
})

describe('the coverage report', () => {
  const need = (overrides: Partial<CoverageNeedRow> = {}): CoverageNeedRow => ({
    id: 1,
    reference: 'REQ-1',
    areas: ['maths'],
    supportType: 'specialist',
    deliveryMode: 'in-person',
    requestedHalfDays: 6,
    priority: 'high',
    school: {urn: 910001, name: 'Carr Hill Primary'},
    trustCode: null,
    area,
    location: {latitude: 54.5, longitude: -1.2},
    ...overrides,
  })
  const leader = (overrides: Partial<CoverageLeaderRow> = {}): CoverageLeaderRow => ({
    id: 1,
    ref: 'SH-0001',
    name: 'Ravi Lister',
    specialisms: ['maths'],
    area: elsewhere,
    freeHalfDays: 10,
    location: {latitude: 53.4, longitude: -2.9},
    ...overrides,
  })

  it('finds cold spots and the nearest candidate, and balances supply against demand', () => {
    const report = buildCoverageReport({
      hub: 'Test Hub',
      asOf: '2027-01-10',
      redact: false,
      academicYear: 2026,
      radiusKm: 50,
      needs: [
        need(),
        need({id: 2, reference: 'REQ-2', deliveryMode: 'remote'}),
        need({id: 3, reference: 'REQ-3', areas: ['drama']}),
        need({id: 4, reference: 'REQ-4'}),
      ],
      leaders: [
        leader(),
        leader({id: 2, ref: 'SH-0002', area, freeHalfDays: -4, location: {latitude: 54.52, longitude: -1.25}}),
      ],
      evaluations: [
        {needId: 1, leaderId: 1, vetoes: ['too-far'], distanceKm: 140.26},
        {needId: 1, leaderId: 2, vetoes: ['no-expertise'], distanceKm: 4},
        {needId: 2, leaderId: 1, vetoes: [], distanceKm: 140},
        {needId: 4, leaderId: 2, vetoes: ['no-capacity'], distanceKm: 4},
      ],
      areaNames: new Map([
        ['maths', 'Maths'],
        ['drama', 'Drama'],
      ]),
    })
    expect(
      report.coldSpots.map((spot) => [spot.reference, spot.nearest?.ref ?? null, spot.nearest?.distanceKm ?? null]),
    ).toEqual([
      ['REQ-1', 'SH-0001', 140.3],
      ['REQ-3', null, null],
    ])
    expect(report.coldSpots[1]!.reason).toMatch(/no leader with the expertise/)
    expect(report.totals).toEqual({
      openNeeds: 4,
      demandHalfDays: 24,
      leaders: 2,
      supplyHalfDays: 10,
      balanceHalfDays: -14,
      coldSpots: 2,
    })
    expect(report.bySpecialism.map((row) => [row.code, row.demandHalfDays, row.supplyHalfDays, row.coldSpots])).toEqual(
      [
        ['maths', 18, 10, 1],
        ['drama', 6, 0, 1],
      ],
    )
    expect(report.byArea.reduce((total, row) => total + row.openNeeds, 0)).toBe(4)
    expect(report.map.lines).toEqual([
      {kind: 'nearest-candidate', from: {latitude: 53.4, longitude: -2.9}, to: {latitude: 54.5, longitude: -1.2}},
    ])
  })
})
