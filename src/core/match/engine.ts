import {daysFromHalfDays} from '../days.js'
import {refused} from '../errors.js'
import {distanceKm} from '../geo.js'
import {IDS_NAMED, someIds} from '../text.js'
import {type AssignmentResult, assign} from './assign.js'
import {findCandidates, Holders, type NeedCandidates} from './candidates.js'
import type {MatchConfig} from './config.js'
import type {MatchLeader, MatchNeed, MatchTables} from './model.js'
import {
  bestDesignation,
  explainUnmatched,
  type LeaderSummary,
  type MatchOutcome,
  type Proposal,
  type Unmatched,
} from './outcome.js'
import {evaluatePair, newScratch, type PairEvaluation, round4, scorePair} from './scoring.js'
import type {Solver} from './solver.js'

/**
 * A whole match, in four steps, each handing the next a typed result:
 * 1. candidates (candidates.ts): for each need, the leaders holding its areas within its reach;
 * 2. scores (scoring.ts): every candidate pair scored, vetoed ones set aside, without building
 *    explanations (a national run scores hundreds of thousands of pairs);
 * 3. assignment (assign.ts): the plan with the highest total within everyone's days;
 * 4. report (outcome.ts): the proposals with their alternates, and for each need left unmatched
 *    the binding reason and a what-if.
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

export async function runMatch(input: MatchInput, loadSolver: () => Promise<Solver>): Promise<MatchOutcome> {
  const run = indexRun(input)
  const candidates = findCandidates(input.needs, input.leaders, input.config, run.holders, run.pinnedIndex)
  const scores = scoreCandidates(input, run, candidates)
  const assignment = await assignLeaders(input, scores, loadSolver)
  return reportOutcome(input, run, scores, assignment)
}

/** What every step looks leaders and needs up by. */
interface RunIndex {
  /** Leader id -> position in the input's list. */
  leaderIndex: Map<number, number>
  /** Each leader's rank by reference: breaks ties between equal scores. */
  refRank: Int32Array
  /** Each need's rank by id, for the same. */
  needRank: Map<number, number>
  holders: Holders
  /** Need id -> the leader pinned to it. */
  pins: Map<number, number>
  /** The position of the leader pinned to a need, if any. */
  pinnedIndex: (needId: number) => number | undefined
  isExcluded: (needId: number, leaderId: number) => boolean
}

function indexRun(input: MatchInput): RunIndex {
  const {needs, leaders} = input
  const leaderIndex = new Map(leaders.map((leader, index) => [leader.id, index]))
  const excludedEverywhere = new Set((input.exclusions ?? []).filter((e) => e.needId === null).map((e) => e.leaderId))
  const excludedPairs = new Set(
    (input.exclusions ?? []).filter((e) => e.needId !== null).map((e) => `${e.needId}:${e.leaderId}`),
  )
  const pins = new Map((input.pins ?? []).map((pin) => [pin.needId, pin.leaderId]))
  const refOrder = leaders.map((_, index) => index).sort((a, b) => compareText(leaders[a]!.ref, leaders[b]!.ref))
  const refRank = new Int32Array(leaders.length)
  refOrder.forEach((index, rank) => (refRank[index] = rank))
  const needRank = new Map([...needs].sort((a, b) => a.id - b.id).map((need, rank) => [need.id, rank]))
  return {
    leaderIndex,
    refRank,
    needRank,
    holders: new Holders(leaders, input.tables.related),
    pins,
    pinnedIndex: (needId) => {
      const leaderId = pins.get(needId)
      if (leaderId === undefined) return undefined
      const index = leaderIndex.get(leaderId)
      if (index === undefined) throw refused(`Pinned leader ${leaderId} is not a candidate in this run.`)
      return index
    },
    isExcluded: (needId, leaderId) =>
      excludedEverywhere.has(leaderId) || (excludedPairs.size > 0 && excludedPairs.has(`${needId}:${leaderId}`)),
  }
}

/** Every feasible pair as a column of parallel arrays, for the assignment. */
interface Scores {
  /** Per column: the need's and the leader's positions in the input, the score, the tie rank, the leader's id. */
  need: number[]
  leader: number[]
  score: number[]
  tieRank: number[]
  leaderId: number[]
  /** Columns of pinned pairs, kept whatever their vetoes. */
  pinned: Set<number>
  /** Need id -> the vetoes a pin overrode, in words. */
  pinNotes: Map<number, string>
  vetoedPairs: number
  /** Need id -> its feasible columns, best first. */
  byNeed: Map<number, number[]>
}

