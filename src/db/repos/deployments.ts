// Longer than 400 lines: the queries on deployments and what hangs off one (objectives, agreement,
// variations, reviews, evaluation, ledger), which every deployment view reads together.
import type {Kysely, Selectable} from 'kysely'

import type {
  AgreementTerms,
  Deployment,
  Evaluation,
  Objective,
  Pairing,
  Review,
  Signoffs,
  Variation,
} from '../../core/deployments.js'
import {
  type DeploymentStatus,
  type FundingSource,
  LIVE_STATUSES,
  type ReviewKind,
  type ReviewOutcome,
} from '../../core/lifecycle.js'
import {chunks, fromJson, nowInstant, toJson} from '../codec.js'
import type {DeploymentsTable, RegistrySchema, ReviewsTable} from '../schema.js'

export interface DeploymentFilter {
  /** 'live' is proposed, agreed or active. Default: live. */
  status?: DeploymentStatus | 'live' | 'any'
  leaderId?: number
  urn?: number
  trustCode?: string
  needId?: number
  /** Deployments proposed by this match run. */
  matchRunId?: number
  ids?: readonly number[]
  limit?: number
}

export interface NewDeployment {
  needId: number | null
  leaderId: number
  urn: number | null
  trustCode: string | null
  matchRunId: number | null
  score: number | null
  halfDays: number
  holdExpiresOn: string | null
  startsOn: string
  endsOn: string
  /** The day it is proposed (the service's today). */
  proposedOn: string
}

export interface DeploymentPatch {
  status?: DeploymentStatus
  statusReasonCode?: string | null
  statusReason?: string | null
  halfDays?: number
  holdExpiresOn?: string | null
  startsOn?: string
  endsOn?: string
  midReviewOn?: string
  dayRatePence?: number
  fundingSource?: FundingSource
  fundingProgramme?: string | null
  grantReference?: string | null
  payer?: string | null
  signoffs?: Signoffs
  agreedOn?: string
  startedOn?: string
  closedOn?: string
}

const PATCH_COLUMNS = {
  status: 'status',
  statusReasonCode: 'status_reason_code',
  statusReason: 'status_reason',
  halfDays: 'half_days',
  holdExpiresOn: 'hold_expires_on',
  startsOn: 'starts_on',
  endsOn: 'ends_on',
  midReviewOn: 'mid_review_on',
  dayRatePence: 'day_rate_pence',
  fundingSource: 'funding_source',
  fundingProgramme: 'funding_programme',
  grantReference: 'grant_reference',
  payer: 'payer',
  agreedOn: 'agreed_at',
  startedOn: 'started_at',
  closedOn: 'closed_at',
} as const satisfies Record<Exclude<keyof DeploymentPatch, 'signoffs'>, keyof DeploymentsTable>

/** The columns a query over deployments or legacy links selects to name the leader and the school. */
export interface PairingColumns {
  leader_id: number
  leader_ref: string
  leader_name: string | null
  urn: number | null
  trust_code: string | null
  school_name: string | null
}

export function pairingFromRow(row: PairingColumns): Pairing {
  return {
    leaderId: row.leader_id,
    leaderRef: row.leader_ref,
    leaderName: row.leader_name,
    urn: row.urn,
    trustCode: row.trust_code,
    schoolName: row.school_name,
  }
}

function deploymentFromRow(row: Selectable<DeploymentsTable> & PairingColumns): Deployment {
  return {
    ...pairingFromRow(row),
    id: row.id,
    needId: row.need_id,
    status: row.status as DeploymentStatus,
    statusReasonCode: row.status_reason_code,
    statusReason: row.status_reason,
    matchRunId: row.match_run_id,
    score: row.score,
    halfDays: row.half_days,
    holdExpiresOn: row.hold_expires_on,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    midReviewOn: row.mid_review_on,
    dayRatePence: row.day_rate_pence,
    fundingSource: row.funding_source as FundingSource | null,
    fundingProgramme: row.funding_programme,
    grantReference: row.grant_reference,
    payer: row.payer,
    signoffs: {supportedHead: row.signoff_supported_head, homeHead: row.signoff_home_head, broker: row.signoff_broker},
    proposedOn: dayOf(row.proposed_at),
    agreedOn: dayOf(row.agreed_at),
    startedOn: dayOf(row.started_at),
    closedOn: dayOf(row.closed_at),
  }
}

/** The day of a step's stamp: these columns hold ISO dates; registries from before held instants, whose date part is kept. */
function dayOf<T extends string | null>(stamp: T): T {
  return (stamp === null ? null : stamp.slice(0, 10)) as T
}

