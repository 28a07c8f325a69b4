import type {Kysely} from 'kysely'

import type {Inspection, InspectionFramework, Phase, School, SchoolStatus, TypeGroup} from '../../core/model.js'
import type {SchoolLink} from '../../core/school-links.js'
import {chunks, fromBit, nowInstant} from '../codec.js'
import type {NewSchoolRow, RegistrySchema, SchoolRow} from '../schema.js'
import {writeInBatches} from './bulk.js'
import {containsText, equalsText} from './sql-helpers.js'

export interface SchoolFilter {
  status?: SchoolStatus | 'any'
  phase?: Phase
  laCode?: string
  laName?: string
  region?: string
  trustCode?: string
  nameContains?: string
  urns?: number[]
  limit?: number
}

export function schoolFromRow(row: SchoolRow): School {
  const hasLocation = row.latitude !== null && row.longitude !== null
  return {
    urn: row.urn,
    name: row.name,
    phase: row.phase as Phase | null,
    type: row.type,
    typeGroup: row.type_group as TypeGroup | null,
    status: row.status as SchoolStatus,
    stateFunded: fromBit(row.state_funded),
    trust: row.trust_code === null ? null : {code: row.trust_code, name: row.trust_name},
    la: row.la_code === null ? null : {code: row.la_code, name: row.la_name},
    districtCode: row.district_code,
    region: row.region,
    town: row.town,
    postcode: row.postcode,
    address: {
      street: row.street,
      locality: row.locality,
      address3: row.address3,
      town: row.town,
      county: row.county,
      postcode: row.postcode,
    },
    head:
      row.head_title === null && row.head_first_name === null && row.head_last_name === null
        ? null
        : {title: row.head_title, firstName: row.head_first_name, lastName: row.head_last_name},
    location: hasLocation
      ? {
          easting: row.easting,
          northing: row.northing,
          latitude: row.latitude as number,
          longitude: row.longitude as number,
        }
      : null,
    pupils: row.pupils,
    fsmPct: row.fsm_pct,
    fsmEverPct: row.fsm_ever_pct,
    idaciPct: row.idaci_pct,
    leadingTogetherCompletedOn: row.leading_together_completed_on,
    openedOn: row.opened_on,
    closedOn: row.closed_on,
  }
}

