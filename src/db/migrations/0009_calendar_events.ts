import type {Kysely} from 'kysely'

/**
 * `calendar_events` remembers, per calendar event UID, a fingerprint of what the last export said
 * and its SEQUENCE, so that exporting again keeps the sequence of an unchanged event and raises it
 * for a changed one (RFC 5545: calendar programs then replace their copy).
 *
 * Written with kysely's schema builder only (no SQL text), so it runs unchanged on PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
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
}
