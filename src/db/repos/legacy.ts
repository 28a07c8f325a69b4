import type {Kysely, Selectable} from 'kysely'

import type {LegacyCheckin, LegacyLink} from '../../core/deployments.js'
import {chunks, nowInstant} from '../codec.js'
import type {LegacyLinksTable, RegistrySchema} from '../schema.js'
import {type PairingColumns, pairingFromRow} from './deployments.js'

export interface LegacyFilter {
  status?: 'open' | 'ended' | 'any'
  leaderId?: number
  urn?: number
  deploymentId?: number
  /** Only these links. */
  ids?: readonly number[]
  limit?: number
}

export type NewLegacyLink = Pick<
  LegacyLink,
  'leaderId' | 'urn' | 'trustCode' | 'deploymentId' | 'openedOn' | 'endsOn' | 'checkinEveryMonths' | 'budgetHalfDays'
>

function linkFromRow(row: Selectable<LegacyLinksTable> & PairingColumns): LegacyLink {
  return {
    ...pairingFromRow(row),
    id: row.id,
    deploymentId: row.deployment_id,
    status: row.status as LegacyLink['status'],
    openedOn: row.opened_on,
    endsOn: row.ends_on,
    checkinEveryMonths: row.checkin_every_months,
    budgetHalfDays: row.budget_half_days,
    endedOn: row.ended_on,
    endReason: row.end_reason,
  }
}

/** Legacy links (the light-touch relationship after a deployment) and their check-ins. */
export class LegacyRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  /** Links with their leader's ref and name and their school's name. */
  private selected() {
    return this.db
      .selectFrom('legacy_links')
      .innerJoin('leaders', 'leaders.id', 'legacy_links.leader_id')
      .leftJoin('leader_personal', 'leader_personal.leader_id', 'legacy_links.leader_id')
      .leftJoin('schools', 'schools.urn', 'legacy_links.urn')
      .selectAll('legacy_links')
      .select(['leaders.ref as leader_ref', 'leader_personal.name as leader_name', 'schools.name as school_name'])
  }

  async list(filter: LegacyFilter = {}): Promise<{links: LegacyLink[]; total: number}> {
    let query = this.selected()
    const status = filter.status ?? 'open'
    if (status !== 'any') query = query.where('legacy_links.status', '=', status)
    if (filter.leaderId !== undefined) query = query.where('legacy_links.leader_id', '=', filter.leaderId)
    if (filter.urn !== undefined) query = query.where('legacy_links.urn', '=', filter.urn)
    if (filter.deploymentId !== undefined) query = query.where('legacy_links.deployment_id', '=', filter.deploymentId)
    if (filter.ids) query = query.where('legacy_links.id', 'in', filter.ids.length > 0 ? [...filter.ids] : [-1])
    const total = await query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    let page = query.orderBy('legacy_links.id')
    if (filter.limit && filter.limit > 0) page = page.limit(filter.limit)
    return {links: (await page.execute()).map(linkFromRow), total: Number(total.n)}
  }

  async get(id: number): Promise<LegacyLink | undefined> {
    const row = await this.selected().where('legacy_links.id', '=', id).executeTakeFirst()
    return row && linkFromRow(row)
  }

  async insert(link: NewLegacyLink): Promise<number> {
    const now = nowInstant()
    const row = await this.db
      .insertInto('legacy_links')
      .values({
        leader_id: link.leaderId,
        urn: link.urn,
        trust_code: link.trustCode,
        deployment_id: link.deploymentId,
        status: 'open',
        opened_on: link.openedOn,
        ends_on: link.endsOn,
        checkin_every_months: link.checkinEveryMonths,
        budget_half_days: link.budgetHalfDays,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async end(id: number, endedOn: string, reason: string): Promise<void> {
    await this.db
      .updateTable('legacy_links')
      .set({status: 'ended', ended_on: endedOn, end_reason: reason, updated_at: nowInstant()})
      .where('id', '=', id)
      .execute()
  }

  async scheduleCheckins(linkId: number, dueDates: readonly string[]): Promise<void> {
    if (dueDates.length === 0) return
    await this.db
      .insertInto('legacy_checkins')
      .values(dueDates.map((dueOn) => ({legacy_link_id: linkId, due_on: dueOn})))
      .execute()
  }

  async checkinsFor(linkIds: readonly number[]): Promise<Map<number, LegacyCheckin[]>> {
    const result = new Map<number, LegacyCheckin[]>(linkIds.map((id) => [id, []]))
    for (const batch of chunks(linkIds)) {
      const rows = await this.db
        .selectFrom('legacy_checkins')
        .selectAll()
        .where('legacy_link_id', 'in', batch)
        .orderBy((eb) => eb.fn.coalesce('due_on', 'held_on'))
        .orderBy('id')
        .execute()
      for (const row of rows) {
        result
          .get(row.legacy_link_id)
          ?.push({id: row.id, legacyLinkId: row.legacy_link_id, dueOn: row.due_on, heldOn: row.held_on, note: row.note})
      }
    }
    return result
  }

  /** Records a check-in: against the scheduled one given, or as an unscheduled one. */
  async holdCheckin(linkId: number, scheduledId: number | null, heldOn: string, note: string | null): Promise<number> {
    if (scheduledId !== null) {
      await this.db.updateTable('legacy_checkins').set({held_on: heldOn, note}).where('id', '=', scheduledId).execute()
      return scheduledId
    }
    const row = await this.db
      .insertInto('legacy_checkins')
      .values({legacy_link_id: linkId, due_on: null, held_on: heldOn, note})
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }
}
