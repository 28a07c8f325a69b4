import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'

import Database from 'better-sqlite3'
import {Kysely, sql} from 'kysely'
import {afterEach, describe, expect, it} from 'vitest'

import {BrokerError} from '../../src/core/errors.js'
import {RegistryDialect} from '../../src/db/driver.js'
import {MIGRATIONS, migrationNumber, SCHEMA_VERSION} from '../../src/db/migrations/index.js'
import {migrate, Registry} from '../../src/db/registry.js'
import {runCliAsync, tempDir, type TempDir} from '../helpers/cli.js'

let dir: TempDir
afterEach(() => dir?.remove())

async function tableNames(path: string): Promise<string[]> {
  const database = new Database(path, {readonly: true})
  try {
    return (
      database.prepare("select name from sqlite_master where type = 'table' order by name").all() as {name: string}[]
    ).map((row) => row.name)
  } finally {
    database.close()
  }
}

describe('registry migrations', () => {
  it('creates every table on a new file, private to its owner, with the taxonomy seeded', async () => {
    dir = tempDir()
    const path = dir.file('nested/registry.db')
    const registry = await Registry.open(path, {create: true})
    expect(registry.created).toBe(true)
    expect(registry.migration.schemaVersion).toBe(SCHEMA_VERSION)
    const areas = await registry.read((repos) => repos.specialisms.all())
    await registry.close()
    expect(areas.map((area) => area.code)).toEqual(
      expect.arrayContaining(['maths', 'phonics', 'governance', 'leadership', 'pupil-premium']),
    )
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(statSync(dir.file('nested')).mode & 0o777).toBe(0o700)
    const tables = await tableNames(path)
    for (const table of [
      'schools',
      'inspections',
      'school_results',
      'leaders',
      'leader_personal',
      'designations',
      'capacity_years',
      'needs',
      'deployments',
      'ledger_entries',
      'legacy_links',
      'match_runs',
      'import_runs',
      'audit_log',
    ]) {
      expect(tables).toContain(table)
    }
  })

  it('reopening an up-to-date registry applies nothing and keeps the data', async () => {
    dir = tempDir()
    const path = dir.file('registry.db')
    const first = await Registry.open(path, {create: true})
    await first.write((repos) => repos.meta.set('hub_name', 'Test hub'))
    await first.close()
    const second = await Registry.open(path)
    expect(second.created).toBe(false)
    expect(second.migration.applied).toEqual([])
    expect(await second.read((repos) => repos.meta.get('hub_name'))).toBe('Test hub')
    await second.close()
  })

  it('rolls a failing migration back completely', async () => {
    dir = tempDir()
    const path = dir.file('registry.db')
    await (await Registry.open(path, {create: true})).close()
    const database = new Database(path)
    const db = new Kysely<unknown>({dialect: new RegistryDialect(database)})
    const broken = {
      ...MIGRATIONS,
      '9000_half_done': {
        async up(trx: Kysely<unknown>) {
          await trx.schema.createTable('half_done').addColumn('id', 'integer').execute()
          await sql`insert into half_done (id) values (1)`.execute(trx)
          await sql`alter table schools add column half_done integer`.execute(trx)
          throw new Error('deliberate failure halfway')
        },
      },
    }
    await expect(migrate(db, path, broken)).rejects.toThrow(/deliberate failure halfway/)
    await db.destroy()
    expect(await tableNames(path)).not.toContain('half_done')
    const check = new Database(path, {readonly: true})
    const columns = (check.prepare('pragma table_info(schools)').all() as {name: string}[]).map((column) => column.name)
    const applied = (check.prepare('select name from kysely_migration').all() as {name: string}[]).map(
      (row) => row.name,
    )
    check.close()
    expect(columns).not.toContain('half_done')
    expect(applied).toEqual(Object.keys(MIGRATIONS))
  })

  it('refuses a registry written by a newer broker and leaves it byte-identical', async () => {
    dir = tempDir()
    const path = dir.file('registry.db')
    await (await Registry.open(path, {create: true})).close()
    const database = new Database(path)
    database
      .prepare("insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00Z')")
      .run()
    database.pragma('wal_checkpoint(TRUNCATE)')
    database.close()
    const before = readFileSync(path)
    const error = await Registry.open(path).catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(BrokerError)
    expect((error as BrokerError).message).toMatch(/newer broker/)
    expect((error as BrokerError).exitCode).toBe(1)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('refuses a file that is not a registry and leaves it byte-identical', async () => {
    dir = tempDir()
    const path = dir.file('notes.db')
    writeFileSync(path, 'URN,Name\n100000,Not a database\n')
    const before = readFileSync(path)
    const error = await Registry.open(path).catch((failure: unknown) => failure)
    expect((error as BrokerError).kind).toBe('invalid-input')
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('lets two processes write at once: both succeed and nothing is lost', async () => {
    dir = tempDir()
    const path = dir.file('registry.db')
    await (await Registry.open(path, {create: true})).close()
    const env = {BROKER_DB: path}
    const writer = async (name: string) => {
      for (let index = 0; index < 6; index += 1) {
        const result = await runCliAsync(
          [
            'leaders',
            'add',
            '--name',
            `${name} ${index}`,
            '--designation',
            'SLE',
            '--specialism',
            'maths',
            '--phase',
            'primary',
            '--days',
            '5',
          ],
          {env},
        )
        expect(result.status, result.stderr).toBe(0)
      }
    }
    await Promise.all([writer('Alpha'), writer('Beta')])
    const registry = await Registry.open(path)
    const {total} = await registry.read((repos) => repos.leaders.findIds({status: 'any'}))
    const integrity = registry.database.pragma('integrity_check', {simple: true})
    await registry.close()
    expect(total).toBe(12)
    expect(integrity).toBe('ok')
  })

  it('takes the schema version from the migration file names, which match the list one for one', () => {
    const files = readdirSync(new URL('../../src/db/migrations/', import.meta.url))
      .filter((file) => /^\d/.test(file))
      .map((file) => file.replace(/\.ts$/, ''))
    expect(Object.keys(MIGRATIONS)).toEqual(files.sort())
    const latest = Math.max(...files.map(migrationNumber))
    expect(SCHEMA_VERSION).toBe(latest)
    expect(migrationNumber('0006_personal_data')).toBe(6)
    expect(() => migrationNumber('personal_data')).toThrow(/four-digit number/)
  })
})
