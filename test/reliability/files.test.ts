import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync} from 'node:fs'

import Database from 'better-sqlite3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {BIN, REPO_ROOT, runCli, tempDir, type TempDir} from '../helpers/cli.js'
import {cliEnv, copyRegistry, dump, expectNoStackTrace, expectNothingLost, type SeededTemplate, seededTemplate} from './harness.js'

let seeded: SeededTemplate
let dir: TempDir
let template: string

beforeAll(async () => {
  seeded = await seededTemplate('broker-files-')
  ;({dir, template} = seeded)
}, 60_000)
afterAll(() => dir.remove())

const mode = (path: string) => statSync(path).mode & 0o777
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

const fresh = (name: string) => seeded.fresh(name)

/** Runs with the process umask at 000, so only broker's own choices decide the modes. */
function withOpenUmask<T>(work: () => T): T {
  const previous = process.umask(0)
  try {
    return work()
  } finally {
    process.umask(previous)
  }
}

describe('permissions', () => {
  it('creates the registry private even under umask 000: new folders 0700, the file and its -wal and -shm 0600', () => {
    const path = dir.file('umask/nested/registry.db')
    withOpenUmask(() => expect(runCli(['init', '--db', path]).status).toBe(0))
    expect(mode(dir.file('umask'))).toBe(0o700)
    expect(mode(dir.file('umask/nested'))).toBe(0o700)
    expect(mode(path)).toBe(0o600)
    // SQLite gives the log files the registry's mode; see them while a connection holds them open.
    const database = withOpenUmask(() => new Database(path))
    try {
      database.prepare('select count(*) from leaders').get()
      expect(mode(`${path}-wal`)).toBe(0o600)
      expect(mode(`${path}-shm`)).toBe(0o600)
    } finally {
      database.close()
    }
  })

  it('leaves the mode of an existing folder alone', () => {
    const folder = dir.file('shared-folder')
    mkdirSync(folder)
    chmodSync(folder, 0o755)
    expect(runCli(['init', '--db', `${folder}/registry.db`]).status).toBe(0)
    expect(mode(folder)).toBe(0o755)
    expect(mode(`${folder}/registry.db`)).toBe(0o600)
  })

  it('makes a registry copied in readable by others private again, saying so; db check reports it until then', () => {
    const path = fresh('loose.db')
    chmodSync(path, 0o644)
    const check = runCli(['db', 'check', '--db', path, '--json'])
    expect(check.status).toBe(1)
    expect(JSON.parse(check.stderr).error.data.problems).toEqual([`${path} is 0644; expected 0600 (owner only)`])
    expect(mode(path)).toBe(0o644)
    const list = runCli(['leaders', 'list', '--db', path])
    expect(list.status).toBe(0)
    expect(list.stderr).toContain(`${path} was readable by others (0644); it is now private to you (0600).`)
    expect(mode(path)).toBe(0o600)
    expect(runCli(['db', 'check', '--db', path]).status).toBe(0)
  })

  it('writes backups, exports and scrubbed reject files private even under umask 000', () => {
    const path = fresh('private-outputs.db')
    withOpenUmask(() => {
      expect(runCli(['db', 'backup', '--db', path]).status).toBe(0)
      expect(runCli(['db', 'backup', '--out', dir.file('out/b.db'), '--db', path]).status).toBe(0)
      expect(runCli(['leaders', 'export-data', 'NE-0200', '--out', dir.file('out/sar.json'), '--db', path]).status).toBe(0)
    })
    const backups = dir.file('backups')
    expect(mode(backups)).toBe(0o700)
    const [made] = readdirSync(backups)
    expect(made).toMatch(/^registry-\d{8}T\d{6}Z\.db$/)
    expect(mode(`${backups}/${made}`)).toBe(0o600)
    expect(mode(dir.file('out'))).toBe(0o700)
    expect(mode(dir.file('out/b.db'))).toBe(0o600)
    expect(mode(dir.file('out/sar.json'))).toBe(0o600)
    // Nothing half-written is left beside them.
    expect(readdirSync(dir.file('out')).sort()).toEqual(['b.db', 'sar.json'])
  })

  it('explains a registry in a read-only folder, with no stack trace, and leaves it as it was', () => {
    // root ignores permissions: then the CLI runs as nobody, who owns the folder but cannot write to it.
    const asRoot = process.getuid?.() === 0
    const own = tempDir('broker-read-only-')
    try {
      const folder = `${own.path}/registry`
      mkdirSync(folder)
      const path = `${folder}/registry.db`
      copyRegistry(template, path)
      const before = sha(path)
      if (asRoot) for (const owned of [own.path, folder, path]) chownSync(owned, 65_534, 65_534)
      chmodSync(own.path, 0o755)
      chmodSync(folder, 0o500)
      const result = spawnSync(process.execPath, [BIN, 'leaders', 'list', '--db', path], {
        cwd: REPO_ROOT,
        env: cliEnv({HOME: own.path}),
        encoding: 'utf8',
        ...(asRoot ? {uid: 65_534, gid: 65_534} : {}),
      })
      chmodSync(folder, 0o700)
      expect(result.status, result.stderr).toBe(1)
      expect(result.stderr).toContain(`The folder holding ${path} is read-only`)
      expect(result.stderr).toMatch(/Try: Make the folder writable/)
      expectNoStackTrace(result.stderr)
      expect(sha(path)).toBe(before)
    } finally {
      own.remove()
    }
  })
})

