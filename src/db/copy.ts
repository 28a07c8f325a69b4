import {createHash} from 'node:crypto'

import {type Kysely, type RawBuilder, sql} from 'kysely'

import {BrokerError} from '../core/errors.js'
import type {RegistryEngine} from './location.js'
import type {Registry} from './registry.js'
import {Repos} from './repos/index.js'
import type {RegistrySchema} from './schema.js'

/**
 * Copies a whole registry between engines (SQLite → PostgreSQL and back, or file to file): every
 * table of the schema, in foreign-key order, read in primary-key order and in batches, written in
 * one transaction on the target, with identity counters carried over. Before that transaction
 * commits, each table is read back and compared with what was read from the source: row counts
 * and a SHA-256 over the rows in canonical text, computed by the same code on both sides.
 *
 * Left out: the migration bookkeeping (the target ran the same migrations itself) and the search
 * indexes, which each engine's triggers rebuild from the copied rows.
 */

type Db = Kysely<RegistrySchema>

export interface TableShape {
  name: string
  columns: string[]
  primaryKey: string[]
  /** Tables this one refers to (foreign keys), itself excluded. */
  parents: string[]
  /** The column an identity counter (autoincrement / identity) feeds, if any. */
  identity: string | null
}

export interface TableCheck {
  table: string
  sourceRows: number
  targetRows: number
  sourceChecksum: string
  targetChecksum: string
  matches: boolean
}

export interface CopyReport {
  tables: TableCheck[]
  /** Rows the target held before (reference data aside), which the copy replaced (only with `force`). */
  replacedRows: number
}

export interface CopyOptions {
  /** Replace what the target holds instead of refusing. */
  force: boolean
  /** Rows per read from the source. */
  batchRows?: number
  /** Last writes into the target, in the copy's transaction, once the copy has been verified. */
  onCopied?: (repos: Repos) => Promise<void>
}

/** Kept out of a copy: migration bookkeeping, the engines' own tables, and the derived search indexes. */
const NOT_COPIED = /^(kysely_|sqlite_|(school|leader)_search($|_))/
/** Tables that opening any registry fills (reference data): rows there do not make a target "in use". */
const FILLED_ON_OPEN = new Set(['meta', 'specialisms'])
/** Bound values per INSERT, well under SQLite's limit (32,766) and PostgreSQL's (65,535). */
const VALUES_PER_INSERT = 8000
const DEFAULT_BATCH_ROWS = 2000

export async function copyRegistry(source: Registry, target: Registry, options: CopyOptions): Promise<CopyReport> {
  return source.transaction('read', async (from) => {
    const shapes = orderByReferences(await describeTables(from, source.engine))
    const counters = await readCounters(from, source.engine, shapes)
    return target.transaction('write', async (to) => {
      await assertSameTables(to, target, shapes)
      const held = await rowsHeld(to, shapes)
      const inUse = held.filter((entry) => !FILLED_ON_OPEN.has(entry.table) && entry.rows > 0)
      const rows = inUse.reduce((sum, entry) => sum + entry.rows, 0)
      if (inUse.length > 0 && !options.force) {
        throw new BrokerError(
          'refused',
          `${target.path} already holds a registry (${rows} rows in ${inUse.map((entry) => entry.table).join(', ')}); nothing was copied.`,
          {code: 'copy.target-not-empty', data: {where: target.path, rows, tables: inUse.map((entry) => entry.table)}},
        )
      }
      await emptyTables(to, target.engine, shapes)
      const tables: TableCheck[] = []
      for (const shape of shapes) {
        const sourceSide = await copyTable(from, to, shape, options.batchRows ?? DEFAULT_BATCH_ROWS)
        const targetSide = await checksum(to, shape, options.batchRows ?? DEFAULT_BATCH_ROWS)
        tables.push({
          table: shape.name,
          sourceRows: sourceSide.rows,
          targetRows: targetSide.rows,
          sourceChecksum: sourceSide.sha256,
          targetChecksum: targetSide.sha256,
          matches: sourceSide.rows === targetSide.rows && sourceSide.sha256 === targetSide.sha256,
        })
      }
      await writeCounters(to, target.engine, shapes, counters)
      const different = tables.filter((table) => !table.matches).map((table) => table.table)
      if (different.length > 0) {
        throw new BrokerError(
          'refused',
          `The copy into ${target.path} does not read back as the registry reads (${different.join(', ')}); it was rolled back.`,
          {code: 'copy.mismatch', data: {where: target.path, tables: different, checks: tables}},
        )
      }
      await options.onCopied?.(new Repos(to, target.engine))
      return {tables, replacedRows: rows}
    })
  })
}

