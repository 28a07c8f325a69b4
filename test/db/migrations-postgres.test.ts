import {Kysely, type Migration, PostgresDialect, sql} from 'kysely'
import pg from 'pg'
import {expect, it} from 'vitest'

import {parseRegistryLocation} from '../../src/db/location.js'
import {migrationsFor} from '../../src/db/migrations/engines.js'
import {MIGRATIONS} from '../../src/db/migrations/index.js'
import {connectPostgres} from '../../src/db/postgres.js'
import {migrate, Registry} from '../../src/db/registry.js'
import {describeWithPostgres} from '../helpers/postgres.js'

/**
 * The one list of migrations on PostgreSQL: the same names as on SQLite, and a migration written
 * with kysely's schema builder alone (as the next ones are) runs there with nothing added.
 */

/** A migration as the next feature would write it: schema builder only, SQLite's spelling. */
const portable: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('school_contacts')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('urn', 'integer', (c) => c.notNull().references('schools.urn').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('share', 'real', (c) => c.check(sql`share between 0 and 1`))
      .addColumn('active', 'integer', (c) =>
        c
          .notNull()
          .defaultTo(1)
          .check(sql`active in (0, 1)`),
      )
      .execute()
    await db.schema.alterTable('schools').addColumn('latitude_precise', 'real').execute()
    await db.schema.createIndex('school_contacts_urn').on('school_contacts').column('urn').execute()
  },
}

describeWithPostgres('migrations on PostgreSQL', (server) => {
  it('records the same migration names as SQLite, and the search index and audit triggers exist', async () => {
    const url = await server().createDatabase()
    const registry = await Registry.open(url, {create: true})
    await registry.close()
    const client = new pg.Client({connectionString: url})
    await client.connect()
    try {
      const names = (await client.query<{name: string}>('select name from kysely_migration order by name')).rows
      expect(names.map((row) => row.name)).toEqual(Object.keys(MIGRATIONS).sort())
      const triggers = await client.query<{tgname: string}>(
        `select tgname from pg_trigger where not tgisinternal order by tgname`,
      )
      expect(triggers.rows.map((row) => row.tgname)).toEqual(
        expect.arrayContaining(['audit_log_no_update', 'audit_log_no_delete', 'school_search_refresh']),
      )
      const identity = await client.query<{is_identity: string}>(
        `select is_identity from information_schema.columns where table_name = 'leaders' and column_name = 'id'`,
      )
      expect(identity.rows[0]!.is_identity).toBe('YES')
    } finally {
      await client.end()
    }
  })

  it('runs a schema-builder migration written for SQLite with nothing extra', async () => {
    const url = await server().createDatabase()
    const location = parseRegistryLocation(url)
    if (location.engine !== 'postgres') throw new Error('expected a PostgreSQL URL')
    const {db} = await connectPostgres(location, 5000)
    try {
      const withNext = migrationsFor('postgres', {...MIGRATIONS, '0099_school_contacts': portable})
      const report = await migrate(db as Kysely<unknown>, location.display, withNext)
      expect(report.applied).toContain('0099_school_contacts')
      const raw = db as unknown as Kysely<{
        schools: {urn: number; name: string; created_at: string; updated_at: string; latitude_precise: number}
        school_contacts: {id?: number; urn: number; role: string; share: number; active: number}
      }>
      await raw
        .insertInto('schools')
        .values({urn: 100001, name: 'A', created_at: 'x', updated_at: 'x', latitude_precise: 54.97328312345})
        .execute()
      // Ids come from the identity column; doubles keep their digits; 0/1 stays 0/1.
      const inserted = await raw
        .insertInto('school_contacts')
        .values({urn: 100001, role: 'head', share: 0.123456789, active: 1})
        .returning(['id', 'share', 'active'])
        .executeTakeFirstOrThrow()
      expect(inserted).toEqual({id: 1, share: 0.123456789, active: 1})
      const school = await raw.selectFrom('schools').select('latitude_precise').executeTakeFirstOrThrow()
      expect(school.latitude_precise).toBe(54.97328312345)
    } finally {
      await db.destroy()
    }
  })

  it('sorts text byte by byte, as SQLite does, on a server with a linguistic default collation', async () => {
    const url = await server().createDatabase()
    const registry = await Registry.open(url, {create: true})
    await registry.close()
    const db = new Kysely<{meta: {key: string; value: string}}>({
      dialect: new PostgresDialect({pool: new pg.Pool({connectionString: url, max: 1})}),
    })
    try {
      await db
        .insertInto('meta')
        .values(['de Vere', 'Zion', 'apple', 'Abbey'].map((key) => ({key: `sort:${key}`, value: key})))
        .execute()
      const sorted = await db.selectFrom('meta').select('value').where('key', 'like', 'sort:%').orderBy('key').execute()
      expect(sorted.map((row) => row.value)).toEqual(['Abbey', 'Zion', 'apple', 'de Vere'])
    } finally {
      await db.destroy()
    }
  })
})
