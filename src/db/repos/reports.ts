import type {Kysely} from 'kysely'

import type {Objective} from '../../core/deployments.js'
import type {LatLon} from '../../core/geo.js'
import type {DeploymentStatus, FundingSource} from '../../core/lifecycle.js'
import type {DeliveryMode, NeedStatus} from '../../core/model.js'
import {AGREED_STATUSES, type Period} from '../../core/reports/common.js'
import type {CoverageNeedRow} from '../../core/reports/coverage.js'
import type {Area, HubDeliveredRow, HubDeploymentRow, HubNeedRow} from '../../core/reports/hub.js'
import {chunks, fromBit, fromJson} from '../codec.js'
import type {RegistrySchema} from '../schema.js'
import {NeedsRepo} from './needs.js'

/** The reads behind the hub and coverage reports: a few set-based queries, never one per row. */

export interface StoredMatchRun {
  id: number
  asOf: string
  applied: boolean
  unmatched: {needId: number; cause: string | null; reasons: string[]}[]
  proposals: {needId: number; leaderRef: string}[]
}

const location = (latitude: number | null, longitude: number | null): LatLon | null =>
  latitude === null || longitude === null ? null : {latitude, longitude}

const area = (row: {region: string | null; la_code: string | null; la_name: string | null}): Area => ({
  region: row.region,
  laCode: row.la_code,
  laName: row.la_name,
})

