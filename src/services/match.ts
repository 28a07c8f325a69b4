import {academicYearOf, addDays} from '../core/calendar.js'
import {canonicalJson, fingerprint} from '../core/canonical.js'
import {conflict, invalidInput, notFound, usage} from '../core/errors.js'
import type {LatLon} from '../core/geo.js'
import {improvedFromWeak} from '../core/inspections.js'
import {VETO_REASON_CODES} from '../core/lifecycle.js'
import {type MatchConfig, resolveMatchConfig} from '../core/match/config.js'
import {
  type MatchOutcome,
  type NeedConstraints,
  type Proposal,
  renderLeaderTokens,
  runMatch,
  type Unmatched,
} from '../core/match/engine.js'
import type {MatchLeader, MatchNeed, MatchSchool, MatchTables} from '../core/match/model.js'
import type {PairEvaluation} from '../core/match/scoring.js'
import {loadHighsSolver} from '../core/match/solver.js'
import type {Need, School, UnavailablePeriod} from '../core/model.js'
import {percentileRank} from '../core/percentile.js'
import {brokerVersion} from '../data-files.js'
import type {Repos} from '../db/repos/index.js'
import type {ReachBox} from '../db/repos/match.js'
import {capacityOf} from './capacity.js'
import type {ServiceContext} from './context.js'
import {designationFit, loadTaxonomy, phaseCompatibility, relatedAreas, workingCalendar} from './reference.js'
import {resolveLeaderId, resolveNeed} from './resolve.js'

export interface MatchRequest {
  needIds?: number[]
  region?: string
  laCode?: string
  /** Config layers over the defaults, lowest first (config file, weights file, flags). */
  configLayers: unknown[]
  /** "Today" for the run: holds, designation expiry, capacity year. */
  asOf: string
  pins: {needId: number; leader: string}[]
  exclusions: {needId: number | null; leader: string}[]
  replanProposed: boolean
  withCandidates: boolean
  explainNeed?: number
}

/** The needs a run is asked about, as people name them: by id or reference. */
export interface NamedTargets {
  needs?: readonly string[]
  explain?: string
  pins: readonly {need: string; leader: string}[]
  exclusions: readonly {need: string | null; leader: string}[]
}

/**
 * Needs named by id or reference to the ids a run takes. A team need stands for its places, each
 * matched to its own leader: `--need` and `--exclude` take every place, `--explain` the first, and
 * a pin, being one leader, must name one place.
 */
export async function resolveTargets(
  context: ServiceContext,
  named: NamedTargets,
): Promise<Pick<MatchRequest, 'needIds' | 'explainNeed' | 'pins' | 'exclusions'>> {
  return context.registry.read(async (repos) => {
    const placesOf = async (text: string): Promise<number[]> => {
      const need = await resolveNeed(repos, text)
      const places = await repos.needs.children(need.id)
      return places.length > 0 ? places.map((place) => place.id) : [need.id]
    }
    const needIds =
      named.needs === undefined ? undefined : [...new Set((await Promise.all(named.needs.map(placesOf))).flat())]
    const explainNeed = named.explain === undefined ? undefined : (await placesOf(named.explain))[0]
    const pins: MatchRequest['pins'] = []
    for (const pin of named.pins) {
      const places = await placesOf(pin.need)
      if (places.length > 1) {
        throw usage(
          `--pin ${pin.need}=${pin.leader}: that need is a team of ${places.length} places (needs ${places.join(', ')}); pin a leader to one place.`,
        )
      }
      pins.push({needId: places[0]!, leader: pin.leader})
    }
    const exclusions: MatchRequest['exclusions'] = []
    for (const exclusion of named.exclusions) {
      if (exclusion.need === null) exclusions.push({needId: null, leader: exclusion.leader})
      else for (const needId of await placesOf(exclusion.need)) exclusions.push({needId, leader: exclusion.leader})
    }
    return {needIds, explainNeed, pins, exclusions}
  })
}

export interface MatchReport {
  run: {id: number; asOf: string; inputHash: string; version: string; config: MatchConfig}
  proposals: Proposal[]
  unmatched: Unmatched[]
  totals: MatchOutcome['totals']
  warnings: string[]
  /** With --with-candidates: every leader in the run and their free days per academic year. */
  leaders?: {ref: string; freeDays: Record<string, number>}[]
  explain?: Explanation
}

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

