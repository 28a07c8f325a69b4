import {join} from 'node:path'

import pg from 'pg'
import {afterAll, beforeAll, expect, it} from 'vitest'

import type {MatchResult} from '../../src/commands/match.js'
import {SCHEMA_VERSION} from '../../src/db/migrations/index.js'
import type {CompleteResult, LogResult} from '../../src/services/deployment-work.js'
import type {DeploymentChange} from '../../src/services/deployments.js'
import type {DueReport} from '../../src/services/due.js'
import type {ImportReport} from '../../src/services/import.js'
import type {AddNeedResult} from '../../src/services/needs.js'
import type {ErasureReport} from '../../src/services/personal-data.js'
import type {InitResult, RegistryStatus} from '../../src/services/registry-admin.js'
import type {SearchResult} from '../../src/services/search.js'
import {jsonFailure, runCli, runCliAsync, runJson, SAMPLE, tempDir, type TempDir} from '../helpers/cli.js'
import {GIAS_HEADER, giasRow, writeCsv} from '../helpers/imports.js'
import {describeWithPostgres} from '../helpers/postgres.js'

/**
 * The same commands on both engines: a real PostgreSQL server (started by the test) and an SQLite
 * file, fed the sample hub through the CLI. What the commands return must be the same on both;
 * the password in the URL must appear nowhere broker writes.
 */
const PASSWORD = 'pa55-w0rd-never-shown'
/** Each step spawns the CLI several times on both engines. */
const STEP_TIMEOUT_MS = 600_000

