import {academicYearOf} from '../core/calendar.js'
import {notFound} from '../core/errors.js'
import {areasWithRelated, type ReachBox, reachBoxes} from '../core/match/candidates.js'
import type {MatchConfig} from '../core/match/config.js'
import type {FingerprintInputs} from '../core/match/fingerprint.js'
import {
  groupByLeader,
  LinkGraph,
  type PhaseDistributions,
  phaseSortedValues,
  type ReconsideredProposal,
  reconsideredProposals,
  toMatchLeader,
  toMatchNeed,
  toMatchSchool,
} from '../core/match/inputs.js'
import type {MatchLeader, MatchNeed, MatchSchool, MatchTables} from '../core/match/model.js'
import type {Need} from '../core/model.js'
import type {Repos} from '../db/repos/index.js'
import {capacityOf} from './capacity.js'
import type {Targets} from './match-targets.js'
import {loadTaxonomy, matchTables, workingCalendar} from './reference.js'
import {resolveLeaderId} from './resolve.js'

/**
 * Gathering a run's inputs: the needs in the run, the leaders who could be candidates, the
 * schools of both with their context, and the leaders' capacity, history and relationships, read
 * in one snapshot of the registry and made into the engine's model (core/match/inputs.ts).
 * Coverage reports score pairs from the same inputs, so a cold spot means what a match would find.
 */

/** Which needs a run takes and what it is told about them. */
export interface InputRequest extends Targets {
  region?: string
  laCode?: string
  /** "Today" for the run: holds, designation expiry, capacity year. */
  asOf: string
  replanProposed: boolean
}

export interface Gathered extends FingerprintInputs {
  needs: MatchNeed[]
  leaders: MatchLeader[]
  tables: MatchTables
  pins: {needId: number; leaderId: number}[]
  exclusions: {needId: number | null; leaderId: number}[]
  distributions: Distributions
  /** Only leaders within reach of the needs were read (see readReachBoxes). */
  withinReach: boolean
  /** Earlier proposals of needs in this run, whose held days the run counts as free. */
  reconsidered: ReconsideredProposal[]
}

/** Runs of at most this many in-person needs first read only the leaders within their reach. */
const WITHIN_REACH_NEEDS = 50