export class SchoolsRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  async get(urn: number): Promise<School | undefined> {
    const row = await this.db.selectFrom('schools').selectAll().where('urn', '=', urn).executeTakeFirst()
    return row && schoolFromRow(row)
  }

  async getMany(urns: readonly number[]): Promise<Map<number, School>> {
    const found = new Map<number, School>()
    for (const batch of chunks([...new Set(urns)])) {
      const rows = await this.db.selectFrom('schools').selectAll().where('urn', 'in', batch).execute()
      for (const row of rows) found.set(row.urn, schoolFromRow(row))
    }
    return found
  }

  async list(filter: SchoolFilter = {}): Promise<{schools: School[]; total: number}> {
    let query = this.db.selectFrom('schools')
    const status = filter.status ?? 'open'
    if (status !== 'any') query = query.where('status', '=', status)
    if (filter.phase) query = query.where('phase', '=', filter.phase)
    if (filter.laCode) query = query.where('la_code', '=', filter.laCode)
    if (filter.laName) query = query.where(equalsText('la_name', filter.laName))
    if (filter.region) query = query.where(equalsText('region', filter.region))
    if (filter.trustCode) query = query.where('trust_code', '=', filter.trustCode)
    if (filter.nameContains) query = query.where(containsText('name', filter.nameContains))
    if (filter.urns) query = query.where('urn', 'in', filter.urns.length > 0 ? filter.urns : [-1])
    const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    let page = query.selectAll().orderBy('name').orderBy('urn')
    if (filter.limit && filter.limit > 0) page = page.limit(filter.limit)
    const rows = await page.execute()
    return {schools: rows.map(schoolFromRow), total: Number(total.n)}
  }

  /**
   * Inserts or updates schools by URN (ON CONFLICT DO UPDATE: never INSERT OR REPLACE, which
   * would delete the row and cascade away what refers to it). `created_at` is kept on update.
   */
  async upsertMany(rows: readonly NewSchoolRow[], onProgress?: (done: number, total: number) => void): Promise<void> {
    if (rows.length === 0) return
    const updated = Object.keys(rows[0]!).filter(
      (column) => column !== 'urn' && column !== 'created_at',
    ) as (keyof NewSchoolRow)[]
    // At most 30 columns a row: 500 rows stay under SQLite's and PostgreSQL's parameter limits.
    await writeInBatches(
      this.db,
      rows,
      500,
      (batch) =>
        this.db
          .insertInto('schools')
          .values(batch)
          .onConflict((oc) =>
            oc
              .column('urn')
              .doUpdateSet((eb) => Object.fromEntries(updated.map((column) => [column, eb.ref(`excluded.${column}`)]))),
          ),
      onProgress,
    )
  }

  /** Every school as stored, by URN (what an import compares its rows with). */
  async rowsByUrn(): Promise<Map<number, SchoolRow>> {
    const rows = await this.db.selectFrom('schools').selectAll().execute()
    return new Map(rows.map((row) => [row.urn, row]))
  }

  /** Every school's status, by URN. */
  async statusByUrn(): Promise<Map<number, SchoolStatus>> {
    const rows = await this.db.selectFrom('schools').select(['urn', 'status']).execute()
    return new Map(rows.map((row) => [row.urn, row.status as SchoolStatus]))
  }

  /** Schools not closed, in these local authorities (or anywhere, for null). */
  async notClosedUrns(laCodes: readonly string[] | null): Promise<number[]> {
    let query = this.db.selectFrom('schools').select('urn').where('status', '!=', 'closed')
    if (laCodes !== null) query = query.where('la_code', 'in', laCodes.length > 0 ? [...laCodes] : ['-'])
    return (await query.execute()).map((row) => row.urn)
  }

  async markClosed(urns: readonly number[], closedOn: string, importId: number | null, now: string): Promise<void> {
    for (const batch of chunks(urns)) {
      await this.db
        .updateTable('schools')
        .set((eb) => ({
          status: 'closed',
          closed_on: eb.fn.coalesce('closed_on', eb.val(closedOn)),
          last_import_id: importId,
          updated_at: now,
        }))
        .where('urn', 'in', batch)
        .execute()
    }
  }

  /** Every predecessor/successor link. */
  async links(): Promise<SchoolLink[]> {
    const rows = await this.db
      .selectFrom('school_links')
      .selectAll()
      .orderBy('urn')
      .orderBy('linked_urn')
      .orderBy('link_type')
      .execute()
    return rows.map((row) => ({
      urn: row.urn,
      linkedUrn: row.linked_urn,
      linkType: row.link_type,
      linkedOn: row.linked_on,
    }))
  }

  /**
   * Records predecessor/successor links. A link already known keeps its date unless the new one
   * brings a date (a school extract names links without dates; the links file dates them).
   */
  async saveLinks(links: readonly SchoolLink[]): Promise<void> {
    for (const batch of chunks(links, 200)) {
      await this.db
        .insertInto('school_links')
        .values(
          batch.map((link) => ({
            urn: link.urn,
            linked_urn: link.linkedUrn,
            link_type: link.linkType,
            linked_on: link.linkedOn,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['urn', 'linked_urn', 'link_type'])
            .doUpdateSet((eb) => ({linked_on: eb.fn.coalesce('excluded.linked_on', 'school_links.linked_on')})),
        )
        .execute()
    }
  }

  async inspections(urn: number): Promise<Inspection[]> {
    return (await this.inspectionsOf([urn])).get(urn) ?? []
  }

  /** Inspection histories, newest first, for many schools at once. */
  async inspectionsOf(urns: readonly number[]): Promise<Map<number, Inspection[]>> {
    const histories = new Map<number, Inspection[]>()
    for (const batch of chunks([...new Set(urns)])) {
      const rows = await this.db
        .selectFrom('inspections')
        .selectAll()
        .where('urn', 'in', batch)
        .orderBy('urn')
        .orderBy('inspected_on', 'desc')
        .execute()
      if (rows.length === 0) continue
      const judgements = await this.db
        .selectFrom('inspection_judgements')
        .innerJoin('inspections', 'inspections.id', 'inspection_judgements.inspection_id')
        .select(['inspection_judgements.inspection_id', 'inspection_judgements.area', 'inspection_judgements.value'])
        .where('inspections.urn', 'in', batch)
        .execute()
      const byInspection = new Map<number, Record<string, string>>()
      for (const judgement of judgements) {
        const areas = byInspection.get(judgement.inspection_id) ?? {}
        areas[judgement.area] = judgement.value
        byInspection.set(judgement.inspection_id, areas)
      }
      for (const row of rows) {
        const history = histories.get(row.urn) ?? []
        history.push({
          urn: row.urn,
          inspectedOn: row.inspected_on,
          framework: row.framework as InspectionFramework,
          overallGrade: row.overall_grade,
          judgements: byInspection.get(row.id) ?? {},
        })
        histories.set(row.urn, history)
      }
    }
    return histories
  }

  async setLeadingTogetherCompletedOn(urn: number, completedOn: string | null): Promise<void> {
    await this.db
      .updateTable('schools')
      .set({leading_together_completed_on: completedOn, updated_at: nowInstant()})
      .where('urn', '=', urn)
      .execute()
  }
}
