import {formatDays} from '../days.js'
import type {AssignmentResult} from './assign.js'
import {reachKm} from './candidates.js'
import type {MatchConfig} from './config.js'
import type {MatchLeader, MatchNeed, MatchTables} from './model.js'
import {
  type Components,
  type ContextParts,
  describeAreas,
  type PairEvaluation,
  VETO_CODES,
  type VetoCode,
} from './scoring.js'
import type {PriorityStage} from './strict.js'

/**
 * What a match returns (see engine.ts): the proposals with their alternates, the needs left
 * unmatched with the reason that bound and what would change it, and the totals with the proof of
 * how close the plan is to the optimum. Reasons name leaders by a token (leaderToken), so one
 * explanation can be shown with names and stored with references only.
 */

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
  /** Which priority mode ran; strict mode adds its counting stages. */
  priorityMode: 'weighted' | 'strict'
  priorityStages?: PriorityStage[]
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

/** How an unmatched reason words each veto, and how reports label a cause. */
export const VETO_SUMMARY: Record<VetoCode, string> = {
  'no-expertise': 'without the expertise',
  'wrong-designation': 'with the wrong designation',
  'designation-inactive': 'with a lapsed, withdrawn or expiring designation',
  'own-school': 'from the school itself',
  'same-trust': 'from the same trust',
  phase: 'with the wrong phase experience',
  'cross-phase': 'with experience of another phase only',
  'too-far': 'too far away',
  'no-capacity': 'at capacity',
  unavailable: 'unavailable',
  objection: 'objected to by the school',
  'rejected-before': 'already rejected for this need',
  'ended-early': 'whose deployment with the school ended early',
  excluded: 'excluded for this run',
}

/** Which veto binds when a candidate has several: the order scoring checks them in, expertise aside. */
const VETO_ORDER: VetoCode[] = VETO_CODES.filter((code) => code !== 'no-expertise')

/**
 * Why a need is unmatched, from every candidate holding one of its areas (best first): nobody has
 * the expertise; the feasible ones are used where the plan scores higher; or the veto that held
 * back most of them, with what would lift the nearest miss.
 */
export function explainUnmatched(
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
      ...crossPhaseWhatIf(experts),
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
  const reach = reachKm(need.deliveryMode, config.maxRadiusKm)
  const within = reach === null ? '' : ` within ${reach} km`
  const headline = `no available ${kinds} with ${areas}${within}`
  const details = [...counts].map(
    ([code, count]) => `${count} ${count === 1 ? 'candidate' : 'candidates'} ${VETO_SUMMARY[code]}`,
  )
  // What would it take: the best candidates held back by a single, quantifiable veto.
  const single = (code: VetoCode) =>
    experts
      .filter((evaluation) => evaluation.vetoes.length === 1 && evaluation.vetoes[0]!.code === code)
      .sort((a, b) => b.fit - a.fit)
  whatIf.push(...crossPhaseWhatIf(experts))
  const capacity = single('no-capacity')[0]
  if (capacity)
    whatIf.push(
      `would match ${leaderName(capacity.leaderId)} with ${formatDays(capacity.vetoes[0]!.shortfallHalfDays!)} more days`,
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
 * The best leader held back only by their phase experience, when there is one: "would match X,
 * secondary experience only, if cross-phase leadership support were allowed".
 */
/** How a what-if held back only by phase ends; the CLI names the setting's flag after it. */
export const CROSS_PHASE_CONDITION = 'if cross-phase leadership support were allowed'

function crossPhaseWhatIf(experts: readonly PairEvaluation[]): string[] {
  const held = experts
    .filter((evaluation) => evaluation.vetoes.length === 1 && evaluation.vetoes[0]!.code === 'cross-phase')
    .sort((a, b) => b.fit - a.fit)[0]
  if (!held) return []
  return [
    `would match ${leaderToken(held.leaderId)}, ${held.vetoes[0]!.experience} experience only, ${CROSS_PHASE_CONDITION}`,
  ]
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

/** The leader's active designation that best fits the need's kind of support. */
export function bestDesignation(need: MatchNeed, leader: MatchLeader, tables: MatchTables): string | null {
  const fits = tables.designationFit.get(need.supportType)
  const active = leader.designations.filter((designation) => designation.status === 'active')
  active.sort((a, b) => (fits?.get(b.kind) ?? 0) - (fits?.get(a.kind) ?? 0))
  return active[0]?.kind ?? null
}
