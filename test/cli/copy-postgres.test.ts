import {statSync} from 'node:fs'

import Database from 'better-sqlite3'
import pg from 'pg'
import {afterAll, beforeAll, expect, it} from 'vitest'

import type {MatchResult} from '../../src/commands/match.js'
import {SCHEMA_VERSION} from '../../src/db/migrations/index.js'
import type {CopyResult} from '../../src/services/registry-copy.js'
import type {BackupResult, RestoreResult} from '../../src/services/registry-maintenance.js'
import {type CliResult, jsonFailure, runCli, runCliAsync, tempDir, type TempDir} from '../helpers/cli.js'
import {describeWithPostgres} from '../helpers/postgres.js'

/**
 * Moving a registry between engines on a real server: the sample hub (the demo, with its plan
 * applied) copied from SQLite to PostgreSQL and on into a new SQLite file, each copy verified by
 * checksums and giving the same answers as the original; a backup of the PostgreSQL registry into
 * a file and a restore back. The URL's password never appears in anything broker prints.
 */
const PASSWORD = 'c0py-pa55-never-shown'
const STEP_TIMEOUT_MS = 600_000
const TODAY = '2026-12-01'

describeWithPostgres('db copy, backup and restore between SQLite and PostgreSQL', (server) => {
  let dir: TempDir
  let original: string
  let url: string
  const printed: string[] = []

  /** Runs broker, keeping everything it printed to check for the password at the end. */
  const run = (args: string[], db?: string): CliResult => {
    const result = runCli(args, {cwd: dir.path, env: {BROKER_TODAY: TODAY, BROKER_USER: 'director', BROKER_DB: db}})
    printed.push(result.stdout, result.stderr)
    return result
  }
  const json = <T>(args: string[], db?: string): T => {
    const result = run([...args, '--json'], db)
    if (result.status !== 0) throw new Error(`broker ${args.join(' ')} exited ${result.status}\n${result.stderr}`)
    return JSON.parse(result.stdout) as T
  }
  const withPassword = (plain: string) => plain.replace('postgresql://postgres@', `postgresql://postgres:${PASSWORD}@`)
  /** What the commands users run give back, to compare registries. */
  const answers = (db: string) => ({
    schools: json<unknown>(['schools', 'list', '--limit', '500'], db),
    // Each match is recorded as a run (with the next run id): the plan is what must agree.
    match: json<MatchResult>(['match'], db).proposals,
    deployments: json<unknown>(['deployments', 'list'], db),
  })
  /** Rows and checksum per table, leaving out the tables that comparing answers writes to (match runs). */
  const checksums = (result: CopyResult, alsoLeaveOut: string[] = []) =>
    Object.fromEntries(
      result.tables
        .filter((table) => !['match_runs', ...alsoLeaveOut].includes(table.table))
        .map((table) => [table.table, [table.sourceRows, table.sourceChecksum]]),
    )

  beforeAll(async () => {
    dir = tempDir('broker-copy-')
    original = dir.file('demo/registry.db')
    json(['demo', '--dir', dir.file('demo')])
    json(['match', '--apply'], original)
    url = withPassword(await server().createDatabase())
  }, STEP_TIMEOUT_MS)
  afterAll(() => dir?.remove())

  let toPostgres: CopyResult
  let postgresAnswers: ReturnType<typeof answers>

  it(
    'copies SQLite to an empty PostgreSQL database, verified, and the copy answers as the original',
    () => {
      toPostgres = json<CopyResult>(['db', 'copy', '--to', url], original)
      expect(toPostgres).toMatchObject({fromEngine: 'sqlite', toEngine: 'postgres', created: true, replacedRows: 0})
      expect(toPostgres.schemaVersion).toBe(SCHEMA_VERSION)
      expect(toPostgres.to).toContain('postgres:*****@')
      expect(toPostgres.tables.every((table) => table.matches)).toBe(true)
      expect(toPostgres.tables.map((table) => table.table)).toEqual(
        expect.arrayContaining(['schools', 'leaders', 'deployments', 'audit_log', 'specialisms']),
      )
      const deployments = toPostgres.tables.find((table) => table.table === 'deployments')!
      expect(deployments.sourceRows).toBeGreaterThan(10)
      expect(deployments.targetChecksum).toBe(deployments.sourceChecksum)
      postgresAnswers = answers(url)
      expect(postgresAnswers).toEqual(answers(original))
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'carries the identity counters: a new row on PostgreSQL continues after the copied ids',
    () => {
      const before = json<{needs: {id: number}[]}>(['needs', 'list'], url).needs
      const added = json<{need: {id: number}}>(
        [
          ...['needs', 'add', '--urn', '910094', '--type', 'specialist', '--specialism', 'phonics'],
          ...['--days', '2', '--from', '2027-01-04', '--to', '2027-03-01'],
        ],
        url,
      )
      expect(added.need.id).toBe(Math.max(...before.map((need) => need.id)) + 1)
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'copies PostgreSQL on into a new SQLite file with the same checksums and answers',
    () => {
      const back = dir.file('back/registry.db')
      const toSqlite = json<CopyResult>(['db', 'copy', '--to', back], url)
      expect(toSqlite).toMatchObject({fromEngine: 'postgres', toEngine: 'sqlite', created: true})
      expect(toSqlite.from).toContain('postgres:*****@')
      expect(toSqlite.tables.every((table) => table.matches)).toBe(true)
      // The PostgreSQL registry has since gained the need added above and the copy's audit entry.
      const since = ['needs', 'need_specialisms', 'audit_log']
      expect(checksums(toSqlite, since)).toEqual(checksums(toPostgres, since))
      expect(answers(back)).toEqual(answers(url))
      expect(statSync(back).mode & 0o777).toBe(0o600)
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'refuses a target that holds a registry unless --force, which replaces it',
    () => {
      const refused = run(['db', 'copy', '--to', url, '--json'], original)
      expect(refused.status).toBe(1)
      expect(jsonFailure(refused).code).toBe('copy.target-not-empty')
      expect(refused.stderr).toContain('postgres:*****@')
      const forced = json<CopyResult>(['db', 'copy', '--to', url, '--force'], original)
      expect(forced.replacedRows).toBeGreaterThan(0)
      expect(forced.tables.every((table) => table.matches)).toBe(true)
      expect(checksums(forced)).toEqual(checksums(toPostgres))
      expect(answers(url)).toEqual(postgresAnswers)
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'refuses a target of another schema version, newer or older, leaving it untouched',
    async () => {
      const newer = withPassword(await server().createDatabase())
      json(['init'], newer)
      const client = new pg.Client({connectionString: newer})
      await client.connect()
      try {
        await client.query(`insert into kysely_migration (name, timestamp) values ('0099_future', 'x')`)
        const refused = run(['db', 'copy', '--to', newer, '--json'], original)
        expect(refused.status).toBe(1)
        expect(jsonFailure(refused)).toMatchObject({
          code: 'registry.schema-differs',
          data: {version: 99, expected: SCHEMA_VERSION},
        })
        const {rows} = await client.query<{n: string}>('select count(*) as n from schools')
        expect(Number(rows[0]!.n)).toBe(0)
      } finally {
        await client.end()
      }
      const older = dir.file('older.db')
      json(['init'], older)
      const file = new Database(older)
      file.prepare(`delete from kysely_migration where name = '0009_calendar_events'`).run()
      file.close()
      const refusedOlder = run(['db', 'copy', '--to', older, '--json'], original)
      expect(refusedOlder.status).toBe(1)
      expect(jsonFailure(refusedOlder).code).toBe('registry.schema-differs')
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'backs a PostgreSQL registry up into a private SQLite file, and restores it into a database',
    async () => {
      const backup = json<BackupResult>(['db', 'backup', '--out', dir.file('pg-backup.db')], url)
      expect(backup.tables?.every((table) => table.matches)).toBe(true)
      expect(statSync(backup.path).mode & 0o777).toBe(0o600)
      expect(answers(backup.path)).toEqual(postgresAnswers)

      json(
        [
          ...['needs', 'add', '--urn', '910094', '--type', 'specialist', '--specialism', 'phonics'],
          ...['--days', '1', '--from', '2027-01-04', '--to', '2027-03-01'],
        ],
        url,
      )
      const restored = json<RestoreResult>(['db', 'restore', backup.path], url)
      expect(restored).toMatchObject({method: 'copy', schemaVersion: SCHEMA_VERSION})
      expect(restored.registry).toContain('postgres:*****@')
      expect(restored.previousKeptAt).toMatch(/registry-before-restore-.*\.db$/)
      expect(statSync(restored.previousKeptAt!).mode & 0o777).toBe(0o600)
      expect(answers(url)).toEqual(postgresAnswers)

      const fresh = withPassword(await server().createDatabase())
      const intoEmpty = json<RestoreResult>(['db', 'restore', backup.path], fresh)
      expect(intoEmpty.previousKeptAt).toBeNull()
      expect(answers(fresh)).toEqual(postgresAnswers)
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'leaves the target as it was when its server connection is killed in the middle of the copy',
    async () => {
      const target = withPassword(await server().createDatabase())
      json(['init'], target)
      const client = new pg.Client({connectionString: target})
      await client.connect()
      try {
        const copying = runCliAsync(['db', 'copy', '--to', target], {
          cwd: dir.path,
          env: {BROKER_TODAY: TODAY, BROKER_DB: original},
        })
        let killed = false
        let finished = false
        void copying.then(() => (finished = true))
        // Kill the copy's backend once it is writing rows (inside its transaction).
        while (!killed && !finished) {
          const {rows} = await client.query<{pid: number}>(
            `select pid from pg_stat_activity where application_name = 'broker' and pid <> pg_backend_pid()
              and backend_xid is not null`,
          )
          if (rows.length > 0) {
            await client.query('select pg_terminate_backend($1)', [rows[0]!.pid])
            killed = true
          }
        }
        const result = await copying
        printed.push(result.stdout, result.stderr)
        expect(killed, 'the copy finished before its backend could be killed').toBe(true)
        expect(result.status).toBe(4)
        expect(result.stderr).toContain('was lost mid-command')
        expect(result.stderr).not.toMatch(/\n\s+at /)
        const {rows} = await client.query<{n: string}>(
          'select (select count(*) from schools) + (select count(*) from leaders) + (select count(*) from audit_log) as n',
        )
        expect(Number(rows[0]!.n)).toBe(0)
      } finally {
        await client.end()
      }
    },
    STEP_TIMEOUT_MS,
  )

  it('never printed the password', () => {
    expect(printed.join('\n')).not.toContain(PASSWORD)
    expect(printed.join('\n')).toContain('*****')
  })
})