describeWithPostgres('broker on PostgreSQL, command for command as on SQLite', (server) => {
  let dir: TempDir
  let url: string
  let file: string

  const on = (db: string, today = '2026-12-01') => ({
    cwd: dir.path,
    env: {BROKER_DB: db, BROKER_TODAY: today, BROKER_USER: 'hub-director'},
  })
  /** Runs one command on both registries; returns [postgres, sqlite] results. */
  const both = <T>(args: string[], today?: string): [T, T] => [
    runJson<T>(args, on(url, today)),
    runJson<T>(args, on(file, today)),
  ]

  beforeAll(async () => {
    dir = tempDir()
    file = dir.file('registry.db')
    // Trust authentication ignores the password; it is there to prove it is never written anywhere.
    url = (await server().createDatabase()).replace('postgresql://postgres@', `postgresql://postgres:${PASSWORD}@`)
  })
  afterAll(() => dir?.remove())

  it(
    'refuses a database without a registry until `broker init` creates the schema in it',
    () => {
      const missing = runCli(['db', 'status', '--json'], on(url))
      expect(missing.status).toBe(1)
      expect(jsonFailure(missing).code).toBe('registry.missing')
      const [created] = both<InitResult>(['init', '--hub', 'Sample Hub'])
      expect(created).toMatchObject({created: true, engine: 'postgres', schemaVersion: SCHEMA_VERSION})
      expect(created.serverVersion).toMatch(/^(1[5-9]|[2-9]\d)\./)
      expect(runJson<InitResult>(['init'], on(url))).toMatchObject({created: false, migrationsApplied: []})
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'imports the sample hub with the same counts',
    () => {
      for (const [kind, csv] of [
        ['schools', 'schools.csv'],
        ['inspections', 'inspections.csv'],
        ['leaders', 'leaders.csv'],
        ['needs', 'needs.csv'],
      ] as const) {
        const [onPostgres, onSqlite] = both<ImportReport<unknown>>([kind, 'import', join(SAMPLE, csv)])
        expect(onPostgres.counts, kind).toEqual(onSqlite.counts)
        expect(onPostgres.counts.insert, kind).toBeGreaterThan(0)
      }
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'searches with the same answers',
    () => {
      for (const query of ['st marys primry', 'bramble hill', 'SH-0087', 'phonics']) {
        const [onPostgres, onSqlite] = both<SearchResult>(['search', query])
        expect(onPostgres.hits.length, query).toBeGreaterThan(0)
        expect(onPostgres.hits.map((hit) => hit.key)).toEqual(onSqlite.hits.map((hit) => hit.key))
      }
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'adds a need, matches and applies the same plan',
    () => {
      const args = ['needs', 'add', '--urn', '910094', '--type', 'specialist', '--specialism', 'phonics', '--days', '3']
      const [added] = both<AddNeedResult>([...args, '--from', '2027-01-04', '--to', '2027-07-16'])
      expect(added.need.id).toEqual(expect.any(Number))
      const [onPostgres, onSqlite] = both<MatchResult>(['match', '--apply'], '2027-01-04')
      const plan = (result: MatchResult) => result.proposals.map((p) => `${p.needId}->${p.leader.ref}`)
      expect(plan(onPostgres).length).toBeGreaterThan(10)
      expect(plan(onPostgres)).toEqual(plan(onSqlite))
      expect(onPostgres.applied!.proposed).toEqual(onSqlite.applied!.proposed)
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'takes a deployment from agreement to completion, and reports it',
    () => {
      const agree = [
        ...['deployments', 'agree', '1', '--objective', 'Phonics screening pass rate rises'],
        ...['--criteria', 'Screening check', '--rate', '0', '--funding', 'dfe-grant'],
        ...['--supported-head-signoff', 'Head, 2027-01-08', '--home-head-signoff', 'Head, 2027-01-08'],
      ]
      const [agreed] = both<DeploymentChange>(agree, '2027-01-08')
      expect(agreed.deployment.status).toBe('agreed')
      const [started] = both<DeploymentChange>(['deployments', 'start', '1'], '2027-01-11')
      expect(started.deployment.status).toBe('active')
      const [logged, loggedSqlite] = both<LogResult>(
        ['deployments', 'log', '1', '--on', '2027-01-12', '--days', '1'],
        '2027-01-12',
      )
      expect(logged.entry).toMatchObject({entry: 'delivered', halfDays: 2, onDate: '2027-01-12'})
      expect(logged.entry).toEqual({...loggedSqlite.entry, createdAt: logged.entry.createdAt})
      const complete = [
        ...['deployments', 'complete', '1', '--outcome', '1=met', '--evidence', '1=Screening up'],
        ...['--evaluation', 'Useful', '--reflection', 'Start sooner'],
      ]
      const [completed] = both<CompleteResult>(complete, '2027-04-30')
      expect(completed.deployment.status).toBe('completed')
      for (const report of [
        ['reports', 'hub'],
        ['reports', 'deployment', '1'],
        ['reports', 'coverage'],
      ]) {
        const [onPostgres, onSqlite] = both<unknown>([...report, '--format', 'json'], '2027-05-01')
        expect(onPostgres, report.join(' ')).toEqual(onSqlite)
      }
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'cancels, lists due work and erases a leader the same way',
    () => {
      const [cancelled] = both<DeploymentChange>(['deployments', 'cancel', '2', '--reason', 'need-met'], '2027-01-09')
      expect(cancelled.deployment.status).toBe('cancelled')
      const [due, dueSqlite] = both<DueReport>(['due'], '2027-05-02')
      expect(due.items.length).toBeGreaterThan(0)
      expect(due).toEqual(dueSqlite)
      const [erased, erasedSqlite] = both<ErasureReport>(['leaders', 'erase', 'SH-0115', '--yes'], '2027-05-02')
      const comparable = ({erasedAt: _at, filesPurged: _purged, notices: _notices, ...rest}: ErasureReport) => rest
      expect(comparable(erased)).toEqual(comparable(erasedSqlite))
      expect(erased.deleted).toMatchObject({leader_personal: 1})
      const [found] = both<SearchResult>(['search', 'Tom Khan', '--type', 'leader'], '2027-05-02')
      expect(found.hits.map((hit) => hit.key)).not.toContain('SH-0115')
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'says which engine, server and schema in db status, and never shows or stores the password',
    async () => {
      const result = runCli(['db', 'status', '--json'], on(url))
      const status = JSON.parse(result.stdout) as RegistryStatus
      expect(status).toMatchObject({
        engine: 'postgres',
        schemaVersion: SCHEMA_VERSION,
        latestKnownVersion: SCHEMA_VERSION,
      })
      expect(status.path).toContain('postgres:*****@')
      expect(status.counts.deployments).toBeGreaterThan(10)
      expect(result.stdout + result.stderr + runCli(['db', 'status'], on(url)).stdout).not.toContain(PASSWORD)
      const client = new pg.Client({connectionString: url})
      await client.connect()
      try {
        const {rows} = await client.query<{n: string}>(
          `select (select count(*) from audit_log where concat(actor, before_json, after_json) like $1)
          + (select count(*) from match_runs where concat(config_json, totals_json, results_json) like $1)
          + (select count(*) from import_runs where concat(file_name, counts_json, actor) like $1) as n`,
          [`%${PASSWORD}%`],
        )
        expect(Number(rows[0]!.n)).toBe(0)
        const audit = await client.query<{n: string}>('select count(*) as n from audit_log')
        expect(Number(audit.rows[0]!.n)).toBeGreaterThan(0)
      } finally {
        await client.end()
      }
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'refuses a registry written by a newer broker, leaving it untouched',
    async () => {
      const client = new pg.Client({connectionString: url})
      await client.connect()
      try {
        await client.query(`insert into kysely_migration (name, timestamp) values ('9999_future', '2030-01-01')`)
        const refused = runCli(['needs', 'list', '--json'], on(url))
        expect(refused.status).toBe(1)
        expect(jsonFailure(refused).message).toMatch(/newer broker.*9999_future/)
      } finally {
        await client.query(`delete from kysely_migration where name = '9999_future'`)
        await client.end()
      }
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'keeps the audit log append-only on PostgreSQL too',
    async () => {
      const client = new pg.Client({connectionString: url})
      await client.connect()
      try {
        await expect(client.query(`update audit_log set actor = 'someone else'`)).rejects.toThrow(/append-only/)
        await expect(client.query(`delete from audit_log`)).rejects.toThrow(/append-only/)
      } finally {
        await client.end()
      }
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'leaves the registry as it was when the server ends the session in the middle of an import, with exit 4',
    async () => {
      const db = await server().createDatabase()
      runJson<InitResult>(['init'], on(db))
      const rows = Array.from({length: 30_000}, (_, index) => giasRow(200_000 + index))
      const csv = writeCsv(dir, 'many-schools.csv', [GIAS_HEADER, ...rows])
      const importing = runCliAsync(['schools', 'import', csv, '--json'], on(db))
      const client = new pg.Client({connectionString: db})
      await client.connect()
      let terminated = 0
      try {
        // Wait until the import is writing inside its transaction, then end its session.
        for (let attempt = 0; attempt < 3_000 && terminated === 0; attempt += 1) {
          const found = await client.query<{ended: boolean}>(
            `select pg_terminate_backend(pid) as ended from pg_stat_activity
              where datname = current_database() and pid <> pg_backend_pid()
                and xact_start is not null and query ilike 'insert into "schools"%'`,
          )
          terminated = found.rows.filter((row) => row.ended).length
          if (terminated === 0) await new Promise((resolve) => setTimeout(resolve, 10))
        }
        const result = await importing
        expect(terminated, 'the import was caught writing').toBeGreaterThan(0)
        expect(result.status, result.stderr).toBe(4)
        expect(jsonFailure(result).message).toMatch(/connection to the PostgreSQL server .* was lost mid-command/)
        const schools = await client.query<{n: string}>('select count(*) as n from schools')
        expect(Number(schools.rows[0]!.n)).toBe(0)
        const runs = await client.query<{n: string}>('select count(*) as n from import_runs')
        expect(Number(runs.rows[0]!.n)).toBe(0)
      } finally {
        await client.end()
      }
    },
    STEP_TIMEOUT_MS,
  )
})