function reviewFromRow(row: Selectable<ReviewsTable>): Review {
  return {
    id: row.id,
    deploymentId: row.deployment_id,
    kind: row.kind as ReviewKind,
    dueOn: row.due_on,
    heldOn: row.held_on,
    outcome: row.outcome as ReviewOutcome | null,
    notes: row.notes,
  }
}

/** Deployments with their objectives, agreement and variations, reviews and evaluation. */
export class DeploymentsRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  /** Deployments with their leader's ref and name and their school's name. */
  private selected() {
    return this.db
      .selectFrom('deployments')
      .innerJoin('leaders', 'leaders.id', 'deployments.leader_id')
      .leftJoin('leader_personal', 'leader_personal.leader_id', 'deployments.leader_id')
      .leftJoin('schools', 'schools.urn', 'deployments.urn')
      .selectAll('deployments')
      .select(['leaders.ref as leader_ref', 'leader_personal.name as leader_name', 'schools.name as school_name'])
  }

  async list(filter: DeploymentFilter = {}): Promise<{deployments: Deployment[]; total: number}> {
    let query = this.selected()
    const status = filter.status ?? 'live'
    if (status === 'live') query = query.where('deployments.status', 'in', [...LIVE_STATUSES])
    else if (status !== 'any') query = query.where('deployments.status', '=', status)
    if (filter.leaderId !== undefined) query = query.where('deployments.leader_id', '=', filter.leaderId)
    if (filter.urn !== undefined) query = query.where('deployments.urn', '=', filter.urn)
    if (filter.trustCode !== undefined) query = query.where('deployments.trust_code', '=', filter.trustCode)
    if (filter.needId !== undefined) query = query.where('deployments.need_id', '=', filter.needId)
    if (filter.matchRunId !== undefined) query = query.where('deployments.match_run_id', '=', filter.matchRunId)
    if (filter.ids) query = query.where('deployments.id', 'in', filter.ids.length > 0 ? [...filter.ids] : [-1])
    const total = await query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    let page = query.orderBy('deployments.id')
    if (filter.limit && filter.limit > 0) page = page.limit(filter.limit)
    const rows = await page.execute()
    return {deployments: rows.map(deploymentFromRow), total: Number(total.n)}
  }

  async get(id: number): Promise<Deployment | undefined> {
    const row = await this.selected().where('deployments.id', '=', id).executeTakeFirst()
    return row && deploymentFromRow(row)
  }

  async liveForNeed(needId: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('deployments')
      .select('id')
      .where('need_id', '=', needId)
      .where('status', 'in', [...LIVE_STATUSES])
      .executeTakeFirst()
    return row?.id
  }

  async insertProposal(deployment: NewDeployment): Promise<number> {
    const now = nowInstant()
    const row = await this.db
      .insertInto('deployments')
      .values({
        need_id: deployment.needId,
        leader_id: deployment.leaderId,
        urn: deployment.urn,
        trust_code: deployment.trustCode,
        status: 'proposed',
        match_run_id: deployment.matchRunId,
        score: deployment.score,
        half_days: deployment.halfDays,
        hold_expires_on: deployment.holdExpiresOn,
        starts_on: deployment.startsOn,
        ends_on: deployment.endsOn,
        proposed_at: deployment.proposedOn,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async update(id: number, patch: DeploymentPatch): Promise<void> {
    const set: Record<string, unknown> = {updated_at: nowInstant()}
    for (const [key, column] of Object.entries(PATCH_COLUMNS)) {
      const value = patch[key as keyof typeof PATCH_COLUMNS]
      if (value !== undefined) set[column] = value
    }
    if (patch.signoffs) {
      set.signoff_supported_head = patch.signoffs.supportedHead
      set.signoff_home_head = patch.signoffs.homeHead
      set.signoff_broker = patch.signoffs.broker
    }
    await this.db.updateTable('deployments').set(set).where('id', '=', id).execute()
  }

  // ---- objectives ----

  async objectives(deploymentId: number): Promise<Objective[]> {
    const rows = await this.db
      .selectFrom('deployment_objectives')
      .select(['position', 'objective', 'success_criteria', 'outcome', 'evidence'])
      .where('deployment_id', '=', deploymentId)
      .orderBy('position')
      .execute()
    return rows.map((row) => ({
      position: row.position,
      objective: row.objective,
      successCriteria: row.success_criteria,
      outcome: row.outcome,
      evidence: row.evidence,
    }))
  }

  async replaceObjectives(deploymentId: number, objectives: AgreementTerms['objectives']): Promise<void> {
    await this.db.deleteFrom('deployment_objectives').where('deployment_id', '=', deploymentId).execute()
    if (objectives.length === 0) return
    await this.db
      .insertInto('deployment_objectives')
      .values(
        objectives.map((objective, index) => ({
          deployment_id: deploymentId,
          position: index + 1,
          objective: objective.objective,
          success_criteria: objective.successCriteria,
        })),
      )
      .execute()
  }

  async setOutcome(deploymentId: number, position: number, outcome: number, evidence: string): Promise<void> {
    await this.db
      .updateTable('deployment_objectives')
      .set({outcome, evidence})
      .where('deployment_id', '=', deploymentId)
      .where('position', '=', position)
      .execute()
  }

  // ---- the agreement and its variations ----

  async addVariation(deploymentId: number, variation: Omit<Variation, 'id'>): Promise<void> {
    const {variedOn, kind, reason, before, after} = variation
    await this.db
      .insertInto('deployment_variations')
      .values({
        deployment_id: deploymentId,
        varied_at: variedOn,
        kind,
        reason,
        before_json: before === null ? null : toJson(before),
        after_json: toJson(after),
      })
      .execute()
  }

  async variations(deploymentId: number): Promise<Variation[]> {
    const rows = await this.db
      .selectFrom('deployment_variations')
      .selectAll()
      .where('deployment_id', '=', deploymentId)
      .orderBy('id')
      .execute()
    return rows.map((row) => ({
      id: row.id,
      variedOn: dayOf(row.varied_at),
      kind: row.kind,
      reason: row.reason,
      before: fromJson<AgreementTerms | null>(row.before_json, null),
      after: fromJson<AgreementTerms>(row.after_json, {} as AgreementTerms),
    }))
  }

  // ---- reviews ----

  async reviews(deploymentId: number): Promise<Review[]> {
    return (await this.reviewsFor([deploymentId])).get(deploymentId) ?? []
  }

  async reviewsFor(deploymentIds: readonly number[]): Promise<Map<number, Review[]>> {
    const result = new Map<number, Review[]>()
    for (const batch of chunks(deploymentIds)) {
      const rows = await this.db
        .selectFrom('reviews')
        .selectAll()
        .where('deployment_id', 'in', batch)
        .orderBy('due_on')
        .orderBy('id')
        .execute()
      for (const row of rows)
        result.set(row.deployment_id, [...(result.get(row.deployment_id) ?? []), reviewFromRow(row)])
    }
    return result
  }

  async scheduleReview(deploymentId: number, kind: ReviewKind, dueOn: string): Promise<number> {
    const row = await this.db
      .insertInto('reviews')
      .values({deployment_id: deploymentId, kind, due_on: dueOn})
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async updateReview(
    id: number,
    patch: {dueOn?: string; heldOn?: string; outcome?: ReviewOutcome; notes?: string | null},
  ): Promise<void> {
    await this.db
      .updateTable('reviews')
      .set({
        ...(patch.dueOn !== undefined ? {due_on: patch.dueOn} : {}),
        ...(patch.heldOn !== undefined ? {held_on: patch.heldOn} : {}),
        ...(patch.outcome !== undefined ? {outcome: patch.outcome} : {}),
        ...(patch.notes !== undefined ? {notes: patch.notes} : {}),
      })
      .where('id', '=', id)
      .execute()
  }

  // ---- evaluation ----

  async setEvaluation(deploymentId: number, evaluation: Evaluation): Promise<void> {
    const values = {
      evaluated_on: evaluation.evaluatedOn,
      supported_head_evaluation: evaluation.supportedHeadEvaluation,
      leader_reflection: evaluation.leaderReflection,
    }
    await this.db
      .insertInto('evaluations')
      .values({deployment_id: deploymentId, ...values})
      .onConflict((oc) => oc.column('deployment_id').doUpdateSet(values))
      .execute()
  }

  async evaluation(deploymentId: number): Promise<Evaluation | null> {
    const row = await this.db
      .selectFrom('evaluations')
      .selectAll()
      .where('deployment_id', '=', deploymentId)
      .executeTakeFirst()
    return row
      ? {
          evaluatedOn: row.evaluated_on,
          supportedHeadEvaluation: row.supported_head_evaluation,
          leaderReflection: row.leader_reflection,
        }
      : null
  }

  /** Deployments that can have due work: the live ones, and completed ones with a review pending. */
  async withPossibleDueWork(): Promise<Deployment[]> {
    const rows = await this.selected()
      .where((eb) =>
        eb.or([
          eb('deployments.status', 'in', [...LIVE_STATUSES]),
          eb.and([
            eb('deployments.status', '=', 'completed'),
            eb.exists(
              eb
                .selectFrom('reviews')
                .select('reviews.id')
                .whereRef('reviews.deployment_id', '=', 'deployments.id')
                .where('reviews.held_on', 'is', null),
            ),
          ]),
        ]),
      )
      .orderBy('deployments.id')
      .execute()
    return rows.map(deploymentFromRow)
  }
}
