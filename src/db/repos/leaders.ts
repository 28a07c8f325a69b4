// Longer than 400 lines: every query on a leader and what hangs off one (designations, phases,
// specialisms, capacity years, unavailability, personal details), which the services read together.
import type {Kysely} from 'kysely'

import type {
  CapacityYear,
  Designation,
  DesignationKind,
  DesignationStatus,
  Leader,
  LeaderSpecialism,
  Phase,
  UnavailablePeriod,
} from '../../core/model.js'
import {chunks, nowInstant} from '../codec.js'
import type {RegistrySchema} from '../schema.js'
import {containsText, equalsText} from './sql-helpers.js'

export interface LeaderFilter {
  designation?: DesignationKind
  /** Designation status; 'any' includes lapsed and withdrawn. Default: active. */
  status?: DesignationStatus | 'any'
  specialism?: string
  phase?: Phase
  homeUrn?: number
  laCode?: string
  nameContains?: string
  ids?: number[]
  limit?: number
}

export interface NewLeader {
  ref: string
  name: string
  email: string | null
  phone?: string | null
  homeUrn: number | null
  homeTrustCode: string | null
  notes: string | null
}

export interface PersonalPatch {
  name?: string
  email?: string | null
  phone?: string | null
  notes?: string | null
}

export interface NewDesignation {
  kind: DesignationKind
  body: string
  reference: string
  designatedOn: string | null
  reviewOn: string | null
  status: DesignationStatus
  statusReason?: string | null
}

export interface SpecialismAssignment {
  code: string
  confidence: number
  sourceText: string | null
}

export const emailKey = (email: string | null | undefined): string | null =>
  email === null || email === undefined || email.trim() === '' ? null : email.trim().toLowerCase()

