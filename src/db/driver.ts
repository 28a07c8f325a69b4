import type {Database as SqliteDatabase, Statement} from 'better-sqlite3'
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely'

/**
 * A kysely dialect for better-sqlite3 that differs from kysely's own in three ways that matter for a
 * registry shared by several processes:
 * - transactions start with BEGIN IMMEDIATE, so a read-then-write transaction waits for the write
 *   lock up front (honouring busy_timeout) instead of failing with SQLITE_BUSY when it upgrades;
 * - migrations run inside a transaction (SQLite has transactional DDL), so a failed migration
 *   leaves nothing behind and two migrators serialise on the write lock;
 * - prepared statements are cached by SQL text, which makes bulk imports several times faster.
 */
export class RegistryDialect implements Dialect {
  constructor(private readonly database: SqliteDatabase) {}

  createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter()
  }

  createDriver(): Driver {
    return new ImmediateSqliteDriver(this.database)
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db)
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler()
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

const STATEMENT_CACHE_SIZE = 256

class CachingConnection implements DatabaseConnection {
  private readonly statements = new Map<string, Statement>()

  constructor(private readonly database: SqliteDatabase) {}

  private prepare(sqlText: string): Statement {
    let statement = this.statements.get(sqlText)
    if (statement) {
      // Re-insert to keep the map in least-recently-used order.
      this.statements.delete(sqlText)
    } else {
      statement = this.database.prepare(sqlText)
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.statements.keys().next().value
        if (oldest !== undefined) this.statements.delete(oldest)
      }
    }
    this.statements.set(sqlText, statement)
    return statement
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.prepare(compiledQuery.sql)
    const parameters = compiledQuery.parameters as unknown[]
    if (statement.reader) {
      return {rows: statement.all(parameters) as R[]}
    }
    const {changes, lastInsertRowid} = statement.run(parameters)
    return {
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    }
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const statement = this.prepare(compiledQuery.sql)
    for (const row of statement.iterate(compiledQuery.parameters)) {
      yield {rows: [row as R]}
    }
  }
}

/** SQLite has one connection; callers queue for it. */
class ConnectionMutex {
  private pending: Promise<void> | undefined
  private release: (() => void) | undefined

  async lock(): Promise<void> {
    while (this.pending) await this.pending
    this.pending = new Promise((resolve) => {
      this.release = resolve
    })
  }

  unlock(): void {
    const release = this.release
    this.pending = undefined
    this.release = undefined
    release?.()
  }
}

class ImmediateSqliteDriver implements Driver {
  private readonly mutex = new ConnectionMutex()
  private readonly connection: CachingConnection

  constructor(private readonly database: SqliteDatabase) {
    this.connection = new CachingConnection(database)
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock()
    return this.connection
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // A failed COMMIT or an SQLITE_FULL may already have ended the transaction.
    if (this.database.inTransaction) await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async releaseConnection(): Promise<void> {
    this.mutex.unlock()
  }

  async destroy(): Promise<void> {
    if (this.database.open) this.database.close()
  }
}
