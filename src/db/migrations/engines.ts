import {type Kysely, type Migration, sql} from 'kysely'

import type {RegistryEngine} from '../location.js'
import {MIGRATIONS} from './index.js'
import {PortableSchemaPlugin} from './portable-schema.js'

/**
 * Where the migrations' SQL differs between SQLite and PostgreSQL: this file, and only this file.
 *
 * Both engines run the same list of migrations (migrations/index.ts), under the same names, so a
 * registry's schema version means the same on both. A migration written with kysely's schema
 * builder alone is portable and needs nothing here (PortableSchemaPlugin spells identity columns
 * and doubles for PostgreSQL). A migration with raw SQL that only SQLite understands lists those
 * statements below by their opening words, and gives what PostgreSQL runs instead, after the
 * migration's portable statements and in the same transaction.
 *
 * What stays the same on both engines, on purpose: booleans are 0/1 integers with a check, dates
 * are ISO `YYYY-MM-DD` text and instants ISO-8601 UTC text, JSON is text. Services see the same
 * values from either engine, and ISO text sorts and compares as dates do.
 */
interface PostgresForm {
  /** Raw SQLite statements of the migration left out on PostgreSQL (their opening words). */
  sqliteOnly: readonly string[]
  /** What PostgreSQL runs in their place. */
  up(db: Kysely<unknown>): Promise<void>
}

// ---- 0001: the audit log is append-only (SQLite: raise(abort) triggers) ---------------------------
const appendOnlyAuditLog: PostgresForm = {
  sqliteOnly: ['create trigger audit_log_no_update', 'create trigger audit_log_no_delete'],
  async up(db) {
    await sql`create function broker_audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'the audit log is append-only'; end $$`.execute(db)
    await sql`create trigger audit_log_no_update before update on audit_log
      for each row execute function broker_audit_log_append_only()`.execute(db)
    await sql`create trigger audit_log_no_delete before delete on audit_log
      for each row execute function broker_audit_log_append_only()`.execute(db)
  },
}

// ---- 0003: the search index (SQLite: FTS5 trigram tables; PostgreSQL: pg_trgm over unaccent) ----
/** Index-side folding, as 0003 does it for SQLite: apostrophes dropped, "saint" written "st". */
function folded(column: string): string {
  const withoutApostrophes = `replace(replace(replace(${column}, '''', ''), '’', ''), '‘', '')`
  return `coalesce(replace(replace(' ' || lower(${withoutApostrophes}) || ' ', ' saint ', ' st '), '&', ' and '), ' ')`
}
const SCHOOL_BODY = `${folded('s.name')} || coalesce(s.town, '') || ' ' || coalesce(s.la_name, '') || ' ' || coalesce(s.postcode, '') || ' ' || s.urn || ' '`
const LEADER_BODY = `' ' || l.ref || ${folded('p.name')} || coalesce(p.email, '') || ' ' ||
  coalesce((select string_agg(d.reference, ' ') from designations d where d.leader_id = l.id), '') || ' '`

