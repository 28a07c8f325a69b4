import {academicYearOf} from '../core/calendar.js'
import {clusterLeaders, holdsDesignation} from '../core/clusters/leaders.js'
import {manualGrouping} from '../core/clusters/manual.js'
import type {ClusterProblem, ClusterSchool} from '../core/clusters/model.js'
import {
  clusterViews,
  type LeftOutSchool,
  leftOutSchools,
  type ManualMeasures,
  manualMeasures,
  type PlannedClusterView,
  type PlanMeasures,
  planMeasures,
} from '../core/clusters/report.js'
import {type Method, solveClusters} from '../core/clusters/solve.js'
import type {Verdict} from '../core/eligibility.js'
import {invalidInput, usage} from '../core/errors.js'
import {areasWithRelated} from '../core/match/candidates.js'
import {DEFAULT_MATCH_CONFIG, withOverrides} from '../core/match/config.js'
import {toMatchLeader} from '../core/match/inputs.js'
import type {MatchNeed} from '../core/match/model.js'
import type {DesignationKind, School} from '../core/model.js'
import {readUrnList} from '../importers/urn-list.js'
import {capacityOf} from './capacity.js'
import type {ServiceContext} from './context.js'
import {evaluateSchools} from './eligibility.js'
import {disadvantageDistributions, matchSchools} from './match-inputs.js'
import {needAreas} from './needs.js'
import {loadTaxonomy, matchTables, relatedAreas, workingCalendar} from './reference.js'
import {loadHighsSolver} from './solver.js'

/**
 * `broker clusters plan` as a use case: the schools to group (the open needs of one area, or a
 * programme's applicants by URN), kept to those the programme admits; the leaders who may lead
 * them, by the match engine's rules; then the plan (core/clusters/solve.ts), read-only.
 */

export interface ClusterPlanRequest {
  /** The open needs of this area (code or name), else the schools of `urnsFile`. */
  area?: string
  urnsFile?: string
  programme?: 'leading-together'
  minSize: number
  maxSize: number
  maxKm: number
  mixedPhase: boolean
  halfDaysPerSchool: number
  from: string
  to: string
  designations: readonly DesignationKind[]
  /** The leaders' in-person radius, in km (the match setting maxRadiusKm). */
  radiusKm: number
  asOf: string
  /** exact (HiGHS), heuristic (with a bound), or auto: exact up to 80 schools. */
  method?: Method | 'auto'
}

export interface ExcludedSchool {
  urn: number
  name: string | null
  verdict: Verdict | 'unknown'
  rule: string
  reason: string
}

export interface ClusterPlanReport {
  settings: Omit<ClusterPlanRequest, 'urnsFile' | 'asOf'> & {areaCode: string; asOf: string; source: string}
  /** Schools asked about, before eligibility. */
  considered: number
  excluded: ExcludedSchool[]
  plan: PlanMeasures
  clusters: PlannedClusterView[]
  leftOut: LeftOutSchool[]
  /** The schools of each local authority in postcode order, in groups of the largest size. */
  manual: ManualMeasures
  warnings: string[]
}

