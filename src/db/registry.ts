import {closeSync, existsSync, openSync, readSync, statSync} from 'node:fs'
import {dirname} from 'node:path'

import Database from 'better-sqlite3'
import {Kysely, type Migration, Migrator, sql} from 'kysely'

import {BrokerError, notFound} from '../core/errors.js'
import {createPrivateFile, ensurePrivateFolder, formatMode, makePrivate, writeFailure} from '../safe-files.js'
import {RegistryDialect} from './driver.js'
import {type FileSystemRisk, networkFileSystem} from './file-system.js'
import {parseRegistryLocation, type RegistryEngine, type RegistryLocation} from './location.js'
import {assertKnownMigrations, assertSameSchema, MIGRATIONS, schemaVersionOf} from './migrations/index.js'
import {referenceDataCurrent, syncReferenceData} from './reference-data.js'
import {Repos} from './repos/index.js'
import type {RegistrySchema} from './schema.js'
import {translateSqliteError} from './sqlite-errors.js'

export interface OpenOptions {
  /** Create the file (and its folder) when it does not exist. */
  create?: boolean
  /** How long to wait for another writer's lock before giving up with "registry busy". */
  busyTimeoutMs?: number
  /**
   * Refuse, untouched, a registry that already has a schema other than this broker's latest
   * (instead of upgrading it): a copy goes only into a registry of the same schema version.
   */
  refuseOtherSchema?: boolean
}

export interface MigrationReport {
  schemaVersion: number
  applied: string[]
}

const SQLITE_HEADER = 'SQLite format 3\u0000'
export const DEFAULT_BUSY_TIMEOUT_MS = 5000

/** The registry file and the two files SQLite keeps beside it in WAL mode. */
export const registryFiles = (path: string): string[] => [path, `${path}-wal`, `${path}-shm`]

/**
 * An open registry: an SQLite file, or a PostgreSQL database. All reads and writes go through
 * `read` or `write`, which hand the caller a `Repos` bound to one transaction and translate the
 * engine's failures into BrokerErrors.
 */
export class Registry {
  private constructor(
    readonly location: RegistryLocation,
    /** SQLite's connection; null for PostgreSQL. */
    private readonly sqliteDatabase: Database.Database | null,
    private readonly db: Kysely<RegistrySchema>,
    readonly migration: MigrationReport,
    /** True when this open created the file (SQLite) or the schema (PostgreSQL). */
    readonly created: boolean,
    readonly busyTimeoutMs: number,
    /** Things the user should know about the files (permissions tightened ...). */
    readonly notices: readonly string[],
    /** The server's version, for a PostgreSQL registry. */
    readonly serverVersion: string | null = null,
    private readonly translate: (error: unknown) => unknown = (error) =>
      translateSqliteError(error, location.display, busyTimeoutMs),
  ) {}

  /** SQLite's own connection, for whole-file work (backups, checks); refused for PostgreSQL. */
  get database(): Database.Database {
    if (!this.sqliteDatabase) throw sqliteOnly('Direct access to the registry file', this.path)
    return this.sqliteDatabase
  }

  /** The registry as people may see it: the file path, or the URL without its password. */
  get path(): string {
    return this.location.display
  }

  get engine(): RegistryEngine {
    return this.location.engine
  }

  /** Opens the registry --db names: a file path, or a postgres:// URL (anything else URL-shaped is refused). */
  static async open(where: string, options: OpenOptions = {}): Promise<Registry> {
    const location = parseRegistryLocation(where)
    if (location.engine === 'postgres') return Registry.openPostgres(location, options)
    return Registry.openSqlite(location.path, options)
  }

  private static async openPostgres(
    location: Extract<RegistryLocation, {engine: 'postgres'}>,
    options: OpenOptions,
  ): Promise<Registry> {
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
    // Loaded only here: an SQLite registry never pays for the PostgreSQL driver.
    const [{connectPostgres, translatePostgresError}, {migrationsFor}] = await Promise.all([
      import('./postgres.js'),
      import('./migrations/engines.js'),
    ])
    const {db, serverVersion} = await connectPostgres(location, busyTimeoutMs)
    const translate = (error: unknown) => translatePostgresError(error, location, busyTimeoutMs)
    try {
      const before = await appliedMigrations(db as Kysely<unknown>)
      if (options.refuseOtherSchema) assertSameSchema(before, location.display)
      if (before.length === 0 && !options.create) {
        throw notFound(`There is no registry in the database ${location.display}.`, {
          code: 'registry.missing',
          data: {path: location.display},
        })
      }
      const migration = await migrate(
        db as Kysely<unknown>,
        location.display,
        migrationsFor('postgres'),
        translate,
        before,
      )
      await syncReferenceData(db)
      return new Registry(
        location,
        null,
        db,
        migration,
        before.length === 0,
        busyTimeoutMs,
        [],
        serverVersion,
        translate,
      )
    } catch (error) {
      await db.destroy()
      throw translate(error)
    }
  }

