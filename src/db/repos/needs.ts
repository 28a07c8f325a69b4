import type {Kysely} from 'kysely'

import type {DeliveryMode, Need, NeedStatus, Priority, SupportType} from '../../core/model.js'
import {chunks, nowInstant} from '../codec.js'
import type {NeedRow, RegistrySchema} from '../schema.js'

export interface NeedFilter {
  status?: NeedStatus | 'any'
  priority?: Priority
  supportType?: SupportType
  urn?: number
  trustCode?: string
  specialism?: string
  laCode?: string
  region?: string
  ids?: number[]
  limit?: number
}

/** A need as recorded: open, so without an id, status or reason yet. */
export type NewNeed = Omit<Need, 'id' | 'status' | 'statusReason'>

export type NeedPatch = Partial<Omit<NewNeed, 'specialisms' | 'parentNeedId'>> & {
  status?: NeedStatus
  statusReason?: string | null
  specialisms?: string[]
}

function needFromRow(row: NeedRow, specialisms: string[]): Need {
  return {
    id: row.id,
    reference: row.reference,
    subjectUrn: row.subject_urn,
    subjectTrustCode: row.subject_trust_code,
    supportType: row.support_type as SupportType,
    teamSize: row.team_size,
    parentNeedId: row.parent_need_id,
    deliveryMode: row.delivery_mode as DeliveryMode,
    requestedHalfDays: row.requested_half_days,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    priority: row.priority as Priority,
    source: row.source,
    notes: row.notes,
    status: row.status as NeedStatus,
    statusReason: row.status_reason,
    receivedOn: row.received_on,
    specialisms,
  }
}

const PRIORITY_ORDER = {high: 0, medium: 1, low: 2} as const

