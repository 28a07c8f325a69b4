// Longer than 400 lines: the hub report's whole model (demand, matching, delivery, cost by funding
// source, utilisation, outcomes) is one pure function over one period, with its small helpers.
import {daysBetweenInclusive} from '../calendar.js'
import type {YearCapacity} from '../capacity.js'
import {daysFromHalfDays} from '../days.js'
import {deliveredCostPence} from '../deployments.js'
import type {LatLon} from '../geo.js'
import {type DeploymentStatus, type FundingSource, FUNDING_SOURCES} from '../lifecycle.js'
import type {NeedStatus} from '../model.js'
import type {WorkingCalendar} from '../working-days.js'
import {
  academicYearWeights,
  countOutcomes,
  groupBy,
  inPeriod,
  monthsOf,
  type OutcomeCounts,
  overlapsPeriod,
  type Period,
  personName,
  type ReportBase,
  reportGlossary,
  sum,
  wasAgreed,
} from './common.js'
import type {MetricKey} from './glossary.js'
import {type MapData, point} from './map-data.js'
import {categoryLabel, categoryOf, type UnmatchedCategory} from './unmatched.js'

/**
 * `broker reports hub --from --to`: what a hub received, matched and delivered in a period, what
 * it cost by funding source, how busy its leaders were, and what came of the work.
 */

export interface Area {
  region: string | null
  laCode: string | null
  laName: string | null
}

export interface HubNeedRow {
  id: number
  reference: string | null
  receivedOn: string
  status: NeedStatus
  areas: string[]
  requestedHalfDays: number
  priority: string
  school: {urn: number; name: string} | null
  trustCode: string | null
  area: Area
  /** Statuses of every deployment made for the need. */
  deploymentStatuses: DeploymentStatus[]
}

export interface HubDeploymentRow {
  id: number
  needId: number | null
  status: DeploymentStatus
  leaderId: number
  leaderRef: string
  leaderName: string | null
  urn: number | null
  schoolName: string | null
  trustCode: string | null
  area: Area
  startsOn: string | null
  endsOn: string | null
  halfDays: number
  dayRatePence: number | null
  fundingSource: FundingSource | null
  fundingProgramme: string | null
  grantReference: string | null
  payer: string | null
  evaluatedOn: string | null
  outcomes: (number | null)[]
  location: LatLon | null
  leaderLocation: LatLon | null
}

export interface HubDeliveredRow {
  deploymentId: number | null
  legacyLinkId: number | null
  leaderId: number
  onDate: string
  halfDays: number
  area: Area
}

export interface HubLeaderRow {
  id: number
  ref: string
  designationKinds: string[]
  /** True when the leader holds at least one active designation (drawn on the map). */
  active: boolean
  specialisms: string[]
  capacity: ReadonlyMap<number, YearCapacity>
  location: LatLon | null
}

export interface HubMatchRun {
  id: number
  asOf: string
  /** Whether its proposals were turned into deployments (`broker match --apply`). */
  applied: boolean
  /** Need id -> what the run said held it back, and its reasons. */
  unmatched: ReadonlyMap<number, {cause: string | null; reasons: readonly string[]}>
  /** Need id -> the leader the run proposed. */
  proposed: ReadonlyMap<number, string>
}

export interface HubReportInput {
  hub: string
  asOf: string
  period: Period
  redact: boolean
  needs: readonly HubNeedRow[]
  /** Deployments that reached agreement and started on or before the period's end (a superset). */
  deployments: readonly HubDeploymentRow[]
  /** Delivered ledger entries dated in the period. */
  delivered: readonly HubDeliveredRow[]
  /** Deployment id -> half days delivered to the as-of date (all ledger dates), for what is still committed. */
  deliveredToDate: ReadonlyMap<number, number>
  leaders: readonly HubLeaderRow[]
  /** Working days: how released days are pro-rated to the period and committed days spread over agreed dates. */
  calendar: WorkingCalendar
  matchRun: HubMatchRun | null
  areaNames: ReadonlyMap<string, string>
}

export interface UtilisationRow {
  group: string
  leaders: number
  releasedDays: number
  deliveredDays: number
  committedDays: number
  /** (delivered + committed) ÷ released; null when nothing was released. */
  utilisation: number | null
}