export async function planClusters(context: ServiceContext, request: ClusterPlanRequest): Promise<ClusterPlanReport> {
  validate(request)
  const urnsFromFile = request.urnsFile === undefined ? null : await readUrnList(request.urnsFile)
  const calendar = workingCalendar()
  const gathered = await context.registry.read(async (repos) => {
    const supportType = request.area === undefined ? 'leadership' : 'specialist'
    const [areaCode] = await needAreas(repos, request.area === undefined ? [] : [request.area], false, supportType)
    let urns: number[]
    const needOf = new Map<number, number>()
    if (urnsFromFile) urns = urnsFromFile
    else {
      const {needs} = await repos.needs.list({status: 'open', specialism: areaCode})
      urns = []
      for (const need of needs) {
        if (need.subjectUrn === null || needOf.has(need.subjectUrn)) continue
        needOf.set(need.subjectUrn, need.id)
        urns.push(need.subjectUrn)
      }
    }
    const found = await repos.schools.getMany(urns)
    const excluded: ExcludedSchool[] = []
    let schools: School[] = []
    for (const urn of urns) {
      const school = found.get(urn)
      if (!school)
        excluded.push({urn, name: null, verdict: 'unknown', rule: 'not-in-registry', reason: 'not in the registry'})
      else if (school.status === 'closed')
        excluded.push({urn, name: school.name, verdict: 'unknown', rule: 'closed', reason: 'the school is closed'})
      else schools.push(school)
    }
    if (request.programme) {
      const outcomes = await evaluateSchools(repos, schools)
      const admitted = new Set<number>()
      for (const {urn, outcomes: list} of outcomes) {
        const outcome = list.find((entry) => entry.programme === request.programme)!
        if (outcome.verdict === 'eligible') admitted.add(urn)
        else
          excluded.push({
            urn,
            name: found.get(urn)!.name,
            verdict: outcome.verdict,
            rule: outcome.rule,
            reason: outcome.reason,
          })
      }
      schools = schools.filter((school) => admitted.has(school.urn))
    }
    schools.sort((a, b) => a.urn - b.urn)

    const related = relatedAreas()
    const leaderIds = await repos.match.candidateLeaderIds([...areasWithRelated([areaCode!], related)], null)
    const leaders = (await repos.leaders.load(leaderIds)).filter((leader) =>
      holdsDesignation(leader, request.designations, request.to),
    )
    const homeUrns = leaders.flatMap((leader) => (leader.homeUrn === null ? [] : [leader.homeUrn]))
    const distributions = await disadvantageDistributions(repos)
    const contexts = await matchSchools(
      repos,
      [...schools.map((school) => school.urn), ...homeUrns],
      leaders,
      distributions.phases,
    )
    const centroids = await repos.match.trustCentroids(
      leaders.flatMap((leader) => (leader.homeUrn === null && leader.homeTrustCode ? [leader.homeTrustCode] : [])),
    )
    const ids = leaders.map((leader) => leader.id)
    const capacity = await capacityOf(repos, ids, request.asOf)
    const objections = await repos.match.objections(ids)
    const history = await repos.match.history(ids)
    const taxonomy = await loadTaxonomy(repos)
    return {
      areaCode: areaCode!,
      schools,
      excluded,
      needOf,
      leaders,
      contexts,
      centroids,
      capacity,
      objections,
      history,
      taxonomy,
    }
  })

  const {areaCode, schools, leaders, contexts} = gathered
  const supportType = request.area === undefined ? 'leadership' : 'specialist'
  const charge = calendar.splitAcrossYears(request.halfDaysPerSchool, request.from, request.to)
  const workingDays = calendar.countWorkingDays(request.from, request.to)
  const needs: MatchNeed[] = schools.map((school) => ({
    id: gathered.needOf.get(school.urn) ?? -school.urn,
    reference: null,
    teamId: null,
    school: contexts.get(school.urn)!,
    trustCode: null,
    location: school.location ? {latitude: school.location.latitude, longitude: school.location.longitude} : null,
    areas: [areaCode],
    supportType,
    deliveryMode: 'in-person',
    halfDays: request.halfDaysPerSchool,
    windowStart: request.from,
    windowEnd: request.to,
    priority: 'high',
    charge,
    workingDays,
  }))
  const needWindows = new Map(needs.map((need) => [need.id, need]))
  const byLeader = <Row extends {leader_id: number}>(rows: readonly Row[], id: number) =>
    rows.filter((row) => row.leader_id === id)
  const matchLeaders = leaders
    .map((leader) =>
      toMatchLeader(leader, {
        home: leader.homeUrn === null ? null : (contexts.get(leader.homeUrn) ?? null),
        trustCentroid: leader.homeTrustCode ? (gathered.centroids.get(leader.homeTrustCode) ?? null) : null,
        years: gathered.capacity.get(leader.id) ?? new Map(),
        currentYear: academicYearOf(request.asOf),
        past: byLeader(gathered.history, leader.id),
        legacy: [],
        objections: byLeader(gathered.objections, leader.id),
        needWindows,
        calendar,
      }),
    )
    .sort((a, b) => a.id - b.id)
  const tables = matchTables(gathered.taxonomy)
  const config = withOverrides(DEFAULT_MATCH_CONFIG, {maxRadiusKm: request.radiusKm})
  const allLeaders = clusterLeaders(needs, matchLeaders, config, tables, request.maxSize, (count) =>
    calendar.splitAcrossYears(count * request.halfDaysPerSchool, request.from, request.to),
  )
  const clusterSchools: ClusterSchool[] = schools.map((school) => ({
    urn: school.urn,
    name: school.name,
    phase: school.phase,
    town: school.town,
    laCode: school.la?.code ?? null,
    laName: school.la?.name ?? null,
    postcode: school.postcode,
    location: school.location ? {latitude: school.location.latitude, longitude: school.location.longitude} : null,
  }))
  const problem: ClusterProblem = {
    schools: clusterSchools,
    leaders: allLeaders.filter((leader) => leader.fits.size > 0 && leader.maxSchools >= 1),
    rules: {minSize: request.minSize, maxSize: request.maxSize, maxKm: request.maxKm, mixedPhase: request.mixedPhase},
  }
  const started = performance.now()
  const debug = process.env.BROKER_DEBUG
    ? (stage: string) =>
        process.stderr.write(`clusters: ${stage} at ${((performance.now() - started) / 1000).toFixed(2)} s\n`)
    : undefined
  const solution = solveClusters(problem, await loadHighsSolver(), {
    method: request.method ?? 'auto',
    ...(debug ? {onStage: debug} : {}),
  })
  const warnings: string[] = []
  const undetermined = gathered.excluded.filter((entry) => entry.verdict === 'undetermined').length
  if (undetermined > 0)
    warnings.push(
      `${undetermined} school${undetermined === 1 ? "'s" : "s'"} eligibility is undetermined (missing data): they are left out until it is recorded.`,
    )
  if (!solution.optimal && solution.method === 'exact')
    warnings.push('The solver stopped before proving the optimum: the plan is the best found.')
  const {urnsFile: _file, asOf, ...settings} = request
  return {
    settings: {
      ...settings,
      areaCode,
      asOf,
      source: request.urnsFile === undefined ? `open ${areaCode} needs` : request.urnsFile,
      ...(request.programme ? {programme: request.programme} : {}),
    },
    considered: schools.length + gathered.excluded.length,
    excluded: gathered.excluded,
    plan: planMeasures(problem, solution),
    clusters: clusterViews(problem, solution, request.halfDaysPerSchool),
    leftOut: leftOutSchools(problem, solution, request.halfDaysPerSchool),
    manual: manualMeasures(manualGrouping(problem)),
    warnings,
  }
}