describe('damaged, foreign and newer files', () => {
  function damagedCopy(name: string): string {
    const path = fresh(name)
    const database = new Database(path)
    const {rootpage} = database.prepare("select rootpage from sqlite_master where name = 'leader_personal'").get() as {rootpage: number}
    const pageSize = Number(database.pragma('page_size', {simple: true}))
    database.close()
    const bytes = readFileSync(path)
    for (let offset = 0; offset < pageSize; offset += 1) bytes[(rootpage - 1) * pageSize + offset] = (offset * 151 + 7) % 256
    writeFileSync(path, bytes)
    return path
  }

  it('a damaged registry: exit 3 with a clear message, the file byte-identical; db check names the damage', () => {
    const path = damagedCopy('damaged.db')
    const before = sha(path)
    const list = runCli(['leaders', 'list', '--db', path])
    expect(list.status).toBe(3)
    expect(list.stderr).toContain(`${path} is not a readable broker registry (SQLITE_CORRUPT`)
    expect(list.stderr).toContain('broker db restore')
    expectNoStackTrace(list.stderr)
    expect(sha(path)).toBe(before)
    const check = runCli(['db', 'check', '--db', path, '--json'])
    expect(check.status).toBe(3)
    expect(JSON.parse(check.stderr).error.data.integrity.join('\n')).toMatch(/SQLITE_CORRUPT|page/i)
    expect(sha(path)).toBe(before)
  })

  it('db restore replaces a damaged registry by the backup and keeps the damaged file aside, byte-identical', () => {
    const backup = dir.file('good-backup.db')
    expect(runCli(['db', 'backup', '--out', backup, '--db', template]).status).toBe(0)
    const path = damagedCopy('damaged-restore.db')
    const damaged = readFileSync(path)
    const result = runCli(['db', 'restore', backup, '--db', path, '--json'])
    expect(result.status, result.stderr).toBe(0)
    const outcome = JSON.parse(result.stdout) as {method: string; previousKeptAt: string}
    expect(outcome.method).toBe('file-swap')
    expect(readFileSync(outcome.previousKeptAt).equals(damaged)).toBe(true)
    expectNothingLost(path, {backup: dump(backup)}, {leaveOut: (table, row) => table === 'audit_log' && row.action === 'registry.restore'})
  })

  it('a damaged backup is refused before anything is replaced', () => {
    const path = fresh('keeps.db')
    const before = dump(path)
    const backup = damagedCopy('damaged-backup.db')
    const result = runCli(['db', 'restore', backup, '--db', path])
    expect(result.status).toBe(3)
    expect(result.stderr).toContain('is damaged')
    expect(result.stderr).toContain('nothing was restored')
    expectNothingLost(path, {before})
    expect(readdirSync(dir.path).filter((name) => name.startsWith('keeps.db.'))).toEqual([])
  })

  it('a truncated registry fails db check with exit 3', () => {
    const path = fresh('truncated.db')
    truncateSync(path, Math.floor(statSync(path).size / 2))
    const check = runCli(['db', 'check', '--db', path])
    expect(check.status).toBe(3)
    expectNoStackTrace(check.stderr)
  })

  it('a file that is not SQLite: exit 3, byte-identical, for opening, checking and restoring', () => {
    const path = dir.file('schools.csv')
    writeFileSync(path, 'URN,EstablishmentName\n100000,Not a registry\n')
    const before = sha(path)
    for (const args of [['leaders', 'list', '--db', path], ['db', 'check', '--db', path], ['db', 'restore', path, '--db', fresh('target.db')]]) {
      const result = runCli(args)
      expect(result.status, args.join(' ')).toBe(3)
      expect(result.stderr).toContain('not a broker registry (not an SQLite database)')
      expectNoStackTrace(result.stderr)
    }
    expect(sha(path)).toBe(before)
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it('an SQLite file that is not a broker registry is refused by restore', () => {
    const other = dir.file('other-app.db')
    const database = new Database(other)
    database.exec('create table notes (id integer primary key, text text)')
    database.close()
    const result = runCli(['db', 'restore', other, '--db', fresh('target-2.db')])
    expect(result.status).toBe(3)
    expect(result.stderr).toContain('an SQLite database but not a broker registry')
  })

  it('a registry from a newer broker: exit 1, byte-identical; db check says so; db restore refuses it as a backup', () => {
    const path = fresh('newer.db')
    const database = new Database(path)
    database.prepare("insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00Z')").run()
    database.pragma('wal_checkpoint(TRUNCATE)')
    database.close()
    const before = sha(path)
    const list = runCli(['leaders', 'list', '--db', path])
    expect(list.status).toBe(1)
    expect(list.stderr).toMatch(/written by a newer broker \(schema migrations 9999_from_the_future are unknown/)
    expectNoStackTrace(list.stderr)
    const check = runCli(['db', 'check', '--db', path, '--json'])
    expect(check.status).toBe(1)
    expect(JSON.parse(check.stderr).error.data.schema.unknown).toEqual(['9999_from_the_future'])
    const restore = runCli(['db', 'restore', path, '--db', fresh('target-3.db')])
    expect(restore.status).toBe(1)
    expect(restore.stderr).toContain('nothing was restored')
    expect(sha(path)).toBe(before)
  })
})