export async function gatherInputs(
  repos: Repos,
  request: InputRequest,
  config: MatchConfig,
  withinReachIfSmall = false,
): Promise<Gathered> {
  const calendar = workingCalendar()
  const taxonomy = await loadTaxonomy(repos)
  const tables = matchTables(taxonomy)

  const reconsidered = reconsideredProposals(
    await repos.match.proposedDeployments(),
    request.asOf,
    request.replanProposed,
  )
  const needs = await needsInRun(repos, request, reconsidered)

  // Leaders who could score: those holding a needed area or a related one, plus pinned ones.
  const areas = areasWithRelated(
    needs.flatMap((need) => need.specialisms),
    tables.related,
  )
  const pins = await Promise.all(
    request.pins.map(async (pin) => ({needId: pin.needId, leaderId: await resolveLeaderId(repos, pin.leader)})),
  )
  const exclusions = await Promise.all(
    request.exclusions.map(async (exclusion) => ({
      needId: exclusion.needId,
      leaderId: await resolveLeaderId(repos, exclusion.leader),
    })),
  )
  for (const pin of pins) {
    if (!needs.some((need) => need.id === pin.needId))
      throw notFound(`Pinned need ${pin.needId} is not an open need in this run.`)
  }
  const reach = withinReachIfSmall ? await readReachBoxes(repos, needs, config, request.explainNeed) : null
  const leaderIds = [
    ...new Set([...(await repos.match.candidateLeaderIds([...areas], reach)), ...pins.map((pin) => pin.leaderId)]),
  ].sort((a, b) => a - b)
  const leaders = await repos.leaders.load(leaderIds)

  // Schools: the needs' and the leaders' home schools, with links and context.
  const urns = new Set<number>()
  for (const need of needs) if (need.subjectUrn !== null) urns.add(need.subjectUrn)
  for (const leader of leaders) if (leader.homeUrn !== null) urns.add(leader.homeUrn)
  const distributions = await disadvantageDistributions(repos)
  const schools = await matchSchools(repos, [...urns], leaders, distributions.phases)
  const trustCodes = [
    ...needs.flatMap((need) => (need.subjectTrustCode && need.subjectUrn === null ? [need.subjectTrustCode] : [])),
    ...leaders.flatMap((leader) => (leader.homeUrn === null && leader.homeTrustCode ? [leader.homeTrustCode] : [])),
  ]
  const centroids = await repos.match.trustCentroids(trustCodes)
  const centroidOf = (code: string | null) => (code ? (centroids.get(code) ?? null) : null)

  // Capacity, history and constraints of the leaders in play.
  const inRun = new Set(needs.map((need) => need.id))
  const reconsideredInRun = reconsidered.filter((proposal) => inRun.has(proposal.needId))
  const ignore = new Set(reconsideredInRun.map((proposal) => proposal.id))
  const capacity = await capacityOf(repos, leaderIds, request.asOf, {ignoreDeployments: ignore})
  const historyOf = groupByLeader(await repos.match.history(leaderIds))
  const legacyOf = groupByLeader(await repos.match.legacyLinks(leaderIds))
  const objectionsOf = groupByLeader(await repos.match.objections(leaderIds))
  const currentYear = academicYearOf(request.asOf)

  const matchNeeds = needs.map((need) =>
    toMatchNeed(
      need,
      need.subjectUrn === null ? null : (schools.get(need.subjectUrn) ?? null),
      centroidOf(need.subjectTrustCode),
      calendar,
    ),
  )
  const needWindows = new Map(matchNeeds.map((need) => [need.id, need]))
  const matchLeaders = leaders.map((leader) =>
    toMatchLeader(leader, {
      home: leader.homeUrn === null ? null : (schools.get(leader.homeUrn) ?? null),
      trustCentroid: centroidOf(leader.homeTrustCode),
      years: capacity.get(leader.id) ?? new Map<number, {free: number; released: number}>(),
      currentYear,
      past: historyOf.get(leader.id) ?? [],
      legacy: legacyOf.get(leader.id) ?? [],
      objections: objectionsOf.get(leader.id) ?? [],
      needWindows,
      calendar,
    }),
  )

  return {
    needs: matchNeeds,
    leaders: matchLeaders,
    tables,
    pins,
    exclusions,
    reconsidered: reconsideredInRun,
    unavailability: leaders
      .filter((leader) => leader.unavailable.length > 0)
      .map((leader) => ({
        leaderId: leader.id,
        periods: leader.unavailable.map(({startsOn, endsOn}) => ({startsOn, endsOn})),
      })),
    distributions,
    withinReach: reach !== null,
  }
}

/** Open needs in the run (and proposed ones it reconsiders), team needs by their places. */
async function needsInRun(
  repos: Repos,
  request: InputRequest,
  reconsidered: readonly ReconsideredProposal[],
): Promise<Need[]> {
  const teamParents = await repos.match.teamParentIds()
  // A cluster's needs belong to its leader (broker clusters): a match never re-plans them.
  const inClusters = await repos.clusters.needIds()
  const reconsideredNeeds = new Set(reconsidered.map((proposal) => proposal.needId))
  const statuses = reconsidered.length > 0 ? (['open', 'proposed'] as const) : (['open'] as const)
  const needs: Need[] = []
  for (const status of statuses) {
    const {needs: found} = await repos.needs.list({
      status,
      ids: request.needIds,
      region: request.region,
      laCode: request.laCode,
    })
    needs.push(
      ...found.filter(
        (need) =>
          !teamParents.has(need.id) &&
          !inClusters.has(need.id) &&
          (status === 'open' || reconsideredNeeds.has(need.id)),
      ),
    )
  }
  if (request.needIds) {
    const found = new Set(needs.map((need) => need.id))
    const missing = request.needIds.filter((id) => !found.has(id))
    if (missing.length > 0) {
      throw notFound(
        `Need${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not open (or not a single place of a team need).`,
        {code: 'match.needs-not-open', data: {needIds: missing}},
      )
    }
  }
  return needs
}