export interface FundingRow {
  source: FundingSource | 'not recorded' | 'all'
  deployments: number
  agreedHalfDays: number
  deliveredHalfDays: number
  deliveredCostPence: number
  costPerDeliveredDayPence: number | null
  outcomes: OutcomeCounts
}

export interface HubReport extends ReportBase {
  matchRun: {id: number; asOf: string} | null
  needs: {received: number; supported: number; proposed: number; unmatched: number; closedWithoutSupport: number}
  unmatched: {
    needId: number
    reference: string | null
    school: string
    laName: string | null
    areas: string[]
    requestedHalfDays: number
    priority: string
    category: UnmatchedCategory
    reason: string
  }[]
  unmatchedByReason: {category: UnmatchedCategory; label: string; needs: number}[]
  days: {
    agreedHalfDays: number
    deliveredHalfDays: number
    deliveredToDeploymentsHalfDays: number
    deliveredToLegacyHalfDays: number
    deployments: number
  }
  daysByMonth: {month: string; deliveredHalfDays: number}[]
  utilisation: {all: UtilisationRow; byDesignation: UtilisationRow[]; bySpecialism: UtilisationRow[]}
  funding: FundingRow[]
  fundingTotal: FundingRow
  finance: {
    deploymentId: number
    urn: number | null
    school: string
    leaderRef: string
    leaderName: string | null
    status: DeploymentStatus
    fundingSource: FundingSource | null
    fundingProgramme: string | null
    grantReference: string | null
    payer: string | null
    dayRatePence: number | null
    agreedHalfDays: number
    deliveredHalfDays: number
    deliveredCostPence: number
  }[]
  outcomes: OutcomeCounts & {deploymentsCompleted: number}
  byArea: {
    region: string | null
    laCode: string | null
    laName: string | null
    needsReceived: number
    supported: number
    unmatched: number
    deployments: number
    agreedHalfDays: number
    deliveredHalfDays: number
  }[]
  map: MapData
}

const HUB_METRICS: MetricKey[] = [
  'as-of',
  'needs-received',
  'needs-supported',
  'needs-proposed',
  'needs-unmatched',
  'needs-closed-unsupported',
  'days-agreed',
  'days-delivered',
  'cost-delivered',
  'cost-per-day',
  'utilisation',
  'released',
  'committed',
  'outcomes',
]

type NeedState = 'supported' | 'proposed' | 'unmatched' | 'closedWithoutSupport'

/** Where a need stands: each need received is in exactly one state, so the four add up. */
export function needState(need: Pick<HubNeedRow, 'status' | 'deploymentStatuses'>): NeedState {
  if (need.deploymentStatuses.some(wasAgreed)) return 'supported'
  if (need.deploymentStatuses.includes('proposed')) return 'proposed'
  if (need.status === 'open') return 'unmatched'
  return 'closedWithoutSupport'
}

/** A deployment counts in a period when it was under agreement then: dates overlap it, or days were delivered in it. */
export function deploymentInPeriod(
  deployment: Pick<HubDeploymentRow, 'status' | 'startsOn' | 'endsOn'>,
  period: Period,
  deliveredInPeriod: boolean,
): boolean {
  if (!wasAgreed(deployment.status)) return false
  if (deliveredInPeriod) return true
  return (
    deployment.startsOn !== null &&
    deployment.endsOn !== null &&
    overlapsPeriod(deployment.startsOn, deployment.endsOn, period)
  )
}

const areaKey = (area: Area) => `${area.region ?? ''}|${area.laCode ?? ''}`
const roundDays = (halfDays: number) => Math.round(daysFromHalfDays(halfDays) * 10) / 10

