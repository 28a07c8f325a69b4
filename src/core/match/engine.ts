import {refused} from '../errors.js'
import {type AssignmentColumn, type AssignmentResult, assign} from './assign.js'
import type {MatchConfig} from './config.js'
import type {MatchLeader, MatchNeed, MatchTables} from './model.js'
import {type Components, type ContextParts, describeAreas, evaluatePair, type PairEvaluation, type VetoCode} from './scoring.js'
import type {Solver} from './solver.js'

/**
 * A whole match: score every plausible pair, veto what must not happen, choose the assignment
 * (see assign.ts), then explain it: alternates for each proposal, the binding reason and a
 * what-if for each need left unmatched.
 */

export interface MatchInput {
  needs: readonly MatchNeed[]
  leaders: readonly MatchLeader[]
  config: MatchConfig
  tables: MatchTables
  pins?: readonly {needId: number; leaderId: number}[]
  /** A leader excluded from the run (needId null) or from one need. */
  exclusions?: readonly {needId: number | null; leaderId: number}[]
}

export interface LeaderSummary {
  id: number
  ref: string
  name: string | null
  email: string | null
}

export interface CandidateSummary {
  leader: {ref: string}
  score: number
  days: number
}

export interface Alternate {
  leader: LeaderSummary
  score: number
  distanceKm: number | null
  /** The need this leader is proposed for in this run, if any. */
  proposedFor: number | null
}

export interface Proposal {
  needId: number
  needReference: string | null
  school: {urn: number; name: string} | null
  trustCode: string | null
  priority: string
  leader: LeaderSummary & {designation: string | null}
  score: number
  fit: number
  priorityMultiplier: number
  loadFactor: number
  components: Components
  context: ContextParts
  distanceKm: number | null
  days: number
  halfDays: number
  pinned: boolean
  notes: string[]
  alternates: Alternate[]
  candidates?: CandidateSummary[]
}

export interface Unmatched {
  needId: number
  needReference: string | null
  school: {urn: number; name: string} | null
  trustCode: string | null
  priority: string
  days: number
  reasons: string[]
  whatIf: string[]
  candidates?: CandidateSummary[]
}

export interface MatchTotals {
  /** Sum of the proposals' scores: the objective. */
  score: number
  matched: number
  needs: number
  greedyScore: number
  lpBound: number
  upperBound: number
  gap: number
  candidatePairs: number
  vetoedPairs: number
  solver: AssignmentResult['solver']
}

export interface MatchOutcome {
  proposals: Proposal[]
  unmatched: Unmatched[]
  totals: MatchTotals
  warnings: string[]
  /** Every evaluated pair, by need id, for --explain and --with-candidates. */
  evaluations: Map<number, PairEvaluation[]>
}

const VETO_ORDER: VetoCode[] = [
  'excluded',
  'wrong-designation',
  'designation-inactive',
  'own-school',
  'same-trust',
  'objection',
  'rejected-before',
  'ended-early',
  'phase',
  'unavailable',
  'too-far',
  'no-capacity',
]

/** How an unmatched reason words each veto (reports group unmatched needs by these words). */
export const VETO_SUMMARY: Record<VetoCode, string> = {
  'no-expertise': 'without the expertise',
  'wrong-designation': 'with the wrong designation',
  'designation-inactive': 'with a lapsed, withdrawn or expiring designation',
  'own-school': 'from the school itself',
  'same-trust': 'from the same trust',
  phase: 'with the wrong phase experience',
  'too-far': 'too far away',
  'no-capacity': 'at capacity',
  unavailable: 'unavailable',
  objection: 'objected to by the school',
  'rejected-before': 'already rejected for this need',
  'ended-early': 'whose deployment with the school ended early',
  excluded: 'excluded for this run',
}

