import {createHash} from 'node:crypto'
import {existsSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {parse} from 'csv-parse/sync'

let root: string | undefined

/**
 * The folder holding broker's package.json and data/: found by walking up from this module,
 * which may run from src/ (tests), dist/ or a bundled command under dist/.
 */
export function packageRoot(): string {
  if (root === undefined) {
    let folder = dirname(fileURLToPath(import.meta.url))
    while (!existsSync(join(folder, 'package.json')) || !existsSync(join(folder, 'data'))) {
      const parent = dirname(folder)
      if (parent === folder) throw new Error('cannot find the broker package folder (package.json beside data/)')
      folder = parent
    }
    root = folder
  }
  return root
}

let version: string | undefined

/** broker's own version, from its package.json. */
export function brokerVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {version: string}).version
  return version
}

export function dataFilePath(name: string): string {
  return join(packageRoot(), 'data', name)
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
  const rows = parse<Record<string, string>>(text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    comment: '#',
    comment_no_infix: true,
  })
  const loaded = {rows, sha256: createHash('sha256').update(text).digest('hex')}
  cache.set(name, loaded)
  return loaded
}
