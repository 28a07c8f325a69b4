import {describe, expect, it} from 'vitest'

import {
  countUnavailable,
  groupByLeader,
  LinkGraph,
  phaseSortedValues,
  reconsideredProposals,
  toMatchLeader,
  toMatchNeed,
  toMatchSchool,
} from '../../src/core/match/inputs.js'
import type {Leader, Need, School} from '../../src/core/model.js'
import {WorkingCalendar} from '../../src/core/working-days.js'
import {aSchool} from './match-builders.js'

const calendar = new WorkingCalendar(['2027-01-01'])

function aRegistrySchool(overrides: Partial<School> = {}): School {
  return {
    urn: 100001,
    name: 'Riverside Primary School',
    phase: 'primary',
    type: 'Community school',
    typeGroup: 'la-maintained',
    status: 'open',
    stateFunded: true,
    trust: null,
    la: {code: '391', name: 'Newcastle upon Tyne'},
    districtCode: null,
    region: 'North East',
    town: 'Newcastle',
    postcode: 'NE1 1AA',
    address: {street: null, locality: null, address3: null, town: 'Newcastle', county: null, postcode: 'NE1 1AA'},
    head: null,
    location: {easting: 424_000, northing: 564_000, latitude: 54.97, longitude: -1.61},
    pupils: 300,
    fsmPct: 20,
    fsmEverPct: 30,
    idaciPct: null,
    leadingTogetherCompletedOn: null,
    openedOn: null,
    closedOn: null,
    ...overrides,
  }
}

function aRegistryNeed(overrides: Partial<Need> = {}): Need {
  return {
    id: 7,
    reference: 'REQ-7',
    subjectUrn: 100001,
    subjectTrustCode: null,
    supportType: 'specialist',
    teamSize: 1,
    parentNeedId: null,
    deliveryMode: 'in-person',
    requestedHalfDays: 8,
    windowStart: '2027-01-04',
    windowEnd: '2027-01-29',
    priority: 'high',
    source: null,
    notes: null,
    status: 'open',
    statusReason: null,
    receivedOn: '2026-11-01',
    specialisms: ['maths'],
    ...overrides,
  }
}

function aRegistryLeader(overrides: Partial<Leader> = {}): Leader {
  return {
    id: 3,
    ref: 'SH-0003',
    name: 'Jo Bloggs',
    email: 'jo@example.sch.uk',
    homeUrn: 100002,
    homeTrustCode: null,
    phases: ['primary'],
    notes: null,
    designations: [],
    specialisms: [
      {code: 'maths', name: 'Maths', confidence: 1},
      {code: 'phonics', name: 'Phonics', confidence: 0.5},
    ],
    capacity: [],
    unavailable: [],
    erasedAt: null,
    ...overrides,
  }
}

describe('school context', () => {
  it('sorts FSM figures by phase, leaving out what is unknown', () => {
    const phases = phaseSortedValues([
      {phase: 'primary', fsm_ever_pct: 40, fsm_pct: 10},
      {phase: 'primary', fsm_ever_pct: 20, fsm_pct: null},
      {phase: 'secondary', fsm_ever_pct: null, fsm_pct: 5},
      {phase: null, fsm_ever_pct: 99, fsm_pct: 99},
    ])
    expect(Object.fromEntries(phases)).toEqual({
      primary: {fsmEver: [20, 40], fsm: [10]},
      secondary: {fsmEver: [], fsm: [5]},
    })
  })

  it('places a school within its phase, with its links and whether it improved', () => {
    const phases = {primary: {fsmEver: [10, 20, 30, 40], fsm: [5, 15, 25, 35]}}
    const school = toMatchSchool(aRegistrySchool({trust: {code: 'T1', name: 'Trust'}}), [100009], phases, [
      {inspectedOn: '2022-05-01', framework: 'legacy-1-4', overallGrade: 3, leadership: null},
      {inspectedOn: '2024-05-01', framework: 'legacy-1-4', overallGrade: 2, leadership: null},
    ])
    expect(school).toEqual({
      urn: 100001,
      name: 'Riverside Primary School',
      phase: 'primary',
      typeGroup: 'la-maintained',
      trustCode: 'T1',
      location: {latitude: 54.97, longitude: -1.61},
      pupils: 300,
      fsmEverPercentile: 0.625,
      fsmPercentile: 0.5,
      linkedUrns: [100009],
      improved: true,
    })
    const unplaced = toMatchSchool(aRegistrySchool({phase: null, location: null}), [], phases, [])
    expect(unplaced).toMatchObject({fsmEverPercentile: null, fsmPercentile: null, location: null, improved: null})
  })

  it('follows predecessor and successor links through other schools, each school once', () => {
    const graph = new LinkGraph([1, 5])
    expect(
      graph.add([
        {urn: 1, linked_urn: 2},
        {urn: 5, linked_urn: 1},
      ]),
    ).toEqual([2])
    expect(graph.add([{urn: 2, linked_urn: 3}])).toEqual([3])
    expect(graph.add([{urn: 3, linked_urn: 1}])).toEqual([])
    expect(Object.fromEntries(graph.closure([1, 5, 9]))).toEqual({1: [2, 3, 5], 5: [1, 2, 3], 9: []})
  })
})