/** One decision on a proposal: keep it (possibly with another leader) or reject it with a reason. */
export type Decision =
  | {needId: number; leaderId: number; action: 'accept'}
  | {needId: number; leaderId: number; action: 'reject'; reason: string}

export interface ApplyResult {
  runId: number
  proposed: {deploymentId: number; needId: number; leaderRef: string}[]
  rejected: {needId: number; leaderRef: string; reason: string}[]
  /** Earlier proposals ended because this run re-planned their needs (--replan-proposed). */
  replaced: number[]
  /** Earlier proposals whose hold had run out, ended so their needs could be matched again. */
  holdExpired: number[]
  warnings: string[]
}

/** A computed plan: its report, and what `--apply` and `--interactive` need to act on it. */
export interface MatchPlan {
  report: MatchReport
  /** Whether the leader has the days for the need once the decisions taken so far are counted. */
  fits(needId: number, leaderId: number, accepted: readonly Decision[]): boolean
  /** Every proposal accepted as planned. */
  acceptAll(): Decision[]
  /** Turns decisions into deployments in one transaction, if the registry has not changed since the plan. */
  apply(context: ServiceContext, decisions: readonly Decision[]): Promise<ApplyResult>
}

export async function planMatch(context: ServiceContext, request: MatchRequest): Promise<MatchPlan> {
  const config = await resolveConfig(request.configLayers)
  // A small run first reads only leaders within reach of its needs; if any need is left unmatched,
  // it reads them all, so that reasons and what-ifs can speak of everyone.
  const solve = async (withinReach: boolean) => {
    const inputs = await context.registry.read((repos) => gatherInputs(repos, request, config, withinReach))
    const result = await runMatch(
      {
        needs: inputs.needs,
        leaders: inputs.leaders,
        config,
        tables: inputs.tables,
        pins: inputs.pins,
        exclusions: inputs.exclusions,
        explainNeedId: request.explainNeed,
      },
      loadHighsSolver,
    )
    return {gathered: inputs, outcome: result}
  }
  let {gathered, outcome} = await solve(true)
  if (gathered.withinReach && outcome.unmatched.length > 0) ({gathered, outcome} = await solve(false))
  if (request.explainNeed !== undefined && !outcome.explained) {
    throw notFound(`Need ${request.explainNeed} is not among the open needs of this run.`, {
      suggestion:
        'Check its status with `broker needs show`; only open needs (or proposed ones with --replan-proposed) are matched.',
    })
  }
  const version = brokerVersion()
  const inputHash = hashInputs(version, config, request.asOf, gathered)
  const byId = new Map(gathered.leaders.map((leader) => [leader.id, leader]))
  const label = (withNames: boolean) => (id: number) => {
    const leader = byId.get(id)
    if (!leader) return `leader ${id}`
    return withNames && leader.name ? `${leader.name} (${leader.ref})` : leader.ref
  }
  const stored = storedResults(outcome, label(false))
  const runId = await context.registry.write(async (repos) => {
    if (gathered.distributions.fresh) {
      const {fresh: _fresh, ...keep} = gathered.distributions
      await repos.meta.set(DISTRIBUTION_KEY, JSON.stringify(keep))
    }
    return repos.match.recordRun({
      createdAt: new Date().toISOString(),
      asOf: request.asOf,
      strategy: config.strategy,
      version,
      inputHash,
      configJson: canonicalJson(config),
      totalsJson: JSON.stringify(outcome.totals),
      resultsJson: JSON.stringify(stored),
    })
  })
  const shown = label(true)
  const report: MatchReport = {
    run: {id: runId, asOf: request.asOf, inputHash, version, config},
    proposals: outcome.proposals,
    unmatched: outcome.unmatched.map((entry) => ({
      ...entry,
      reasons: entry.reasons.map((reason) => renderLeaderTokens(reason, shown)),
      whatIf: entry.whatIf.map((hint) => renderLeaderTokens(hint, shown)),
    })),
    totals: outcome.totals,
    warnings: outcome.warnings,
  }
  if (request.withCandidates) {
    const needsInRun = new Map(gathered.needs.map((need) => [need.id, need]))
    const candidatesOf = (needId: number) =>
      (outcome.feasible.get(needId) ?? []).map((candidate) => ({
        leader: {ref: byId.get(candidate.leaderId)!.ref},
        score: candidate.score,
        days: gathered.needDays.get(needId)!,
      }))
    const constraintsOf = (needId: number): NeedConstraints => {
      const need = needsInRun.get(needId)!
      return {
        daysByYear: Object.fromEntries([...need.charge].map(([year, halfDays]) => [String(year), halfDays / 2])),
        teamNeedId: need.teamId,
      }
    }
    for (const entry of [...report.proposals, ...report.unmatched]) {
      entry.candidates = candidatesOf(entry.needId)
      entry.constraints = constraintsOf(entry.needId)
    }
    report.leaders = gathered.leaders.map((leader) => ({
      ref: leader.ref,
      freeDays: Object.fromEntries([...leader.freeByYear].map(([year, halfDays]) => [String(year), halfDays / 2])),
    }))
  }
  if (request.explainNeed !== undefined) report.explain = explain(request.explainNeed, gathered, outcome, byId)

  const needsById = new Map(gathered.needs.map((need) => [need.id, need]))
  const scoreOf = (needId: number, leaderId: number) =>
    outcome.feasible.get(needId)?.find((candidate) => candidate.leaderId === leaderId)?.score ?? null
  return {
    report,
    acceptAll: () =>
      report.proposals.map((proposal) => ({
        needId: proposal.needId,
        leaderId: proposal.leader.id,
        action: 'accept' as const,
      })),
    fits(needId, leaderId, accepted) {
      const need = needsById.get(needId)
      const leader = byId.get(leaderId)
      if (!need || !leader) return false
      const used = new Map<number, number>()
      for (const decision of accepted) {
        if (decision.action !== 'accept' || decision.leaderId !== leaderId) continue
        for (const [year, halfDays] of needsById.get(decision.needId)?.charge ?? [])
          used.set(year, (used.get(year) ?? 0) + halfDays)
      }
      return [...need.charge].every(
        ([year, halfDays]) => (used.get(year) ?? 0) + halfDays <= (leader.freeByYear.get(year) ?? 0),
      )
    },
    async apply(applyContext, decisions) {
      const {cancelDeploymentIn, proposeDeployment} = await import('./deployments.js')
      return applyContext.registry.write(async (repos) => {
        // The plan is only valid for the registry it was made from: re-read it inside the write lock.
        const again = await gatherInputs(repos, request, config, gathered.withinReach)
        if (hashInputs(version, config, request.asOf, again) !== inputHash) {
          throw conflict(
            'The registry changed while the match was being made (needs, leaders, days or deployments); nothing was applied.',
            {
              suggestion: 'Run `broker match` again and apply the new plan.',
            },
          )
        }
        const warnings: string[] = []
        const replaced: number[] = []
        const holdExpired: number[] = []
        // Every proposal the run reconsidered gives way: the plan counted its held days as free.
        for (const proposal of again.reconsidered) {
          if (proposal.holdExpired) {
            await cancelDeploymentIn(repos, applyContext.actor, request.asOf, {
              id: proposal.id,
              reasonCode: 'hold-expired',
              note: `hold ended unanswered; need matched again by match run ${runId}`,
            })
            holdExpired.push(proposal.id)
          } else {
            await cancelDeploymentIn(repos, applyContext.actor, request.asOf, {
              id: proposal.id,
              reasonCode: 'replanned',
              note: `re-planned by match run ${runId}`,
            })
            replaced.push(proposal.id)
          }
        }
        const holdExpiresOn = addDays(request.asOf, config.holdDays)
        const proposed: ApplyResult['proposed'] = []
        const rejected: ApplyResult['rejected'] = []
        for (const decision of decisions) {
          const change = await proposeDeployment(repos, applyContext.actor, request.asOf, {
            needId: decision.needId,
            leaderId: decision.leaderId,
            holdExpiresOn,
            matchRunId: runId,
            score: scoreOf(decision.needId, decision.leaderId),
          })
          warnings.push(...change.warnings)
          const ref = byId.get(decision.leaderId)?.ref ?? String(decision.leaderId)
          if (decision.action === 'reject') {
            // Recorded as a rejected proposal, so later runs never propose this pair again.
            await cancelDeploymentIn(repos, applyContext.actor, request.asOf, {
              id: change.deployment.id,
              reasonCode: 'rejected-by-broker',
              note: decision.reason,
            })
            rejected.push({needId: decision.needId, leaderRef: ref, reason: decision.reason})
          } else {
            proposed.push({deploymentId: change.deployment.id, needId: decision.needId, leaderRef: ref})
          }
        }
        await repos.match.markApplied(runId)
        await repos.audit.record({
          actor: applyContext.actor,
          action: 'match.apply',
          entity: 'match_run',
          entityId: runId,
          after: {
            proposed: proposed.map((entry) => entry.deploymentId),
            rejected: rejected.map((entry) => ({needId: entry.needId, leaderRef: entry.leaderRef})),
            replaced,
            holdExpired,
          },
        })
        return {runId, proposed, rejected, replaced, holdExpired, warnings}
      })
    },
  }
}

