import {existsSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'

import {BrokerError, notFound, usage} from '../core/errors.js'
import type {TableCheck} from '../db/copy.js'
import {networkFileSystem} from '../db/file-system.js'
import {parseRegistryLocation} from '../db/location.js'
import {backupDatabase, type BackupFile, inspectFile, restoreRegistry} from '../db/maintenance.js'
import {MIGRATIONS, SCHEMA_VERSION, schemaVersionOf} from '../db/migrations/index.js'
import {assertLooksLikeSqlite, registryFiles, sqliteOnly} from '../db/registry.js'
import {checkOutputFile, formatMode, modeOf} from '../safe-files.js'
import type {ServiceContext} from './context.js'
import {backupPostgresRegistry, restorePostgresRegistry} from './registry-copy.js'

/** Backup, restore and health check of the registry file. */

export interface BackupInput {
  /** Where to write the copy. Default: backups/registry-<time>.db beside the registry. */
  out?: string
  /** Replace an existing file at `out`. */
  force?: boolean
}

export interface BackupResult extends BackupFile {
  registry: string
  schemaVersion: number
  takenAt: string
  /** For a PostgreSQL registry (copied into the file): rows and checksums per table. */
  tables?: TableCheck[]
}

export async function backupRegistry(context: ServiceContext, input: BackupInput): Promise<BackupResult> {
  const takenAt = new Date().toISOString()
  const registry = context.registry
  if (registry.engine === 'postgres') {
    const copy = await backupPostgresRegistry(registry, {out: input.out, force: input.force ?? false, takenAt})
    return {...copy, registry: registry.path, schemaVersion: registry.migration.schemaVersion, takenAt}
  }
  const out = resolve(
    input.out ??
      join(dirname(registry.path), 'backups', `registry-${takenAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.db`),
  )
  if (registryFiles(resolve(registry.path)).includes(out)) {
    throw usage(`${out} is the registry itself.`, {code: 'backup.is-registry', data: {out}})
  }
  checkOutputFile(out, {force: input.force ?? false, createFolder: input.out === undefined})
  const file = await registry.withDatabase((database) => backupDatabase(database, out, registry.busyTimeoutMs))
  return {...file, registry: registry.path, schemaVersion: registry.migration.schemaVersion, takenAt}
}

export interface RestoreInput {
  path: string
  file: string
  busyTimeoutMs: number
  actor: string
}

export interface RestoreResult {
  registry: string
  restoredFrom: string
  previousKeptAt: string | null
  /** in-place and file-swap replace an SQLite file; copy fills a PostgreSQL registry with the backup's rows. */
  method: 'in-place' | 'file-swap' | 'copy'
  schemaVersion: number
  migrationsApplied: string[]
  /** For a PostgreSQL registry: rows and checksums per table. */
  tables?: TableCheck[]
}

/** Replaces the registry with a checked backup (see db/maintenance restoreRegistry), recording who did it. */
export async function restoreFromBackup(input: RestoreInput): Promise<RestoreResult> {
  const location = parseRegistryLocation(input.path)
  const file = resolve(input.file)
  if (location.engine === 'postgres') {
    const restored = await restorePostgresRegistry({...input, url: input.path, file})
    return {registry: location.display, restoredFrom: file, method: 'copy', ...restored}
  }
  const outcome = await restoreRegistry(input.path, file, input.busyTimeoutMs, (staged, {previousKeptAt, method}) =>
    staged.write((repos) =>
      repos.audit.record({
        actor: input.actor,
        action: 'registry.restore',
        entity: 'registry',
        entityId: 'file',
        after: {restoredFrom: file, previousKeptAt, method},
      }),
    ),
  )
  return {registry: input.path, restoredFrom: file, ...outcome}
}

export interface FileModeCheck {
  path: string
  role: 'registry' | 'write-ahead log' | 'shared memory' | 'folder'
  mode: string
  ok: boolean
  expected: string
}

export interface RegistryCheck {
  path: string
  ok: boolean
  integrity: string[]
  foreignKeyProblems: {table: string; rowid: number | null; parent: string}[]
  /** version is null when the file could not be read far enough to tell. */
  schema: {version: number | null; latestKnown: number; pending: string[]; unknown: string[]}
  files: FileModeCheck[]
  problems: string[]
  /** Risks that are not damage: a file on a network or sync file system. */
  warnings: string[]
}

/**
 * Checks the registry without changing it: SQLite integrity, foreign keys, schema version, and
 * that no one else can read the files. Problems make the command fail (exit 3 for damage, 1 for
 * the rest) after printing the whole report.
 */
export function checkRegistry(path: string, busyTimeoutMs: number): RegistryCheck {
  const location = parseRegistryLocation(path)
  if (location.engine !== 'sqlite') throw sqliteOnly('The integrity check', location.display)
  if (!existsSync(path)) {
    throw notFound(`There is no registry at ${path}.`, {code: 'registry.missing', data: {path}})
  }
  assertLooksLikeSqlite(path)
  const inspection = inspectFile(path, busyTimeoutMs)
  const known = Object.keys(MIGRATIONS)
  const applied = inspection.migrations
  const schema = {
    version: applied === null ? null : schemaVersionOf(applied),
    latestKnown: SCHEMA_VERSION,
    pending: applied === null ? [] : known.filter((name) => !applied.includes(name)),
    unknown: applied === null ? [] : applied.filter((name) => !known.includes(name)),
  }
  const files = fileModes(path)
  const problems: string[] = []
  if (inspection.integrity.join() !== 'ok')
    problems.push(`SQLite integrity check: ${inspection.integrity.slice(0, 5).join('; ')}`)
  if (inspection.foreignKeyProblems.length > 0)
    problems.push(`${inspection.foreignKeyProblems.length} rows point at rows that do not exist`)
  if (inspection.openScrubs > 0) problems.push('an erasure was left unfinished inside the registry')
  if (inspection.migrations === null && inspection.integrity.join() === 'ok')
    problems.push('the file is an SQLite database but not a broker registry')
  if (schema.unknown.length > 0) problems.push(`written by a newer broker (migrations ${schema.unknown.join(', ')})`)
  for (const file of files.filter((entry) => !entry.ok))
    problems.push(`${file.path} is ${file.mode}; expected ${file.expected}`)
  return {
    path,
    ok: problems.length === 0,
    integrity: inspection.integrity,
    foreignKeyProblems: inspection.foreignKeyProblems,
    schema,
    files,
    problems,
    warnings: [networkFileSystem(path)?.message].filter((warning) => warning !== undefined),
  }
}

/** The failure a check with problems ends in, carrying the whole report for --json. */
export function checkFailure(report: RegistryCheck): BrokerError {
  const damaged = report.integrity.join() !== 'ok' || report.foreignKeyProblems.length > 0
  return new BrokerError(
    damaged ? 'invalid-input' : 'refused',
    `The registry check found ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}:\n${report.problems.map((problem) => `  ${problem}`).join('\n')}`,
    {code: 'registry.check-failed', data: report},
  )
}

function fileModes(path: string): FileModeCheck[] {
  const roles = ['registry', 'write-ahead log', 'shared memory'] as const
  const checks: FileModeCheck[] = []
  registryFiles(path).forEach((file, index) => {
    const mode = modeOf(file)
    if (mode !== null)
      checks.push({
        path: file,
        role: roles[index]!,
        mode: formatMode(mode),
        ok: (mode & 0o077) === 0,
        expected: '0600 (owner only)',
      })
  })
  const folder = dirname(resolve(path))
  const folderMode = modeOf(folder)
  // Others reading the folder learn only file names; others writing it could replace the registry.
  if (folderMode !== null)
    checks.push({
      path: folder,
      role: 'folder',
      mode: formatMode(folderMode),
      ok: (folderMode & 0o022) === 0,
      expected: 'not writable by group or others (0700 when broker creates it)',
    })
  return checks
}
