import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'

import Database from 'better-sqlite3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {PersonalDataExport} from '../../src/services/personal-data.js'
import type {RegistryCheck} from '../../src/services/registry-maintenance.js'
import {BIN, jsonFailure, REPO_ROOT, runCli, tempDir, type TempDir} from '../helpers/cli.js'
import {
  cliEnv,
  copyRegistry,
  dump,
  expectNoStackTrace,
  expectNothingLost,
  type SeededTemplate,
  seededTemplate,
} from './harness.js'

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
    expect(jsonFailure<RegistryCheck>(check).data!.problems).toEqual([`${path} is 0644; expected 0600 (owner only)`])
    expect(mode(path)).toBe(0o644)
    const list = runCli(['leaders', 'list', '--db', path])
    expect(list.status).toBe(0)
    expect(list.stderr).toContain(`${path} was readable by others (0644); it is now private to you (0600).`)
    expect(mode(path)).toBe(0o600)
    expect(runCli(['db', 'check', '--db', path]).status).toBe(0)
  })

  it('writes backups, exports and scrubbed reject files private even under umask 000', () => {
    const path = fresh('private-outputs.db')
    mkdirSync(dir.file('out'), {mode: 0o700})
    withOpenUmask(() => {
      expect(runCli(['db', 'backup', '--db', path]).status).toBe(0)
      expect(runCli(['db', 'backup', '--out', dir.file('out/b.db'), '--db', path]).status).toBe(0)
      expect(
        runCli(['leaders', 'export-data', 'NE-0200', '--out', dir.file('out/sar.json'), '--db', path]).status,
      ).toBe(0)
    })
    const backups = dir.file('backups')
    expect(mode(backups)).toBe(0o700)
    const [made] = readdirSync(backups)
    expect(made).toMatch(/^registry-\d{8}T\d{6}Z\.db$/)
    expect(mode(`${backups}/${made}`)).toBe(0o600)
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

/** The page (offset and length in the file) that holds the root of `table`. */
function rootPageOf(path: string, table: string): {start: number; size: number} {
  const database = new Database(path, {readonly: true})
  try {
    const {rootpage} = database.prepare('select rootpage from sqlite_master where name = ?').get(table) as {
      rootpage: number
    }
    const size = Number(database.pragma('page_size', {simple: true}))
    return {start: (rootpage - 1) * size, size}
  } finally {
    database.close()
  }
}

/** Overwrites the root page of `table` with garbage, as a failing disk might. */
function damagePage(path: string, table: string): void {
  const {start, size} = rootPageOf(path, table)
  const bytes = readFileSync(path)
  for (let offset = 0; offset < size; offset += 1) bytes[start + offset] = (offset * 151 + 7) % 256
  writeFileSync(path, bytes)
}

/** Bytes 18 and 19 of an SQLite header: 1 for a rollback journal, 2 for WAL. */
const journalBytes = (path: string) => [...readFileSync(path).subarray(18, 20)]

describe('output paths broker cannot use', () => {
  const proc = existsSync('/proc/self')

  it('a folder, a path through a file or a place that holds no files: exit 3 with a clear message, nothing left behind', () => {
    const path = fresh('outputs.db')
    const folder = dir.file('an-output-folder')
    mkdirSync(folder)
    const aFile = dir.file('plain-file')
    writeFileSync(aFile, 'keep')
    const cases: {args: string[]; says: string}[] = [
      {args: ['db', 'backup', '--out', folder, '--force'], says: 'is a folder; nothing was written'},
      {
        args: ['leaders', 'export-data', 'NE-0200', '--out', folder, '--force'],
        says: 'is a folder; nothing was written',
      },
      {args: ['db', 'backup', '--out', `${aFile}/backup.db`], says: 'part of that path is a file, not a folder'},
      {
        args: ['leaders', 'export-data', 'NE-0200', '--out', `${aFile}/sub/sar.json`],
        says: 'part of that path is a file, not a folder',
      },
      {args: ['init', '--db', `${aFile}/deeper/registry.db`], says: 'part of that path is a file, not a folder'},
      ...(proc
        ? [
            {args: ['init', '--db', '/proc/broker-test.db'], says: 'no file can be made there'},
            {args: ['db', 'backup', '--out', '/proc/broker-test.db'], says: 'no file can be made there'},
            {
              args: ['db', 'backup', '--out', '/proc/broker-nowhere/deeper/backup.db'],
              says: 'there is no folder /proc/broker-nowhere/deeper',
            },
            {
              args: ['leaders', 'export-data', 'NE-0200', '--out', '/proc/broker-nowhere/sar.json'],
              says: 'there is no folder /proc/broker-nowhere',
            },
          ]
        : []),
    ]
    const before = readdirSync(dir.path).sort()
    for (const {args, says} of cases) {
      // A hang (Node's recursive mkdir spins on /proc) ends here as a failure rather than a stuck suite.
      const result = runCli(args[0] === 'init' ? args : [...args, '--db', path], {timeoutMs: 30_000})
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(3)
      expect(result.stderr).toContain(says)
      expectNoStackTrace(result.stderr)
    }
    expect(readdirSync(folder)).toEqual([])
    expect(readFileSync(aFile, 'utf8')).toBe('keep')
    expect(readdirSync(dir.path).sort()).toEqual(before)
  })

  it('db restore into a folder under /proc: exit 3, never a hang', {skip: !proc}, () => {
    const backup = dir.file('restorable.db')
    expect(runCli(['db', 'backup', '--out', backup, '--db', template]).status).toBe(0)
    const result = runCli(['db', 'restore', backup, '--db', '/proc/broker-nowhere/registry.db'], {timeoutMs: 30_000})
    expect(result.status, result.stderr).toBe(3)
    expect(result.stderr).toContain('no file can be made there')
    expectNoStackTrace(result.stderr)
  })

  it('leaders export-data replaces an existing --out file only with --force, like db backup', () => {
    const path = fresh('export-force.db')
    const out = dir.file('existing-sar.json')
    writeFileSync(out, 'previous export')
    const refused = runCli(['leaders', 'export-data', 'NE-0200', '--out', out, '--db', path])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain(`${out} already exists; it was left as it is.`)
    expect(refused.stderr).toContain('--force')
    expect(readFileSync(out, 'utf8')).toBe('previous export')
    const replaced = runCli(['leaders', 'export-data', 'NE-0200', '--out', out, '--force', '--db', path])
    expect(replaced.status, replaced.stderr).toBe(0)
    expect((JSON.parse(readFileSync(out, 'utf8')) as PersonalDataExport).leader.ref).toBe('NE-0200')
    expect(mode(out)).toBe(0o600)
  })
})

describe('damaged, foreign and newer files', () => {
  function damagedCopy(name: string): string {
    const path = fresh(name)
    damagePage(path, 'leader_personal')
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
    expect(jsonFailure<RegistryCheck>(check).data!.integrity.join('\n')).toMatch(/SQLITE_CORRUPT|page/i)
    expect(sha(path)).toBe(before)
  })

  it('a damaged backup (rollback journal, not WAL) opened as the registry: exit 3, byte-identical, still not WAL', () => {
    const path = dir.file('damaged-journal-mode.db')
    expect(runCli(['db', 'backup', '--out', path, '--db', template]).status).toBe(0)
    expect(journalBytes(path)).toEqual([1, 1])
    damagePage(path, 'leader_personal')
    const before = readFileSync(path)
    for (const args of [
      ['leaders', 'list'],
      ['db', 'status'],
    ]) {
      const result = runCli([...args, '--db', path])
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(3)
      expect(result.stderr).toContain(`${path} is not a readable broker registry (SQLITE_CORRUPT`)
      expect(result.stderr).toContain('broker db restore')
      expectNoStackTrace(result.stderr)
      expect(readFileSync(path).equals(before), args.join(' ')).toBe(true)
    }
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it('a healthy backup opened as the registry is switched to WAL and works', () => {
    const path = dir.file('healthy-journal-mode.db')
    expect(runCli(['db', 'backup', '--out', path, '--db', template]).status).toBe(0)
    expect(runCli(['leaders', 'list', '--db', path]).status).toBe(0)
    expect(journalBytes(path)).toEqual([2, 2])
  })

  describe('damage in the search index', () => {
    /** Overwrites the format version kept on the FTS5 index's config page: SQLite then fails with SQLITE_ERROR, not SQLITE_CORRUPT. */
    function damagedIndexCopy(name: string): string {
      const path = fresh(name)
      for (const index of ['school_search_config', 'leader_search_config']) {
        const {start, size} = rootPageOf(path, index)
        const bytes = readFileSync(path)
        const version = bytes.subarray(start, start + size).indexOf('version', 0, 'latin1')
        expect(version).toBeGreaterThan(0)
        bytes[start + version + 'version'.length] = 9
        writeFileSync(path, bytes)
      }
      return path
    }

    it('is damage: search and opening exit 3 with the restore advice; db check reports it; restore refuses it', () => {
      const path = damagedIndexCopy('damaged-index.db')
      const before = sha(path)
      const search = runCli(['search', 'primary', '--db', path])
      expect(search.status, search.stderr).toBe(3)
      expect(search.stderr).toMatch(
        /is not a readable broker registry \(SQLITE_ERROR: (invalid fts5 file format|no such fts5 table)/,
      )
      expect(search.stderr).toContain('broker db restore')
      expectNoStackTrace(search.stderr)
      expect(sha(path)).toBe(before)

      const check = runCli(['db', 'check', '--db', path, '--json'])
      expect(check.status, check.stderr).toBe(3)
      const report = jsonFailure<RegistryCheck>(check).data!
      expect(report.integrity.join('\n')).toMatch(/fts5/)
      expect(report.problems[0]).toMatch(/^SQLite integrity check: /)

      const restore = runCli(['db', 'restore', path, '--db', fresh('restore-target.db')])
      expect(restore.status, restore.stderr).toBe(3)
      expect(restore.stderr).toContain(`${path} is damaged`)
      expect(restore.stderr).toContain('nothing was restored')
      expect(sha(path)).toBe(before)
    })

    it('in a backup opened as the registry: exit 3, byte-identical', () => {
      const path = damagedIndexCopy('damaged-index-source.db')
      const backup = dir.file('damaged-index-backup.db')
      // The backup checks its copy, so this one is made by SQLite itself, in rollback-journal mode.
      const database = new Database(path, {readonly: true})
      database.exec(`vacuum into '${backup}'`)
      database.close()
      expect(journalBytes(backup)).toEqual([1, 1])
      const before = sha(backup)
      const status = runCli(['db', 'status', '--db', backup])
      expect(status.status, status.stderr).toBe(3)
      expect(status.stderr).toContain('is not a readable broker registry')
      expect(sha(backup)).toBe(before)
    })
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
    expectNothingLost(
      path,
      {backup: dump(backup)},
      {leaveOut: (table, row) => table === 'audit_log' && row.action === 'registry.restore'},
    )
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
    for (const args of [
      ['leaders', 'list', '--db', path],
      ['db', 'check', '--db', path],
      ['db', 'restore', path, '--db', fresh('target.db')],
    ]) {
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

  it('a backup (rollback journal) from a newer broker opened as the registry: exit 1, byte-identical', () => {
    const path = dir.file('newer-journal-mode.db')
    expect(runCli(['db', 'backup', '--out', path, '--db', template]).status).toBe(0)
    const database = new Database(path)
    database
      .prepare("insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00Z')")
      .run()
    database.close()
    const before = sha(path)
    const list = runCli(['leaders', 'list', '--db', path])
    expect(list.status, list.stderr).toBe(1)
    expect(list.stderr).toContain('written by a newer broker')
    expect(sha(path)).toBe(before)
  })

  it('a registry from a newer broker: exit 1, byte-identical; db check says so; db restore refuses it as a backup', () => {
    const path = fresh('newer.db')
    const database = new Database(path)
    database
      .prepare("insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00Z')")
      .run()
    database.pragma('wal_checkpoint(TRUNCATE)')
    database.close()
    const before = sha(path)
    const list = runCli(['leaders', 'list', '--db', path])
    expect(list.status).toBe(1)
    expect(list.stderr).toMatch(/written by a newer broker \(schema migrations 9999_from_the_future are unknown/)
    expectNoStackTrace(list.stderr)
    const check = runCli(['db', 'check', '--db', path, '--json'])
    expect(check.status).toBe(1)
    expect(jsonFailure<RegistryCheck>(check).data!.schema.unknown).toEqual(['9999_from_the_future'])
    const restore = runCli(['db', 'restore', path, '--db', fresh('target-3.db')])
    expect(restore.status).toBe(1)
    expect(restore.stderr).toContain('nothing was restored')
    expect(sha(path)).toBe(before)
  })
})
