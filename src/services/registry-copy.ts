import {existsSync, unlinkSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'

import {usage} from '../core/errors.js'
import {copyRegistry, type CopyReport, type TableCheck} from '../db/copy.js'
import {parseRegistryLocation, type RegistryEngine, type RegistryLocation} from '../db/location.js'
import {type BackupFile, finishBackupFile, withCheckedBackup} from '../db/maintenance.js'
import {Registry, registryFiles} from '../db/registry.js'
import type {Repos} from '../db/repos/index.js'
import {checkOutputFile, ensurePrivateFolder, partialPathFor, writeFailure} from '../safe-files.js'
import type {ServiceContext} from './context.js'

/**
 * Moving a registry between engines: `db copy`, and the backup and restore of a PostgreSQL
 * registry, which are copies to and from an SQLite file. The copying itself is db/copy.ts.
 */

export type {TableCheck}

export interface CopyInput {
  /** An SQLite file path or a postgres:// URL. */
  to: string
  /** Replace the rows the target already holds. */
  force?: boolean
}

export interface CopyResult {
  from: string
  to: string
  fromEngine: RegistryEngine
  toEngine: RegistryEngine
  /** True when the copy created the target file or the schema in the target database. */
  created: boolean
  schemaVersion: number
  /** Rows the target held before, now replaced (with --force). */
  replacedRows: number
  /** Per table: rows and checksums on both sides; every one matches, or the copy was rolled back. */
  tables: TableCheck[]
}

export async function copyRegistryTo(context: ServiceContext, input: CopyInput): Promise<CopyResult> {
  const source = context.registry
  const target = parseRegistryLocation(input.to)
  if (sameRegistry(source.location, target)) {
    throw usage(`${target.display} is the registry being copied.`, {
      code: 'copy.same-registry',
      data: {where: target.display},
    })
  }
  const {report, opened} = await copyInto(source, input.to, {
    force: input.force ?? false,
    onCopied: (repos) =>
      repos.audit.record({
        actor: context.actor,
        action: 'registry.copy',
        entity: 'registry',
        entityId: 'copy',
        after: {from: source.path, engine: source.engine},
      }),
  })
  return {
    from: source.path,
    to: target.display,
    fromEngine: source.engine,
    toEngine: target.engine,
    created: opened.created,
    schemaVersion: source.migration.schemaVersion,
    replacedRows: report.replacedRows,
    tables: report.tables,
  }
}

interface Opened {
  created: boolean
  display: string
}

/**
 * Opens (creating it where needed) the registry at `where`, refusing one of another schema
 * version, and copies `source` into it. A file this copy created is removed if the copy fails.
 */
async function copyInto(
  source: Registry,
  where: string,
  options: {force: boolean; onCopied?: (repos: Repos) => Promise<void>},
): Promise<{report: CopyReport; opened: Opened}> {
  const location = parseRegistryLocation(where)
  const newFile = location.engine === 'sqlite' && !existsSync(location.path)
  const target = await Registry.open(where, {
    create: true,
    busyTimeoutMs: source.busyTimeoutMs,
    refuseOtherSchema: true,
  })
  let copied = false
  try {
    const report = await copyRegistry(source, target, options)
    copied = true
    return {report, opened: {created: target.created, display: target.path}}
  } finally {
    await target.close()
    if (!copied && newFile) for (const file of registryFiles(location.path)) if (existsSync(file)) unlinkSync(file)
  }
}

function sameRegistry(a: RegistryLocation, b: RegistryLocation): boolean {
  if (a.engine === 'sqlite' && b.engine === 'sqlite') return resolve(a.path) === resolve(b.path)
  if (a.engine === 'postgres' && b.engine === 'postgres') {
    const [x, y] = [new URL(a.url), new URL(b.url)]
    return x.hostname === y.hostname && x.port === y.port && x.pathname === y.pathname
  }
  return false
}

export interface PostgresBackup extends BackupFile {
  tables: TableCheck[]
}

/**
 * A backup of a PostgreSQL registry: a copy into a new, private SQLite file, which any laptop can
 * open with `--db FILE`. It appears at `out` only once copied and verified.
 */
export async function backupPostgresRegistry(
  source: Registry,
  input: {out: string | undefined; force: boolean; takenAt: string; defaultName?: string},
): Promise<PostgresBackup> {
  const {out, force} = input
  const path = resolve(out ?? defaultBackupPath(input.defaultName ?? 'registry', input.takenAt))
  checkOutputFile(path, {force, createFolder: out === undefined})
  try {
    ensurePrivateFolder(dirname(path))
  } catch (error) {
    throw writeFailure(path, error)
  }
  const partial = partialPathFor(path)
  try {
    const {report} = await copyInto(source, partial, {force: false})
    return {...finishBackupFile(partial, path), tables: report.tables}
  } finally {
    for (const file of registryFiles(partial)) if (existsSync(file)) unlinkSync(file)
  }
}

/** Where a backup goes when no file is named: backups/<name>-<time>.db in the working folder. */
function defaultBackupPath(name: string, at: string): string {
  return join('backups', `${name}-${at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.db`)
}

export interface PostgresRestore {
  previousKeptAt: string | null
  schemaVersion: number
  migrationsApplied: string[]
  tables: TableCheck[]
}

/**
 * Restores a backup file into a PostgreSQL registry: the file is checked and copied privately
 * (an older one upgraded in the copy), what the database holds is first backed up to a file kept
 * aside, then replaced by the backup's rows in one transaction, with the restore in the audit log.
 */
export async function restorePostgresRegistry(input: {
  url: string
  file: string
  busyTimeoutMs: number
  actor: string
}): Promise<PostgresRestore> {
  return withCheckedBackup(input.file, input.busyTimeoutMs, async (staged) => {
    const target = await Registry.open(input.url, {create: true, busyTimeoutMs: input.busyTimeoutMs})
    let previousKeptAt: string | null = null
    try {
      if (!target.created) {
        previousKeptAt = (
          await backupPostgresRegistry(target, {
            out: undefined,
            defaultName: 'registry-before-restore',
            force: false,
            takenAt: new Date().toISOString(),
          })
        ).path
      }
      const report = await copyRegistry(staged, target, {
        force: true,
        onCopied: (repos) =>
          repos.audit.record({
            actor: input.actor,
            action: 'registry.restore',
            entity: 'registry',
            entityId: 'file',
            after: {restoredFrom: input.file, previousKeptAt, method: 'copy'},
          }),
      })
      return {
        previousKeptAt,
        schemaVersion: staged.migration.schemaVersion,
        migrationsApplied: staged.migration.applied,
        tables: report.tables,
      }
    } finally {
      await target.close()
    }
  })
}