export async function runMatch(input: MatchInput, loadSolver: () => Promise<Solver>): Promise<MatchOutcome> {
  const {needs, leaders, config, tables} = input
  const leaderIndex = new Map(leaders.map((leader, index) => [leader.id, index]))
  const needIndex = new Map(needs.map((need, index) => [need.id, index]))
  const excludedEverywhere = new Set((input.exclusions ?? []).filter((e) => e.needId === null).map((e) => e.leaderId))
  const excludedPairs = new Set((input.exclusions ?? []).filter((e) => e.needId !== null).map((e) => `${e.needId}:${e.leaderId}`))
  const pins = new Map((input.pins ?? []).map((pin) => [pin.needId, pin.leaderId]))

  // Leaders who hold an area (or a related one) are the only ones who can score for it.
  const byArea = new Map<string, Set<number>>()
  leaders.forEach((leader, index) => {
    for (const area of leader.specialisms.keys()) {
      const holders = byArea.get(area) ?? new Set<number>()
      holders.add(index)
      byArea.set(area, holders)
    }
  })

  const evaluations = new Map<number, PairEvaluation[]>()
  const columns: AssignmentColumn[] = []
  const columnEvaluation: PairEvaluation[] = []
  const pinnedColumns = new Set<number>()
  let vetoedPairs = 0
  const refOrder = leaders.map((_, index) => index).sort((a, b) => compareText(leaders[a]!.ref, leaders[b]!.ref))
  const refRank = new Map(refOrder.map((index, rank) => [index, rank]))
  const needsById = [...needs].sort((a, b) => a.id - b.id)
  const needRank = new Map(needsById.map((need, rank) => [need.id, rank]))

  for (const need of needs) {
    const candidates = new Set<number>()
    for (const area of need.areas) {
      for (const holder of byArea.get(area) ?? []) candidates.add(holder)
      for (const related of tables.related.get(area)?.keys() ?? []) for (const holder of byArea.get(related) ?? []) candidates.add(holder)
    }
    const pinnedLeader = pins.get(need.id)
    if (pinnedLeader !== undefined) {
      const index = leaderIndex.get(pinnedLeader)
      if (index === undefined) throw refused(`Pinned leader ${pinnedLeader} is not a candidate in this run.`)
      candidates.add(index)
    }
    const list: PairEvaluation[] = []
    for (const index of candidates) {
      const leader = leaders[index]!
      const evaluation = evaluatePair(need, leader, config, tables, {
        excluded: excludedEverywhere.has(leader.id) || excludedPairs.has(`${need.id}:${leader.id}`),
      })
      list.push(evaluation)
      const pinned = pinnedLeader === leader.id
      if (pinned) {
        const capacity = evaluation.vetoes.find((veto) => veto.code === 'no-capacity')
        if (capacity) {
          throw refused(`Cannot pin ${leader.ref} to need ${need.id}: ${capacity.reason} in that year.`, {
            suggestion: 'Release more days for the leader, or pin another leader.',
          })
        }
      }
      if (evaluation.vetoes.length > 0 && !pinned) {
        vetoedPairs += 1
        continue
      }
      if (pinned) {
        pinnedColumns.add(columns.length)
        if (evaluation.vetoes.length > 0) evaluation.notes.push(`pinned despite: ${evaluation.vetoes.map((veto) => veto.reason).join('; ')}`)
      }
      columns.push({
        needIndex: needIndex.get(need.id)!,
        leaderIndex: index,
        score: evaluation.score,
        tieRank: needRank.get(need.id)! * leaders.length + refRank.get(index)!,
      })
      columnEvaluation.push(evaluation)
    }
    list.sort((a, b) => b.score - a.score || compareText(leaders[leaderIndex.get(a.leaderId)!]!.ref, leaders[leaderIndex.get(b.leaderId)!]!.ref))
    evaluations.set(need.id, list)
  }

  const result = await assign(
    {
      needs: needs.map((need) => ({charge: [...need.charge], teamId: need.teamId})),
      leaders: leaders.map((leader) => ({free: leader.freeByYear})),
      columns,
      pinned: pinnedColumns,
      maxNewPerLeader: config.maxNewPerLeader,
    },
    {strategy: config.strategy, topK: config.topK, timeLimitSeconds: config.timeLimitSeconds},
    loadSolver,
  )

  const chosenByNeed = new Map<number, PairEvaluation>()
  for (const column of result.chosen) chosenByNeed.set(columnEvaluation[column]!.needId, columnEvaluation[column]!)
  const proposedFor = new Map<number, number>()
  for (const evaluation of chosenByNeed.values()) proposedFor.set(evaluation.leaderId, evaluation.needId)

  const summary = (leaderId: number): LeaderSummary => {
    const leader = leaders[leaderIndex.get(leaderId)!]!
    return {id: leader.id, ref: leader.ref, name: leader.name, email: leader.email}
  }

  const proposals: Proposal[] = []
  const unmatched: Unmatched[] = []
  for (const need of needsById) {
    const chosen = chosenByNeed.get(need.id)
    const list = evaluations.get(need.id) ?? []
    const feasible = list.filter((evaluation) => evaluation.vetoes.length === 0)
    const school = need.school ? {urn: need.school.urn, name: need.school.name} : null
    if (chosen) {
      const leader = leaders[leaderIndex.get(chosen.leaderId)!]!
      proposals.push({
        needId: need.id,
        needReference: need.reference,
        school,
        trustCode: need.trustCode,
        priority: need.priority,
        leader: {...summary(leader.id), designation: bestDesignation(need, leader, tables)},
        score: chosen.score,
        fit: chosen.fit,
        priorityMultiplier: chosen.priorityMultiplier,
        loadFactor: chosen.loadFactor,
        components: chosen.components,
        context: chosen.context,
        distanceKm: chosen.distanceKm,
        days: need.halfDays / 2,
        halfDays: need.halfDays,
        pinned: pins.get(need.id) === leader.id,
        notes: chosen.notes,
        alternates: feasible
          .filter((evaluation) => evaluation.leaderId !== chosen.leaderId)
          .slice(0, 3)
          .map((evaluation) => ({
            leader: summary(evaluation.leaderId),
            score: evaluation.score,
            distanceKm: evaluation.distanceKm,
            proposedFor: proposedFor.get(evaluation.leaderId) ?? null,
          })),
      })
    } else {
      const explanation = explainUnmatched(need, list, proposedFor, config, tables)
      unmatched.push({
        needId: need.id,
        needReference: need.reference,
        school,
        trustCode: need.trustCode,
        priority: need.priority,
        days: need.halfDays / 2,
        ...explanation,
      })
    }
  }

  const warnings: string[] = []
  const highUnmatched = unmatched.filter((entry) => entry.priority === 'high')
  const lowMatched = proposals.filter((proposal) => proposal.priority === 'low')
  if (highUnmatched.length > 0 && lowMatched.length > 0) {
    warnings.push(
      `High-priority need${highUnmatched.length > 1 ? 's' : ''} ${highUnmatched.map((entry) => entry.needId).join(', ')} left unmatched while low-priority need${lowMatched.length > 1 ? 's' : ''} ${lowMatched.map((proposal) => proposal.needId).join(', ')} matched.`,
    )
  }

  return {
    proposals,
    unmatched,
    warnings,
    evaluations,
    totals: {
      score: result.score,
      matched: proposals.length,
      needs: needs.length,
      greedyScore: result.greedyScore,
      lpBound: round4(result.lpBound),
      upperBound: round4(result.upperBound),
      gap: Math.round(result.gap * 1e6) / 1e6,
      candidatePairs: columns.length,
      vetoedPairs,
      solver: result.solver,
    },
  }
}

