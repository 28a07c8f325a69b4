import {refused} from '../errors.js'
import {distanceKm} from '../geo.js'
import {type AssignmentResult, assign} from './assign.js'
import type {MatchConfig} from './config.js'
import type {MatchLeader, MatchNeed, MatchTables} from './model.js'
import {
  type Components,
  type ContextParts,
  describeAreas,
  evaluatePair,
  newScratch,
  type PairEvaluation,
  scorePair,
  VETO_CODES,
  type VetoCode,
} from './scoring.js'
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
  /** Explain every candidate of this need in full. */
  explainNeedId?: number
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
  /** With candidates: what a re-solve needs besides them. */
  constraints?: NeedConstraints
}

export interface Unmatched {
  needId: number
  needReference: string | null
  school: {urn: number; name: string} | null
  trustCode: string | null
  priority: string
  days: number
  /** What held the need back, for grouping: no expertise, taken by a better plan, or the veto that ruled out most candidates. */
  cause: UnmatchedCause
  reasons: string[]
  whatIf: string[]
  candidates?: CandidateSummary[]
  constraints?: NeedConstraints
}

export interface NeedConstraints {
  /** The need's days charged to each academic year (by starting year), against the leaders' freeDays. */
  daysByYear: Record<string, number>
  /** The team need this is one place of: places of one team go to different leaders. */
  teamNeedId: number | null
}

export type UnmatchedCause = 'no-expertise' | 'taken' | VetoCode

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
  /** Every feasible (non-vetoed) candidate of each need, best first, by need id. */
  feasible: Map<number, {leaderId: number; score: number}[]>
  /** With `explainNeedId`: every candidate holding a needed area, fully explained. */
  explained?: {needId: number; evaluations: PairEvaluation[]}
}

/** Which veto binds when a candidate has several: the order scoring checks them in, expertise aside. */
const VETO_ORDER: VetoCode[] = VETO_CODES.filter((code) => code !== 'no-expertise')