/** Scores each need's candidates; vetoed pairs are counted and dropped, pinned ones kept. */
function scoreCandidates(input: MatchInput, run: RunIndex, candidates: readonly NeedCandidates[]): Scores {
  const {needs, leaders, config, tables} = input
  const scores: Scores = {
    need: [],
    leader: [],
    score: [],
    tieRank: [],
    leaderId: [],
    pinned: new Set(),
    pinNotes: new Map(),
    vetoedPairs: 0,
    byNeed: new Map(),
  }
  const scratch = newScratch()
  needs.forEach((need, position) => {
    const {inReach, outOfReach} = candidates[position]!
    scores.vetoedPairs += outOfReach
    const pinnedLeader = run.pins.get(need.id)
    const needColumns: number[] = []
    for (const index of inReach) {
      const leader = leaders[index]!
      const pinned = pinnedLeader === leader.id
      const excluded = run.isExcluded(need.id, leader.id)
      const score = scorePair(need, leader, config, tables, excluded, scratch, !pinned)
      if (pinned) {
        const evaluation = evaluatePair(need, leader, config, tables, {excluded})
        const capacity = evaluation.vetoes.find((veto) => veto.code === 'no-capacity')
        if (capacity) {
          throw refused(`Cannot pin ${leader.ref} to need ${need.id}: ${capacity.reason} in that year.`, {
            suggestion: 'Release more days for the leader, or pin another leader.',
          })
        }
        if (evaluation.vetoes.length > 0)
          scores.pinNotes.set(need.id, `pinned despite: ${evaluation.vetoes.map((veto) => veto.reason).join('; ')}`)
        scores.pinned.add(scores.score.length)
      } else if (score < 0) {
        scores.vetoedPairs += 1
        continue
      }
      needColumns.push(scores.score.length)
      scores.need.push(position)
      scores.leader.push(index)
      scores.score.push(scratch.score)
      scores.tieRank.push(run.needRank.get(need.id)! * leaders.length + run.refRank[index]!)
      scores.leaderId.push(leader.id)
    }
    needColumns.sort((a, b) => scores.score[b]! - scores.score[a]! || scores.tieRank[a]! - scores.tieRank[b]!)
    scores.byNeed.set(need.id, needColumns)
  })
  return scores
}

/** The chosen plan: the solver's answer and each need's leader. */
interface Assignment {
  result: AssignmentResult
  /** Need id -> chosen leader id. */
  chosenByNeed: Map<number, number>
  /** Leader id -> the need they are proposed for. */
  proposedFor: Map<number, number>
}

async function assignLeaders(
  input: MatchInput,
  scores: Scores,
  loadSolver: () => Promise<Solver>,
): Promise<Assignment> {
  const {needs, leaders, config} = input
  const result = await assign(
    {
      needs: needs.map((need) => ({charge: [...need.charge], teamId: need.teamId, priority: need.priority})),
      leaders: leaders.map((leader) => ({free: leader.freeByYear})),
      columns: {
        count: scores.score.length,
        need: Int32Array.from(scores.need),
        leader: Int32Array.from(scores.leader),
        score: Float64Array.from(scores.score),
        tieRank: Float64Array.from(scores.tieRank),
      },
      pinned: scores.pinned,
      maxNewPerLeader: config.maxNewPerLeader,
    },
    {
      strategy: config.strategy,
      topK: config.topK,
      timeLimitSeconds: config.timeLimitSeconds,
      priorityMode: config.priorityMode,
      exact: config.exact,
    },
    loadSolver,
  )
  const chosenByNeed = new Map<number, number>()
  for (const column of result.chosen) chosenByNeed.set(needs[scores.need[column]!]!.id, scores.leaderId[column]!)
  const proposedFor = new Map<number, number>()
  for (const [needId, leaderId] of chosenByNeed) proposedFor.set(leaderId, needId)
  return {result, chosenByNeed, proposedFor}
}

