// Matching benchmarks (issue 4). Prints numbers; asserts nothing. Run after `npm run build`:
//   npx tsx bench/match.ts
// 1. national: the real school list, 10,000 generated leaders, 2,000 open needs. The whole
//    `broker match --json` process (start to JSON written), optimal and greedy, with the LP bound,
//    the proven gap and the solver's work; then one need (`--need N`) as a fresh process.
// 2. tight capacity, regional: the North East only, few leaders with few days, many needs.
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type {MatchResult} from '../src/commands/match.js'
import {type GenerateOptions, generate, NATIONAL_SCHOOLS} from './generate-national.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
if (!existsSync(NATIONAL_SCHOOLS)) {
  console.log(`No national school list at ${NATIONAL_SCHOOLS}: nothing to measure.`)
  process.exit(0)
}
const dir = mkdtempSync(join(tmpdir(), 'broker-bench-match-'))
const env = (db: string) => ({...process.env, BROKER_DB: db, BROKER_TODAY: '2026-12-01'})

interface Run {
  seconds: number
  report: MatchResult
}

function broker(db: string, args: string[]): Run {
  const started = performance.now()
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'run.js'), ...args, '--json'], {
    env: env(db),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  })
  const seconds = (performance.now() - started) / 1000
  if (result.status !== 0)
    throw new Error(`broker ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 2000)}`)
  return {seconds, report: JSON.parse(result.stdout) as MatchResult}
}

function csv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (value: string | number) => {
    const text = String(value)
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n'
}
const LEADER_HEADER = [
  'Designation type',
  'Ref',
  'Full name',
  'Email address',
  'Home school URN',
  'Areas of expertise',
  'Phase',
  'Days offered 2026/27',
  'Date designated',
  'Review due',
  'Status',
]
const NEED_HEADER = [
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
]

function registryWith(name: string, options: GenerateOptions): string {
  const db = join(dir, `${name}.db`)
  const {leaders, needs} = generate(options)
  const leadersFile = join(dir, `${name}-leaders.csv`)
  const needsFile = join(dir, `${name}-needs.csv`)
  writeFileSync(leadersFile, csv(LEADER_HEADER, leaders))
  writeFileSync(needsFile, csv(NEED_HEADER, needs))
  broker(db, ['init'])
  broker(db, ['schools', 'import', NATIONAL_SCHOOLS])
  broker(db, ['leaders', 'import', leadersFile, '--accept-fuzzy'])
  broker(db, ['needs', 'import', needsFile, '--accept-fuzzy'])
  return db
}

function describe(label: string, run: Run): void {
  const {totals} = run.report
  const solver = totals.solver
  console.log(`${label}`)
  console.log(
    `  process start to JSON : ${run.seconds.toFixed(2)} s   (solver ${solver.seconds.toFixed(2)} s, status ${solver.status})`,
  )
  console.log(`  matched               : ${totals.matched} of ${totals.needs} needs`)
  console.log(
    `  total score           : ${totals.score.toFixed(4)}   greedy ${totals.greedyScore.toFixed(4)} (${(((totals.score - totals.greedyScore) / totals.score) * 100).toFixed(2)}% below)`,
  )
  console.log(
    `  LP bound              : ${totals.lpBound.toFixed(4)}   proven upper bound ${totals.upperBound.toFixed(4)}   gap ${(totals.gap * 100).toFixed(3)}%`,
  )
  console.log(
    `  pairs                 : ${totals.candidatePairs} feasible, ${totals.vetoedPairs} vetoed; LP columns ${solver.lpColumns} after ${solver.pricingRounds} pricing rounds; MIP columns ${solver.mipColumns}`,
  )
}

try {
  console.log('national: 27k real schools, 10,000 generated leaders, 2,000 open needs')
  const national = registryWith('national', {leaders: 10_000, needs: 2_000, region: null, daysScale: 1})
  const optimal = broker(national, ['match'])
  describe('  optimal', optimal)
  const greedy = broker(national, ['match', '--strategy', 'greedy'])
  describe('  greedy', greedy)
  const oneNeed = optimal.report.proposals[0]?.needId ?? optimal.report.unmatched[0]?.needId
  const single: number[] = []
  for (let run = 0; run < 7; run += 1) single.push(broker(national, ['match', '--need', String(oneNeed)]).seconds)
  single.sort((a, b) => a - b)
  console.log(
    `  one need (--need ${oneNeed}), process start to JSON: median ${single[3]!.toFixed(3)} s, best ${single[0]!.toFixed(3)} s`,
  )

  console.log('\ntight capacity, regional: North East schools, 150 leaders at a third of the usual days, 400 needs')
  const tight = registryWith('tight', {leaders: 150, needs: 400, region: 'North East', daysScale: 0.33})
  describe('  optimal', broker(tight, ['match']))
  describe('  greedy', broker(tight, ['match', '--strategy', 'greedy']))
} finally {
  rmSync(dir, {recursive: true, force: true})
}