/** How an unmatched reason words each veto, and how reports label a cause. */
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
  const excludedEverywhere = new Set((input.exclusions ?? []).filter((e) => e.needId === null).map((e) => e.leaderId))
  const excludedPairs = new Set(
    (input.exclusions ?? []).filter((e) => e.needId !== null).map((e) => `${e.needId}:${e.leaderId}`),
  )
  const pins = new Map((input.pins ?? []).map((pin) => [pin.needId, pin.leaderId]))

  // Leaders who hold an area (or a related one) are the only ones who can score for it.
  const byArea = new Map<string, number[]>()
  leaders.forEach((leader, index) => {
    for (const area of leader.specialisms.keys()) {
      const holders = byArea.get(area)
      if (holders) holders.push(index)
      else byArea.set(area, [index])
    }
  })

  const columnNeed: number[] = []
  const columnLeaderIndex: number[] = []
  const columnScore: number[] = []
  const columnTie: number[] = []
  const columnLeader: number[] = []
  const pinnedColumns = new Set<number>()
  const pinNotes = new Map<number, string>()
  let vetoedPairs = 0
  const refOrder = leaders.map((_, index) => index).sort((a, b) => compareText(leaders[a]!.ref, leaders[b]!.ref))
  const refRank = new Int32Array(leaders.length)
  refOrder.forEach((index, rank) => (refRank[index] = rank))
  const needsById = [...needs].sort((a, b) => a.id - b.id)
  const needRank = new Map(needsById.map((need, rank) => [need.id, rank]))
  const candidatesOf = (need: MatchNeed): Set<number> => {
    const candidates = new Set<number>()
    for (const area of need.areas) {
      for (const holder of byArea.get(area) ?? []) candidates.add(holder)
      for (const related of tables.related.get(area)?.keys() ?? [])
        for (const holder of byArea.get(related) ?? []) candidates.add(holder)
    }
    return candidates
  }
  const isExcluded = (needId: number, leaderId: number) =>
    excludedEverywhere.has(leaderId) || (excludedPairs.size > 0 && excludedPairs.has(`${needId}:${leaderId}`))

  // Leaders' positions in flat arrays: a cheap box test skips leaders far outside the radius
  // before any scoring (the scoring itself still measures and vetoes the distance exactly).
  const latitudes = Float64Array.from(leaders, (leader) => leader.location?.latitude ?? Number.NaN)
  const longitudes = Float64Array.from(leaders, (leader) => leader.location?.longitude ?? Number.NaN)
  const seen = new Int32Array(leaders.length)
  /** Holders of the need's areas (or related ones) who could be within reach, and how many were not. */
  const reachable = (need: MatchNeed, stamp: number): {inReach: number[]; outOfReach: number} => {
    // A remote need, or one whose school has no known location, is within everyone's reach.
    const centre = need.deliveryMode === 'remote' ? null : need.location
    const radius = (need.deliveryMode === 'blended' ? 2 : 1) * config.maxRadiusKm
    const latitudeReach = radius / 110 + 0.01
    const longitudeReach = radius / (110 * Math.max(0.1, Math.cos(((centre?.latitude ?? 0) * Math.PI) / 180))) + 0.01
    const inReach: number[] = []
    let outOfReach = 0
    const visit = (holders: number[] | undefined) => {
      if (!holders) return
      for (let at = 0; at < holders.length; at += 1) {
        const index = holders[at]!
        if (seen[index] === stamp) continue
        seen[index] = stamp
        const latitude = latitudes[index]!
        if (
          !centre ||
          Number.isNaN(latitude) ||
          (Math.abs(latitude - centre.latitude) <= latitudeReach &&
            Math.abs(longitudes[index]! - centre.longitude) <= longitudeReach)
        ) {
          inReach.push(index)
        } else outOfReach += 1
      }
    }
    for (const area of need.areas) {
      visit(byArea.get(area))
      for (const related of tables.related.get(area)?.keys() ?? []) visit(byArea.get(related))
    }
    return {inReach, outOfReach}
  }

  // The bulk pass: score every plausible pair without building explanations.
  const scratch = newScratch()
  const feasibleByNeed = new Map<number, number[]>()
  needs.forEach((need, position) => {
    const {inReach, outOfReach} = reachable(need, position + 1)
    vetoedPairs += outOfReach
    const candidates = inReach
    const pinnedLeader = pins.get(need.id)
    if (pinnedLeader !== undefined) {
      const index = leaderIndex.get(pinnedLeader)
      if (index === undefined) throw refused(`Pinned leader ${pinnedLeader} is not a candidate in this run.`)
      if (!candidates.includes(index)) candidates.push(index)
    }
    const needColumns: number[] = []
    for (const index of candidates) {
      const leader = leaders[index]!
      const pinned = pinnedLeader === leader.id
      const score = scorePair(need, leader, config, tables, isExcluded(need.id, leader.id), scratch, !pinned)
      if (pinned) {
        const evaluation = evaluatePair(need, leader, config, tables, {excluded: isExcluded(need.id, leader.id)})
        const capacity = evaluation.vetoes.find((veto) => veto.code === 'no-capacity')
        if (capacity) {
          throw refused(`Cannot pin ${leader.ref} to need ${need.id}: ${capacity.reason} in that year.`, {
            suggestion: 'Release more days for the leader, or pin another leader.',
          })
        }
        if (evaluation.vetoes.length > 0)
          pinNotes.set(need.id, `pinned despite: ${evaluation.vetoes.map((veto) => veto.reason).join('; ')}`)
        pinnedColumns.add(columnScore.length)
      } else if (score < 0) {
        vetoedPairs += 1
        continue
      }
      needColumns.push(columnScore.length)
      columnNeed.push(position)
      columnLeaderIndex.push(index)
      columnScore.push(scratch.score)
      columnTie.push(needRank.get(need.id)! * leaders.length + refRank[index]!)
      columnLeader.push(leader.id)
    }
    needColumns.sort((a, b) => columnScore[b]! - columnScore[a]! || columnTie[a]! - columnTie[b]!)
    feasibleByNeed.set(need.id, needColumns)
  })

  const result = await assign(
    {
      needs: needs.map((need) => ({charge: [...need.charge], teamId: need.teamId})),
      leaders: leaders.map((leader) => ({free: leader.freeByYear})),
      columns: {
        count: columnScore.length,
        need: Int32Array.from(columnNeed),
        leader: Int32Array.from(columnLeaderIndex),
        score: Float64Array.from(columnScore),
        tieRank: Float64Array.from(columnTie),
      },
      pinned: pinnedColumns,
      maxNewPerLeader: config.maxNewPerLeader,
    },
    {strategy: config.strategy, topK: config.topK, timeLimitSeconds: config.timeLimitSeconds},
    loadSolver,
  )

  const chosenByNeed = new Map<number, number>()
  for (const column of result.chosen) chosenByNeed.set(needs[columnNeed[column]!]!.id, columnLeader[column]!)
  const proposedFor = new Map<number, number>()
  for (const [needId, leaderId] of chosenByNeed) proposedFor.set(leaderId, needId)

  const summary = (leaderId: number): LeaderSummary => {
    const leader = leaders[leaderIndex.get(leaderId)!]!
    return {id: leader.id, ref: leader.ref, name: leader.name, email: leader.email}
  }
  const feasible = new Map<number, {leaderId: number; score: number}[]>()
  for (const [needId, list] of feasibleByNeed)
    feasible.set(
      needId,
      list.map((column) => ({leaderId: columnLeader[column]!, score: columnScore[column]!})),
    )
  /** Every candidate holding a needed area, fully explained, best first: for reasons and --explain. */
  const explainAll = (need: MatchNeed): PairEvaluation[] =>
    [...candidatesOf(need)]
      .map((index) =>
        evaluatePair(need, leaders[index]!, config, tables, {excluded: isExcluded(need.id, leaders[index]!.id)}),
      )
      .sort(
        (a, b) =>
          Number(a.vetoes.length > 0) - Number(b.vetoes.length > 0) ||
          b.score - a.score ||
          refRank[leaderIndex.get(a.leaderId)!]! - refRank[leaderIndex.get(b.leaderId)!]!,
      )

  const teamOf = new Map(needs.map((need) => [need.id, need.teamId]))
  const proposals: Proposal[] = []
  const unmatched: Unmatched[] = []
  for (const need of needsById) {
    const chosenLeader = chosenByNeed.get(need.id)
    const school = need.school ? {urn: need.school.urn, name: need.school.name} : null
    if (chosenLeader !== undefined) {
      const leader = leaders[leaderIndex.get(chosenLeader)!]!
      const chosen = evaluatePair(need, leader, config, tables, {excluded: isExcluded(need.id, leader.id)})
      const pinNote = pins.get(need.id) === leader.id ? pinNotes.get(need.id) : undefined
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
        notes: pinNote ? [...chosen.notes, pinNote] : chosen.notes,
        alternates: (feasible.get(need.id) ?? [])
          .filter((candidate) => candidate.leaderId !== leader.id)
          .slice(0, 3)
          .map((candidate) => {
            const alternate = leaders[leaderIndex.get(candidate.leaderId)!]!
            return {
              leader: summary(candidate.leaderId),
              score: candidate.score,
              distanceKm:
                need.location && alternate.location
                  ? Math.round(distanceKm(need.location, alternate.location) * 10) / 10
                  : null,
              proposedFor: proposedFor.get(candidate.leaderId) ?? null,
            }
          }),
      })
    } else {
      const explanation = explainUnmatched(need, explainAll(need), proposedFor, teamOf, config, tables)
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

  const explainNeed =
    input.explainNeedId === undefined ? undefined : needs.find((need) => need.id === input.explainNeedId)
  return {
    proposals,
    unmatched,
    warnings,
    feasible,
    explained: explainNeed ? {needId: explainNeed.id, evaluations: explainAll(explainNeed)} : undefined,
    totals: {
      score: result.score,
      matched: proposals.length,
      needs: needs.length,
      greedyScore: result.greedyScore,
      lpBound: round4(result.lpBound),
      upperBound: round4(result.upperBound),
      gap: Math.round(result.gap * 1e6) / 1e6,
      candidatePairs: columnScore.length,
      vetoedPairs,
      solver: result.solver,
    },
  }
}

