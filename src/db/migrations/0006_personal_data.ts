import {type Kysely, sql} from 'kysely'

/**
 * What erasing a person needs from the schema.
 *
 * - `import_runs.rejects_path`: where an import wrote its rejected rows, so that erasure can find
 *   and scrub the files broker itself wrote (absolute path; null when nothing was rejected).
 * - `audit_scrubs`: the audit log stays append-only, with one narrow exception. While a row for a
 *   leader exists here (only inside that leader's erasure transaction, which deletes it again
 *   before committing), the JSON of audit entries may be rewritten; which entry, when, by whom and
 *   what action can never change, and entries can never be deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('import_runs').addColumn('rejects_path', 'text').execute()

  await db.schema
    .createTable('audit_scrubs')
    .addColumn('leader_id', 'integer', (c) => c.primaryKey().references('leaders.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .execute()

  await sql`drop trigger audit_log_no_update`.execute(db)
  await sql`create trigger audit_log_no_update before update on audit_log
    when not exists (select 1 from audit_scrubs)
      or new.id is not old.id or new.at is not old.at or new.actor is not old.actor
      or new.action is not old.action or new.entity is not old.entity or new.entity_id is not old.entity_id
    begin select raise(abort, 'the audit log is append-only'); end`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger audit_log_no_update`.execute(db)
  await sql`create trigger audit_log_no_update before update on audit_log
    begin select raise(abort, 'the audit log is append-only'); end`.execute(db)
  await db.schema.dropTable('audit_scrubs').execute()
  await db.schema.alterTable('import_runs').dropColumn('rejects_path').execute()
}
