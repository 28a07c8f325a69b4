import {daysFromHalfDays} from '../days.js'
import type {MatchLeader, MatchNeed} from './model.js'
import {
  type CandidateSummary,
  type MatchOutcome,
  type NeedConstraints,
  type Proposal,
  renderLeaderTokens,
  type Unmatched,
} from './outcome.js'
import type {PairEvaluation} from './scoring.js'

/**
 * What a match run shows and keeps, made from the engine's outcome (outcome.ts): leaders named
 * for people and by reference for the record, the full scoring of one need (--explain), every
 * candidate and free day for a re-solve elsewhere (--with-candidates), and whether a leader still
 * has the days for a need once others are given to them (interactive decisions).
 */

/** How reasons name a leader: "Name (REF)" for people, the reference alone for the record. */
export function leaderLabels(
  leaders: ReadonlyMap<number, MatchLeader>,
  withNames: boolean,
): (leaderId: number) => string {
  return (leaderId) => {
    const leader = leaders.get(leaderId)
    if (!leader) return `leader ${leaderId}`
    return withNames && leader.name ? `${leader.name} (${leader.ref})` : leader.ref
  }
}

/** Unmatched needs with their reasons and what-ifs naming leaders through `label`. */
export function unmatchedNamed(unmatched: readonly Unmatched[], label: (leaderId: number) => string): Unmatched[] {
  return unmatched.map((entry) => ({
    ...entry,
    reasons: entry.reasons.map((reason) => renderLeaderTokens(reason, label)),
    whatIf: entry.whatIf.map((hint) => renderLeaderTokens(hint, label)),
  }))
}

/** What a match run keeps: references and numbers, never names or emails. */
export function storedResults(outcome: MatchOutcome, refOf: (leaderId: number) => string) {
  return {
    proposals: outcome.proposals.map((proposal) => ({
      needId: proposal.needId,
      urn: proposal.school?.urn ?? null,
      leader: {id: proposal.leader.id, ref: proposal.leader.ref},
      score: proposal.score,
      components: proposal.components,
      distanceKm: proposal.distanceKm,
      halfDays: proposal.halfDays,
      pinned: proposal.pinned,
      alternates: proposal.alternates.map((alternate) => ({ref: alternate.leader.ref, score: alternate.score})),
    })),
    unmatched: unmatchedNamed(outcome.unmatched, refOf).map((entry) => ({
      needId: entry.needId,
      urn: entry.school?.urn ?? null,
      cause: entry.cause,
      reasons: entry.reasons,
      whatIf: entry.whatIf,
    })),
    warnings: outcome.warnings,
  }
}

/** Half days per academic year as days, keyed by the year's start. */
export function daysByYear(halfDays: ReadonlyMap<number, number>): Record<string, number> {
  return Object.fromEntries([...halfDays].map(([year, count]) => [String(year), daysFromHalfDays(count)]))
}

/** The proposals and unmatched needs each with every feasible candidate and what a re-solve needs besides them. */
export function withCandidates<Entry extends Proposal | Unmatched>(
  entries: readonly Entry[],
  outcome: MatchOutcome,
  needs: ReadonlyMap<number, MatchNeed>,
  leaders: ReadonlyMap<number, MatchLeader>,
): Entry[] {
  return entries.map((entry) => {
    const need = needs.get(entry.needId)!
    const candidates: CandidateSummary[] = (outcome.feasible.get(entry.needId) ?? []).map((candidate) => ({
      leader: {ref: leaders.get(candidate.leaderId)!.ref},
      score: candidate.score,
      days: daysFromHalfDays(need.halfDays),
    }))
    const constraints: NeedConstraints = {daysByYear: daysByYear(need.charge), teamNeedId: need.teamId}
    return {...entry, candidates, constraints}
  })
}

/** Whether the leader has the days for `need` in every year once the needs already given to them are counted. */
export function hasDaysFor(need: MatchNeed, leader: MatchLeader, given: readonly MatchNeed[]): boolean {
  const used = new Map<number, number>()
  for (const other of given)
    for (const [year, halfDays] of other.charge) used.set(year, (used.get(year) ?? 0) + halfDays)
  return [...need.charge].every(
    ([year, halfDays]) => (used.get(year) ?? 0) + halfDays <= (leader.freeByYear.get(year) ?? 0),
  )
}

/** The full scoring of one need (--explain): every leader holding one of its areas, best first. */
export interface Explanation {
  need: {
    id: number
    reference: string | null
    school: {urn: number; name: string} | null
    areas: string[]
    days: number
    window: string
    deliveryMode: string
    priority: string
  }
  candidates: (Omit<PairEvaluation, 'leaderId' | 'needId'> & {
    leader: {ref: string; name: string | null}
    proposedFor: number | null
  })[]
  /** Leaders in the run who hold none of this need's areas (nor a related one). */
  leadersWithoutExpertise: number
}

export function explainNeed(
  need: MatchNeed,
  leaders: ReadonlyMap<number, MatchLeader>,
  outcome: MatchOutcome,
): Explanation {
  const proposedFor = new Map(outcome.proposals.map((proposal) => [proposal.leader.id, proposal.needId]))
  const evaluations = outcome.explained?.evaluations ?? []
  return {
    need: {
      id: need.id,
      reference: need.reference,
      school: need.school ? {urn: need.school.urn, name: need.school.name} : null,
      areas: need.areas,
      days: daysFromHalfDays(need.halfDays),
      window: `${need.windowStart} → ${need.windowEnd}`,
      deliveryMode: need.deliveryMode,
      priority: need.priority,
    },
    candidates: evaluations.map(({leaderId, needId: _needId, ...evaluation}) => ({
      leader: {ref: leaders.get(leaderId)!.ref, name: leaders.get(leaderId)!.name},
      proposedFor: proposedFor.get(leaderId) ?? null,
      ...evaluation,
    })),
    leadersWithoutExpertise: leaders.size - evaluations.length,
  }
}