function explainUnmatched(
  need: MatchNeed,
  list: readonly PairEvaluation[],
  proposedFor: Map<number, number>,
  teamOf: Map<number, number | null>,
  config: MatchConfig,
  tables: MatchTables,
): {cause: UnmatchedCause; reasons: string[]; whatIf: string[]} {
  const areas = describeAreas(need.areas, tables)
  const kinds = wantedDesignations(need, tables)
  const leaderName = leaderToken
  const experts = list.filter((evaluation) => !evaluation.vetoes.some((veto) => veto.code === 'no-expertise'))
  if (experts.length === 0) {
    return {
      cause: 'no-expertise',
      reasons: [`no leader in the registry has ${areas} or a related area`],
      whatIf: ['designate or recruit a leader in this area, or widen the need'],
    }
  }
  const feasible = experts.filter((evaluation) => evaluation.vetoes.length === 0)
  const whatIf: string[] = []
  if (feasible.length > 0) {
    const where = (leaderId: number) => {
      const other = proposedFor.get(leaderId)
      if (other === undefined) return 'not chosen'
      return need.teamId !== null && teamOf.get(other) === need.teamId
        ? `proposed for need ${other}, another place in this team`
        : `proposed for need ${other}`
    }
    const taken = feasible.map((evaluation) => `${leaderName(evaluation.leaderId)} is ${where(evaluation.leaderId)}`)
    const best = feasible[0]!
    const other = proposedFor.get(best.leaderId)
    whatIf.push(
      other === undefined
        ? `would match ${leaderName(best.leaderId)} (score ${best.score}) with a longer solver time limit`
        : `would match ${leaderName(best.leaderId)} (score ${best.score}) if another leader took need ${other}`,
    )
    return {
      cause: 'taken',
      reasons: [
        `${feasible.length === 1 ? 'its one feasible candidate is' : `all ${feasible.length} feasible candidates are`} used where the plan scores higher: ${taken.slice(0, 3).join('; ')}`,
      ],
      whatIf,
    }
  }
  const counts = new Map<VetoCode, number>()
  for (const evaluation of experts) {
    const binding =
      VETO_ORDER.find((code) => evaluation.vetoes.some((veto) => veto.code === code)) ?? evaluation.vetoes[0]!.code
    counts.set(binding, (counts.get(binding) ?? 0) + 1)
  }
  const within =
    need.deliveryMode === 'remote'
      ? ''
      : ` within ${need.deliveryMode === 'blended' ? 2 * config.maxRadiusKm : config.maxRadiusKm} km`
  const headline = `no available ${kinds} with ${areas}${within}`
  const details = [...counts].map(
    ([code, count]) => `${count} ${count === 1 ? 'candidate' : 'candidates'} ${VETO_SUMMARY[code]}`,
  )
  // What would it take: the best candidates held back by a single, quantifiable veto.
  const single = (code: VetoCode) =>
    experts
      .filter((evaluation) => evaluation.vetoes.length === 1 && evaluation.vetoes[0]!.code === code)
      .sort((a, b) => b.fit - a.fit)
  const capacity = single('no-capacity')[0]
  if (capacity)
    whatIf.push(
      `would match ${leaderName(capacity.leaderId)} with ${capacity.vetoes[0]!.shortfallHalfDays! / 2} more days`,
    )
  const distance = single('too-far')[0]
  if (distance)
    whatIf.push(
      `would match ${leaderName(distance.leaderId)} with a radius of ${Math.ceil(distance.vetoes[0]!.distanceKm!)} km (or remote delivery)`,
    )
  // The veto that held back most candidates (the earlier in VETO_ORDER on a tie).
  const cause = [...counts].sort((a, b) => b[1] - a[1] || VETO_ORDER.indexOf(a[0]) - VETO_ORDER.indexOf(b[0]))[0]![0]
  return {cause, reasons: [`${headline}; ${details.join(', ')}`], whatIf}
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
  const kinds = fits
    ? [...fits]
        .filter(([, fit]) => fit > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([kind]) => kind)
    : []
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
