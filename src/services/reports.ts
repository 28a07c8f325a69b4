import {academicYearOf} from '../core/calendar.js'
import {invalidInput} from '../core/errors.js'
import {Holders} from '../core/match/candidates.js'
import {DEFAULT_MATCH_CONFIG, withOverrides} from '../core/match/config.js'
import {evaluatePair} from '../core/match/scoring.js'
import type {Period} from '../core/reports/common.js'
import {buildCoverageReport, type CoverageEvaluation, type CoverageReport} from '../core/reports/coverage.js'
import {buildDeploymentReport, type DeploymentReport} from '../core/reports/deployment.js'
import {buildHubReport, type HubReport} from '../core/reports/hub.js'
import {buildLeaderReport, type LeaderReport} from '../core/reports/leader.js'
import {buildSchoolReport, type SchoolReport} from '../core/reports/school.js'
import type {Repos} from '../db/repos/index.js'
import {capacityOf} from './capacity.js'
import type {ServiceContext} from './context.js'
import {deploymentDetail} from './deployment-views.js'
import {leaderRecord} from './leader-record.js'
import {defaultBody} from './leaders.js'
import {summarise} from './legacy.js'
import {gatherInputs} from './match-inputs.js'
import {loadTaxonomy, workingCalendar} from './reference.js'
import {resolveLeader, resolveSchool} from './resolve.js'

/**
 * The report use cases: each reads one snapshot of the registry and hands plain data to the pure
 * builders in core/reports, which make the report model every format renders.
 */

export interface ReportOptions {
  redact: boolean
}

async function areaNames(repos: Repos): Promise<Map<string, string>> {
  return new Map((await loadTaxonomy(repos)).nodes.map((node) => [node.code, node.name]))
}

export async function deploymentReport(
  context: ServiceContext,
  input: ReportOptions & {id: number},
): Promise<DeploymentReport> {
  return context.registry.read(async (repos) => {
    const detail = await deploymentDetail(repos, input.id, context.today)
    const checkins = await repos.legacy.checkinsFor(detail.legacyLinks.map((link) => link.id))
    return buildDeploymentReport({
      hub: await defaultBody(repos),
      asOf: context.today,
      redact: input.redact,
      deployment: detail.deployment,
      need: detail.need,
      areaNames: await areaNames(repos),
      objectives: detail.objectives,
      ledger: detail.ledger,
      plannedVisits: detail.plannedVisits,
      reviews: detail.reviews,
      variations: detail.variations,
      evaluation: detail.evaluation,
      legacy: detail.legacyLinks.map((link) => ({...link, checkins: checkins.get(link.id) ?? []})),
    })
  })
}

export async function schoolReport(
  context: ServiceContext,
  input: ReportOptions & {school: string},
): Promise<SchoolReport> {
  return context.registry.read(async (repos) => {
    const school = await resolveSchool(repos, input.school)
    const {needs} = await repos.needs.list({urn: school.urn, status: 'any'})
    const {deployments} = await repos.deployments.list({urn: school.urn, status: 'any'})
    const ids = deployments.map((deployment) => deployment.id)
    const {links} = await repos.legacy.list({urn: school.urn, status: 'any'})
    return buildSchoolReport({
      hub: await defaultBody(repos),
      asOf: context.today,
      redact: input.redact,
      school,
      inspections: await repos.schools.inspections(school.urn),
      needs,
      deployments,
      deliveredByDeployment: await repos.reports.deliveredByDeployment(ids),
      objectivesByDeployment: await repos.reports.objectivesFor(ids),
      evaluatedOn: await repos.reports.evaluationDates(ids),
      legacy: await summarise(repos, links),
      areaNames: await areaNames(repos),
    })
  })
}

export async function leaderReport(
  context: ServiceContext,
  input: ReportOptions & {
    leader: string
    /** The reader is a director, who alone sees the leader's own record (left out under redaction). */
    director?: boolean
  },
): Promise<LeaderReport> {
  return context.registry.read(async (repos) => {
    const leader = await resolveLeader(repos, input.leader)
    const {deployments} = await repos.deployments.list({leaderId: leader.id, status: 'any'})
    const ids = deployments.map((deployment) => deployment.id)
    const objectives = await repos.reports.objectivesFor(ids)
    const {links} = await repos.legacy.list({leaderId: leader.id, status: 'any'})
    const home = leader.homeUrn === null ? undefined : await repos.schools.get(leader.homeUrn)
    return buildLeaderReport({
      hub: await defaultBody(repos),
      asOf: context.today,
      redact: input.redact,
      leader,
      homeSchoolName: home?.name ?? null,
      capacity: (await capacityOf(repos, [leader.id], context.today)).get(leader.id) ?? new Map(),
      deployments,
      deliveredByDeployment: await repos.reports.deliveredByDeployment(ids),
      outcomesByDeployment: new Map(
        [...objectives].map(([id, list]) => [id, list.map((objective) => objective.outcome)]),
      ),
      legacy: await summarise(repos, links),
      record: input.director && !input.redact ? await leaderRecord(repos, leader.id, context.today) : null,
    })
  })
}