export class ReportsRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  /** Needs (single needs and team places, not team parents) with their school's area, filtered by received date or status. */
  private needsQuery() {
    return this.db
      .selectFrom('needs')
      .leftJoin('schools', 'schools.urn', 'needs.subject_urn')
      .select([
        'needs.id',
        'needs.reference',
        'needs.received_on',
        'needs.status',
        'needs.support_type',
        'needs.delivery_mode',
        'needs.requested_half_days',
        'needs.priority',
        'needs.subject_urn',
        'needs.subject_trust_code',
        'schools.name as school_name',
        'schools.region',
        'schools.la_code',
        'schools.la_name',
        'schools.latitude',
        'schools.longitude',
      ])
      .where(({not, exists, selectFrom}) =>
        not(exists(selectFrom('needs as place').select('place.id').whereRef('place.parent_need_id', '=', 'needs.id'))),
      )
  }

  async needsReceived(period: Period): Promise<HubNeedRow[]> {
    const rows = await this.needsQuery()
      .where('needs.received_on', '>=', period.from)
      .where('needs.received_on', '<=', period.to)
      .orderBy('needs.id')
      .execute()
    const ids = rows.map((row) => row.id)
    const areas = await new NeedsRepo(this.db).specialismCodes(ids)
    const statuses = new Map<number, DeploymentStatus[]>()
    for (const batch of chunks(ids)) {
      const deployments = await this.db
        .selectFrom('deployments')
        .select(['need_id', 'status'])
        .where('need_id', 'in', batch)
        .execute()
      for (const deployment of deployments)
        statuses.set(deployment.need_id!, [
          ...(statuses.get(deployment.need_id!) ?? []),
          deployment.status as DeploymentStatus,
        ])
    }
    return rows.map((row) => ({
      id: row.id,
      reference: row.reference,
      receivedOn: row.received_on,
      status: row.status as NeedStatus,
      areas: areas.get(row.id) ?? [],
      requestedHalfDays: row.requested_half_days,
      priority: row.priority,
      school:
        row.subject_urn === null ? null : {urn: row.subject_urn, name: row.school_name ?? String(row.subject_urn)},
      trustCode: row.subject_trust_code,
      area: area(row),
      deploymentStatuses: statuses.get(row.id) ?? [],
    }))
  }

  async openNeeds(): Promise<CoverageNeedRow[]> {
    const rows = await this.needsQuery().where('needs.status', '=', 'open').orderBy('needs.id').execute()
    const areas = await new NeedsRepo(this.db).specialismCodes(rows.map((row) => row.id))
    return rows.map((row) => ({
      id: row.id,
      reference: row.reference,
      areas: areas.get(row.id) ?? [],
      supportType: row.support_type,
      deliveryMode: row.delivery_mode as DeliveryMode,
      requestedHalfDays: row.requested_half_days,
      priority: row.priority,
      school:
        row.subject_urn === null ? null : {urn: row.subject_urn, name: row.school_name ?? String(row.subject_urn)},
      trustCode: row.subject_trust_code,
      area: area(row),
      location: location(row.latitude, row.longitude),
    }))
  }

  /**
   * Deployments that reached agreement and could fall in the period: starting on or before its
   * end, or with days delivered in it (core/reports/hub decides which count).
   */
  async agreedDeploymentsUpTo(period: Period): Promise<HubDeploymentRow[]> {
    const rows = await this.db
      .selectFrom('deployments')
      .innerJoin('leaders', 'leaders.id', 'deployments.leader_id')
      .leftJoin('leader_personal', 'leader_personal.leader_id', 'deployments.leader_id')
      .leftJoin('schools', 'schools.urn', 'deployments.urn')
      .leftJoin('schools as home', 'home.urn', 'leaders.home_urn')
      .leftJoin('evaluations', 'evaluations.deployment_id', 'deployments.id')
      .select([
        'deployments.id',
        'deployments.need_id',
        'deployments.status',
        'deployments.leader_id',
        'leaders.ref as leader_ref',
        'leader_personal.name as leader_name',
        'deployments.urn',
        'schools.name as school_name',
        'deployments.trust_code',
        'schools.region',
        'schools.la_code',
        'schools.la_name',
        'schools.latitude',
        'schools.longitude',
        'home.latitude as home_latitude',
        'home.longitude as home_longitude',
        'deployments.starts_on',
        'deployments.ends_on',
        'deployments.half_days',
        'deployments.day_rate_pence',
        'deployments.funding_source',
        'deployments.funding_programme',
        'deployments.grant_reference',
        'deployments.payer',
        'evaluations.evaluated_on',
      ])
      .where('deployments.status', 'in', [...AGREED_STATUSES])
      .where((eb) =>
        eb.or([
          eb('deployments.starts_on', '<=', period.to),
          eb.exists(
            eb
              .selectFrom('ledger_entries')
              .select('ledger_entries.id')
              .whereRef('ledger_entries.deployment_id', '=', 'deployments.id')
              .where('ledger_entries.entry', '=', 'delivered')
              .where('ledger_entries.on_date', '>=', period.from)
              .where('ledger_entries.on_date', '<=', period.to),
          ),
        ]),
      )
      .orderBy('deployments.id')
      .execute()
    const objectives = await this.objectivesFor(rows.map((row) => row.id))
    return rows.map((row) => ({
      id: row.id,
      needId: row.need_id,
      status: row.status as DeploymentStatus,
      leaderId: row.leader_id,
      leaderRef: row.leader_ref,
      leaderName: row.leader_name,
      urn: row.urn,
      schoolName: row.school_name,
      trustCode: row.trust_code,
      area: area(row),
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      halfDays: row.half_days,
      dayRatePence: row.day_rate_pence,
      fundingSource: row.funding_source as FundingSource | null,
      fundingProgramme: row.funding_programme,
      grantReference: row.grant_reference,
      payer: row.payer,
      evaluatedOn: row.evaluated_on,
      outcomes: (objectives.get(row.id) ?? []).map((objective) => objective.outcome),
      location: location(row.latitude, row.longitude),
      leaderLocation: location(row.home_latitude, row.home_longitude),
    }))
  }

  /** Delivered ledger entries dated in the period, with the area of the school they served. */
  async deliveredIn(period: Period): Promise<HubDeliveredRow[]> {
    const rows = await this.db
      .selectFrom('ledger_entries')
      .leftJoin('deployments', 'deployments.id', 'ledger_entries.deployment_id')
      .leftJoin('legacy_links', 'legacy_links.id', 'ledger_entries.legacy_link_id')
      .leftJoin('schools', (join) =>
        join.on((eb) => eb('schools.urn', '=', eb.fn.coalesce('deployments.urn', 'legacy_links.urn'))),
      )
      .select([
        'ledger_entries.deployment_id',
        'ledger_entries.legacy_link_id',
        'ledger_entries.leader_id',
        'ledger_entries.on_date',
        'ledger_entries.half_days',
        'schools.region',
        'schools.la_code',
        'schools.la_name',
      ])
      .where('ledger_entries.entry', '=', 'delivered')
      .where('ledger_entries.on_date', '>=', period.from)
      .where('ledger_entries.on_date', '<=', period.to)
      .orderBy('ledger_entries.on_date')
      .orderBy('ledger_entries.id')
      .execute()
    return rows.map((row) => ({
      deploymentId: row.deployment_id,
      legacyLinkId: row.legacy_link_id,
      leaderId: row.leader_id,
      onDate: row.on_date,
      halfDays: row.half_days,
      area: area(row),
    }))
  }

  /** The latest match run made as of a date in the period (by its as-of date, then its id). */
  async latestMatchRunIn(period: Period): Promise<StoredMatchRun | null> {
    const row = await this.db
      .selectFrom('match_runs')
      .select(['id', 'as_of', 'applied', 'results_json'])
      .where('as_of', '>=', period.from)
      .where('as_of', '<=', period.to)
      .orderBy('as_of', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst()
    if (!row) return null
    const results = fromJson<{
      proposals?: {needId: number; leader?: {ref?: string}}[]
      unmatched?: {needId: number; cause?: string; reasons: string[]}[]
    }>(row.results_json, {})
    return {
      id: row.id,
      asOf: row.as_of,
      applied: fromBit(row.applied),
      unmatched: (results.unmatched ?? []).map((entry) => ({
        needId: entry.needId,
        cause: entry.cause ?? null,
        reasons: entry.reasons ?? [],
      })),
      proposals: (results.proposals ?? []).map((proposal) => ({
        needId: proposal.needId,
        leaderRef: proposal.leader?.ref ?? '?',
      })),
    }
  }

  async objectivesFor(deploymentIds: readonly number[]): Promise<Map<number, Objective[]>> {
    const result = new Map<number, Objective[]>()
    for (const batch of chunks(deploymentIds)) {
      const rows = await this.db
        .selectFrom('deployment_objectives')
        .select(['deployment_id', 'position', 'objective', 'success_criteria', 'outcome', 'evidence'])
        .where('deployment_id', 'in', batch)
        .orderBy('deployment_id')
        .orderBy('position')
        .execute()
      for (const row of rows) {
        const objective: Objective = {
          position: row.position,
          objective: row.objective,
          successCriteria: row.success_criteria,
          outcome: row.outcome,
          evidence: row.evidence,
        }
        result.set(row.deployment_id, [...(result.get(row.deployment_id) ?? []), objective])
      }
    }
    return result
  }

  async evaluationDates(deploymentIds: readonly number[]): Promise<Map<number, string>> {
    const result = new Map<number, string>()
    for (const batch of chunks(deploymentIds)) {
      const rows = await this.db
        .selectFrom('evaluations')
        .select(['deployment_id', 'evaluated_on'])
        .where('deployment_id', 'in', batch)
        .execute()
      for (const row of rows) result.set(row.deployment_id, row.evaluated_on)
    }
    return result
  }

  /** Delivered half days per deployment, all time. */
  async deliveredByDeployment(deploymentIds: readonly number[]): Promise<Map<number, number>> {
    const result = new Map<number, number>()
    for (const batch of chunks(deploymentIds)) {
      const rows = await this.db
        .selectFrom('ledger_entries')
        .select((eb) => ['deployment_id', eb.fn.sum<number>('half_days').as('half_days')])
        .where('entry', '=', 'delivered')
        .where('deployment_id', 'in', batch)
        .groupBy('deployment_id')
        .execute()
      for (const row of rows) result.set(row.deployment_id!, Number(row.half_days))
    }
    return result
  }

  /** Where leaders work from (their home school) and its area. */
  async homes(leaderIds: readonly number[]): Promise<Map<number, {area: Area; location: LatLon | null}>> {
    const result = new Map<number, {area: Area; location: LatLon | null}>()
    for (const batch of chunks(leaderIds)) {
      const rows = await this.db
        .selectFrom('leaders')
        .leftJoin('schools', 'schools.urn', 'leaders.home_urn')
        .select([
          'leaders.id',
          'schools.region',
          'schools.la_code',
          'schools.la_name',
          'schools.latitude',
          'schools.longitude',
        ])
        .where('leaders.id', 'in', batch)
        .execute()
      for (const row of rows) result.set(row.id, {area: area(row), location: location(row.latitude, row.longitude)})
    }
    return result
  }
}