/** The run's fingerprint: needs, leaders, their capacity and history, the schools, settings, version. */
function hashInputs(version: string, config: MatchConfig, asOf: string, gathered: Gathered): string {
  // Schools appear once, by URN, however many needs and leaders refer to them.
  const schools = new Map<number, MatchSchool>()
  for (const need of gathered.needs) if (need.school) schools.set(need.school.urn, need.school)
  for (const leader of gathered.leaders) if (leader.home) schools.set(leader.home.urn, leader.home)
  return fingerprint({
    version,
    config,
    asOf,
    schools,
    needs: gathered.needs.map((need) => ({...need, school: need.school?.urn ?? null})),
    leaders: gathered.leaders.map(hashableLeader),
    pins: gathered.pins,
    exclusions: gathered.exclusions,
    unavailability: gathered.unavailability,
  })
}

async function resolveConfig(layers: unknown[]): Promise<MatchConfig> {
  try {
    return await resolveMatchConfig(...layers)
  } catch (error) {
    const issues = (error as {issues?: {path: (string | number)[]; message: string}[]}).issues
    const detail = issues
      ? issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('; ')
      : (error as Error).message
    throw invalidInput(`The match settings are not valid: ${detail}.`, {
      suggestion: 'See "Matching" in the README for every setting, its range and its default.',
    })
  }
}

