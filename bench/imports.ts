// Import benchmarks (issue 3). Prints numbers; asserts nothing. Run after `npm run build`:
//   npx tsx bench/imports.ts [path/to/schools_england_open_joined.csv]
// 1. the national school list end to end: `broker schools import` as a fresh process, first import
//    and re-import (process start to exit);
// 2. the write phase in-process (from the importer's progress events) against a bare
//    better-sqlite3 prepared-statement insert of the same rows into the same schema, one transaction;
// 3. 10,000 generated leaders (a hub designation list) end to end, first import and re-import.
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import Database from 'better-sqlite3'

import {Registry} from '../src/db/registry.js'
import {importSchools} from '../src/services/import-schools.js'
import type {ImportReport} from '../src/services/import.js'
import {sharedData} from '../test/helpers/shared-data-folder.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const NATIONAL = process.argv[2] ?? sharedData('real', 'schools_england_open_joined.csv')
if (!existsSync(NATIONAL)) {
  console.log(`No national list at ${NATIONAL}: pass its path as the first argument.`)
  process.exit(0)
}
const dir = mkdtempSync(join(tmpdir(), 'broker-bench-'))
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

function cli(args: string[], db: string): {elapsed: number; report: ImportReport<unknown>} {
  const started = performance.now()
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'run.js'), ...args, '--json'], {
    env: {...process.env, BROKER_DB: db, BROKER_TODAY: '2026-12-01'},
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  })
  const elapsed = performance.now() - started
  if (result.status !== 0) throw new Error(`broker ${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  return {elapsed, report: JSON.parse(result.stdout) as ImportReport<unknown>}
}

// ---- 1. national list, end to end --------------------------------------------------------------
const cliDb = join(dir, 'cli.db')
cli(['init'], cliDb)
const first = cli(['schools', 'import', NATIONAL], cliDb)
const again = cli(['schools', 'import', NATIONAL], cliDb)
console.log(`national school list (${first.report.counts.rows} rows, ${first.report.counts.insert} state-funded kept)`)
console.log(`  end to end, first import : ${seconds(first.elapsed)}   (target < 5 s)`)
console.log(`  end to end, re-import    : ${seconds(again.elapsed)}   (${again.report.counts.unchanged} unchanged)`)

// ---- 2. write phase against a bare prepared insert ---------------------------------------------
// Best of three of each, so that a busy moment on a shared machine does not decide the ratio.
const RUNS = 3
const dropSchoolTriggers = (database: Database.Database) => {
  for (const {name} of database
    .prepare("select name from sqlite_master where type = 'trigger' and tbl_name = 'schools'")
    .all() as {name: string}[])
    database.exec(`drop trigger "${name}"`)
}
type Phase = 'read' | 'validate' | 'plan' | 'write'
const phaseRuns: Record<Phase, number>[] = []
const rawWrites: number[] = []
let registryPath = ''
for (let run = 0; run < RUNS * 2; run += 1) {
  // Odd runs: the same import into a registry whose schools triggers (the search index) are dropped.
  const raw = run % 2 === 1
  registryPath = join(dir, `phases-${run}.db`)
  const registry = await Registry.open(registryPath, {create: true})
  if (raw) dropSchoolTriggers(registry.database)
  const marks: {step: string; at: number}[] = []
  const startedAt = performance.now()
  await importSchools(
    {registry, actor: 'bench', today: '2026-12-01'},
    {file: NATIONAL, onProgress: (step) => marks.push({step, at: performance.now()})},
  )
  const finishedAt = performance.now()
  await registry.close()
  const firstOf = (step: string) => marks.find((mark) => mark.step === step)?.at ?? startedAt
  const lastOf = (step: string) => marks.filter((mark) => mark.step === step).at(-1)?.at ?? finishedAt
  if (raw) {
    rawWrites.push(lastOf('writing') - firstOf('writing'))
    continue
  }
  phaseRuns.push({
    read: firstOf('checking') - startedAt,
    validate: firstOf('planning') - firstOf('checking'),
    plan: firstOf('writing') - firstOf('planning'),
    write: lastOf('writing') - firstOf('writing'),
  })
}
const best = (key: Phase) => Math.min(...phaseRuns.map((run) => run[key]))
console.log(`  in-process phases (first import, best of ${RUNS}):`)
console.log(`    read + decode + parse  : ${seconds(best('read'))}`)
console.log(`    map + validate rows    : ${seconds(best('validate'))}`)
console.log(`    plan against registry  : ${seconds(best('plan'))}`)
console.log(`    write (upserts, trusts): ${seconds(best('write'))}`)

// The same rows, as the importer wrote them, through one bare prepared statement.
const written = new Database(registryPath, {readonly: true})
type Row = Record<string, string | number | null>
const importRun = (written.prepare('select max(last_import_id) as id from schools').get() as {id: number}).id
const rows = written.prepare('select * from schools where last_import_id = ?').all(importRun) as Row[]
written.close()
const columns = Object.keys(rows[0]!).filter(
  (column) => rows.some((row) => row[column] !== null) || column === 'closed_on',
)
// Twice: into the registry's own schema (with whatever triggers it has, such as the search index),
// and into the same tables with the triggers dropped, the raw cost of the rows themselves.
const bareInsert = async (withTriggers: boolean) => {
  const times: number[] = []
  for (let run = 0; run < RUNS; run += 1) {
    const barePath = join(dir, `bare-${withTriggers}-${run}.db`)
    await (await Registry.open(barePath, {create: true})).close()
    const bare = new Database(barePath)
    bare.pragma('journal_mode = wal')
    bare.pragma('synchronous = full')
    if (!withTriggers) dropSchoolTriggers(bare)
    const insert = bare.prepare(
      `insert into schools (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
    )
    const started = performance.now()
    bare.transaction(() => {
      for (const row of rows) insert.run(columns.map((column) => row[column]))
    })()
    times.push(performance.now() - started)
    bare.close()
  }
  return Math.min(...times)
}
const triggerCount = (() => {
  const database = new Database(join(dir, 'phases-0.db'), {readonly: true})
  const count = database
    .prepare("select count(*) as n from sqlite_master where type = 'trigger' and tbl_name = 'schools'")
    .get() as {n: number}
  database.close()
  return count.n
})()
const bareMs = await bareInsert(true)
const rawMs = await bareInsert(false)
const rate = (ms: number) => `${Math.round(rows.length / (ms / 1000)).toLocaleString('en-GB')} rows/s`
console.log(
  `    bare prepared insert, registry schema (${triggerCount} triggers on schools): ${seconds(bareMs)} (${rate(bareMs)})`,
)
console.log(`    bare prepared insert, triggers dropped : ${seconds(rawMs)} (${rate(rawMs)})`)
console.log(`    write phase / bare, registry schema    : ${(best('write') / bareMs).toFixed(2)}x   (target <= 3x)`)
console.log(`    write phase, triggers dropped          : ${seconds(Math.min(...rawWrites))}`)
console.log(
  `    write phase / bare, triggers dropped   : ${(Math.min(...rawWrites) / rawMs).toFixed(2)}x   (like for like without the search index)`,
)

