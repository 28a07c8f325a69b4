import type {Kysely} from 'kysely'

import type {ReachBox} from '../../core/match/candidates.js'
import type {Components} from '../../core/match/scoring.js'
import {chunks, fromJson} from '../codec.js'
import type {RegistrySchema} from '../schema.js'

/** Bulk reads for the matching engine: a few queries for everything a run needs. */

export interface PhaseDistributionRow {
  phase: string | null
  fsm_ever_pct: number | null
  fsm_pct: number | null
}

export interface InspectionSummaryRow {
  urn: number
  inspected_on: string
  framework: string
  overall_grade: number | null
  leadership: string | null
}

export interface LeaderHistoryRow {
  leader_id: number
  need_id: number | null
  urn: number | null
  trust_code: string | null
  status: string
  status_reason_code: string | null
}

/** A proposal as a match run stored it (see storedResults in core/match/report.ts). */
export interface StoredProposal {
  needId: number
  leaderId: number
  components: Components
  distanceKm: number | null
  pinned: boolean
}

export class MatchRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  /**
   * Leader ids holding a designation, optionally only those holding one of `areas`, and only those
   * whose home school lies in one of `boxes` (leaders with no located home school always count).
   */
  async candidateLeaderIds(
    areas: readonly string[] | null,
    boxes: readonly ReachBox[] | null = null,
  ): Promise<number[]> {
    let query = this.db
      .selectFrom('leaders')
      .select('leaders.id')
      .where('leaders.erased_at', 'is', null)
      .where(({exists, selectFrom}) =>
        exists(
          selectFrom('designations').select('designations.id').whereRef('designations.leader_id', '=', 'leaders.id'),
        ),
      )
    if (areas !== null) {
      query = query.where(({exists, selectFrom}) =>
        exists(
          selectFrom('leader_specialisms')
            .innerJoin('specialisms', 'specialisms.id', 'leader_specialisms.specialism_id')
            .select('leader_specialisms.leader_id')
            .whereRef('leader_specialisms.leader_id', '=', 'leaders.id')
            .where('specialisms.code', 'in', areas.length > 0 ? [...areas] : ['']),
        ),
      )
    }
    if (boxes !== null && boxes.length > 0) {
      query = query.where((eb) =>
        eb.or([
          eb('leaders.home_urn', 'is', null),
          eb.not(
            eb.exists(
              eb
                .selectFrom('schools')
                .select('schools.urn')
                .whereRef('schools.urn', '=', 'leaders.home_urn')
                .where('schools.latitude', 'is not', null),
            ),
          ),
          eb.exists(
            eb
              .selectFrom('schools')
              .select('schools.urn')
              .whereRef('schools.urn', '=', 'leaders.home_urn')
              .where((inner) =>
                inner.or(
                  boxes.map((box) =>
                    inner.and([
                      inner('schools.latitude', '>=', box.south),
                      inner('schools.latitude', '<=', box.north),
                      inner('schools.longitude', '>=', box.west),
                      inner('schools.longitude', '<=', box.east),
                    ]),
                  ),
                ),
              ),
          ),
        ]),
      )
    }
    return (await query.orderBy('leaders.id').execute()).map((row) => row.id)
  }

  /** Changes whenever a school is added, removed or updated (every write sets updated_at). */
  async schoolsStamp(): Promise<string> {
    const row = await this.db
      .selectFrom('schools')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('updated_at').as('latest')])
      .executeTakeFirstOrThrow()
    return `${row.count}:${row.latest ?? ''}`
  }

  /** FSM-ever and FSM of every open school, for percentiles within phase. */
  async phaseDistributions(): Promise<PhaseDistributionRow[]> {
    return this.db
      .selectFrom('schools')
      .select(['phase', 'fsm_ever_pct', 'fsm_pct'])
      .where('status', '=', 'open')
      .execute()
  }

  /** Predecessor/successor links touching these schools. */
  async links(urns: readonly number[]): Promise<{urn: number; linked_urn: number}[]> {
    const rows: {urn: number; linked_urn: number}[] = []
    for (const batch of chunks([...new Set(urns)])) {
      rows.push(
        ...(await this.db
          .selectFrom('school_links')
          .select(['urn', 'linked_urn'])
          .where((eb) => eb.or([eb('urn', 'in', batch), eb('linked_urn', 'in', batch)]))
          .execute()),
      )
    }
    return rows
  }

  /** The mean position of each trust's open schools with a location. */
  async trustCentroids(codes: readonly string[]): Promise<Map<string, {latitude: number; longitude: number}>> {
    const result = new Map<string, {latitude: number; longitude: number}>()
    for (const batch of chunks([...new Set(codes)])) {
      const rows = await this.db
        .selectFrom('schools')
        .select((eb) => [
          'trust_code',
          eb.fn.avg<number>('latitude').as('latitude'),
          eb.fn.avg<number>('longitude').as('longitude'),
        ])
        .where('trust_code', 'in', batch)
        .where('status', '=', 'open')
        .where('latitude', 'is not', null)
        .groupBy('trust_code')
        .execute()
      for (const row of rows)
        if (row.trust_code !== null)
          result.set(row.trust_code, {latitude: Number(row.latitude), longitude: Number(row.longitude)})
    }
    return result
  }

  /** Inspections of these schools, newest first, with the leadership judgement when there is one. */
  async inspections(urns: readonly number[]): Promise<InspectionSummaryRow[]> {
    const rows: InspectionSummaryRow[] = []
    for (const batch of chunks([...new Set(urns)])) {
      rows.push(
        ...(await this.db
          .selectFrom('inspections')
          .leftJoin('inspection_judgements', (join) =>
            join
              .onRef('inspection_judgements.inspection_id', '=', 'inspections.id')
              .on('inspection_judgements.area', 'in', ['leadership-and-management', 'leadership-and-governance']),
          )
          .select([
            'inspections.urn',
            'inspections.inspected_on',
            'inspections.framework',
            'inspections.overall_grade',
            'inspection_judgements.value as leadership',
          ])
          .where('inspections.urn', 'in', batch)
          .orderBy('inspections.inspected_on', 'desc')
          .execute()),
      )
    }
    return rows
  }

  /** Every deployment of these leaders (for continuity and vetoes). */
  async history(leaderIds: readonly number[]): Promise<LeaderHistoryRow[]> {
    const rows: LeaderHistoryRow[] = []
    for (const batch of chunks(leaderIds)) {
      rows.push(
        ...(await this.db
          .selectFrom('deployments')
          .select(['leader_id', 'need_id', 'urn', 'trust_code', 'status', 'status_reason_code'])
          .where('leader_id', 'in', batch)
          .execute()),
      )
    }
    return rows
  }

  async legacyLinks(
    leaderIds: readonly number[],
  ): Promise<{leader_id: number; urn: number | null; trust_code: string | null}[]> {
    const rows: {leader_id: number; urn: number | null; trust_code: string | null}[] = []
    for (const batch of chunks(leaderIds)) {
      rows.push(
        ...(await this.db
          .selectFrom('legacy_links')
          .select(['leader_id', 'urn', 'trust_code'])
          .where('leader_id', 'in', batch)
          .execute()),
      )
    }
    return rows
  }

  async objections(leaderIds: readonly number[]): Promise<{leader_id: number; urn: number}[]> {
    const rows: {leader_id: number; urn: number}[] = []
    for (const batch of chunks(leaderIds)) {
      rows.push(
        ...(await this.db
          .selectFrom('objections')
          .select(['leader_id', 'urn'])
          .where('leader_id', 'in', batch)
          .execute()),
      )
    }
    return rows
  }

  /** Needs whose proposals a --replan-proposed run reconsiders, with those proposals. */
  async proposedDeployments(): Promise<
    {id: number; need_id: number | null; leader_id: number; hold_expires_on: string | null}[]
  > {
    return this.db
      .selectFrom('deployments')
      .select(['id', 'need_id', 'leader_id', 'hold_expires_on'])
      .where('status', '=', 'proposed')
      .orderBy('id')
      .execute()
  }

  /** Ids of needs that have sub-needs (team parents are matched through their places). */
  async teamParentIds(): Promise<Set<number>> {
    const rows = await this.db
      .selectFrom('needs')
      .select('parent_need_id')
      .distinct()
      .where('parent_need_id', 'is not', null)
      .execute()
    return new Set(rows.map((row) => row.parent_need_id as number))
  }

  async recordRun(run: {
    createdAt: string
    asOf: string
    strategy: string
    version: string
    inputHash: string
    configJson: string
    totalsJson: string
    resultsJson: string
  }): Promise<number> {
    const row = await this.db
      .insertInto('match_runs')
      .values({
        created_at: run.createdAt,
        as_of: run.asOf,
        strategy: run.strategy,
        version: run.version,
        input_hash: run.inputHash,
        config_json: run.configJson,
        totals_json: run.totalsJson,
        results_json: run.resultsJson,
        applied: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  /**
   * What a run kept of each proposal (leader ids, score components, distance), or null when there
   * is no such run: enough to say later why a leader was proposed.
   */
  async storedProposals(runId: number): Promise<StoredProposal[] | null> {
    const row = await this.db.selectFrom('match_runs').select('results_json').where('id', '=', runId).executeTakeFirst()
    if (!row) return null
    const results = fromJson<{proposals?: Partial<StoredProposal & {leader: {id: number}}>[]}>(row.results_json, {})
    return (results.proposals ?? []).flatMap((proposal) =>
      proposal.needId === undefined || proposal.leader?.id === undefined || proposal.components === undefined
        ? []
        : [
            {
              needId: proposal.needId,
              leaderId: proposal.leader.id,
              components: proposal.components,
              distanceKm: proposal.distanceKm ?? null,
              pinned: proposal.pinned ?? false,
            },
          ],
    )
  }

  async markApplied(runId: number): Promise<void> {
    await this.db.updateTable('match_runs').set({applied: 1}).where('id', '=', runId).execute()
  }
}