export function buildHubReport(input: HubReportInput): HubReport {
  const {period, redact} = input
  const delivered = input.delivered.filter((entry) => inPeriod(entry.onDate, period))
  const deliveredByDeployment = new Map<number, number>()
  for (const entry of delivered) {
    if (entry.deploymentId !== null)
      deliveredByDeployment.set(
        entry.deploymentId,
        (deliveredByDeployment.get(entry.deploymentId) ?? 0) + entry.halfDays,
      )
  }
  const deployments = input.deployments.filter((deployment) =>
    deploymentInPeriod(deployment, period, deliveredByDeployment.has(deployment.id)),
  )

  // Needs received and where each stands.
  const needs = input.needs.filter((need) => inPeriod(need.receivedOn, period))
  const states = new Map(needs.map((need) => [need.id, needState(need)]))
  const count = (state: NeedState) => [...states.values()].filter((value) => value === state).length
  const unmatched = needs
    .filter((need) => states.get(need.id) === 'unmatched')
    .map((need) => {
      const reason = unmatchedReason(need.id, input.matchRun)
      return {
        needId: need.id,
        reference: need.reference,
        school: need.school ? `${need.school.name} (${need.school.urn})` : `trust ${need.trustCode}`,
        laName: need.area.laName,
        areas: need.areas.map((code) => input.areaNames.get(code) ?? code),
        requestedHalfDays: need.requestedHalfDays,
        priority: need.priority,
        ...reason,
      }
    })
  const unmatchedByReason = [...groupBy(unmatched, (entry) => entry.category)]
    .map(([category, entries]) => ({category, label: categoryLabel(category), needs: entries.length}))
    .sort((a, b) => b.needs - a.needs || a.label.localeCompare(b.label))

  // Days and money.
  const finance = deployments.map((deployment) => {
    const deliveredHalfDays = deliveredByDeployment.get(deployment.id) ?? 0
    return {
      deploymentId: deployment.id,
      urn: deployment.urn,
      school:
        deployment.urn === null ? `trust ${deployment.trustCode}` : (deployment.schoolName ?? String(deployment.urn)),
      leaderRef: deployment.leaderRef,
      leaderName: personName(deployment.leaderName, redact),
      status: deployment.status,
      fundingSource: deployment.fundingSource,
      fundingProgramme: deployment.fundingProgramme,
      grantReference: deployment.grantReference,
      payer: deployment.payer,
      dayRatePence: deployment.dayRatePence,
      agreedHalfDays: deployment.halfDays,
      deliveredHalfDays,
      deliveredCostPence: deliveredCostPence(deliveredHalfDays, deployment.dayRatePence) ?? 0,
    }
  })
  const completed = deployments.filter(
    (deployment) =>
      deployment.status === 'completed' && deployment.evaluatedOn !== null && inPeriod(deployment.evaluatedOn, period),
  )
  const completedIds = new Set(completed.map((deployment) => deployment.id))
  const fundingRow = (source: FundingRow['source'], rows: typeof finance): FundingRow => {
    const deliveredHalfDays = sum(rows.map((row) => row.deliveredHalfDays))
    const cost = sum(rows.map((row) => row.deliveredCostPence))
    const ids = new Set(rows.map((row) => row.deploymentId))
    return {
      source,
      deployments: rows.length,
      agreedHalfDays: sum(rows.map((row) => row.agreedHalfDays)),
      deliveredHalfDays,
      deliveredCostPence: cost,
      costPerDeliveredDayPence: deliveredHalfDays === 0 ? null : Math.round((cost * 2) / deliveredHalfDays),
      outcomes: countOutcomes(
        completed.filter((deployment) => ids.has(deployment.id)).flatMap((deployment) => deployment.outcomes),
      ),
    }
  }
  const bySource = groupBy(finance, (row): FundingSource | 'not recorded' => row.fundingSource ?? 'not recorded')
  const sourceOrder: (FundingSource | 'not recorded')[] = [...FUNDING_SOURCES, 'not recorded']
  const funding = sourceOrder
    .filter((source) => bySource.has(source))
    .map((source) => fundingRow(source, bySource.get(source)!))

  const deliveredToDeployments = sum(
    delivered.filter((entry) => entry.deploymentId !== null).map((entry) => entry.halfDays),
  )
  const deliveredToLegacy = sum(delivered.filter((entry) => entry.legacyLinkId !== null).map((entry) => entry.halfDays))
  const byMonth = groupBy(delivered, (entry) => entry.onDate.slice(0, 7))

  // By local authority: needs by their school's, deployments and delivered days by the school supported.
  const areas = new Map<string, HubReport['byArea'][number]>()
  const areaRow = (area: Area) => {
    const key = areaKey(area)
    let row = areas.get(key)
    if (!row) {
      row = {
        ...area,
        needsReceived: 0,
        supported: 0,
        unmatched: 0,
        deployments: 0,
        agreedHalfDays: 0,
        deliveredHalfDays: 0,
      }
      areas.set(key, row)
    }
    return row
  }
  for (const need of needs) {
    const row = areaRow(need.area)
    row.needsReceived += 1
    if (states.get(need.id) === 'supported') row.supported += 1
    if (states.get(need.id) === 'unmatched') row.unmatched += 1
  }
  for (const deployment of deployments) {
    const row = areaRow(deployment.area)
    row.deployments += 1
    row.agreedHalfDays += deployment.halfDays
  }
  for (const entry of delivered) areaRow(entry.area).deliveredHalfDays += entry.halfDays

  return {
    cover: {
      kind: 'hub',
      title: 'Hub report',
      subject: null,
      hub: input.hub,
      asOf: input.asOf,
      period,
      redacted: redact,
    },
    matchRun: input.matchRun && {id: input.matchRun.id, asOf: input.matchRun.asOf},
    needs: {
      received: needs.length,
      supported: count('supported'),
      proposed: count('proposed'),
      unmatched: count('unmatched'),
      closedWithoutSupport: count('closedWithoutSupport'),
    },
    unmatched,
    unmatchedByReason,
    days: {
      agreedHalfDays: sum(deployments.map((deployment) => deployment.halfDays)),
      deliveredHalfDays: sum(delivered.map((entry) => entry.halfDays)),
      deliveredToDeploymentsHalfDays: deliveredToDeployments,
      deliveredToLegacyHalfDays: deliveredToLegacy,
      deployments: deployments.length,
    },
    daysByMonth: monthsOf(period).map((month) => ({
      month,
      deliveredHalfDays: sum((byMonth.get(month) ?? []).map((entry) => entry.halfDays)),
    })),
    utilisation: utilisationTables(input, delivered),
    funding,
    fundingTotal: fundingRow('all', finance),
    finance,
    outcomes: {
      ...countOutcomes(completed.flatMap((deployment) => deployment.outcomes)),
      deploymentsCompleted: completedIds.size,
    },
    byArea: [...areas.values()].sort(
      (a, b) => (a.region ?? '~').localeCompare(b.region ?? '~') || (a.laName ?? '~').localeCompare(b.laName ?? '~'),
    ),
    map: hubMap(input.leaders, deployments),
    glossary: reportGlossary(HUB_METRICS, redact),
  }
}

