import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import {parse} from 'csv-parse/sync'

let version: string | undefined

/** broker's own version, from package.json beside `src/` and `dist/`. */
export function brokerVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string}).version
  return version
}

export function dataFilePath(name: string): string {
  return fileURLToPath(new URL(name, new URL('../data/', import.meta.url)))
}

export interface DataCsv {
  rows: Record<string, string>[]
  sha256: string
}

const cache = new Map<string, DataCsv>()

/** Reads one of our own reference CSVs (UTF-8, header row) once per process. */
export function readDataCsv(name: string): DataCsv {
  const cached = cache.get(name)
  if (cached) return cached
  const text = readFileSync(dataFilePath(name), 'utf8')
  const rows = parse(text, {columns: true, skip_empty_lines: true, trim: true, comment: '#', comment_no_infix: true}) as Record<string, string>[]
  const loaded = {rows, sha256: createHash('sha256').update(text).digest('hex')}
  cache.set(name, loaded)
  return loaded
}