export class NeedsRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  async list(filter: NeedFilter = {}): Promise<{needs: Need[]; total: number}> {
    let query = this.db.selectFrom('needs')
    const status = filter.status ?? 'open'
    if (status !== 'any') query = query.where('needs.status', '=', status)
    if (filter.priority) query = query.where('needs.priority', '=', filter.priority)
    if (filter.supportType) query = query.where('needs.support_type', '=', filter.supportType)
    if (filter.urn !== undefined) query = query.where('needs.subject_urn', '=', filter.urn)
    if (filter.trustCode) query = query.where('needs.subject_trust_code', '=', filter.trustCode)
    if (filter.ids) query = query.where('needs.id', 'in', filter.ids.length > 0 ? filter.ids : [-1])
    if (filter.specialism) {
      const code = filter.specialism
      query = query.where(({exists, selectFrom}) =>
        exists(
          selectFrom('need_specialisms')
            .innerJoin('specialisms', 'specialisms.id', 'need_specialisms.specialism_id')
            .select('need_specialisms.need_id')
            .whereRef('need_specialisms.need_id', '=', 'needs.id')
            .where('specialisms.code', '=', code),
        ),
      )
    }
    if (filter.laCode || filter.region) {
      query = query.where(({exists, selectFrom}) =>
        exists(
          selectFrom('schools')
            .select('schools.urn')
            .whereRef('schools.urn', '=', 'needs.subject_urn')
            .$if(filter.laCode !== undefined, (q) => q.where('schools.la_code', '=', filter.laCode!))
            .$if(filter.region !== undefined, (q) =>
              q.where((eb) => eb(eb.fn('lower', ['schools.region']), '=', filter.region!.toLowerCase())),
            ),
        ),
      )
    }
    const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    let page = query
      .selectAll('needs')
      .orderBy((eb) =>
        eb
          .case()
          .when('needs.priority', '=', 'high')
          .then(PRIORITY_ORDER.high)
          .when('needs.priority', '=', 'medium')
          .then(PRIORITY_ORDER.medium)
          .else(PRIORITY_ORDER.low)
          .end(),
      )
      .orderBy('needs.id')
    if (filter.limit && filter.limit > 0) page = page.limit(filter.limit)
    const rows = await page.execute()
    return {needs: await this.withSpecialisms(rows), total: Number(total.n)}
  }

  async get(id: number): Promise<Need | undefined> {
    const row = await this.db.selectFrom('needs').selectAll().where('id', '=', id).executeTakeFirst()
    return row ? (await this.withSpecialisms([row]))[0] : undefined
  }

  /** The sub-needs a team need was split into, in order. */
  async children(parentId: number): Promise<Need[]> {
    const rows = await this.db
      .selectFrom('needs')
      .selectAll()
      .where('parent_need_id', '=', parentId)
      .orderBy('id')
      .execute()
    return this.withSpecialisms(rows)
  }

  async idByReference(reference: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('needs').select('id').where('reference', '=', reference).executeTakeFirst()
    return row?.id
  }

  async insert(need: NewNeed): Promise<number> {
    const now = nowInstant()
    const row = await this.db
      .insertInto('needs')
      .values({
        reference: need.reference,
        subject_urn: need.subjectUrn,
        subject_trust_code: need.subjectTrustCode,
        support_type: need.supportType,
        team_size: need.teamSize,
        parent_need_id: need.parentNeedId,
        delivery_mode: need.deliveryMode,
        requested_half_days: need.requestedHalfDays,
        window_start: need.windowStart,
        window_end: need.windowEnd,
        priority: need.priority,
        source: need.source,
        notes: need.notes,
        status: 'open',
        status_reason: null,
        received_on: need.receivedOn,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await this.setSpecialisms(row.id, need.specialisms)
    return row.id
  }

  async update(id: number, patch: NeedPatch): Promise<void> {
    const set = {
      ...(patch.reference !== undefined ? {reference: patch.reference} : {}),
      ...(patch.subjectUrn !== undefined ? {subject_urn: patch.subjectUrn} : {}),
      ...(patch.subjectTrustCode !== undefined ? {subject_trust_code: patch.subjectTrustCode} : {}),
      ...(patch.supportType !== undefined ? {support_type: patch.supportType} : {}),
      ...(patch.teamSize !== undefined ? {team_size: patch.teamSize} : {}),
      ...(patch.deliveryMode !== undefined ? {delivery_mode: patch.deliveryMode} : {}),
      ...(patch.requestedHalfDays !== undefined ? {requested_half_days: patch.requestedHalfDays} : {}),
      ...(patch.windowStart !== undefined ? {window_start: patch.windowStart} : {}),
      ...(patch.windowEnd !== undefined ? {window_end: patch.windowEnd} : {}),
      ...(patch.priority !== undefined ? {priority: patch.priority} : {}),
      ...(patch.source !== undefined ? {source: patch.source} : {}),
      ...(patch.notes !== undefined ? {notes: patch.notes} : {}),
      ...(patch.receivedOn !== undefined ? {received_on: patch.receivedOn} : {}),
      ...(patch.status !== undefined ? {status: patch.status} : {}),
      ...(patch.statusReason !== undefined ? {status_reason: patch.statusReason} : {}),
    }
    await this.db
      .updateTable('needs')
      .set({...set, updated_at: nowInstant()})
      .where('id', '=', id)
      .execute()
    if (patch.specialisms !== undefined) await this.setSpecialisms(id, patch.specialisms)
  }

  async setSpecialisms(id: number, codes: readonly string[]): Promise<void> {
    await this.db.deleteFrom('need_specialisms').where('need_id', '=', id).execute()
    const unique = [...new Set(codes)]
    if (unique.length === 0) return
    const rows = await this.db.selectFrom('specialisms').select(['id', 'code']).where('code', 'in', unique).execute()
    if (rows.length !== unique.length) {
      const known = new Set(rows.map((row) => row.code))
      throw new Error(`unknown specialism codes: ${unique.filter((code) => !known.has(code)).join(', ')}`)
    }
    await this.db
      .insertInto('need_specialisms')
      .values(rows.map((row) => ({need_id: id, specialism_id: row.id})))
      .execute()
  }

  private async withSpecialisms(rows: NeedRow[]): Promise<Need[]> {
    const codesByNeed = await this.specialismCodes(rows.map((row) => row.id))
    return rows.map((row) => needFromRow(row, codesByNeed.get(row.id) ?? []))
  }

  /** Each need's area codes, in taxonomy order. */
  async specialismCodes(ids: readonly number[]): Promise<Map<number, string[]>> {
    const codesByNeed = new Map<number, string[]>()
    for (const batch of chunks(ids)) {
      const links = await this.db
        .selectFrom('need_specialisms')
        .innerJoin('specialisms', 'specialisms.id', 'need_specialisms.specialism_id')
        .select(['need_specialisms.need_id', 'specialisms.code'])
        .where('need_specialisms.need_id', 'in', batch)
        .orderBy('specialisms.sort_order')
        .execute()
      for (const link of links) {
        const codes = codesByNeed.get(link.need_id) ?? []
        codes.push(link.code)
        codesByNeed.set(link.need_id, codes)
      }
    }
    return codesByNeed
  }
}