  private static async openSqlite(path: string, options: OpenOptions): Promise<Registry> {
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
    const created = prepareFile(path, options.create ?? false)
    assertLooksLikeSqlite(path)
    const notices = makeRegistryFilesPrivate(path)
    if (!created) await assertSafeToOpen(path, busyTimeoutMs)
    let database: Database.Database | undefined
    try {
      database = new Database(path, {timeout: busyTimeoutMs})
      database.prepare('select count(*) from sqlite_master').get()
      if (String(database.pragma('journal_mode', {simple: true})).toLowerCase() !== 'wal') {
        database.pragma('journal_mode = wal')
      }
      database.pragma('synchronous = full')
      database.pragma('foreign_keys = on')
      // Deleted and overwritten content is zeroed, so erased personal data leaves no bytes behind.
      database.pragma('secure_delete = on')
      const db = new Kysely<RegistrySchema>({dialect: new RegistryDialect(database)})
      if (options.refuseOtherSchema) assertSameSchema(await appliedMigrations(db as Kysely<unknown>), path)
      const migration = await migrate(db as Kysely<unknown>, path)
      await syncReferenceData(db)
      return new Registry(
        {engine: 'sqlite', path, display: path},
        database,
        db,
        migration,
        created,
        busyTimeoutMs,
        notices,
      )
    } catch (error) {
      if (database?.open) database.close()
      throw translateSqliteError(error, path, busyTimeoutMs)
    }
  }

  /** Runs `work` in one write transaction (BEGIN IMMEDIATE): all of it commits or none of it. */
  async write<T>(work: (repos: Repos) => Promise<T>): Promise<T> {
    return this.transaction('write', (db) => work(new Repos(db, this.engine)))
  }

  /** Runs `work` on one consistent snapshot of the registry. */
  async read<T>(work: (repos: Repos) => Promise<T>): Promise<T> {
    return this.transaction('read', (db) => work(new Repos(db, this.engine)))
  }

  /**
   * `write` or `read` on kysely itself, for whole-registry work under src/db/ (a copy between
   * engines reads and writes every table without repositories).
   */
  async transaction<T>(mode: 'read' | 'write', work: (db: Kysely<RegistrySchema>) => Promise<T>): Promise<T> {
    try {
      if (mode === 'write') return await this.db.transaction().execute(work)
      if (this.engine === 'postgres') {
        return await this.db.transaction().setIsolationLevel('repeatable read').execute(work)
      }
      return await this.db.connection().execute(async (connection) => {
        await sql`begin deferred`.execute(connection)
        try {
          return await work(connection)
        } finally {
          await sql`commit`.execute(connection)
        }
      })
    } catch (error) {
      throw this.translate(error)
    }
  }

  /**
   * Copies everything in the write-ahead log into the registry file and empties the log, so that
   * what was deleted no longer exists in any of the files. Waits (up to the busy timeout) for other
   * processes to finish; `complete` is false when one was still reading. A PostgreSQL server
   * keeps its own log, which no client can empty.
   */
  async checkpoint(): Promise<{complete: boolean}> {
    if (this.engine !== 'sqlite') return {complete: true}
    try {
      return await this.db.connection().execute(async (connection) => {
        const {rows} = await sql<{busy: number}>`pragma wal_checkpoint(truncate)`.execute(connection)
        return {complete: rows[0]?.busy === 0}
      })
    } catch (error) {
      throw this.translate(error)
    }
  }

  /** Runs whole-file work (a backup) on the raw connection, with no query of this process in between. */
  async withDatabase<T>(work: (database: Database.Database) => Promise<T>): Promise<T> {
    const database = this.database
    try {
      return await this.db.connection().execute(() => work(database))
    } catch (error) {
      throw this.translate(error)
    }
  }

  /** How much the registry takes: the file, or the database on the server. */
  async sizeBytes(): Promise<number> {
    if (this.location.engine === 'sqlite') return statSync(this.location.path).size
    try {
      const {rows} = await sql<{size: number}>`select pg_database_size(current_database()) as size`.execute(this.db)
      return Number(rows[0]?.size ?? 0)
    } catch (error) {
      throw this.translate(error)
    }
  }

  /** A registry file on a network or sync file system, where SQLite's locking does not hold. */
  fileSystemRisk(): FileSystemRisk | null {
    return this.location.engine === 'sqlite' ? networkFileSystem(this.location.path) : null
  }

  async close(): Promise<void> {
    await this.db.destroy()
  }
}

function prepareFile(path: string, create: boolean): boolean {
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) {
      throw new BrokerError('usage', `${path} is a folder, not a registry file.`, {
        code: 'registry.is-folder',
        data: {path},
      })
    }
    return false
  }
  if (!create) {
    throw notFound(`There is no registry at ${path}.`, {code: 'registry.missing', data: {path}})
  }
  try {
    ensurePrivateFolder(dirname(path))
    // SQLite gives the -wal and -shm files the mode of the database file.
    createPrivateFile(path)
  } catch (error) {
    throw writeFailure(path, error)
  }
  return true
}