// ---- gathering -------------------------------------------------------------------------------------

export interface Gathered {
  needs: MatchNeed[]
  leaders: MatchLeader[]
  tables: MatchTables
  pins: {needId: number; leaderId: number}[]
  exclusions: {needId: number | null; leaderId: number}[]
  needDays: Map<number, number>
  distributions: Distributions
  /** Only leaders within reach of the needs were read (see reachBoxes). */
  withinReach: boolean
  /** Earlier proposals of needs in this run, whose held days the run counts as free. */
  reconsidered: ReconsideredProposal[]
  /** Leaders' time off, which scoring reads through a function: kept here for the fingerprint. */
  unavailability: {leaderId: number; periods: {startsOn: string; endsOn: string}[]}[]
}

/**
 * The proposals a run reconsiders, so their needs are matched again: with --replan-proposed every
 * live proposal; otherwise those whose hold ran out before the run's date, unless the need has
 * another proposal still holding. Applying the run ends them (replanned or hold-expired).
 */
interface ReconsideredProposal {
  id: number
  needId: number
  holdExpired: boolean
}

async function reconsideredProposals(repos: Repos, request: MatchRequest): Promise<ReconsideredProposal[]> {
  const proposals = await repos.match.proposedDeployments()
  const lapsed = (proposal: (typeof proposals)[number]) =>
    proposal.hold_expires_on !== null && proposal.hold_expires_on < request.asOf
  const stillHolding = new Set(
    proposals.filter((proposal) => !request.replanProposed && !lapsed(proposal)).map((proposal) => proposal.need_id),
  )
  return proposals.flatMap((proposal) =>
    proposal.need_id === null || stillHolding.has(proposal.need_id)
      ? []
      : [{id: proposal.id, needId: proposal.need_id, holdExpired: lapsed(proposal)}],
  )
}

/** Needs, leaders and tables as a run sees them (coverage reports score pairs with the same inputs). */
/** Runs of at most this many in-person needs first read only the leaders within their reach. */
const WITHIN_REACH_NEEDS = 50