function validate(request: ClusterPlanRequest): void {
  if ((request.area === undefined) === (request.urnsFile === undefined))
    throw usage('Name the schools to cluster by an area or by a file of URNs, one of the two.', {
      code: 'clusters.schools-source',
      data: {},
    })
  const {minSize, maxSize} = request
  if (!Number.isInteger(minSize) || !Number.isInteger(maxSize) || minSize < 1 || maxSize < minSize)
    throw usage(
      `Cluster sizes run from ${minSize} to ${maxSize}: the smallest must be at least 1 and at most the largest.`,
      {
        code: 'clusters.sizes-invalid',
        data: {minSize, maxSize},
      },
    )
  for (const km of [request.maxKm, request.radiusKm])
    if (!Number.isFinite(km) || km <= 0)
      throw usage(`A distance is above 0 km, not ${km}.`, {code: 'clusters.distance-invalid', data: {km}})
  if (request.to < request.from)
    throw usage(`The window ends (${request.to}) before it starts (${request.from}).`, {
      code: 'clusters.window-invalid',
      data: {from: request.from, to: request.to},
    })
  if (request.halfDaysPerSchool <= 0)
    throw invalidInput('Each school of a cluster needs some days.', {
      code: 'clusters.days-invalid',
      data: {halfDays: request.halfDaysPerSchool},
    })
}