const searchIndex: PostgresForm = {
  sqliteOnly: ['create virtual table', 'insert into school_search', 'insert into leader_search', 'create trigger'],
  async up(db) {
    // Both extensions ship with PostgreSQL (contrib) and are trusted: a database owner may create them.
    await sql`create extension if not exists pg_trgm`.execute(db)
    await sql`create extension if not exists unaccent`.execute(db)
    const {rows} = await sql<{schema: string}>`select n.nspname as schema from pg_extension e
      join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent'`.execute(db)
    const schema = quoteIdent(rows[0]!.schema)
    // unaccent() is only STABLE (its dictionary could change); naming the dictionary makes this
    // wrapper safe to declare IMMUTABLE, which an index expression requires. Lower case too: the
    // SQLite trigram tokenizer folds case, LIKE here does not.
    await sql`create function broker_search_fold(text) returns text language sql immutable strict parallel safe
      as ${sql.lit(`select lower(${schema}.unaccent('${schema.replace(/'/g, "''")}.unaccent'::regdictionary, $1))`)}`.execute(
      db,
    )
    for (const table of ['school_search', 'leader_search']) {
      await sql`create table ${sql.table(table)} (id integer primary key, body text not null)`.execute(db)
      await sql`create index ${sql.id(`${table}_trigrams`)} on ${sql.table(table)}
        using gin (broker_search_fold(body) gin_trgm_ops)`.execute(db)
    }
    await sql.raw(`insert into school_search (id, body) select s.urn, ${SCHOOL_BODY} from schools s`).execute(db)
    await sql
      .raw(
        `insert into leader_search (id, body) select l.id, ${LEADER_BODY} from leaders l left join leader_personal p on p.leader_id = l.id`,
      )
      .execute(db)
    await sql
      .raw(
        `create function broker_school_search_refresh() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and (old.urn, old.name, old.town, old.la_name, old.postcode)
          is not distinct from (new.urn, new.name, new.town, new.la_name, new.postcode) then return null; end if;
        if tg_op in ('UPDATE', 'DELETE') then delete from school_search where id = old.urn; end if;
        if tg_op in ('UPDATE', 'INSERT') then
          insert into school_search (id, body) select s.urn, ${SCHOOL_BODY} from schools s where s.urn = new.urn;
        end if;
        return null;
      end $$`,
      )
      .execute(db)
    await sql`create trigger school_search_refresh after insert or delete or update of urn, name, town, la_name, postcode
      on schools for each row execute function broker_school_search_refresh()`.execute(db)
    await sql
      .raw(
        `create function broker_leader_search_refresh(leader integer) returns void language sql as $$
      delete from leader_search where id = leader;
      insert into leader_search (id, body) select l.id, ${LEADER_BODY}
        from leaders l left join leader_personal p on p.leader_id = l.id where l.id = leader;
    $$`,
      )
      .execute(db)
    // One trigger function per table that feeds a leader's entry: the leader, their personal row, their designations.
    await sql`create function broker_leader_search_from_leaders() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then delete from leader_search where id = old.id;
        else perform broker_leader_search_refresh(new.id); end if;
        return null;
      end $$`.execute(db)
    await sql`create function broker_leader_search_from_child() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then perform broker_leader_search_refresh(old.leader_id); end if;
        if tg_op in ('UPDATE', 'INSERT') then perform broker_leader_search_refresh(new.leader_id); end if;
        return null;
      end $$`.execute(db)
    await sql`create trigger leader_search_refresh after insert or delete or update of ref, erased_at
      on leaders for each row execute function broker_leader_search_from_leaders()`.execute(db)
    await sql`create trigger leader_search_personal after insert or delete or update of name, email
      on leader_personal for each row execute function broker_leader_search_from_child()`.execute(db)
    await sql`create trigger leader_search_designations after insert or delete or update of reference, leader_id
      on designations for each row execute function broker_leader_search_from_child()`.execute(db)
  },
}

// ---- 0006: the audit log may be scrubbed inside an erasure (SQLite: a trigger with a when clause) -
const scrubbableAuditLog: PostgresForm = {
  sqliteOnly: ['drop trigger audit_log_no_update', 'create trigger audit_log_no_update'],
  async up(db) {
    await sql`create function broker_audit_log_scrub_only() returns trigger language plpgsql as $$
      begin
        if not exists (select 1 from audit_scrubs)
          or (new.id, new.at, new.actor, new.action, new.entity, new.entity_id)
            is distinct from (old.id, old.at, old.actor, old.action, old.entity, old.entity_id)
        then raise exception 'the audit log is append-only'; end if;
        return new;
      end $$`.execute(db)
    await sql`drop trigger audit_log_no_update on audit_log`.execute(db)
    await sql`create trigger audit_log_no_update before update on audit_log
      for each row execute function broker_audit_log_scrub_only()`.execute(db)
  },
}

const POSTGRES_FORMS: Record<string, PostgresForm> = {
  '0001_registry': appendOnlyAuditLog,
  '0003_search_index': searchIndex,
  '0006_personal_data': scrubbableAuditLog,
}

/** The migrations as one engine runs them: the same names, each in its engine's SQL. */
export function migrationsFor(
  engine: RegistryEngine,
  migrations: Record<string, Migration> = MIGRATIONS,
): Record<string, Migration> {
  if (engine === 'sqlite') return migrations
  return Object.fromEntries(
    Object.entries(migrations).map(([name, migration]): [string, Migration] => {
      const form = POSTGRES_FORMS[name]
      return [
        name,
        {
          async up(db) {
            await migration.up(db.withPlugin(new PortableSchemaPlugin(form?.sqliteOnly ?? [])))
            await form?.up(db)
          },
        },
      ]
    }),
  )
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