export async function gatherInputs(
  repos: Repos,
  request: MatchRequest,
  config: MatchConfig,
  withinReachIfSmall = false,
): Promise<Gathered> {
  const calendar = workingCalendar()
  const taxonomy = await loadTaxonomy(repos)
  const tables: MatchTables = {
    phaseCompatibility: phaseCompatibility(),
    designationFit: designationFit(),
    related: relatedAreas(),
    areaNames: new Map(taxonomy.nodes.map((node) => [node.code, node.name])),
  }

  // Needs in the run.
  const teamParents = await repos.match.teamParentIds()
  const reconsidered = await reconsideredProposals(repos, request)
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
      ...found.filter((need) => !teamParents.has(need.id) && (status === 'open' || reconsideredNeeds.has(need.id))),
    )
  }
  if (request.needIds) {
    const found = new Set(needs.map((need) => need.id))
    const missing = request.needIds.filter((id) => !found.has(id))
    if (missing.length > 0) {
      throw notFound(
        `Need${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not open (or not a single place of a team need).`,
        {
          suggestion: 'List open needs with `broker needs list`; re-plan proposed ones with --replan-proposed.',
        },
      )
    }
  }

  // Leaders who could score: those holding a needed area or a related one, plus pinned ones.
  const areas = new Set<string>()
  for (const need of needs) {
    for (const area of need.specialisms) {
      areas.add(area)
      for (const related of tables.related.get(area)?.keys() ?? []) areas.add(related)
    }
  }
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
  const reach = withinReachIfSmall ? await reachBoxes(repos, needs, config, request.explainNeed) : null
  const leaderIds = [
    ...new Set([...(await repos.match.candidateLeaderIds([...areas], reach)), ...pins.map((pin) => pin.leaderId)]),
  ].sort((a, b) => a - b)
  const leaders = await repos.leaders.load(leaderIds)

  // Schools: the needs' and the leaders' home schools, with links and context.
  const urns = new Set<number>()
  for (const need of needs) if (need.subjectUrn !== null) urns.add(need.subjectUrn)
  for (const leader of leaders) if (leader.homeUrn !== null) urns.add(leader.homeUrn)
  const schools = await repos.schools.getMany([...urns])
  const linked = await linkClosure(repos, [...urns])
  const distributions = await disadvantageDistributions(repos)
  const homeUrns = leaders.flatMap((leader) => (leader.homeUrn === null ? [] : [leader.homeUrn]))
  const inspections = await repos.match.inspections(homeUrns)
  const inspectionsByUrn = new Map<number, typeof inspections>()
  for (const row of inspections) inspectionsByUrn.set(row.urn, [...(inspectionsByUrn.get(row.urn) ?? []), row])
  const trustCodes = [
    ...needs.flatMap((need) => (need.subjectTrustCode && need.subjectUrn === null ? [need.subjectTrustCode] : [])),
    ...leaders.flatMap((leader) => (leader.homeUrn === null && leader.homeTrustCode ? [leader.homeTrustCode] : [])),
  ]
  const centroids = await repos.match.trustCentroids(trustCodes)
  const matchSchools = new Map<number, MatchSchool>()
  for (const [urn, school] of schools) {
    matchSchools.set(
      urn,
      toMatchSchool(
        school,
        linked.get(urn) ?? [],
        distributions,
        inspectionsByUrn.get(urn)?.map((row) => ({
          inspectedOn: row.inspected_on,
          framework: row.framework,
          overallGrade: row.overall_grade,
          leadership: row.leadership,
        })) ?? [],
      ),
    )
  }

  // Capacity, history and constraints of the leaders in play.
  const inRun = new Set(needs.map((need) => need.id))
  const reconsideredInRun = reconsidered.filter((proposal) => inRun.has(proposal.needId))
  const ignore = new Set(reconsideredInRun.map((proposal) => proposal.id))
  const capacity = await capacityOf(repos, leaderIds, request.asOf, {ignoreDeployments: ignore})
  const history = await repos.match.history(leaderIds)
  const legacy = await repos.match.legacyLinks(leaderIds)
  const objections = await repos.match.objections(leaderIds)
  const currentYear = academicYearOf(request.asOf)
  const historyOf = groupByLeader(history)
  const legacyOf = groupByLeader(legacy)
  const objectionsOf = groupByLeader(objections)

  const matchNeeds: MatchNeed[] = needs.map((need) => {
    const school = need.subjectUrn === null ? null : (matchSchools.get(need.subjectUrn) ?? null)
    return {
      id: need.id,
      reference: need.reference,
      teamId: need.parentNeedId,
      school,
      trustCode: need.subjectUrn === null ? need.subjectTrustCode : null,
      location: school?.location ?? (need.subjectTrustCode ? (centroids.get(need.subjectTrustCode) ?? null) : null),
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
  })
  const needWindows = new Map(matchNeeds.map((need) => [need.id, need]))

  const matchLeaders: MatchLeader[] = leaders.map((leader) => {
    const home = leader.homeUrn === null ? null : (matchSchools.get(leader.homeUrn) ?? null)
    const years = capacity.get(leader.id) ?? new Map()
    const thisYear = years.get(currentYear)
    const periods = leader.unavailable
    const unavailableCache = new Map<number, number>()
    const pastRows = historyOf.get(leader.id) ?? []
    const legacyRows = legacyOf.get(leader.id) ?? []
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
      location: home?.location ?? (leader.homeTrustCode ? (centroids.get(leader.homeTrustCode) ?? null) : null),
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
        ...pastRows
          .filter((row) => ['agreed', 'active', 'completed'].includes(row.status) && row.urn !== null)
          .map((row) => row.urn as number),
        ...legacyRows.flatMap((row) => (row.urn === null ? [] : [row.urn])),
      ]),
      pastTrusts: new Set([
        ...pastRows
          .filter((row) => ['agreed', 'active', 'completed'].includes(row.status) && row.trust_code !== null)
          .map((row) => row.trust_code as string),
        ...legacyRows.flatMap((row) => (row.trust_code === null ? [] : [row.trust_code])),
      ]),
      endedEarlyUrns: new Set(
        pastRows.filter((row) => row.status === 'ended-early' && row.urn !== null).map((row) => row.urn as number),
      ),
      objectedBy: new Set((objectionsOf.get(leader.id) ?? []).map((row) => row.urn)),
      rejectedForNeeds: new Set(
        pastRows
          .filter((row) => row.need_id !== null && VETO_REASON_CODES.includes(row.status_reason_code ?? ''))
          .map((row) => row.need_id as number),
      ),
    }
  })

  return {
    needs: matchNeeds,
    leaders: matchLeaders,
    tables,
    pins,
    exclusions,
    needDays: new Map(matchNeeds.map((need) => [need.id, need.halfDays / 2])),
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

function groupByLeader<Row extends {leader_id: number}>(rows: readonly Row[]): Map<number, Row[]> {
  const grouped = new Map<number, Row[]>()
  for (const row of rows) {
    const list = grouped.get(row.leader_id)
    if (list) list.push(row)
    else grouped.set(row.leader_id, [row])
  }
  return grouped
}

function toMatchSchool(
  school: School,
  linkedUrns: number[],
  distributions: Distributions,
  inspections: Parameters<typeof improvedFromWeak>[0],
): MatchSchool {
  const phase = school.phase
  const distribution = phase ? distributions.phases[phase] : undefined
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
 * Latitude/longitude boxes around each need's school, as wide as the radius: leaders based outside
 * every box are vetoed as too far whatever else they offer. Null when the run cannot be narrowed:
 * too many needs, remote support, an unknown location, or --explain (which shows everyone).
 */
async function reachBoxes(
  repos: Repos,
  needs: readonly Need[],
  config: MatchConfig,
  explainNeed: number | undefined,
): Promise<ReachBox[] | null> {
  if (explainNeed !== undefined || needs.length === 0 || needs.length > WITHIN_REACH_NEEDS) return null
  if (needs.some((need) => need.deliveryMode === 'remote' || need.subjectUrn === null)) return null
  const schools = await repos.schools.getMany(needs.map((need) => need.subjectUrn as number))
  const boxes: ReachBox[] = []
  for (const need of needs) {
    const location = schools.get(need.subjectUrn as number)?.location
    if (!location) return null
    const radius = (need.deliveryMode === 'blended' ? 2 : 1) * config.maxRadiusKm
    const latitudeReach = radius / 110 + 0.01
    const longitudeReach = radius / (110 * Math.max(0.1, Math.cos((location.latitude * Math.PI) / 180))) + 0.01
    boxes.push({
      south: location.latitude - latitudeReach,
      north: location.latitude + latitudeReach,
      west: location.longitude - longitudeReach,
      east: location.longitude + longitudeReach,
    })
  }
  return boxes
}

const DISTRIBUTION_KEY = 'match_fsm_distribution'

interface Distributions {
  stamp: string
  phases: Record<string, {fsmEver: number[]; fsm: number[]}>
  /** Freshly computed: the run's write transaction stores it for the next run. */
  fresh: boolean
}

/**
 * FSM-ever and FSM of open schools by phase, sorted, for percentiles. Reading every school costs
 * more than the rest of a one-need match, so the sorted figures are kept in `meta` and reused
 * while the schools table is unchanged (same row count and latest update).
 */
async function disadvantageDistributions(repos: Repos): Promise<Distributions> {
  const stamp = await repos.match.schoolsStamp()
  const stored = await repos.meta.get(DISTRIBUTION_KEY)
  if (stored) {
    const cached = JSON.parse(stored) as Omit<Distributions, 'fresh'>
    if (cached.stamp === stamp) return {...cached, fresh: false}
  }
  const phases = Object.fromEntries(phaseSortedValues(await repos.match.phaseDistributions()))
  return {stamp, phases, fresh: true}
}

function phaseSortedValues(
  rows: {phase: string | null; fsm_ever_pct: number | null; fsm_pct: number | null}[],
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

/** Predecessor/successor chains, followed a few links deep. */
async function linkClosure(repos: Repos, urns: number[]): Promise<Map<number, number[]>> {
  const neighbours = new Map<number, Set<number>>()
  let frontier = urns
  const seen = new Set<number>(urns)
  for (let depth = 0; depth < 4 && frontier.length > 0; depth += 1) {
    const links = await repos.match.links(frontier)
    const next: number[] = []
    for (const link of links) {
      for (const [a, b] of [
        [link.urn, link.linked_urn],
        [link.linked_urn, link.urn],
      ] as const) {
        const set = neighbours.get(a) ?? new Set<number>()
        set.add(b)
        neighbours.set(a, set)
        if (!seen.has(b)) {
          seen.add(b)
          next.push(b)
        }
      }
    }
    frontier = next
  }
  const closure = new Map<number, number[]>()
  for (const urn of urns) {
    const reached = new Set<number>()
    const stack = [urn]
    while (stack.length > 0) {
      for (const next of neighbours.get(stack.pop()!) ?? []) {
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

function countUnavailable(
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

function hashableLeader(leader: MatchLeader) {
  // Names and emails do not change a match; leave them out of its fingerprint.
  const {name: _name, email: _email, unavailableWorkingDays: _unavailable, home, ...rest} = leader
  return {...rest, home: home?.urn ?? null}
}

/** What a match run keeps: references and numbers, never names or emails. */
function storedResults(outcome: MatchOutcome, refOf: (leaderId: number) => string) {
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
    unmatched: outcome.unmatched.map((entry) => ({
      needId: entry.needId,
      urn: entry.school?.urn ?? null,
      cause: entry.cause,
      reasons: entry.reasons.map((reason) => renderLeaderTokens(reason, refOf)),
      whatIf: entry.whatIf.map((hint) => renderLeaderTokens(hint, refOf)),
    })),
    warnings: outcome.warnings,
  }
}

function explain(
  needId: number,
  gathered: Gathered,
  outcome: MatchOutcome,
  byId: Map<number, MatchLeader>,
): Explanation {
  const need = gathered.needs.find((entry) => entry.id === needId)!
  const proposedFor = new Map(outcome.proposals.map((proposal) => [proposal.leader.id, proposal.needId]))
  const evaluations = outcome.explained?.evaluations ?? []
  return {
    need: {
      id: need.id,
      reference: need.reference,
      school: need.school ? {urn: need.school.urn, name: need.school.name} : null,
      areas: need.areas,
      days: need.halfDays / 2,
      window: `${need.windowStart} → ${need.windowEnd}`,
      deliveryMode: need.deliveryMode,
      priority: need.priority,
    },
    candidates: evaluations.map(({leaderId, needId: _needId, ...evaluation}) => ({
      leader: {ref: byId.get(leaderId)!.ref, name: byId.get(leaderId)!.name},
      proposedFor: proposedFor.get(leaderId) ?? null,
      ...evaluation,
    })),
    leadersWithoutExpertise: gathered.leaders.length - evaluations.length,
  }
}
