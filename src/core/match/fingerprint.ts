import {fingerprint} from '../canonical.js'
import type {MatchConfig} from './config.js'
import type {MatchLeader, MatchNeed, MatchSchool} from './model.js'

/**
 * A run's input fingerprint: needs, leaders, their capacity and history, the schools, the
 * settings, the day and broker's version. A run records it; applying the run re-reads the
 * registry and refuses if the fingerprint changed, and equal fingerprints promise equal plans.
 */

export interface FingerprintInputs {
  needs: readonly MatchNeed[]
  leaders: readonly MatchLeader[]
  pins: readonly {needId: number; leaderId: number}[]
  exclusions: readonly {needId: number | null; leaderId: number}[]
  /** Leaders' time off, which scoring reads through a function (left out of the leaders). */
  unavailability: readonly {leaderId: number; periods: {startsOn: string; endsOn: string}[]}[]
}

export function inputFingerprint(
  version: string,
  config: MatchConfig,
  asOf: string,
  inputs: FingerprintInputs,
): string {
  // Schools appear once, by URN, however many needs and leaders refer to them.
  const schools = new Map<number, MatchSchool>()
  for (const need of inputs.needs) if (need.school) schools.set(need.school.urn, need.school)
  for (const leader of inputs.leaders) if (leader.home) schools.set(leader.home.urn, leader.home)
  return fingerprint({
    version,
    config,
    asOf,
    schools,
    needs: inputs.needs.map((need) => ({...need, school: need.school?.urn ?? null})),
    leaders: inputs.leaders.map(hashableLeader),
    pins: inputs.pins,
    exclusions: inputs.exclusions,
    unavailability: inputs.unavailability,
  })
}

/** A leader as the fingerprint sees them: names and emails do not change a match, so they are left out. */
export function hashableLeader(leader: MatchLeader) {
  const {name: _name, email: _email, unavailableWorkingDays: _unavailable, home, ...rest} = leader
  return {...rest, home: home?.urn ?? null}
}