function unmatchedReason(needId: number, run: HubMatchRun | null): {category: UnmatchedCategory; reason: string} {
  if (run === null) return {category: 'no-run', reason: 'no match run in the period'}
  const entry = run.unmatched.get(needId)
  if (entry) return {category: categoryOf(entry.cause), reason: entry.reasons.join('; ')}
  const proposed = run.proposed.get(needId)
  if (proposed === undefined) return {category: 'not-in-run', reason: `not considered by match run ${run.id}`}
  if (!run.applied)
    return {category: 'not-applied', reason: `match run ${run.id} proposed ${proposed}, but its plan was not applied`}
  return {category: 'proposal-ended', reason: `match run ${run.id} proposed ${proposed}; that proposal has since ended`}
}

/**
 * Utilisation over the period, each figure as the glossary defines it: released days pro-rated to
 * the period (each academic year's by the share of its working days inside it); delivered days are
 * the ledger's delivered entries dated in the period; committed days are what agreed and active
 * deployments have still to deliver, spread over their agreed dates by working days, the share
 * that falls in the period.
 */
function utilisationTables(input: HubReportInput, delivered: readonly HubDeliveredRow[]): HubReport['utilisation'] {
  const {period, calendar, areaNames} = input
  const weights = academicYearWeights(period, calendar)
  const deliveredByLeader = new Map<number, number>()
  for (const entry of delivered)
    deliveredByLeader.set(entry.leaderId, (deliveredByLeader.get(entry.leaderId) ?? 0) + entry.halfDays)
  const committedByLeader = new Map<number, number>()
  for (const deployment of input.deployments) {
    if (
      (deployment.status !== 'agreed' && deployment.status !== 'active') ||
      deployment.startsOn === null ||
      deployment.endsOn === null
    )
      continue
    const remaining = Math.max(0, deployment.halfDays - (input.deliveredToDate.get(deployment.id) ?? 0))
    const share = remaining * shareInPeriod(deployment.startsOn, deployment.endsOn, period, calendar)
    if (share > 0) committedByLeader.set(deployment.leaderId, (committedByLeader.get(deployment.leaderId) ?? 0) + share)
  }
  const figures = input.leaders
    .map((leader) => {
      let released = 0
      for (const [year, weight] of weights) released += weight * (leader.capacity.get(year)?.released ?? 0)
      return {
        leader,
        released,
        delivered: deliveredByLeader.get(leader.id) ?? 0,
        committed: committedByLeader.get(leader.id) ?? 0,
      }
    })
    .filter((entry) => entry.released > 0 || entry.delivered > 0 || entry.committed > 0)
  const row = (group: string, entries: typeof figures): UtilisationRow => {
    const released = sum(entries.map((entry) => entry.released))
    const used = sum(entries.map((entry) => entry.delivered + entry.committed))
    return {
      group,
      leaders: entries.length,
      releasedDays: roundDays(released),
      deliveredDays: roundDays(sum(entries.map((entry) => entry.delivered))),
      committedDays: roundDays(sum(entries.map((entry) => entry.committed))),
      utilisation: released > 0 ? used / released : null,
    }
  }
  const groupedBy = (keys: (leader: HubLeaderRow) => string[]) => {
    const groups = new Map<string, typeof figures>()
    for (const entry of figures) {
      const own = keys(entry.leader)
      for (const key of own.length > 0 ? new Set(own) : ['none']) groups.set(key, [...(groups.get(key) ?? []), entry])
    }
    return groups
  }
  const byDesignation = [...groupedBy((leader) => leader.designationKinds)].map(([kind, entries]) =>
    row(kind === 'none' ? 'no designation' : kind, entries),
  )
  const order = ['NLE', 'NLG', 'LLE', 'SLE']
  byDesignation.sort((a, b) => (order.indexOf(a.group) + 1 || 99) - (order.indexOf(b.group) + 1 || 99))
  const bySpecialism = [...groupedBy((leader) => leader.specialisms)]
    .map(([code, entries]) => row(code === 'none' ? 'no specialism recorded' : (areaNames.get(code) ?? code), entries))
    .sort((a, b) => b.releasedDays - a.releasedDays || a.group.localeCompare(b.group))
  return {all: row('All leaders', figures), byDesignation, bySpecialism}
}