export async function hubReport(context: ServiceContext, input: ReportOptions & {period: Period}): Promise<HubReport> {
  return context.registry.read(async (repos) => {
    const {period} = input
    const {ids} = await repos.leaders.findIds({status: 'any'})
    const leaders = await repos.leaders.load(ids)
    const homes = await repos.reports.homes(ids)
    const capacity = await capacityOf(repos, ids, context.today)
    const run = await repos.reports.latestMatchRunIn(period)
    const deployments = await repos.reports.agreedDeploymentsUpTo(period)
    return buildHubReport({
      hub: await defaultBody(repos),
      asOf: context.today,
      period,
      redact: input.redact,
      needs: await repos.reports.needsReceived(period),
      deployments,
      delivered: await repos.reports.deliveredIn(period),
      deliveredToDate: await repos.reports.deliveredByDeployment(deployments.map((deployment) => deployment.id)),
      leaders: leaders.map((leader) => ({
        id: leader.id,
        ref: leader.ref,
        designationKinds: leader.designations.map((designation) => designation.kind),
        active: leader.designations.some((designation) => designation.status === 'active'),
        specialisms: leader.specialisms.map((specialism) => specialism.code),
        capacity: capacity.get(leader.id) ?? new Map(),
        location: homes.get(leader.id)?.location ?? null,
      })),
      calendar: workingCalendar(),
      matchRun: run && {
        id: run.id,
        asOf: run.asOf,
        applied: run.applied,
        unmatched: new Map(run.unmatched.map((entry) => [entry.needId, {cause: entry.cause, reasons: entry.reasons}])),
        proposed: new Map(run.proposals.map((proposal) => [proposal.needId, proposal.leaderRef])),
      },
      areaNames: await areaNames(repos),
    })
  })
}

export interface CoverageInput extends ReportOptions {
  /** In-person radius in km; default: the matching engine's (DEFAULT_MATCH_CONFIG.maxRadiusKm). */
  radiusKm?: number
}

export async function coverageReport(context: ServiceContext, input: CoverageInput): Promise<CoverageReport> {
  const radiusKm = input.radiusKm ?? DEFAULT_MATCH_CONFIG.maxRadiusKm
  if (!Number.isFinite(radiusKm) || radiusKm <= 0)
    throw invalidInput(`A radius is a distance above 0 km, not ${radiusKm}.`, {
      code: 'report.radius-invalid',
      data: {radiusKm},
    })
  return context.registry.read(async (repos) => {
    const academicYear = academicYearOf(context.today)
    const config = withOverrides(DEFAULT_MATCH_CONFIG, {maxRadiusKm: radiusKm})
    // The same inputs and pair rules as `broker match`, so a cold spot means what the match would find.
    const gathered = await gatherInputs(
      repos,
      {asOf: context.today, pins: [], exclusions: [], replanProposed: false},
      config,
    )
    // Only leaders holding one of a need's areas (or a related one) can be candidates; the rest
    // would all be vetoed for want of expertise, so they are not scored at all.
    const holders = new Holders(gathered.leaders, gathered.tables.related)
    const evaluations: CoverageEvaluation[] = []
    for (const need of gathered.needs) {
      for (const index of holders.of(need.areas)) {
        const leader = gathered.leaders[index]!
        const evaluation = evaluatePair(need, leader, config, gathered.tables)
        evaluations.push({
          needId: need.id,
          leaderId: leader.id,
          vetoes: evaluation.vetoes.map((veto) => veto.code),
          distanceKm: evaluation.distanceKm,
        })
      }
    }
    const {ids} = await repos.leaders.findIds({status: 'active'})
    const leaders = await repos.leaders.load(ids)
    const homes = await repos.reports.homes(ids)
    const capacity = await capacityOf(repos, ids, context.today)
    return buildCoverageReport({
      hub: await defaultBody(repos),
      asOf: context.today,
      redact: input.redact,
      academicYear,
      radiusKm,
      needs: await repos.reports.openNeeds(),
      leaders: leaders.map((leader) => ({
        id: leader.id,
        ref: leader.ref,
        name: leader.name,
        specialisms: leader.specialisms.map((specialism) => specialism.code),
        area: homes.get(leader.id)?.area ?? {region: null, laCode: null, laName: null},
        freeHalfDays: capacity.get(leader.id)?.get(academicYear)?.free ?? 0,
        location: homes.get(leader.id)?.location ?? null,
      })),
      evaluations,
      areaNames: await areaNames(repos),
    })
  })
}
