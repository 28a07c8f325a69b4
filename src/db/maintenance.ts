import {copyFileSync, existsSync, mkdtempSync, renameSync, rmSync, statSync, unlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'

import Database from 'better-sqlite3'

import {errorCode, invalidInput, refused, usage} from '../core/errors.js'
import {
  createPrivateFile,
  ensurePrivateFolder,
  makePrivate,
  partialPathFor,
  replaceWith,
  syncFolder,
  writeFailure,
} from '../safe-files.js'
import {MIGRATIONS} from './migrations/index.js'
import {assertLooksLikeSqlite, Registry, registryFiles} from './registry.js'
import {damageLabel, isDamage, registryBusy, translateSqliteError} from './sqlite-errors.js'

/**
 * Whole-file operations on a registry: online backup, restore, and a read-only inspection. They
 * work on better-sqlite3 handles directly because they copy pages, not rows.
 */

/** better-sqlite3 copies this many pages per step; all of them makes one consistent snapshot. */
const ALL_PAGES = 0x7fffffff
const BUSY_POLL_MS = 25

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

/**
 * Copies every page of `source` into the database file `target` (SQLite's online backup), waiting
 * up to `busyTimeoutMs` for a lock on either side. better-sqlite3 opens the target without a busy
 * timeout and reports each busy step to the progress callback, which waits here instead; a step
 * refused before it could even count the pages resolves with `totalPages` 0 as if finished, so
 * that case is retried too rather than taken for success.
 */
async function copyPages(
  source: Database.Database,
  target: string,
  busyTimeoutMs: number,
  busyPath: string,
): Promise<number> {
  const deadline = Date.now() + busyTimeoutMs
  const waitOrGiveUp = () => {
    if (Date.now() > deadline) throw registryBusy(busyPath, busyTimeoutMs)
    pause(BUSY_POLL_MS)
  }
  for (;;) {
    let remaining = -1
    const {totalPages} = await source.backup(target, {
      progress: ({remainingPages}) => {
        if (remainingPages === remaining) waitOrGiveUp()
        remaining = remainingPages
        return ALL_PAGES
      },
    })
    if (totalPages > 0) return totalPages
    waitOrGiveUp()
  }
}

export interface BackupFile {
  path: string
  sizeBytes: number
  pages: number
}

/**
 * Copies the database behind `source` into `target` with SQLite's online backup: one read
 * snapshot, so writers in other processes carry on and the copy is never between two of their
 * transactions. The copy is a self-contained file (rollback journal, no -wal), private (0600),
 * integrity-checked, and appears at `target` only once complete.
 */
export async function backupDatabase(
  source: Database.Database,
  target: string,
  busyTimeoutMs: number,
): Promise<BackupFile> {
  const partial = partialPathFor(target)
  try {
    ensurePrivateFolder(dirname(target))
    createPrivateFile(partial)
  } catch (error) {
    throw writeFailure(target, error)
  }
  try {
    const totalPages = await copyPages(source, partial, busyTimeoutMs, source.name)
    return finishBackupFile(partial, target, totalPages)
  } catch (error) {
    for (const file of registryFiles(partial)) if (existsSync(file)) unlinkSync(file)
    throw writeFailure(target, error)
  }
}

/**
 * Makes the registry file written at `partial` a backup at `target`: self-contained (rollback
 * journal, no -wal), private, integrity-checked, and renamed into place only then.
 */
export function finishBackupFile(partial: string, target: string, pages?: number): BackupFile {
  const copy = new Database(partial)
  let pageCount: number
  try {
    copy.pragma('journal_mode = delete')
    const integrity = copy.pragma('integrity_check', {simple: true})
    if (integrity !== 'ok') throw new Error(`the copy failed its integrity check: ${String(integrity)}`)
    pageCount = Number(copy.pragma('page_count', {simple: true}))
  } finally {
    copy.close()
  }
  replaceWith(partial, target)
  return {path: target, sizeBytes: statSync(target).size, pages: pages ?? pageCount}
}

/**
 * Runs `work` on a checked, private copy of the backup `file` (opened as a registry, so an older
 * backup is upgraded in the copy, never in the file itself), then removes the copy.
 */
export async function withCheckedBackup<T>(
  file: string,
  busyTimeoutMs: number,
  work: (staged: Registry) => Promise<T>,
): Promise<T> {
  assertReadableFile(file)
  assertLooksLikeSqlite(file)
  const folder = mkdtempSync(join(tmpdir(), 'broker-restore-'))
  const staging = join(folder, 'registry.db')
  try {
    copyPrivately(file, staging)
    if (existsSync(`${file}-wal`)) copyPrivately(`${file}-wal`, `${staging}-wal`)
    assertRestorable(file, inspectFile(staging, busyTimeoutMs))
    const staged = await Registry.open(staging, {busyTimeoutMs})
    try {
      return await work(staged)
    } finally {
      await staged.close()
    }
  } finally {
    rmSync(folder, {recursive: true, force: true})
  }
}

export interface FileInspection {
  /** `['ok']`, or what integrity_check found (or why it could not run). */
  integrity: string[]
  foreignKeyProblems: {table: string; rowid: number | null; parent: string}[]
  /** Applied migrations; null when the file has no broker migration table. */
  migrations: string[] | null
  pageSize: number | null
  journalMode: string | null
  /** Erasure transactions found unfinished (always empty in a healthy registry). */
  openScrubs: number
}

/** Reads a registry's health without changing it: integrity, foreign keys, migrations. */
export function inspectFile(path: string, busyTimeoutMs: number): FileInspection {
  const inspection: FileInspection = {
    integrity: [],
    foreignKeyProblems: [],
    migrations: null,
    pageSize: null,
    journalMode: null,
    openScrubs: 0,
  }
  let database: Database.Database | undefined
  try {
    database = new Database(path, {fileMustExist: true, timeout: busyTimeoutMs})
    const tables = new Set(
      (database.prepare("select name from sqlite_master where type = 'table'").all() as {name: string}[]).map(
        (row) => row.name,
      ),
    )
    inspection.pageSize = Number(database.pragma('page_size', {simple: true}))
    inspection.journalMode = String(database.pragma('journal_mode', {simple: true}))
    inspection.integrity = (database.pragma('integrity_check') as {integrity_check: string}[]).map(
      (row) => row.integrity_check,
    )
    inspection.foreignKeyProblems = (
      database.pragma('foreign_key_check') as {table: string; rowid: number | null; parent: string}[]
    ).map(({table, rowid, parent}) => ({table, rowid, parent}))
    if (tables.has('kysely_migration')) {
      inspection.migrations = (
        database.prepare('select name from kysely_migration order by name').all() as {name: string}[]
      ).map((row) => row.name)
    }
    if (tables.has('audit_scrubs'))
      inspection.openScrubs = Number(
        (database.prepare('select count(*) as n from audit_scrubs').get() as {n: number}).n,
      )
  } catch (error) {
    const code = errorCode(error)
    if (code.startsWith('SQLITE_BUSY')) throw registryBusy(path, busyTimeoutMs)
    if (!isDamage(error)) throw translateSqliteError(error, path, busyTimeoutMs)
    inspection.integrity = [`SQLite cannot read the file (${damageLabel(error)})`]
  } finally {
    if (database?.open) database.close()
  }
  return inspection
}

export interface RestoreOutcome {
  /** Where the registry that was replaced now is (null when there was none). */
  previousKeptAt: string | null
  /** How it was replaced: page by page inside the live registry, or by swapping files. */
  method: 'in-place' | 'file-swap'
  schemaVersion: number
  migrationsApplied: string[]
}

/**
 * Replaces the registry at `path` with the backup `file`. The backup is copied and checked
 * (integrity, foreign keys, a broker registry of a version this broker knows) before anything is
 * replaced; the replaced registry is kept beside it as `<path>.before-restore-<time>`.
 *
 * A healthy registry is overwritten in place through SQLite's backup API, in one write
 * transaction that waits for other writers like any command, so other processes see either the
 * old or the restored registry. A missing or unreadable registry is replaced by renaming the
 * checked copy over it.
 */
export async function restoreRegistry(
  path: string,
  file: string,
  busyTimeoutMs: number,
  /** Last writes into the checked copy (an audit entry), so they arrive with it in one step. */
  onStaged: (staged: Registry, outcome: RestoreOutcome) => Promise<void>,
): Promise<RestoreOutcome> {
  assertReadableFile(file)
  if (resolve(file) === resolve(path)) {
    throw usage(`${file} is the registry itself.`, {code: 'restore.is-registry', data: {file}})
  }
  assertLooksLikeSqlite(file)
  const staging = partialPathFor(path)
  try {
    try {
      ensurePrivateFolder(dirname(path))
      copyPrivately(file, staging)
      if (existsSync(`${file}-wal`)) copyPrivately(`${file}-wal`, `${staging}-wal`)
    } catch (error) {
      throw writeFailure(path, error)
    }
    assertRestorable(file, inspectFile(staging, busyTimeoutMs))
    const previous = registryState(path, busyTimeoutMs)
    const keptAt = previous === 'absent' ? null : asidePathFor(path)
    const staged = await Registry.open(staging, {busyTimeoutMs})
    const outcome: RestoreOutcome = {
      previousKeptAt: keptAt,
      method: previous === 'healthy' ? 'in-place' : 'file-swap',
      schemaVersion: staged.migration.schemaVersion,
      migrationsApplied: staged.migration.applied,
    }
    try {
      await onStaged(staged, outcome)
    } finally {
      await staged.close()
    }
    if (outcome.method === 'in-place') await restoreInPlace(path, staging, keptAt!, busyTimeoutMs)
    else swapIn(path, staging, keptAt)
    return outcome
  } finally {
    for (const leftover of registryFiles(staging)) if (existsSync(leftover)) unlinkSync(leftover)
  }
}

function assertReadableFile(file: string): void {
  if (!existsSync(file)) throw invalidInput(`There is no file ${file}.`, {suggestion: 'Check the path of the backup.'})
  if (statSync(file).isDirectory())
    throw invalidInput(`${file} is a folder, not a backup file.`, {code: 'restore.is-folder', data: {file}})
}

function copyPrivately(from: string, to: string): void {
  createPrivateFile(to)
  copyFileSync(from, to)
}

function assertRestorable(file: string, inspection: FileInspection): void {
  if (inspection.integrity.join() !== 'ok') {
    throw invalidInput(`${file} is damaged (${inspection.integrity.slice(0, 3).join('; ')}); nothing was restored.`, {
      code: 'restore.damaged',
      data: {file},
    })
  }
  if (inspection.foreignKeyProblems.length > 0) {
    const first = inspection.foreignKeyProblems[0]!
    throw invalidInput(
      `${file} has ${inspection.foreignKeyProblems.length} broken references (for example a ${first.table} row pointing at a missing ${first.parent}); nothing was restored.`,
      {suggestion: 'Restore another backup.'},
    )
  }
  if (inspection.migrations === null || !inspection.migrations.includes(Object.keys(MIGRATIONS)[0]!)) {
    throw invalidInput(`${file} is an SQLite database but not a broker registry; nothing was restored.`, {
      code: 'restore.not-registry',
      data: {file},
    })
  }
  const unknown = inspection.migrations.filter((name) => !(name in MIGRATIONS))
  if (unknown.length > 0) {
    throw refused(
      `${file} was written by a newer broker (schema migrations ${unknown.join(', ')} are unknown to this version); nothing was restored.`,
      {
        suggestion: 'Upgrade broker, then restore.',
      },
    )
  }
}

type RegistryState = 'absent' | 'healthy' | 'unreadable'

function registryState(path: string, busyTimeoutMs: number): RegistryState {
  if (!existsSync(path) || statSync(path).size === 0) return 'absent'
  try {
    assertLooksLikeSqlite(path)
  } catch {
    return 'unreadable'
  }
  const inspection = inspectFile(path, busyTimeoutMs)
  return inspection.integrity.join() === 'ok' ? 'healthy' : 'unreadable'
}

function asidePathFor(path: string): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  let candidate = `${path}.before-restore-${stamp}`
  for (let suffix = 2; existsSync(candidate); suffix += 1) candidate = `${path}.before-restore-${stamp}-${suffix}`
  return candidate
}