function explainUnmatched(
  need: MatchNeed,
  list: readonly PairEvaluation[],
  proposedFor: Map<number, number>,
  config: MatchConfig,
  tables: MatchTables,
): {reasons: string[]; whatIf: string[]} {
  const areas = describeAreas(need.areas, tables)
  const kinds = wantedDesignations(need, tables)
  const leaderName = leaderToken
  const experts = list.filter((evaluation) => !evaluation.vetoes.some((veto) => veto.code === 'no-expertise'))
  if (experts.length === 0) {
    return {reasons: [`no leader in the registry has ${areas} or a related area`], whatIf: ['designate or recruit a leader in this area, or widen the need']}
  }
  const feasible = experts.filter((evaluation) => evaluation.vetoes.length === 0)
  const whatIf: string[] = []
  if (feasible.length > 0) {
    const taken = feasible.map((evaluation) => `${leaderName(evaluation.leaderId)} → need ${proposedFor.get(evaluation.leaderId) ?? '?'}`)
    const best = feasible[0]!
    whatIf.push(`would match ${leaderName(best.leaderId)} (score ${best.score}) if not proposed for need ${proposedFor.get(best.leaderId) ?? '?'}`)
    return {
      reasons: [`${feasible.length === 1 ? 'the one feasible candidate is' : `all ${feasible.length} feasible candidates are`} proposed for needs where the total score is higher: ${taken.slice(0, 3).join('; ')}`],
      whatIf,
    }
  }
  const counts = new Map<VetoCode, number>()
  for (const evaluation of experts) {
    const binding = VETO_ORDER.find((code) => evaluation.vetoes.some((veto) => veto.code === code)) ?? evaluation.vetoes[0]!.code
    counts.set(binding, (counts.get(binding) ?? 0) + 1)
  }
  const within = need.deliveryMode === 'remote' ? '' : ` within ${need.deliveryMode === 'blended' ? 2 * config.maxRadiusKm : config.maxRadiusKm} km`
  const headline = `no available ${kinds} with ${areas}${within}`
  const details = [...counts].map(([code, count]) => `${count} ${count === 1 ? 'candidate' : 'candidates'} ${VETO_SUMMARY[code]}`)
  // What would it take: the best candidates held back by a single, quantifiable veto.
  const single = (code: VetoCode) =>
    experts.filter((evaluation) => evaluation.vetoes.length === 1 && evaluation.vetoes[0]!.code === code).sort((a, b) => b.fit - a.fit)
  const capacity = single('no-capacity')[0]
  if (capacity) whatIf.push(`would match ${leaderName(capacity.leaderId)} with ${capacity.vetoes[0]!.shortfallHalfDays! / 2} more days`)
  const distance = single('too-far')[0]
  if (distance) whatIf.push(`would match ${leaderName(distance.leaderId)} with a radius of ${Math.ceil(distance.vetoes[0]!.distanceKm!)} km (or remote delivery)`)
  return {reasons: [`${headline}; ${details.join(', ')}`], whatIf}
}

