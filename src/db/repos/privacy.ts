import type {Kysely} from 'kysely'

import {chunks, nowInstant} from '../codec.js'
import {freeTextColumns} from '../free-text.js'
import type {RegistrySchema} from '../schema.js'
import {containsText} from './sql-helpers.js'

export interface TableShape {
  name: string
  columns: string[]
  /** Columns declared TEXT: where free text and JSON live. */
  textColumns: string[]
  /** The columns that hold people's own words (db/free-text), where a person is looked for. */
  freeTextColumns: string[]
}

export type Row = Record<string, unknown>

/** Deployments, legacy links and commitments still running for a leader. */
export interface LiveCommitments {
  deployments: {id: number; status: string}[]
  legacyLinks: number[]
}

/**
 * Reads and rewrites whatever the registry holds about one person, across every table. Tables are
 * found by introspection, so tables added later (with a `leader_id`, `deployment_id` or
 * `legacy_link_id` column, or JSON) are covered without changes here; new free-text columns are
 * listed in db/free-text.
 */
export class PrivacyRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  /** The same connection, typed for tables known only at run time. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- table names come from introspection, not the schema type
  private get anyTable(): Kysely<any> {
    return this.db
  }

  async tables(): Promise<TableShape[]> {
    const tables = await this.db.introspection.getTables()
    return tables
      .filter((table) => !table.isView)
      .map((table) => ({
        name: table.name,
        columns: table.columns.map((column) => column.name),
        textColumns: table.columns
          .filter((column) => /text|char|clob/i.test(column.dataType))
          .map((column) => column.name),
        freeTextColumns: freeTextColumns(table.name).filter((column) =>
          table.columns.some((known) => known.name === column),
        ),
      }))
      .sort((a, b) => a.name.localeCompare(b.name))
  }

  async rowsWhere(table: string, column: string, values: readonly (number | string)[]): Promise<Row[]> {
    const rows: Row[] = []
    for (const batch of chunks([...new Set(values)])) {
      rows.push(...((await this.anyTable.selectFrom(table).selectAll().where(column, 'in', batch).execute()) as Row[]))
    }
    return rows
  }

  /** Rows where any of the columns contains any of the fragments (case-insensitive). */
  async rowsContaining(table: string, columns: readonly string[], fragments: readonly string[]): Promise<Row[]> {
    const wanted = fragments.filter((fragment) => fragment !== '')
    if (columns.length === 0 || wanted.length === 0) return []
    return await this.anyTable
      .selectFrom(table)
      .selectAll()
      .where((eb) => eb.or(columns.flatMap((column) => wanted.map((fragment) => containsText(column, fragment)))))
      .execute()
  }

  async updateRow(table: string, id: number, values: Row): Promise<void> {
    await this.anyTable.updateTable(table).set(values).where('id', '=', id).execute()
  }

  async deleteRows(table: string, column: string, value: number): Promise<number> {
    const result = await this.anyTable.deleteFrom(table).where(column, '=', value).executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  async leaderRow(leaderId: number): Promise<Row | undefined> {
    return this.db.selectFrom('leaders').selectAll().where('id', '=', leaderId).executeTakeFirst()
  }

  async personalRow(leaderId: number): Promise<Row | undefined> {
    return this.db.selectFrom('leader_personal').selectAll().where('leader_id', '=', leaderId).executeTakeFirst()
  }

  async liveCommitments(leaderId: number): Promise<LiveCommitments> {
    const deployments = await this.db
      .selectFrom('deployments')
      .select(['id', 'status'])
      .where('leader_id', '=', leaderId)
      .where('status', 'in', ['proposed', 'agreed', 'active'])
      .orderBy('id')
      .execute()
    const links = await this.db
      .selectFrom('legacy_links')
      .select('id')
      .where('leader_id', '=', leaderId)
      .where('status', '=', 'open')
      .orderBy('id')
      .execute()
    return {deployments, legacyLinks: links.map((link) => link.id)}
  }

  /** Gives the leader a reference that says nothing about them, and forgets where they work. */
  async tombstoneLeader(leaderId: number, ref: string, erasedAt: string): Promise<void> {
    await this.db
      .updateTable('leaders')
      .set({ref, home_urn: null, home_trust_code: null, erased_at: erasedAt, updated_at: erasedAt})
      .where('id', '=', leaderId)
      .execute()
  }

  /** Keeps each designation's kind (for anonymised history), withdrawn; drops what identifies it. */
  async tombstoneDesignations(leaderId: number, referenceOf: (designationId: number) => string): Promise<number> {
    const designations = await this.db
      .selectFrom('designations')
      .select('id')
      .where('leader_id', '=', leaderId)
      .execute()
    for (const designation of designations) {
      await this.db
        .updateTable('designations')
        .set({
          reference: referenceOf(designation.id),
          designated_on: null,
          review_on: null,
          status: 'withdrawn',
          status_reason: 'personal data erased',
          updated_at: nowInstant(),
        })
        .where('id', '=', designation.id)
        .execute()
    }
    return designations.length
  }

  async refTaken(ref: string): Promise<boolean> {
    return (await this.db.selectFrom('leaders').select('id').where('ref', '=', ref).executeTakeFirst()) !== undefined
  }

  /** Opens the audit log's one exception (see migration 0006) for this transaction. */
  async beginAuditScrub(leaderId: number): Promise<void> {
    await this.db.insertInto('audit_scrubs').values({leader_id: leaderId, started_at: nowInstant()}).execute()
  }

  async endAuditScrub(leaderId: number): Promise<void> {
    await this.db.deleteFrom('audit_scrubs').where('leader_id', '=', leaderId).execute()
  }

  /** Files of rejected rows that imports wrote, by run. */
  async rejectFiles(): Promise<{importRunId: number; path: string}[]> {
    const rows = await this.db
      .selectFrom('import_runs')
      .select(['id', 'rejects_path'])
      .where('rejects_path', 'is not', null)
      .orderBy('id')
      .execute()
    return rows.map((row) => ({importRunId: row.id, path: row.rejects_path!}))
  }
}