export class LeadersRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  /** Ids of the leaders matching the filter, in name order, and how many match in all. */
  async findIds(filter: LeaderFilter = {}): Promise<{ids: number[]; total: number}> {
    let query = this.db.selectFrom('leaders').leftJoin('leader_personal', 'leader_personal.leader_id', 'leaders.id')
    const status = filter.status ?? 'active'
    if (filter.designation || status !== 'any') {
      query = query.where(({exists, selectFrom}) =>
        exists(
          selectFrom('designations')
            .select('designations.id')
            .whereRef('designations.leader_id', '=', 'leaders.id')
            .$if(filter.designation !== undefined, (q) => q.where('designations.kind', '=', filter.designation!))
            .$if(status !== 'any', (q) => q.where('designations.status', '=', status)),
        ),
      )
    }
    if (filter.specialism) {
      const code = filter.specialism
      query = query.where(({exists, selectFrom}) =>
        exists(
          selectFrom('leader_specialisms')
            .innerJoin('specialisms', 'specialisms.id', 'leader_specialisms.specialism_id')
            .select('leader_specialisms.leader_id')
            .whereRef('leader_specialisms.leader_id', '=', 'leaders.id')
            .where('specialisms.code', '=', code),
        ),
      )
    }
    if (filter.phase) {
      const phase = filter.phase
      query = query.where(({exists, selectFrom}) =>
        exists(
          selectFrom('leader_phases')
            .select('leader_phases.leader_id')
            .whereRef('leader_phases.leader_id', '=', 'leaders.id')
            .where('leader_phases.phase', '=', phase),
        ),
      )
    }
    if (filter.homeUrn !== undefined) query = query.where('leaders.home_urn', '=', filter.homeUrn)
    if (filter.laCode) {
      const laCode = filter.laCode
      query = query.where(({exists, selectFrom}) =>
        exists(
          selectFrom('schools')
            .select('schools.urn')
            .whereRef('schools.urn', '=', 'leaders.home_urn')
            .where('schools.la_code', '=', laCode),
        ),
      )
    }
    if (filter.nameContains) query = query.where(containsText('leader_personal.name', filter.nameContains))
    if (filter.ids) query = query.where('leaders.id', 'in', filter.ids.length > 0 ? filter.ids : [-1])
    const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    let page = query.select('leaders.id').orderBy('leader_personal.name').orderBy('leaders.ref')
    if (filter.limit && filter.limit > 0) page = page.limit(filter.limit)
    const rows = await page.execute()
    return {ids: rows.map((row) => row.id), total: Number(total.n)}
  }

  /** Loads whole leaders (designations, specialisms, phases, capacity), keeping the order of `ids`. */
  async load(ids: readonly number[]): Promise<Leader[]> {
    const byId = new Map<number, Leader>()
    for (const batch of chunks(ids)) {
      const rows = await this.db
        .selectFrom('leaders')
        .leftJoin('leader_personal', 'leader_personal.leader_id', 'leaders.id')
        .select([
          'leaders.id',
          'leaders.ref',
          'leaders.home_urn',
          'leaders.home_trust_code',
          'leaders.erased_at',
          'leader_personal.name',
          'leader_personal.email',
          'leader_personal.notes',
        ])
        .where('leaders.id', 'in', batch)
        .execute()
      for (const row of rows) {
        byId.set(row.id, {
          id: row.id,
          ref: row.ref,
          name: row.name,
          email: row.email,
          homeUrn: row.home_urn,
          homeTrustCode: row.home_trust_code,
          phases: [],
          notes: row.notes,
          designations: [],
          specialisms: [],
          capacity: [],
          unavailable: [],
          erasedAt: row.erased_at,
        })
      }
      const designations = await this.db
        .selectFrom('designations')
        .selectAll()
        .where('leader_id', 'in', batch)
        .orderBy('designated_on')
        .orderBy('id')
        .execute()
      for (const row of designations) byId.get(row.leader_id)?.designations.push(designationFromRow(row))
      const phases = await this.db
        .selectFrom('leader_phases')
        .selectAll()
        .where('leader_id', 'in', batch)
        .orderBy('phase')
        .execute()
      for (const row of phases) byId.get(row.leader_id)?.phases.push(row.phase as Phase)
      const specialisms = await this.db
        .selectFrom('leader_specialisms')
        .innerJoin('specialisms', 'specialisms.id', 'leader_specialisms.specialism_id')
        .select([
          'leader_specialisms.leader_id',
          'specialisms.code',
          'specialisms.name',
          'leader_specialisms.confidence',
        ])
        .where('leader_specialisms.leader_id', 'in', batch)
        .orderBy('specialisms.sort_order')
        .execute()
      for (const row of specialisms) {
        byId
          .get(row.leader_id)
          ?.specialisms.push({code: row.code, name: row.name, confidence: row.confidence} satisfies LeaderSpecialism)
      }
      const capacity = await this.db
        .selectFrom('capacity_years')
        .selectAll()
        .where('leader_id', 'in', batch)
        .orderBy('academic_year')
        .execute()
      for (const row of capacity) {
        byId.get(row.leader_id)?.capacity.push({
          academicYear: row.academic_year,
          releasedHalfDays: row.released_half_days,
        } satisfies CapacityYear)
      }
      const unavailable = await this.db
        .selectFrom('unavailability')
        .selectAll()
        .where('leader_id', 'in', batch)
        .orderBy('starts_on')
        .orderBy('id')
        .execute()
      for (const row of unavailable) {
        byId.get(row.leader_id)?.unavailable.push({
          startsOn: row.starts_on,
          endsOn: row.ends_on,
          reason: row.reason,
        } satisfies UnavailablePeriod)
      }
    }
    return ids.flatMap((id) => byId.get(id) ?? [])
  }

  async get(id: number): Promise<Leader | undefined> {
    return (await this.load([id]))[0]
  }

  async idByRef(ref: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('leaders').select('id').where(equalsText('ref', ref)).executeTakeFirst()
    return row?.id
  }

  /** Leader ids holding a designation with this reference (under any designating body). */
  async idsByDesignationReference(reference: string): Promise<number[]> {
    const rows = await this.db
      .selectFrom('designations')
      .select('leader_id')
      .distinct()
      .where(equalsText('reference', reference))
      .execute()
    return rows.map((row) => row.leader_id)
  }

  async idByDesignation(body: string, reference: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('designations')
      .select('leader_id')
      .where('body', '=', body)
      .where('reference', '=', reference)
      .executeTakeFirst()
    return row?.leader_id
  }

  async idByEmail(email: string): Promise<number | undefined> {
    const key = emailKey(email)
    if (key === null) return undefined
    const row = await this.db
      .selectFrom('leader_personal')
      .select('leader_id')
      .where('email_key', '=', key)
      .executeTakeFirst()
    return row?.leader_id
  }

  /** Every designation with its holder: what an import matches its rows against. */
  async designationIndex(): Promise<{leaderId: number; body: string; reference: string; kind: string}[]> {
    const rows = await this.db.selectFrom('designations').select(['leader_id', 'body', 'reference', 'kind']).execute()
    return rows.map((row) => ({leaderId: row.leader_id, body: row.body, reference: row.reference, kind: row.kind}))
  }

  /** Leader ids by folded email. */
  async emailIndex(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('leader_personal')
      .select(['leader_id', 'email_key'])
      .where('email_key', 'is not', null)
      .execute()
    return new Map(rows.map((row) => [row.email_key!, row.leader_id]))
  }

  /** Designations of these bodies, for marking those missing from a complete list. */
  async designationsOfBodies(
    bodies: readonly string[],
  ): Promise<{leaderId: number; body: string; reference: string; status: string}[]> {
    if (bodies.length === 0) return []
    const rows = await this.db
      .selectFrom('designations')
      .select(['leader_id', 'body', 'reference', 'status'])
      .where('body', 'in', [...bodies])
      .execute()
    return rows.map((row) => ({leaderId: row.leader_id, body: row.body, reference: row.reference, status: row.status}))
  }

  async withdrawDesignation(body: string, reference: string, reason: string): Promise<void> {
    await this.db
      .updateTable('designations')
      .set({status: 'withdrawn', status_reason: reason, updated_at: nowInstant()})
      .where('body', '=', body)
      .where('reference', '=', reference)
      .execute()
  }

  /** Every leader reference, folded to lower case (references are unique regardless of case). */
  async foldedRefs(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('leaders').select('ref').execute()
    return new Set(rows.map((row) => row.ref.toLowerCase()))
  }

  /** Leaders whose home school is one of these. */
  async homedAt(urns: readonly number[]): Promise<{id: number; ref: string; homeUrn: number}[]> {
    const found: {id: number; ref: string; homeUrn: number}[] = []
    for (const batch of chunks([...new Set(urns)])) {
      const rows = await this.db
        .selectFrom('leaders')
        .select(['id', 'ref', 'home_urn'])
        .where('home_urn', 'in', batch)
        .orderBy('id')
        .execute()
      for (const row of rows) found.push({id: row.id, ref: row.ref, homeUrn: row.home_urn!})
    }
    return found
  }

  async refExists(ref: string): Promise<boolean> {
    return (await this.idByRef(ref)) !== undefined
  }

  /** The next free generated reference, L-00001 style. */
  async nextGeneratedRef(): Promise<string> {
    const row = await this.db
      .selectFrom('leaders')
      .select((eb) => eb.fn.max('id').as('maxId'))
      .executeTakeFirst()
    let next = Number(row?.maxId ?? 0) + 1
    for (;;) {
      const ref = `L-${String(next).padStart(5, '0')}`
      if (!(await this.refExists(ref))) return ref
      next += 1
    }
  }

  async insert(leader: NewLeader): Promise<number> {
    const now = nowInstant()
    const row = await this.db
      .insertInto('leaders')
      .values({
        ref: leader.ref,
        home_urn: leader.homeUrn,
        home_trust_code: leader.homeTrustCode,
        erased_at: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await this.db
      .insertInto('leader_personal')
      .values({
        leader_id: row.id,
        name: leader.name,
        email: leader.email,
        email_key: emailKey(leader.email),
        phone: leader.phone ?? null,
        notes: leader.notes,
      })
      .execute()
    return row.id
  }

  async updateHome(id: number, home: {homeUrn?: number | null; homeTrustCode?: string | null}): Promise<void> {
    await this.db
      .updateTable('leaders')
      .set({
        ...(home.homeUrn !== undefined ? {home_urn: home.homeUrn} : {}),
        ...(home.homeTrustCode !== undefined ? {home_trust_code: home.homeTrustCode} : {}),
        updated_at: nowInstant(),
      })
      .where('id', '=', id)
      .execute()
  }

  async updatePersonal(id: number, patch: PersonalPatch): Promise<void> {
    const set = {
      ...(patch.name !== undefined ? {name: patch.name} : {}),
      ...(patch.email !== undefined ? {email: patch.email, email_key: emailKey(patch.email)} : {}),
      ...(patch.phone !== undefined ? {phone: patch.phone} : {}),
      ...(patch.notes !== undefined ? {notes: patch.notes} : {}),
    }
    if (Object.keys(set).length === 0) return
    await this.db.updateTable('leader_personal').set(set).where('leader_id', '=', id).execute()
    await this.touch(id)
  }

  async touch(id: number): Promise<void> {
    await this.db.updateTable('leaders').set({updated_at: nowInstant()}).where('id', '=', id).execute()
  }

  async setPhases(id: number, phases: readonly Phase[]): Promise<void> {
    await this.db.deleteFrom('leader_phases').where('leader_id', '=', id).execute()
    if (phases.length > 0) {
      await this.db
        .insertInto('leader_phases')
        .values([...new Set(phases)].map((phase) => ({leader_id: id, phase})))
        .execute()
    }
  }

  /** Replaces the leader's specialisms with `assignments` (codes must exist in the taxonomy). */
  async setSpecialisms(id: number, assignments: readonly SpecialismAssignment[]): Promise<void> {
    await this.db.deleteFrom('leader_specialisms').where('leader_id', '=', id).execute()
    await this.addSpecialisms(id, assignments)
  }

  async addSpecialisms(id: number, assignments: readonly SpecialismAssignment[]): Promise<void> {
    if (assignments.length === 0) return
    const codes = [...new Set(assignments.map((assignment) => assignment.code))]
    const specialisms = await this.db
      .selectFrom('specialisms')
      .select(['id', 'code'])
      .where('code', 'in', codes)
      .execute()
    const idByCode = new Map(specialisms.map((row) => [row.code, row.id]))
    for (const assignment of assignments) {
      const specialismId = idByCode.get(assignment.code)
      if (specialismId === undefined) throw new Error(`unknown specialism code ${assignment.code}`)
      await this.db
        .insertInto('leader_specialisms')
        .values({
          leader_id: id,
          specialism_id: specialismId,
          confidence: assignment.confidence,
          source_text: assignment.sourceText,
        })
        .onConflict((oc) =>
          oc
            .columns(['leader_id', 'specialism_id'])
            .doUpdateSet({confidence: assignment.confidence, source_text: assignment.sourceText}),
        )
        .execute()
    }
  }

  async removeSpecialisms(id: number, codes: readonly string[]): Promise<void> {
    if (codes.length === 0) return
    await this.db
      .deleteFrom('leader_specialisms')
      .where('leader_id', '=', id)
      .where('specialism_id', 'in', (eb) =>
        eb
          .selectFrom('specialisms')
          .select('id')
          .where('code', 'in', [...codes]),
      )
      .execute()
  }

  /** Sets the days released for one academic year; other years are never touched. */
  async setCapacity(id: number, academicYear: number, releasedHalfDays: number, source: string | null): Promise<void> {
    const values = {released_half_days: releasedHalfDays, source, updated_at: nowInstant()}
    await this.db
      .insertInto('capacity_years')
      .values({leader_id: id, academic_year: academicYear, ...values})
      .onConflict((oc) => oc.columns(['leader_id', 'academic_year']).doUpdateSet(values))
      .execute()
  }

  /** Records a period the leader cannot be deployed; the same dates again only update the reason. */
  async addUnavailability(id: number, period: UnavailablePeriod): Promise<void> {
    const existing = await this.db
      .selectFrom('unavailability')
      .select('id')
      .where('leader_id', '=', id)
      .where('starts_on', '=', period.startsOn)
      .where('ends_on', '=', period.endsOn)
      .executeTakeFirst()
    if (existing)
      await this.db.updateTable('unavailability').set({reason: period.reason}).where('id', '=', existing.id).execute()
    else
      await this.db
        .insertInto('unavailability')
        .values({leader_id: id, starts_on: period.startsOn, ends_on: period.endsOn, reason: period.reason})
        .execute()
  }

  /** Removes the periods starting on that date; returns how many there were. */
  async removeUnavailability(id: number, startsOn: string): Promise<number> {
    const result = await this.db
      .deleteFrom('unavailability')
      .where('leader_id', '=', id)
      .where('starts_on', '=', startsOn)
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  async upsertDesignation(id: number, designation: NewDesignation): Promise<void> {
    const now = nowInstant()
    const values = {
      leader_id: id,
      kind: designation.kind,
      designated_on: designation.designatedOn,
      review_on: designation.reviewOn,
      status: designation.status,
      status_reason: designation.statusReason ?? null,
      updated_at: now,
    }
    await this.db
      .insertInto('designations')
      .values({...values, body: designation.body, reference: designation.reference, created_at: now})
      .onConflict((oc) => oc.columns(['body', 'reference']).doUpdateSet(values))
      .execute()
  }
}

type DesignationRow = {
  kind: string
  body: string
  reference: string
  designated_on: string | null
  review_on: string | null
  status: string
  status_reason: string | null
}

function designationFromRow(row: DesignationRow): Designation {
  return {
    kind: row.kind as DesignationKind,
    body: row.body,
    reference: row.reference,
    designatedOn: row.designated_on,
    reviewOn: row.review_on,
    status: row.status as DesignationStatus,
    statusReason: row.status_reason,
  }
}