// ---- 3. 10,000 generated leaders ---------------------------------------------------------------
const urns = rows.map((row) => row.urn)
const areas = [
  'Mathematics',
  'Reading / Phonics',
  'SEND',
  'Science',
  'EYFS',
  'Behaviour & attendance',
  'Leadership of CPD',
  'maths (primary)',
  'ICT',
  'Governance',
]
const kinds = ['SLE', 'SLE', 'SLE', 'NLE', 'NLG', 'LLE']
const lines = [
  'Designation type,Ref,Full name,Email address,Home school URN,Areas of expertise,Phase,Days offered 2026/27,Date designated,Review due,Status',
]
for (let index = 0; index < 10_000; index += 1) {
  const urn = urns[(index * 7919) % urns.length]
  lines.push(
    [
      kinds[index % kinds.length],
      `B-${String(index).padStart(5, '0')}`,
      `Leader ${index}`,
      `leader${index}@example.sch.uk`,
      urn,
      `"${areas[index % areas.length]}; ${areas[(index * 3 + 1) % areas.length]}"`,
      index % 2 ? 'Primary' : 'Secondary',
      [5, 6.5, 10, 15, 20][index % 5],
      `${(index % 28) + 1}/0${(index % 9) + 1}/2024`,
      index % 3 ? '2028-08-31' : '',
      'Active',
    ].join(','),
  )
}
const leadersFile = join(dir, 'leaders-10k.csv')
writeFileSync(leadersFile, `${lines.join('\n')}\n`)
const leadersFirst = cli(['leaders', 'import', leadersFile], cliDb)
const leadersAgain = cli(['leaders', 'import', leadersFile], cliDb)
console.log(`10,000 generated leaders`)
console.log(
  `  end to end, first import : ${seconds(leadersFirst.elapsed)}   (${leadersFirst.report.counts.insert} designations inserted)`,
)
console.log(
  `  end to end, re-import    : ${seconds(leadersAgain.elapsed)}   (${leadersAgain.report.counts.unchanged} unchanged)`,
)

rmSync(dir, {recursive: true, force: true})