/**
 * Reasons name leaders through a token, so the same explanation can be shown with names and
 * stored with references only (match runs never keep personal data).
 */
export function leaderToken(leaderId: number): string {
  return `⟦leader:${leaderId}⟧`
}

export function renderLeaderTokens(text: string, label: (leaderId: number) => string): string {
  return text.replace(/⟦leader:(\d+)⟧/g, (_, id: string) => label(Number(id)))
}

function wantedDesignations(need: MatchNeed, tables: MatchTables): string {
  const fits = tables.designationFit.get(need.supportType)
  const kinds = fits ? [...fits].filter(([, fit]) => fit > 0).sort((a, b) => b[1] - a[1]).map(([kind]) => kind) : []
  if (kinds.length === 0) return 'leader'
  return kinds.length === 1 ? kinds[0]! : `${kinds[0]} (or ${kinds.slice(1).join('/')})`
}

function bestDesignation(need: MatchNeed, leader: MatchLeader, tables: MatchTables): string | null {
  const fits = tables.designationFit.get(need.supportType)
  const active = leader.designations.filter((designation) => designation.status === 'active')
  active.sort((a, b) => (fits?.get(b.kind) ?? 0) - (fits?.get(a.kind) ?? 0))
  return active[0]?.kind ?? null
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000