/** The registry's tables, their columns, primary keys, references and identity columns. */
export async function describeTables(db: Db, engine: RegistryEngine): Promise<TableShape[]> {
  return engine === 'sqlite' ? describeSqlite(db) : describePostgres(db)
}

async function describeSqlite(db: Db): Promise<TableShape[]> {
  const {rows: tables} = await sql<{name: string; sql: string}>`select name, sql from sqlite_master
    where type = 'table' order by name`.execute(db)
  const shapes: TableShape[] = []
  for (const table of tables.filter((entry) => !NOT_COPIED.test(entry.name))) {
    const {rows: columns} = await sql<{name: string; pk: number; type: string}>`select name, pk, type
      from pragma_table_info(${table.name}) order by cid`.execute(db)
    const {rows: references} = await sql<{table: string}>`select distinct "table"
      from pragma_foreign_key_list(${table.name})`.execute(db)
    const primaryKey = columns
      .filter((column) => column.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((column) => column.name)
    shapes.push({
      name: table.name,
      columns: columns.map((column) => column.name),
      primaryKey,
      parents: references.map((reference) => reference.table).filter((parent) => parent !== table.name),
      identity: /autoincrement/i.test(table.sql) ? (primaryKey[0] ?? null) : null,
    })
  }
  return shapes
}

async function describePostgres(db: Db): Promise<TableShape[]> {
  const {rows: columns} = await sql<{table: string; column: string; identity: string}>`
    select c.table_name as "table", c.column_name as "column", c.is_identity as identity
    from information_schema.columns c join information_schema.tables t
      on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = current_schema() order by c.table_name, c.ordinal_position`.execute(db)
  const {rows: keys} = await sql<{table: string; column: string}>`
    select c.relname as "table", a.attname as "column"
    from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(i.indkey) with ordinality as k(attnum, position)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where i.indisprimary and n.nspname = current_schema() order by c.relname, k.position`.execute(db)
  const {rows: references} = await sql<{table: string; parent: string}>`
    select distinct c.relname as "table", p.relname as parent
    from pg_constraint f join pg_class c on c.oid = f.conrelid join pg_class p on p.oid = f.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where f.contype = 'f' and n.nspname = current_schema()`.execute(db)
  const byTable = new Map<string, TableShape>()
  for (const {table, column, identity} of columns) {
    if (NOT_COPIED.test(table)) continue
    const shape = byTable.get(table) ?? {name: table, columns: [], primaryKey: [], parents: [], identity: null}
    shape.columns.push(column)
    if (identity === 'YES') shape.identity = column
    byTable.set(table, shape)
  }
  for (const {table, column} of keys) byTable.get(table)?.primaryKey.push(column)
  for (const {table, parent} of references) if (parent !== table) byTable.get(table)?.parents.push(parent)
  return [...byTable.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
}

/** Parents before the tables that refer to them; ties (and any cycle) by name. */
export function orderByReferences(shapes: readonly TableShape[]): TableShape[] {
  const ordered: TableShape[] = []
  const placed = new Set<string>()
  const names = new Set(shapes.map((shape) => shape.name))
  let pending = [...shapes]
  while (pending.length > 0) {
    const ready = pending.filter((shape) => shape.parents.every((parent) => placed.has(parent) || !names.has(parent)))
    const next = ready.length > 0 ? ready : pending.slice(0, 1)
    for (const shape of next) {
      ordered.push(shape)
      placed.add(shape.name)
    }
    pending = pending.filter((shape) => !placed.has(shape.name))
  }
  return ordered
}

async function assertSameTables(db: Db, target: Registry, shapes: readonly TableShape[]): Promise<void> {
  const theirs = new Map((await describeTables(db, target.engine)).map((shape) => [shape.name, shape]))
  const differs = shapes.filter((shape) => {
    const other = theirs.get(shape.name)
    return other === undefined || [...other.columns].sort().join() !== [...shape.columns].sort().join()
  })
  if (differs.length > 0 || theirs.size !== shapes.length) {
    throw new BrokerError(
      'refused',
      `The tables of ${target.path} differ from the registry's (${differs.map((shape) => shape.name).join(', ') || 'extra tables'}); nothing was copied.`,
    )
  }
}

async function rowsHeld(db: Db, shapes: readonly TableShape[]): Promise<{table: string; rows: number}[]> {
  const held: {table: string; rows: number}[] = []
  for (const shape of shapes) {
    const {rows} = await sql<{n: number}>`select count(*) as n from ${sql.table(shape.name)}`.execute(db)
    held.push({table: shape.name, rows: Number(rows[0]?.n ?? 0)})
  }
  return held
}

/**
 * Empties the target's tables inside the copy's transaction. PostgreSQL truncates them all in one
 * statement (no row triggers fire, so the append-only audit log allows it). SQLite deletes child
 * tables first; the triggers that refuse deletes (the audit log's) are set aside for the moment
 * and put back in the same transaction.
 */
async function emptyTables(db: Db, engine: RegistryEngine, shapes: readonly TableShape[]): Promise<void> {
  if (engine === 'postgres') {
    // The search indexes too: no trigger takes a truncated school out of them.
    const {rows} = await sql<{name: string}>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely%'`.execute(db)
    await sql`truncate table ${sql.join(rows.map((row) => sql.table(row.name)))}`.execute(db)
    return
  }
  const {rows: triggers} = await sql<{name: string; sql: string}>`select name, sql from sqlite_master
    where type = 'trigger'`.execute(db)
  const guards = triggers.filter((trigger) => /before\s+delete/i.test(trigger.sql) && /raise\s*\(/i.test(trigger.sql))
  for (const guard of guards) await sql`drop trigger ${sql.id(guard.name)}`.execute(db)
  for (const shape of [...shapes].reverse()) await sql`delete from ${sql.table(shape.name)}`.execute(db)
  for (const guard of guards) await sql.raw(guard.sql).execute(db)
}

interface Digest {
  rows: number
  sha256: string
}

/** Copies one table in primary-key order, batch by batch; returns the digest of what it read. */
async function copyTable(from: Db, to: Db, shape: TableShape, batchRows: number): Promise<Digest> {
  const rowsPerInsert = Math.max(1, Math.floor(VALUES_PER_INSERT / shape.columns.length))
  const digest = new RowDigest()
  for await (const batch of readInOrder(from, shape, batchRows)) {
    for (let start = 0; start < batch.length; start += rowsPerInsert) {
      const slice = batch.slice(start, start + rowsPerInsert)
      await sql`insert into ${sql.table(shape.name)} (${sql.join(shape.columns.map((column) => sql.id(column)))})
        values ${sql.join(slice.map((row) => sql`(${sql.join(shape.columns.map((column) => row[column] ?? null))})`))}`.execute(
        to,
      )
    }
    for (const row of batch) digest.add(shape, row)
  }
  return digest.finish()
}

/** Counts and digests a table as `copyTable` digests what it reads. */
async function checksum(db: Db, shape: TableShape, batchRows: number): Promise<Digest> {
  const digest = new RowDigest()
  for await (const batch of readInOrder(db, shape, batchRows)) for (const row of batch) digest.add(shape, row)
  return digest.finish()
}

type Row = Record<string, unknown>

/** The table's rows in primary-key order, `batchRows` at a time (keyset paging, never the whole table). */
async function* readInOrder(db: Db, shape: TableShape, batchRows: number): AsyncGenerator<Row[]> {
  const key = shape.primaryKey.length > 0 ? shape.primaryKey : shape.columns
  const keyList = sql.join(key.map((column) => sql.id(column)))
  const columns = sql.join(shape.columns.map((column) => sql.id(column)))
  let after: unknown[] | null = null
  for (;;) {
    const where: RawBuilder<unknown> =
      after === null ? sql.raw('') : sql`where (${keyList}) > (${sql.join(after.map((value) => sql`${value}`))})`
    const {rows} = await sql<Row>`select ${columns} from ${sql.table(shape.name)} ${where}
      order by ${keyList} limit ${sql.lit(batchRows)}`.execute(db)
    if (rows.length === 0) return
    yield rows
    if (rows.length < batchRows) return
    const last = rows[rows.length - 1]!
    after = key.map((column) => last[column])
  }
}

/**
 * SHA-256 over a table's rows in canonical text: one JSON array per row, values in the order of
 * the columns' names, each value as both engines can give it back (numbers as numbers, booleans as
 * 0/1, instants as ISO text, bytes as hex), so the same rows digest the same from either engine.
 */
class RowDigest {
  private readonly hash = createHash('sha256')
  private rows = 0

  add(shape: TableShape, row: Row): void {
    const values = [...shape.columns].sort().map((column) => canonical(row[column]))
    this.hash.update(`${JSON.stringify(values)}\n`)
    this.rows += 1
  }

  finish(): Digest {
    return {rows: this.rows, sha256: this.hash.digest('hex')}
  }
}

function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'bigint') return Number(value)
  if (value instanceof Date) return value.toISOString()
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`
  return value
}

/** Where each identity counter stands: SQLite's sqlite_sequence, PostgreSQL's sequences. */
async function readCounters(
  db: Db,
  engine: RegistryEngine,
  shapes: readonly TableShape[],
): Promise<Map<string, number>> {
  const counters = new Map<string, number>()
  if (engine === 'sqlite') {
    const {rows: exists} = await sql<{n: number}>`select count(*) as n from sqlite_master
      where name = 'sqlite_sequence'`.execute(db)
    if (Number(exists[0]?.n) === 0) return counters
    const {rows} = await sql<{name: string; seq: number}>`select name, seq from sqlite_sequence`.execute(db)
    for (const row of rows) counters.set(row.name, Number(row.seq))
    return counters
  }
  for (const shape of shapes.filter((entry) => entry.identity !== null)) {
    const {rows} = await sql<{value: number | null}>`select pg_sequence_last_value(
      pg_get_serial_sequence(${quoted(shape.name)}, ${shape.identity})::regclass) as value`.execute(db)
    counters.set(shape.name, Number(rows[0]?.value ?? 0))
  }
  return counters
}

/** New rows on the target continue after the copied ids (and after any the source had used and deleted). */
async function writeCounters(
  db: Db,
  engine: RegistryEngine,
  shapes: readonly TableShape[],
  counters: ReadonlyMap<string, number>,
): Promise<void> {
  for (const shape of shapes) {
    if (shape.identity === null) continue
    const {rows} = await sql<{n: number | null}>`select max(${sql.id(shape.identity)}) as n
      from ${sql.table(shape.name)}`.execute(db)
    const next = Math.max(Number(rows[0]?.n ?? 0), counters.get(shape.name) ?? 0)
    if (engine === 'postgres') {
      const sequence = sql`pg_get_serial_sequence(${quoted(shape.name)}, ${shape.identity})`
      await (
        next >= 1 ? sql`select setval(${sequence}, ${next}, true)` : sql`select setval(${sequence}, 1, false)`
      ).execute(db)
    } else {
      await sql`delete from sqlite_sequence where name = ${shape.name}`.execute(db)
      if (next >= 1) await sql`insert into sqlite_sequence (name, seq) values (${shape.name}, ${next})`.execute(db)
    }
  }
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
