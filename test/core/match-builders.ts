import {DEFAULT_MATCH_CONFIG, type MatchConfig, withOverrides} from '../../src/core/match/config.js'
import type {MatchLeader, MatchNeed, MatchSchool, MatchTables} from '../../src/core/match/model.js'
import type {Designation} from '../../src/core/model.js'
import {designationFit, phaseCompatibility, phaseCover, relatedAreas} from '../../src/services/reference.js'

/** Small builders for the matching engine's pure tests. */

export const tables: MatchTables = {
  phaseCompatibility: phaseCompatibility(),
  phaseCover: phaseCover(),
  designationFit: designationFit(),
  related: relatedAreas(),
  areaNames: new Map([
    ['maths', 'Maths'],
    ['phonics', 'Phonics'],
    ['english', 'English'],
    ['governance', 'Governance'],
    ['leadership', 'Leadership'],
    ['science', 'Science'],
  ]),
}

export function config(overrides: unknown = {}): MatchConfig {
  return withOverrides(DEFAULT_MATCH_CONFIG, overrides)
}

export const defaults = DEFAULT_MATCH_CONFIG

export function aSchool(overrides: Partial<MatchSchool> = {}): MatchSchool {
  return {
    urn: 900001,
    name: 'Hartside Primary School',
    phase: 'primary',
    typeGroup: 'la-maintained',
    trustCode: null,
    location: {latitude: 54.97, longitude: -1.61},
    pupils: 300,
    fsmEverPercentile: 0.5,
    fsmPercentile: 0.5,
    linkedUrns: [],
    improved: false,
    ...overrides,
  }
}

export function aNeed(overrides: Partial<MatchNeed> = {}): MatchNeed {
  const halfDays = overrides.halfDays ?? 6
  return {
    id: 1,
    reference: null,
    teamId: null,
    school: aSchool(),
    trustCode: null,
    location: overrides.school === undefined ? aSchool().location : (overrides.school?.location ?? null),
    areas: ['maths'],
    supportType: 'specialist',
    deliveryMode: 'in-person',
    halfDays,
    windowStart: '2027-01-04',
    windowEnd: '2027-07-16',
    priority: 'high',
    charge: new Map([[2026, halfDays]]),
    workingDays: 130,
    ...overrides,
  }
}

export function aDesignation(overrides: Partial<Designation> = {}): Designation {
  return {
    kind: 'SLE',
    body: 'hub',
    reference: 'R-1',
    designatedOn: '2024-09-01',
    reviewOn: '2028-08-31',
    status: 'active',
    statusReason: null,
    ...overrides,
  }
}

export function aLeader(overrides: Partial<MatchLeader> = {}): MatchLeader {
  const home =
    overrides.home === undefined
      ? aSchool({urn: 900099, name: 'Elmfield Primary School', location: {latitude: 54.98, longitude: -1.6}})
      : overrides.home
  return {
    id: 1,
    ref: 'L-1',
    name: 'Jo Bloggs',
    email: 'jo@example.sch.uk',
    designations: [aDesignation()],
    specialisms: new Map([['maths', 1]]),
    phases: ['primary'],
    home,
    trustCode: home?.trustCode ?? null,
    location: home?.location ?? null,
    freeByYear: new Map([[2026, 40]]),
    utilisation: 0,
    unavailableWorkingDays: () => 0,
    pastUrns: new Set(),
    pastTrusts: new Set(),
    endedEarlyUrns: new Set(),
    objectedBy: new Set(),
    rejectedForNeeds: new Set(),
    ...overrides,
  }
}

/** A point about `km` kilometres north of another. */
export function north(location: {latitude: number; longitude: number}, km: number) {
  return {latitude: location.latitude + km / 111.2, longitude: location.longitude}
}
