// What the benches share to build a registry as a user would: the layouts of a designation list
// and a needs batch, CSV writing, and the built CLI run as a fresh, timed process.
import {spawnSync} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {LEADER_HEADER} from '../test/helpers/imports.js'
import {NATIONAL_SCHOOLS} from '../test/helpers/real-schools.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

export {LEADER_HEADER, NATIONAL_SCHOOLS}

export type Cell = string | number

export const NEED_HEADER = [
  'Reference',
  'URN',
  'Needs',
  'Support type',
  'Team size',
  'Days',
  'Window start',
  'Window end',
  'Priority',
  'Delivery mode',
  'Notes',
] as const

export function csv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cell = (value: Cell) => {
    const text = String(value)
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n'
}

/** Runs the built CLI on a registry as a fresh process; throws with its stderr when it fails. */
export function brokerCli(db: string, args: readonly string[]): {seconds: number; stdout: string} {
  const started = performance.now()
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'run.js'), ...args], {
    env: {...process.env, BROKER_DB: db, BROKER_TODAY: '2026-12-01'},
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  })
  const seconds = (performance.now() - started) / 1000
  if (result.status !== 0)
    throw new Error(`broker ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 2000)}`)
  return {seconds, stdout: result.stdout}
}

/** `brokerCli` with `--json`, its output parsed as the command's result type. */
export function brokerJson<Result>(db: string, args: readonly string[]): {seconds: number; report: Result} {
  const {seconds, stdout} = brokerCli(db, [...args, '--json'])
  return {seconds, report: JSON.parse(stdout) as Result}
}

/**
 * A registry at `dir/NAME.db` built through the importers: the national school list, then the
 * leaders and needs written as a designation list and a needs batch.
 */
export function buildRegistry(
  dir: string,
  name: string,
  rows: {leaders: readonly (readonly Cell[])[]; needs: readonly (readonly Cell[])[]},
): string {
  mkdirSync(dir, {recursive: true})
  const db = join(dir, `${name}.db`)
  const leadersFile = join(dir, `${name}-leaders.csv`)
  const needsFile = join(dir, `${name}-needs.csv`)
  writeFileSync(leadersFile, csv(LEADER_HEADER, rows.leaders))
  writeFileSync(needsFile, csv(NEED_HEADER, rows.needs))
  brokerJson(db, ['init'])
  brokerJson(db, ['schools', 'import', NATIONAL_SCHOOLS])
  brokerJson(db, ['leaders', 'import', leadersFile, '--accept-fuzzy'])
  brokerJson(db, ['needs', 'import', needsFile, '--accept-fuzzy'])
  return db
}
