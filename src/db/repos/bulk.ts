import type {Compilable, CompiledQuery, Kysely} from 'kysely'

import {chunks} from '../codec.js'

/**
 * Multi-row writes that compile their SQL once. Kysely builds and compiles a 400-row INSERT
 * afresh for every batch, which costs more than SQLite's own work on a bulk import; the SQL of
 * same-sized batches is identical, so the statement compiled for the first batch is reused with
 * the next batch's values bound in the same (row, column) order. Every row must have the same
 * keys. The first batch checks that the binding order matches what kysely compiled.
 */
export async function writeInBatches<DB, Row extends object>(
  db: Kysely<DB>,
  rows: readonly Row[],
  batchSize: number,
  build: (batch: Row[]) => Compilable<unknown>,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!) as (keyof Row)[]
  const bind = (batch: readonly Row[]) => {
    const parameters: unknown[] = new Array(batch.length * columns.length)
    let index = 0
    for (const row of batch) {
      if (Object.keys(row).length !== columns.length) throw new Error('writeInBatches: rows differ in their keys')
      for (const column of columns) parameters[index++] = row[column] ?? null
    }
    return parameters
  }
  let compiled: CompiledQuery<unknown> | undefined
  let compiledSize = 0
  let done = 0
  for (const batch of chunks(rows, batchSize)) {
    onProgress?.(done, rows.length)
    done += batch.length
    if (compiled === undefined || batch.length !== compiledSize) {
      compiled = build(batch).compile()
      compiledSize = batch.length
      const expected = bind(batch)
      if (
        compiled.parameters.length !== expected.length ||
        compiled.parameters.some((value, index) => value !== expected[index])
      ) {
        throw new Error('writeInBatches: the compiled statement binds values in another order than the rows')
      }
      await db.executeQuery(compiled)
      continue
    }
    await db.executeQuery({...compiled, parameters: bind(batch)})
  }
}
