import type {Kysely} from 'kysely'

/**
 * A school's postal address and its head as GIAS lists them, for letters, agreements and calendar
 * locations. The head's title and names are personal data: reports leave them out under --redact.
 *
 *
 * `calendar_events` remembers, per calendar event UID, a fingerprint of what the last export said
 * and its SEQUENCE, so that exporting again keeps the sequence of an unchanged event and raises
 * it for a changed one (RFC 5545: calendar programs then replace their copy).
 *
 * Written with kysely's schema builder only (no SQL text), so it runs unchanged on PostgreSQL.
 * SQLite adds one column per ALTER TABLE, so each column is its own statement.
 */
const COLUMNS = ['street', 'locality', 'address3', 'county', 'head_title', 'head_first_name', 'head_last_name'] as const

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of COLUMNS) await db.schema.alterTable('schools').addColumn(column, 'text').execute()
  await db.schema
    .createTable('calendar_events')
    .addColumn('uid', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('calendar_events').execute()
  for (const column of [...COLUMNS].reverse()) await db.schema.alterTable('schools').dropColumn(column).execute()
}