/**
 * Reads an existing file read-only before anything may write to it. Opening converts a file to
 * WAL (a backup is in rollback-journal mode), applies migrations and refreshes reference data:
 * when any of those is due the file is quick-checked first, so that a damaged or newer registry is
 * refused byte-identical. A registry already in WAL and up to date is not scanned, which keeps
 * opening fast; its damage surfaces in the queries that meet it, before any write.
 */
async function assertSafeToOpen(path: string, busyTimeoutMs: number): Promise<void> {
  let probe: Kysely<unknown> | undefined
  try {
    const database = new Database(path, {readonly: true, fileMustExist: true, timeout: busyTimeoutMs})
    probe = new Kysely<unknown>({dialect: new RegistryDialect(database)})
    const applied = await appliedMigrations(probe)
    assertKnownMigrations(applied, path, MIGRATIONS)
    const writesAhead =
      String(database.pragma('journal_mode', {simple: true})).toLowerCase() !== 'wal' ||
      applied.length < Object.keys(MIGRATIONS).length ||
      !(await referenceDataCurrent(probe as Kysely<RegistrySchema>))
    if (writesAhead) {
      const problems = database.pragma('quick_check', {simple: false}) as {quick_check: string}[]
      if (problems.map((row) => row.quick_check).join() !== 'ok')
        throw Object.assign(new Error(problems[0]?.quick_check ?? 'damaged'), {code: 'SQLITE_CORRUPT'})
    }
  } catch (error) {
    if (error instanceof BrokerError) throw error
    const translated = translateSqliteError(error, path, busyTimeoutMs)
    if (translated instanceof BrokerError && (translated.kind === 'invalid-input' || translated.kind === 'busy'))
      throw translated
    // Anything else (a hot journal only a writer may roll back, a folder where the -shm file cannot
    // be made) is for the read-write open to recover from or report.
  } finally {
    await probe?.destroy()
  }
}

/** A registry copied in with looser permissions is made private again before anything reads it. */
function makeRegistryFilesPrivate(path: string): string[] {
  const notices: string[] = []
  for (const file of registryFiles(path)) {
    const previous = makePrivate(file)
    if (previous !== null)
      notices.push(`${file} was readable by others (${formatMode(previous)}); it is now private to you (0600).`)
  }
  return notices
}

export function assertLooksLikeSqlite(path: string): void {
  const header = Buffer.alloc(16)
  const fd = openSync(path, 'r')
  let bytesRead: number
  try {
    bytesRead = readSync(fd, header, 0, 16, 0)
  } finally {
    closeSync(fd)
  }
  if (bytesRead === 0) return
  if (bytesRead < 16 || header.toString('latin1') !== SQLITE_HEADER) {
    throw new BrokerError(
      'invalid-input',
      `${path} is not a broker registry (not an SQLite database); it was left untouched.`,
      {code: 'registry.not-sqlite', data: {path}},
    )
  }
}

/** Applies pending migrations in one transaction; exported with a `migrations` seam for tests. */
export async function migrate(
  db: Kysely<unknown>,
  path: string,
  migrations: Record<string, Migration> = MIGRATIONS,
  translate: (error: unknown) => unknown = (error) => translateSqliteError(error, path),
  /** What the registry has run, when the caller has just read it. */
  alreadyApplied?: readonly string[],
): Promise<MigrationReport> {
  const known = new Set(Object.keys(migrations))
  const applied = alreadyApplied ?? (await appliedMigrations(db))
  assertKnownMigrations(applied, path, migrations)
  if (applied.length === known.size) return {schemaVersion: schemaVersionOf(known), applied: []}

  // Migration numbers are handed out to features built side by side, so they land on main in any
  // order (0004 before 0003): a registry that already ran a later number still gets the earlier one.
  const migrator = new Migrator({db, provider: {getMigrations: async () => migrations}, allowUnorderedMigrations: true})
  const {error, results} = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName
    throw translate(
      Object.assign(error instanceof Error ? error : new Error(JSON.stringify(error)), {failedMigration: failed}),
    )
  }
  return {
    schemaVersion: schemaVersionOf(known),
    applied: (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName),
  }
}

async function appliedMigrations(db: Kysely<unknown>): Promise<string[]> {
  const migrationTable = db as unknown as Kysely<{kysely_migration: {name: string}}>
  try {
    const rows = await migrationTable.selectFrom('kysely_migration').select('name').orderBy('name').execute()
    return rows.map((row) => row.name)
  } catch (error) {
    if (/no such table|does not exist/i.test(String((error as Error).message))) return []
    throw error
  }
}

/** What a command says when it needs the registry file itself (a backup of the file, its integrity check). */
export function sqliteOnly(what: string, where: string): BrokerError {
  return new BrokerError('refused', `${what} works on an SQLite registry file; ${where} is a PostgreSQL database.`, {
    suggestion: "Use the server's own tools for PostgreSQL (amcheck for integrity).",
  })
}
