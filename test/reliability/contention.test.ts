import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process'
import {createInterface} from 'node:readline'

import Database from 'better-sqlite3'
import {Kysely} from 'kysely'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {RegistryDialect} from '../../src/db/driver.js'
import {MIGRATIONS} from '../../src/db/migrations/index.js'
import {migrate} from '../../src/db/registry.js'
import {jsonFailure, REPO_ROOT, runCli, runCliAsync} from '../helpers/cli.js'
import {dump, expectNoStackTrace, expectNothingLost, health, type SeededTemplate, seededTemplate} from './harness.js'

let seeded: SeededTemplate
let backup: string

beforeAll(async () => {
  seeded = await seededTemplate('broker-contention-')
  const {dir, template} = seeded
  backup = dir.file('backup.db')
  expect(runCli(['db', 'backup', '--out', backup, '--db', template]).status).toBe(0)
}, 60_000)
afterAll(() => seeded.dir.remove())

interface LockHolder {
  release(action: 'commit' | 'rollback'): Promise<void>
}

/** Another process holding the registry's write lock, as a long import would. */
async function holdWriteLock(path: string): Promise<LockHolder> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [`${REPO_ROOT}test/reliability/fixtures/hold-write-lock.mjs`, path],
    {cwd: REPO_ROOT},
  )
  const lines = createInterface({input: child.stdout})[Symbol.asyncIterator]()
  const first = await lines.next()
  if (first.value !== 'locked') throw new Error(`the lock holder did not start: ${String(first.value)}`)
  return {
    async release(action) {
      child.stdin.write(`${action}\n`)
      await new Promise((resolve) => child.on('close', resolve))
    },
  }
}

const fresh = (name: string) => seeded.fresh(name)

describe('a second process holding the write lock', {timeout: 90_000}, () => {
  it('makes a write wait, then succeed once the lock is released, losing neither change', async () => {
    const path = fresh('wait.db')
    const holder = await holdWriteLock(path)
    let released = false
    const writer = runCliAsync(['leaders', 'add', '--name', 'Patient Writer', '--designation', 'LLE', '--db', path], {
      env: {BROKER_BUSY_TIMEOUT_MS: '60000'},
    }).then((result) => ({
      ...result,
      finishedAfterRelease: released,
    }))
    await new Promise((resolve) => setTimeout(resolve, 1500))
    released = true
    await holder.release('commit')
    const result = await writer
    expect(result.status, result.stderr).toBe(0)
    expect(result.finishedAfterRelease).toBe(true)
    expect(health(path)).toEqual({integrity: 'ok', foreignKeyProblems: 0})
    const after = dump(path)
    expect(after.meta!.some((row) => row.includes('held-by-another-process'))).toBe(true)
    expect(after.leader_personal!.some((row) => row.includes('Patient Writer'))).toBe(true)
  })

  it("makes a restore wait for the writer; the writer's work is in the copy kept aside, the backup in the registry", async () => {
    const path = fresh('restore-wait.db')
    const holder = await holdWriteLock(path)
    const restoring = runCliAsync(['db', 'restore', backup, '--db', path, '--json'], {
      env: {BROKER_BUSY_TIMEOUT_MS: '60000'},
    })
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await holder.release('commit')
    const result = await restoring
    expect(result.status, result.stderr).toBe(0)
    const {previousKeptAt, method} = JSON.parse(result.stdout) as {previousKeptAt: string; method: string}
    expect(method).toBe('in-place')
    const isRestoreEntry = (table: string, row: Record<string, unknown>) =>
      table === 'audit_log' && row.action === 'registry.restore'
    expectNothingLost(path, {backup: dump(backup)}, {leaveOut: isRestoreEntry})
    expect(dump(previousKeptAt).meta!.some((row) => row.includes('held-by-another-process'))).toBe(true)
  })

  const writes: [string, string[]][] = [
    ['leaders add', ['leaders', 'add', '--name', 'Blocked Writer', '--designation', 'SLE']],
    ['leaders update', ['leaders', 'update', 'NE-0300', '--days', '9']],
    ['leaders erase', ['leaders', 'erase', 'NE-0200', '--yes']],
    [
      'needs add',
      [
        'needs',
        'add',
        '--urn',
        '910004',
        '--type',
        'specialist',
        '--specialism',
        'maths',
        '--days',
        '4',
        '--from',
        '2027-01-04',
        '--to',
        '2027-03-31',
      ],
    ],
    ['init --hub', ['init', '--hub', 'Renamed Hub']],
    ['db restore', ['db', 'restore', 'BACKUP']],
  ]
  for (const [name, args] of writes) {
    it(`past BROKER_BUSY_TIMEOUT_MS, ${name} exits 4 "registry busy" with no stack trace and changes nothing`, async () => {
      const path = fresh(`busy-${name.replace(/\W+/g, '-')}.db`)
      const before = dump(path)
      const holder = await holdWriteLock(path)
      try {
        const command = args.map((arg) => (arg === 'BACKUP' ? backup : arg))
        const human = await runCliAsync([...command, '--db', path], {env: {BROKER_BUSY_TIMEOUT_MS: '300'}})
        expect(human.status, human.stderr).toBe(4)
        expect(human.stderr).toMatch(/Registry busy: another process is writing to .*\(waited 0\.3 s\)/)
        expect(human.stdout).toBe('')
        expectNoStackTrace(human.stderr)
        const json = await runCliAsync([...command, '--db', path, '--json'], {env: {BROKER_BUSY_TIMEOUT_MS: '300'}})
        expect(json.status).toBe(4)
        expect(jsonFailure(json)).toMatchObject({kind: 'busy', exitCode: 4})
      } finally {
        await holder.release('rollback')
      }
      expectNothingLost(path, {before})
    })
  }

  it('does not block reading commands, backups or exports', async () => {
    const path = fresh('readers.db')
    const holder = await holdWriteLock(path)
    try {
      const env = {BROKER_BUSY_TIMEOUT_MS: '300'}
      for (const args of [
        ['leaders', 'list'],
        ['leaders', 'show', 'NE-0300'],
        ['db', 'status'],
        ['db', 'check'],
        ['db', 'backup', '--out', seeded.dir.file('while-locked.db')],
        ['leaders', 'export-data', 'NE-0200', '--out', seeded.dir.file('while-locked.json')],
      ]) {
        const result = await runCliAsync([...args, '--db', path], {env})
        expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0)
      }
    } finally {
      await holder.release('rollback')
    }
  })
})

describe('migrations under contention', {timeout: 90_000}, () => {
  it('lets three processes upgrade an old registry at once: each migration applies once', async () => {
    const path = seeded.dir.file('old-schema.db')
    const database = new Database(path)
    const db = new Kysely<unknown>({dialect: new RegistryDialect(database)})
    const first = Object.keys(MIGRATIONS)[0]!
    await migrate(db, path, {[first]: MIGRATIONS[first]!})
    await db.destroy()
    const results = await Promise.all([1, 2, 3].map(() => runCliAsync(['leaders', 'list', '--db', path])))
    for (const result of results) expect(result.status, result.stderr).toBe(0)
    expect(results.filter((result) => /Upgraded the registry schema/.test(result.stderr))).toHaveLength(1)
    expect(health(path)).toEqual({integrity: 'ok', foreignKeyProblems: 0})
    const check = new Database(path, {readonly: true})
    const applied = (check.prepare('select name from kysely_migration order by name').all() as {name: string}[]).map(
      (row) => row.name,
    )
    check.close()
    expect(applied).toEqual(Object.keys(MIGRATIONS))
  })
})
