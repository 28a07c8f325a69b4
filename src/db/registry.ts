import {closeSync, existsSync, mkdirSync, openSync, readSync, statSync} from 'node:fs'
import {dirname} from 'node:path'

import Database from 'better-sqlite3'
import {Kysely, type Migration, Migrator, sql} from 'kysely'

import {BrokerError, notFound} from '../core/errors.js'
import {RegistryDialect} from './driver.js'
import {MIGRATIONS} from './migrations/index.js'
import {Repos} from './repos/index.js'
import {syncReferenceData} from './reference-data.js'
import type {RegistrySchema} from './schema.js'
import {translateSqliteError} from './sqlite-errors.js'

export interface OpenOptions {
  /** Create the file (and its folder) when it does not exist. */
  create?: boolean
  /** How long to wait for another writer's lock before giving up with "registry busy". */
  busyTimeoutMs?: number
}

export interface MigrationReport {
  schemaVersion: number
  applied: string[]
}

const SQLITE_HEADER = 'SQLite format 3\u0000'
export const DEFAULT_BUSY_TIMEOUT_MS = 5000

/**
 * An open registry file. All reads and writes go through `read` or `write`, which hand the caller
 * a `Repos` bound to one transaction and translate SQLite failures into BrokerErrors.
 */
export class Registry {
  private constructor(
    readonly path: string,
    readonly database: Database.Database,
    private readonly db: Kysely<RegistrySchema>,
    readonly migration: MigrationReport,
    /** True when this open created the file. */
    readonly created: boolean,
  ) {}

  static async open(path: string, options: OpenOptions = {}): Promise<Registry> {
    const created = prepareFile(path, options.create ?? false)
    assertLooksLikeSqlite(path)
    let database: Database.Database | undefined
    try {
      database = new Database(path, {timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS})
      // Read before any pragma writes, so a damaged file is reported and left byte-identical.
      database.prepare('select count(*) from sqlite_master').get()
      if (String(database.pragma('journal_mode', {simple: true})).toLowerCase() !== 'wal') {
        database.pragma('journal_mode = wal')
      }
      database.pragma('synchronous = full')
      database.pragma('foreign_keys = on')
      const db = new Kysely<RegistrySchema>({dialect: new RegistryDialect(database)})
      const migration = await migrate(db as Kysely<unknown>, path)
      await syncReferenceData(db)
      return new Registry(path, database, db, migration, created)
    } catch (error) {
      if (database?.open) database.close()
      throw translateSqliteError(error, path)
    }
  }

  /** Runs `work` in one write transaction (BEGIN IMMEDIATE): all of it commits or none of it. */
  async write<T>(work: (repos: Repos) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction().execute((trx) => work(new Repos(trx)))
    } catch (error) {
      throw translateSqliteError(error, this.path)
    }
  }

  /** Runs `work` on one consistent snapshot of the registry. */
  async read<T>(work: (repos: Repos) => Promise<T>): Promise<T> {
    try {
      return await this.db.connection().execute(async (connection) => {
        await sql`begin deferred`.execute(connection)
        try {
          return await work(new Repos(connection))
        } finally {
          await sql`commit`.execute(connection)
        }
      })
    } catch (error) {
      throw translateSqliteError(error, this.path)
    }
  }

  async close(): Promise<void> {
    await this.db.destroy()
  }
}

function prepareFile(path: string, create: boolean): boolean {
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) {
      throw new BrokerError('usage', `${path} is a folder, not a registry file.`, {
        suggestion: 'Point --db (or BROKER_DB) at a file, for example registry.db inside that folder.',
      })
    }
    return false
  }
  if (!create) {
    throw notFound(`There is no registry at ${path}.`, {
      suggestion: 'Create one with `broker init`, or point --db (or BROKER_DB) at an existing registry.',
    })
  }
  const folder = dirname(path)
  if (!existsSync(folder)) mkdirSync(folder, {recursive: true, mode: 0o700})
  // SQLite gives the -wal and -shm files the mode of the database file.
  closeSync(openSync(path, 'wx', 0o600))
  return true
}

function assertLooksLikeSqlite(path: string): void {
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
    throw new BrokerError('invalid-input', `${path} is not a broker registry (not an SQLite database); it was left untouched.`, {
      suggestion: 'Check the --db path (or BROKER_DB), or create a new registry elsewhere with `broker init --db PATH`.',
    })
  }
}

/** Applies pending migrations in one transaction; exported with a `migrations` seam for tests. */
export async function migrate(
  db: Kysely<unknown>,
  path: string,
  migrations: Record<string, Migration> = MIGRATIONS,
): Promise<MigrationReport> {
  const known = new Set(Object.keys(migrations))
  const applied = await appliedMigrations(db)
  const unknown = applied.filter((name) => !known.has(name))
  if (unknown.length > 0) {
    throw new BrokerError(
      'refused',
      `The registry ${path} was written by a newer broker (schema migrations ${unknown.join(', ')} are unknown to this version); it was left untouched.`,
      {suggestion: 'Upgrade broker to open this registry.'},
    )
  }
  if (applied.length === known.size) return {schemaVersion: known.size, applied: []}

  // Migration numbers are handed out to features built side by side, so they land on main in any
  // order (0004 before 0003): a registry that already ran a later number still gets the earlier one.
  const migrator = new Migrator({db, provider: {getMigrations: async () => migrations}, allowUnorderedMigrations: true})
  const {error, results} = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName
    throw translateSqliteError(
      Object.assign(error instanceof Error ? error : new Error(String(error)), {failedMigration: failed}),
      path,
    )
  }
  return {
    schemaVersion: known.size,
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