describe('needs', () => {
  it('charges the days to academic years and counts the working days of the window', () => {
    const need = toMatchNeed(
      aRegistryNeed({windowStart: '2027-07-12', windowEnd: '2027-09-10', requestedHalfDays: 10}),
      aSchool(),
      null,
      calendar,
    )
    expect(need.halfDays).toBe(10)
    expect([...need.charge.values()].reduce((sum, halfDays) => sum + halfDays, 0)).toBe(10)
    expect([...need.charge.keys()]).toEqual([2026, 2027])
    expect(need.workingDays).toBe(calendar.countWorkingDays('2027-07-12', '2027-09-10'))
    expect(need.trustCode).toBeNull()
  })

  it("puts a trust's need at the centroid of its schools", () => {
    const centroid = {latitude: 54.5, longitude: -1.5}
    const need = toMatchNeed(aRegistryNeed({subjectUrn: null, subjectTrustCode: 'T9'}), null, centroid, calendar)
    expect(need).toMatchObject({school: null, trustCode: 'T9', location: centroid})
  })
})

describe('leaders', () => {
  const windows = new Map([[7, {windowStart: '2027-01-04', windowEnd: '2027-01-15'}]])
  const circumstances = {
    home: aSchool({urn: 100002}),
    trustCentroid: null,
    years: new Map([
      [2026, {free: 10, released: 40}],
      [2027, {free: 30, released: 30}],
    ]),
    currentYear: 2026,
    past: [
      {need_id: 1, urn: 200001, trust_code: 'T1', status: 'completed', status_reason_code: null},
      {need_id: 2, urn: 200002, trust_code: null, status: 'ended-early', status_reason_code: 'relationship-broke-down'},
      {need_id: 3, urn: 200003, trust_code: null, status: 'cancelled', status_reason_code: 'rejected-by-school'},
      {need_id: 4, urn: 200004, trust_code: null, status: 'cancelled', status_reason_code: 'replanned'},
    ],
    legacy: [{urn: 200005, trust_code: 'T5'}],
    objections: [{urn: 200006}],
    needWindows: windows,
    calendar,
  }

  it('takes free days, utilisation, history and relationships from the registry', () => {
    const leader = toMatchLeader(aRegistryLeader(), circumstances)
    expect(leader.specialisms).toEqual(
      new Map([
        ['maths', 1],
        ['phonics', 0.5],
      ]),
    )
    expect(leader.freeByYear).toEqual(
      new Map([
        [2026, 10],
        [2027, 30],
      ]),
    )
    expect(leader.utilisation).toBe(0.75)
    expect(leader.location).toEqual(circumstances.home.location)
    expect(leader.pastUrns).toEqual(new Set([200001, 200005]))
    expect(leader.pastTrusts).toEqual(new Set(['T1', 'T5']))
    expect(leader.endedEarlyUrns).toEqual(new Set([200002]))
    expect(leader.objectedBy).toEqual(new Set([200006]))
    expect(leader.rejectedForNeeds).toEqual(new Set([2, 3]))
    expect(leader.unavailableWorkingDays(7)).toBe(0)
  })

  it('counts the working days of a need window the leader is away, each day once', () => {
    const leader = toMatchLeader(
      aRegistryLeader({
        unavailable: [
          {startsOn: '2026-12-20', endsOn: '2027-01-06', reason: null},
          {startsOn: '2027-01-05', endsOn: '2027-01-08', reason: null},
        ],
      }),
      circumstances,
    )
    // 4 to 8 January 2027: five working days.
    expect(leader.unavailableWorkingDays(7)).toBe(5)
  })

  it('works from the trust centroid when there is no home school, and has no utilisation without released days', () => {
    const centroid = {latitude: 54, longitude: -1}
    const leader = toMatchLeader(aRegistryLeader({homeUrn: null, homeTrustCode: 'T2'}), {
      ...circumstances,
      home: null,
      trustCentroid: centroid,
      years: new Map(),
    })
    expect(leader).toMatchObject({location: centroid, trustCode: 'T2', utilisation: null})
  })
})

describe('time off', () => {
  it('counts working days inside the window only, once however many periods cover them', () => {
    const periods = [
      {startsOn: '2026-12-28', endsOn: '2027-01-05', reason: null},
      {startsOn: '2027-01-04', endsOn: '2027-01-04', reason: null},
    ]
    // 1 January is a bank holiday here; the window starts on 30 December.
    expect(countUnavailable(periods, '2026-12-30', '2027-01-29', (day) => calendar.isWorkingDay(day))).toBe(4)
    expect(countUnavailable(periods, '2027-02-01', '2027-02-26', (day) => calendar.isWorkingDay(day))).toBe(0)
  })
})

describe('the proposals a run reconsiders', () => {
  const proposals = [
    {id: 1, need_id: 10, hold_expires_on: '2026-11-30'},
    {id: 2, need_id: 11, hold_expires_on: '2026-12-15'},
    {id: 3, need_id: 12, hold_expires_on: '2026-11-01'},
    {id: 4, need_id: 12, hold_expires_on: null},
    {id: 5, need_id: null, hold_expires_on: '2026-11-01'},
  ]

  it('are those whose hold ran out, unless the need has another proposal still holding', () => {
    expect(reconsideredProposals(proposals, '2026-12-01', false)).toEqual([{id: 1, needId: 10, holdExpired: true}])
  })

  it('are every live proposal when re-planning', () => {
    expect(reconsideredProposals(proposals, '2026-12-01', true)).toEqual([
      {id: 1, needId: 10, holdExpired: true},
      {id: 2, needId: 11, holdExpired: false},
      {id: 3, needId: 12, holdExpired: true},
      {id: 4, needId: 12, holdExpired: false},
    ])
  })
})

describe('rows by leader', () => {
  it('are grouped keeping their order', () => {
    const rows = [
      {leader_id: 2, n: 1},
      {leader_id: 1, n: 2},
      {leader_id: 2, n: 3},
    ]
    expect(Object.fromEntries(groupByLeader(rows))).toEqual({
      1: [{leader_id: 1, n: 2}],
      2: [
        {leader_id: 2, n: 1},
        {leader_id: 2, n: 3},
      ],
    })
  })
})
