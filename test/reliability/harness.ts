import {spawn} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {performance} from 'node:perf_hooks'

import Database from 'better-sqlite3'
import {expect} from 'vitest'

import {Registry} from '../../src/db/registry.js'
import {BIN, type CliResult, REPO_ROOT, tempDir, type TempDir} from '../helpers/cli.js'
import {type PersonFixture, seedPerson} from '../helpers/person.js'
import {copyRegistry} from '../helpers/registry.js'

export {copyRegistry}

/**
 * Fault injection for the reliability suite: real processes killed with SIGKILL, real SQLite
 * files inspected afterwards. "Nothing lost" is `expectNothingLost`: integrity_check ok, no
 * broken foreign keys, and the data equal to the state before or the state after, never between.
 */

export interface Health {
  integrity: string
  foreignKeyProblems: number
}

function withDatabase<T>(path: string, read: (database: Database.Database) => T): T {
  // Opening read-write lets SQLite recover a write-ahead log a killed process left, as the next
  // broker command would.
  const database = new Database(path, {fileMustExist: true, timeout: 10_000})
  try {
    return read(database)
  } finally {
    database.close()
  }
}

export function health(path: string): Health {
  return withDatabase(path, (database) => ({
    integrity: String(database.pragma('integrity_check', {simple: true})),
    foreignKeyProblems: (database.pragma('foreign_key_check') as unknown[]).length,
  }))
}

const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g

/**
 * Every row of every table (virtual-table internals aside), rows sorted, instants blanked: two
 * registries with the same dump hold the same data.
 */
export function dump(
  path: string,
  options: {leaveOut?: (table: string, row: Record<string, unknown>) => boolean} = {},
): Record<string, string[]> {
  return withDatabase(path, (database) => {
    const tables = database
      .prepare("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .all() as {name: string; sql: string}[]
    const virtual = tables.filter((table) => /^create virtual table/i.test(table.sql)).map((table) => table.name)
    const result: Record<string, string[]> = {}
    for (const {name} of tables) {
      if (virtual.some((owner) => name === owner || name.startsWith(`${owner}_`))) continue
      const rows = database.prepare(`select * from "${name}"`).all() as Record<string, unknown>[]
      result[name] = rows
        .filter((row) => !options.leaveOut?.(name, row))
        .map((row) => JSON.stringify(row).replace(INSTANT, '<instant>'))
        .sort()
    }
    return result
  })
}

/** integrity_check ok, foreign keys intact, and the data exactly one of the allowed states. */
export function expectNothingLost(
  path: string,
  states: Record<string, Record<string, string[]>>,
  options: Parameters<typeof dump>[1] = {},
): string {
  expect(health(path)).toEqual({integrity: 'ok', foreignKeyProblems: 0})
  const now = dump(path, options)
  const matching = Object.entries(states).find(([, state]) => JSON.stringify(state) === JSON.stringify(now))
  if (!matching) {
    const [firstName, first] = Object.entries(states)[0]!
    const differing = Object.keys({...first, ...now}).filter(
      (table) => JSON.stringify(first[table]) !== JSON.stringify(now[table]),
    )
    expect.fail(
      `the registry is in none of the states ${Object.keys(states).join(', ')}; against ${firstName} these tables differ: ${differing.join(', ')}`,
    )
  }
  return matching[0]
}

export interface SeededTemplate {
  dir: TempDir
  /** A closed registry holding a small hub and one person with a full history (helpers/person). */
  template: string
  person: PersonFixture
  /** A copy of the template at `name` in the folder, to break. */
  fresh(name: string): string
}

export async function seededTemplate(prefix: string): Promise<SeededTemplate> {
  const dir = tempDir(prefix)
  const template = dir.file('template.db')
  const registry = await Registry.open(template, {create: true})
  const person = await seedPerson({registry, actor: 'tester', today: '2026-12-01'}, dir.path)
  await registry.close()
  return {
    dir,
    template,
    person,
    fresh(name) {
      copyRegistry(template, dir.file(name))
      return dir.file(name)
    },
  }
}

export interface KilledRun {
  /** True when SIGKILL ended it; false when it finished first. */
  killed: boolean
  status: number | null
  stdout: string
  stderr: string
}

/** Runs the built CLI and kills it with SIGKILL after `delayMs` (if it is still running). */
export function runAndKill(args: readonly string[], env: Record<string, string>, delayMs: number): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {cwd: REPO_ROOT, env: cliEnv(env)})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs)
    child.on('error', reject)
    child.on('close', (status, signal) => {
      clearTimeout(timer)
      resolve({killed: signal === 'SIGKILL', status, stdout, stderr})
    })
    child.stdin.end()
  })
}

/** How long a run takes here, to spread kill moments across its whole life. */
export async function timeRun(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ms: number; result: CliResult}> {
  const started = performance.now()
  const run = await runAndKill(args, env, 600_000)
  return {ms: performance.now() - started, result: {status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr}}
}

export function cliEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const base: Record<string, string | undefined> = {...process.env, NO_COLOR: '1', FORCE_COLOR: '0'}
  delete base.BROKER_DB
  delete base.BROKER_TODAY
  delete base.BROKER_USER
  return {...base, ...env}
}

/**
 * Kill moments spread over [0, spanMs]: one per equal slice, at a random point within it, so
 * every phase of a run is hit. The seed is printed so a failure can be replayed.
 */
export function killMoments(
  count: number,
  spanMs: number,
  seed = Number(process.env.RELIABILITY_SEED ?? Date.now() % 100_000),
): number[] {
  let state = seed
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
  console.info(`kill moments: seed ${seed} (set RELIABILITY_SEED to replay)`)
  const slice = spanMs / count
  return Array.from({length: count}, (_, index) => Math.round(slice * (index + random())))
}

export function fileBytes(path: string): Buffer {
  return existsSync(path) ? readFileSync(path) : Buffer.alloc(0)
}

/** No stack trace: no "    at file.js:10:5" lines. */
export function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
}