/** Proposals and unmatched needs in need id order, warnings and totals. */
function reportOutcome(input: MatchInput, run: RunIndex, scores: Scores, assignment: Assignment): MatchOutcome {
  const {needs, leaders, config, tables} = input
  const {result, chosenByNeed, proposedFor} = assignment
  const leaderOf = (leaderId: number) => leaders[run.leaderIndex.get(leaderId)!]!
  const feasible = new Map<number, {leaderId: number; score: number}[]>()
  for (const [needId, list] of scores.byNeed)
    feasible.set(
      needId,
      list.map((column) => ({leaderId: scores.leaderId[column]!, score: scores.score[column]!})),
    )

  const teamOf = new Map(needs.map((need) => [need.id, need.teamId]))
  const proposals: Proposal[] = []
  const unmatched: Unmatched[] = []
  for (const need of [...needs].sort((a, b) => a.id - b.id)) {
    const chosenLeader = chosenByNeed.get(need.id)
    const school = need.school ? {urn: need.school.urn, name: need.school.name} : null
    const about = {needId: need.id, needReference: need.reference, school, trustCode: need.trustCode}
    if (chosenLeader !== undefined) {
      const leader = leaderOf(chosenLeader)
      const chosen = evaluatePair(need, leader, config, tables, {excluded: run.isExcluded(need.id, leader.id)})
      const pinned = run.pins.get(need.id) === leader.id
      const pinNote = pinned ? scores.pinNotes.get(need.id) : undefined
      proposals.push({
        ...about,
        priority: need.priority,
        leader: {...summary(leader), designation: bestDesignation(need, leader, tables)},
        score: chosen.score,
        fit: chosen.fit,
        priorityMultiplier: chosen.priorityMultiplier,
        loadFactor: chosen.loadFactor,
        components: chosen.components,
        context: chosen.context,
        distanceKm: chosen.distanceKm,
        days: daysFromHalfDays(need.halfDays),
        halfDays: need.halfDays,
        pinned,
        notes: pinNote ? [...chosen.notes, pinNote] : chosen.notes,
        alternates: (feasible.get(need.id) ?? [])
          .filter((candidate) => candidate.leaderId !== leader.id)
          .slice(0, 3)
          .map((candidate) => {
            const alternate = leaderOf(candidate.leaderId)
            return {
              leader: summary(alternate),
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
      const explanation = explainUnmatched(
        need,
        explainCandidates(need, input, run),
        proposedFor,
        teamOf,
        config,
        tables,
      )
      unmatched.push({...about, priority: need.priority, days: daysFromHalfDays(need.halfDays), ...explanation})
    }
  }

  const explainNeed =
    input.explainNeedId === undefined ? undefined : needs.find((need) => need.id === input.explainNeedId)
  return {
    proposals,
    unmatched,
    warnings: priorityWarnings(proposals, unmatched),
    feasible,
    explained: explainNeed
      ? {needId: explainNeed.id, evaluations: explainCandidates(explainNeed, input, run)}
      : undefined,
    totals: {
      score: result.score,
      matched: proposals.length,
      needs: needs.length,
      greedyScore: result.greedyScore,
      lpBound: round4(result.lpBound),
      upperBound: round4(result.upperBound),
      gap: Math.round(result.gap * 1e6) / 1e6,
      candidatePairs: scores.score.length,
      vetoedPairs: scores.vetoedPairs,
      priorityMode: config.priorityMode,
      ...(result.priorityStages ? {priorityStages: result.priorityStages} : {}),
      solver: result.solver,
    },
  }
}

/** Every leader holding one of the need's areas, fully explained, best first: for reasons and --explain. */
function explainCandidates(need: MatchNeed, input: MatchInput, run: RunIndex): PairEvaluation[] {
  const {leaders, config, tables} = input
  return run.holders
    .of(need.areas)
    .map((index) =>
      evaluatePair(need, leaders[index]!, config, tables, {excluded: run.isExcluded(need.id, leaders[index]!.id)}),
    )
    .sort(
      (a, b) =>
        Number(a.vetoes.length > 0) - Number(b.vetoes.length > 0) ||
        b.score - a.score ||
        run.refRank[run.leaderIndex.get(a.leaderId)!]! - run.refRank[run.leaderIndex.get(b.leaderId)!]!,
    )
}

function priorityWarnings(proposals: readonly Proposal[], unmatched: readonly Unmatched[]): string[] {
  const highUnmatched = unmatched.filter((entry) => entry.priority === 'high')
  const lowMatched = proposals.filter((proposal) => proposal.priority === 'low')
  if (highUnmatched.length === 0 || lowMatched.length === 0) return []
  const cut = highUnmatched.length > IDS_NAMED || lowMatched.length > IDS_NAMED
  return [
    `High-priority need${highUnmatched.length > 1 ? 's' : ''} ${someIds(highUnmatched.map((entry) => entry.needId))} left unmatched while low-priority need${lowMatched.length > 1 ? 's' : ''} ${someIds(lowMatched.map((proposal) => proposal.needId))} matched${cut ? " (the match's JSON lists them all: unmatched and proposals, each with its priority)" : ''}.`,
  ]
}

function summary(leader: MatchLeader): LeaderSummary {
  return {id: leader.id, ref: leader.ref, name: leader.name, email: leader.email}
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
