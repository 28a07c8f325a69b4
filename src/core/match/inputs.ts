import {addDays} from '../calendar.js'
import type {LatLon} from '../geo.js'
import {improvedFromWeak, type InspectionOutcome} from '../inspections.js'
import {VETO_REASON_CODES} from '../lifecycle.js'
import type {Leader, Need, School, UnavailablePeriod} from '../model.js'
import {percentileRank} from '../percentile.js'
import type {WorkingCalendar} from '../working-days.js'
import type {MatchLeader, MatchNeed, MatchSchool} from './model.js'

/**
 * The engine's inputs made from registry records: schools with their context (percentiles,
 * predecessor links, improvement), needs with their days charged to academic years, leaders with
 * their free days, history and relationships. The match service reads the records
 * (services/match-inputs.ts); everything here is arithmetic on them.
 */

/** FSM-ever and FSM percentages of open schools, by phase, each sorted ascending (for percentiles). */
export type PhaseDistributions = Record<string, {fsmEver: number[]; fsm: number[]}>

export function phaseSortedValues(
  rows: readonly {phase: string | null; fsm_ever_pct: number | null; fsm_pct: number | null}[],
): Map<string, {fsmEver: number[]; fsm: number[]}> {
  const byPhase = new Map<string, {fsmEver: number[]; fsm: number[]}>()
  for (const row of rows) {
    if (row.phase === null) continue
    const entry = byPhase.get(row.phase) ?? {fsmEver: [], fsm: []}
    if (row.fsm_ever_pct !== null) entry.fsmEver.push(row.fsm_ever_pct)
    if (row.fsm_pct !== null) entry.fsm.push(row.fsm_pct)
    byPhase.set(row.phase, entry)
  }
  for (const entry of byPhase.values()) {
    entry.fsmEver.sort((a, b) => a - b)
    entry.fsm.sort((a, b) => a - b)
  }
  return byPhase
}

export function toMatchSchool(
  school: School,
  linkedUrns: number[],
  phases: PhaseDistributions,
  inspections: readonly InspectionOutcome[],
): MatchSchool {
  const phase = school.phase
  const distribution = phase ? phases[phase] : undefined
  const location: LatLon | null = school.location
    ? {latitude: school.location.latitude, longitude: school.location.longitude}
    : null
  return {
    urn: school.urn,
    name: school.name,
    phase,
    typeGroup: school.typeGroup,
    trustCode: school.trust?.code ?? null,
    location,
    pupils: school.pupils,
    fsmEverPercentile:
      school.fsmEverPct !== null && distribution ? percentileRank(distribution.fsmEver, school.fsmEverPct) : null,
    fsmPercentile: school.fsmPct !== null && distribution ? percentileRank(distribution.fsm, school.fsmPct) : null,
    linkedUrns,
    improved: improvedFromWeak(inspections),
  }
}

/**
 * Predecessor/successor links (GIAS), gathered a few links deep from some schools: the service
 * adds each depth's links as it reads them, then asks for every school linked, however indirectly.
 */
export class LinkGraph {
  private readonly neighbours = new Map<number, Set<number>>()
  private readonly seen: Set<number>

  constructor(urns: readonly number[]) {
    this.seen = new Set(urns)
  }

  /** Adds links (both ways); returns the schools they reached for the first time, to follow next. */
  add(links: readonly {urn: number; linked_urn: number}[]): number[] {
    const next: number[] = []
    for (const link of links) {
      for (const [a, b] of [
        [link.urn, link.linked_urn],
        [link.linked_urn, link.urn],
      ] as const) {
        const set = this.neighbours.get(a) ?? new Set<number>()
        set.add(b)
        this.neighbours.set(a, set)
        if (!this.seen.has(b)) {
          this.seen.add(b)
          next.push(b)
        }
      }
    }
    return next
  }

  /** Every school linked to each of these, directly or through others, ascending. */
  closure(urns: readonly number[]): Map<number, number[]> {
    const closure = new Map<number, number[]>()
    for (const urn of urns) {
      const reached = new Set<number>()
      const stack = [urn]
      while (stack.length > 0) {
        for (const next of this.neighbours.get(stack.pop()!) ?? []) {
          if (next !== urn && !reached.has(next)) {
            reached.add(next)
            stack.push(next)
          }
        }
      }
      closure.set(
        urn,
        [...reached].sort((a, b) => a - b),
      )
    }
    return closure
  }
}

/** Working days between `start` and `end` (inclusive) that fall in any of the periods, each counted once. */
export function countUnavailable(
  periods: readonly UnavailablePeriod[],
  start: string,
  end: string,
  isWorkingDay: (day: string) => boolean,
): number {
  const days = new Set<string>()
  for (const period of periods) {
    const from = period.startsOn > start ? period.startsOn : start
    const to = period.endsOn < end ? period.endsOn : end
    for (let day = from; day <= to; day = addDays(day, 1)) if (isWorkingDay(day)) days.add(day)
  }
  return days.size
}

export function groupByLeader<Row extends {leader_id: number}>(rows: readonly Row[]): Map<number, Row[]> {
  const grouped = new Map<number, Row[]>()
  for (const row of rows) {
    const list = grouped.get(row.leader_id)
    if (list) list.push(row)
    else grouped.set(row.leader_id, [row])
  }
  return grouped
}