async function restoreInPlace(path: string, staging: string, keptAt: string, busyTimeoutMs: number): Promise<void> {
  const live = new Database(path, {fileMustExist: true, timeout: busyTimeoutMs})
  const source = new Database(staging, {fileMustExist: true})
  try {
    // The copy kept aside is taken while this process holds the write lock, so a writer that was
    // busy when the restore began finishes first and its work is in the copy. (SQLite copies
    // only from a connection without a write transaction, hence a second one.) The lock is
    // released just before the page copy below takes it again.
    live.exec('begin immediate')
    const reader = new Database(path, {fileMustExist: true, timeout: busyTimeoutMs})
    try {
      await backupDatabase(reader, keptAt, busyTimeoutMs)
    } finally {
      reader.close()
      live.exec('rollback')
    }
    // SQLite copies pages into a WAL database only between equal page sizes.
    const livePageSize = Number(live.pragma('page_size', {simple: true}))
    if (Number(source.pragma('page_size', {simple: true})) !== livePageSize) {
      source.pragma('journal_mode = delete')
      source.pragma(`page_size = ${livePageSize}`)
      source.exec('vacuum')
    }
    await replaceFrom(source, path, keptAt, busyTimeoutMs)
  } catch (error) {
    throw translateSqliteError(error, path, busyTimeoutMs)
  } finally {
    source.close()
    live.close()
  }
}

/** The final step of an in-place restore; when it fails the registry is as it was, so its copy goes. */
async function replaceFrom(
  source: Database.Database,
  path: string,
  keptAt: string,
  busyTimeoutMs: number,
): Promise<void> {
  try {
    await copyPages(source, path, busyTimeoutMs, path)
  } catch (error) {
    if (existsSync(keptAt)) unlinkSync(keptAt)
    throw error
  }
}

/**
 * Replaces a missing or unreadable registry with the checked copy: the old file is copied aside
 * and its -wal and -shm moved aside (a stale log must never meet the new file), then the copy is
 * renamed over it in one step. A crash leaves the old file or the new one at `path`.
 */
function swapIn(path: string, staging: string, keptAt: string | null): void {
  if (keptAt !== null) {
    copyFileSync(path, keptAt)
    makePrivate(keptAt)
  }
  for (const suffix of ['-wal', '-shm']) {
    if (!existsSync(`${path}${suffix}`)) continue
    if (keptAt === null) unlinkSync(`${path}${suffix}`)
    else renameSync(`${path}${suffix}`, `${keptAt}${suffix}`)
  }
  replaceWith(staging, path)
  syncFolder(dirname(path))
}