/** The share (0..1) of a window's working days that fall in the period; by calendar days when the window has no working day. */
function shareInPeriod(start: string, end: string, period: Period, calendar: WorkingCalendar): number {
  const from = start > period.from ? start : period.from
  const to = end < period.to ? end : period.to
  if (from > to) return 0
  const all = calendar.countWorkingDays(start, end)
  if (all > 0) return calendar.countWorkingDays(from, to) / all
  return daysBetweenInclusive(from, to) / daysBetweenInclusive(start, end)
}

function hubMap(leaders: readonly HubLeaderRow[], deployments: readonly HubDeploymentRow[]): MapData {
  const points: MapData['points'] = []
  const lines: MapData['lines'] = []
  let notDrawn = 0
  for (const leader of leaders)
    if (leader.active && leader.location) points.push(point('leader', leader.ref, leader.location))
  const drawnSchools = new Set<number>()
  for (const deployment of deployments) {
    if (!deployment.location) {
      notDrawn += 1
      continue
    }
    if (deployment.urn !== null && !drawnSchools.has(deployment.urn)) {
      drawnSchools.add(deployment.urn)
      points.push(point('supported-school', deployment.schoolName ?? String(deployment.urn), deployment.location))
    }
    if (deployment.leaderLocation)
      lines.push({kind: 'deployment', from: deployment.leaderLocation, to: deployment.location})
  }
  return {points, lines, notDrawn}
}