/** The schools by URN as the engine sees them: context, links followed a few deep, inspections. */
export async function matchSchools(
  repos: Repos,
  urns: number[],
  leaders: readonly {homeUrn: number | null}[],
  phases: PhaseDistributions,
): Promise<Map<number, MatchSchool>> {
  const schools = await repos.schools.getMany(urns)
  const linked = await linkClosure(repos, urns)
  const homeUrns = leaders.flatMap((leader) => (leader.homeUrn === null ? [] : [leader.homeUrn]))
  const inspections = await repos.match.inspections(homeUrns)
  const inspectionsByUrn = new Map<number, typeof inspections>()
  for (const row of inspections) inspectionsByUrn.set(row.urn, [...(inspectionsByUrn.get(row.urn) ?? []), row])
  const matchSchools = new Map<number, MatchSchool>()
  for (const [urn, school] of schools) {
    matchSchools.set(
      urn,
      toMatchSchool(
        school,
        linked.get(urn) ?? [],
        phases,
        inspectionsByUrn.get(urn)?.map((row) => ({
          inspectedOn: row.inspected_on,
          framework: row.framework,
          overallGrade: row.overall_grade,
          leadership: row.leadership,
        })) ?? [],
      ),
    )
  }
  return matchSchools
}

/** Predecessor/successor chains, followed four links deep. */
async function linkClosure(repos: Repos, urns: number[]): Promise<Map<number, number[]>> {
  const graph = new LinkGraph(urns)
  let frontier = urns
  for (let depth = 0; depth < 4 && frontier.length > 0; depth += 1)
    frontier = graph.add(await repos.match.links(frontier))
  return graph.closure(urns)
}

/**
 * Boxes around the needs' schools as wide as their reach (core/match/candidates.ts): leaders based
 * outside every box are vetoed as too far whatever else they offer. Null when the run cannot be
 * narrowed: too many needs, remote support, an unknown location, or an explanation (which shows
 * everyone).
 */
async function readReachBoxes(
  repos: Repos,
  needs: readonly Need[],
  config: MatchConfig,
  explainNeed: number | undefined,
): Promise<ReachBox[] | null> {
  if (explainNeed !== undefined || needs.length === 0 || needs.length > WITHIN_REACH_NEEDS) return null
  if (needs.some((need) => need.deliveryMode === 'remote' || need.subjectUrn === null)) return null
  const schools = await repos.schools.getMany(needs.map((need) => need.subjectUrn as number))
  return reachBoxes(
    needs.map((need) => ({
      deliveryMode: need.deliveryMode,
      location: schools.get(need.subjectUrn as number)?.location ?? null,
    })),
    config.maxRadiusKm,
  )
}

export const DISTRIBUTION_KEY = 'match_fsm_distribution'

interface Distributions {
  stamp: string
  phases: PhaseDistributions
  /** Freshly computed: the run's write transaction stores it for the next run. */
  fresh: boolean
}

/**
 * FSM-ever and FSM of open schools by phase, sorted, for percentiles. Reading every school costs
 * more than the rest of a one-need match, so the sorted figures are kept in `meta` and reused
 * while the schools table is unchanged (same row count and latest update).
 */
export async function disadvantageDistributions(repos: Repos): Promise<Distributions> {
  const stamp = await repos.match.schoolsStamp()
  const stored = await repos.meta.get(DISTRIBUTION_KEY)
  if (stored) {
    const cached = JSON.parse(stored) as Omit<Distributions, 'fresh'>
    if (cached.stamp === stamp) return {...cached, fresh: false}
  }
  const phases = Object.fromEntries(phaseSortedValues(await repos.match.phaseDistributions()))
  return {stamp, phases, fresh: true}
}