export function toMatchNeed(
  need: Need,
  school: MatchSchool | null,
  trustCentroid: LatLon | null,
  calendar: WorkingCalendar,
): MatchNeed {
  return {
    id: need.id,
    reference: need.reference,
    teamId: need.parentNeedId,
    school,
    trustCode: need.subjectUrn === null ? need.subjectTrustCode : null,
    location: school?.location ?? trustCentroid,
    areas: need.specialisms,
    supportType: need.supportType,
    deliveryMode: need.deliveryMode,
    halfDays: need.requestedHalfDays,
    windowStart: need.windowStart,
    windowEnd: need.windowEnd,
    priority: need.priority,
    charge: calendar.splitAcrossYears(need.requestedHalfDays, need.windowStart, need.windowEnd),
    workingDays: calendar.countWorkingDays(need.windowStart, need.windowEnd),
  }
}

/** A leader's past deployments as the registry keeps them. */
export interface PastDeployment {
  need_id: number | null
  urn: number | null
  trust_code: string | null
  status: string
  status_reason_code: string | null
}

/** What the registry says of one leader besides their own record. */
export interface LeaderCircumstances {
  home: MatchSchool | null
  trustCentroid: LatLon | null
  /** Free and released half days per academic year (core/capacity). */
  years: ReadonlyMap<number, {free: number; released: number}>
  currentYear: number
  past: readonly PastDeployment[]
  legacy: readonly {urn: number | null; trust_code: string | null}[]
  objections: readonly {urn: number}[]
  /** The window of each need in the run, for the working days the leader is unavailable. */
  needWindows: ReadonlyMap<number, {windowStart: string; windowEnd: string}>
  calendar: WorkingCalendar
}

const SUPPORTED = ['agreed', 'active', 'completed']

export function toMatchLeader(leader: Leader, circumstances: LeaderCircumstances): MatchLeader {
  const {home, years, past, legacy, needWindows, calendar} = circumstances
  const thisYear = years.get(circumstances.currentYear)
  const periods = leader.unavailable
  const unavailableCache = new Map<number, number>()
  return {
    id: leader.id,
    ref: leader.ref,
    name: leader.name,
    email: leader.email,
    designations: leader.designations,
    specialisms: new Map(leader.specialisms.map((specialism) => [specialism.code, specialism.confidence])),
    phases: leader.phases,
    home,
    trustCode: leader.homeTrustCode ?? home?.trustCode ?? null,
    location: home?.location ?? circumstances.trustCentroid,
    freeByYear: new Map([...years].map(([year, entry]) => [year, entry.free])),
    utilisation: thisYear && thisYear.released > 0 ? (thisYear.released - thisYear.free) / thisYear.released : null,
    unavailableWorkingDays: (needId: number) => {
      if (periods.length === 0) return 0
      let cached = unavailableCache.get(needId)
      if (cached === undefined) {
        const need = needWindows.get(needId)!
        cached = countUnavailable(periods, need.windowStart, need.windowEnd, (day) => calendar.isWorkingDay(day))
        unavailableCache.set(needId, cached)
      }
      return cached
    },
    pastUrns: new Set([
      ...past.filter((row) => SUPPORTED.includes(row.status) && row.urn !== null).map((row) => row.urn as number),
      ...legacy.flatMap((row) => (row.urn === null ? [] : [row.urn])),
    ]),
    pastTrusts: new Set([
      ...past
        .filter((row) => SUPPORTED.includes(row.status) && row.trust_code !== null)
        .map((row) => row.trust_code as string),
      ...legacy.flatMap((row) => (row.trust_code === null ? [] : [row.trust_code])),
    ]),
    endedEarlyUrns: new Set(
      past.filter((row) => row.status === 'ended-early' && row.urn !== null).map((row) => row.urn as number),
    ),
    objectedBy: new Set(circumstances.objections.map((row) => row.urn)),
    rejectedForNeeds: new Set(
      past
        .filter((row) => row.need_id !== null && VETO_REASON_CODES.includes(row.status_reason_code ?? ''))
        .map((row) => row.need_id as number),
    ),
  }
}

/**
 * A proposal a run reconsiders, so its need is matched again: applying the run ends it
 * (replanned, or hold-expired when its hold had run out).
 */
export interface ReconsideredProposal {
  id: number
  needId: number
  holdExpired: boolean
}

/**
 * The proposals a run reconsiders: with `replanProposed` every live proposal; otherwise those
 * whose hold ran out before the run's date, unless the need has another proposal still holding.
 */
export function reconsideredProposals(
  proposals: readonly {id: number; need_id: number | null; hold_expires_on: string | null}[],
  asOf: string,
  replanProposed: boolean,
): ReconsideredProposal[] {
  const lapsed = (proposal: (typeof proposals)[number]) =>
    proposal.hold_expires_on !== null && proposal.hold_expires_on < asOf
  const stillHolding = new Set(
    proposals.filter((proposal) => !replanProposed && !lapsed(proposal)).map((proposal) => proposal.need_id),
  )
  return proposals.flatMap((proposal) =>
    proposal.need_id === null || stillHolding.has(proposal.need_id)
      ? []
      : [{id: proposal.id, needId: proposal.need_id, holdExpired: lapsed(proposal)}],
  )
}
