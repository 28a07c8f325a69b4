// Matching benchmarks (issue 4). Prints numbers; asserts nothing. Run after `npm run build`:
//   npx tsx bench/match.ts
// 1. national: the real school list, 10,000 generated leaders, 2,000 open needs. The whole
//    `broker match --json` process (start to JSON written), optimal and greedy, with the LP bound,
//    the proven gap and the solver's work; then one need (`--need N`) as a fresh process.
// 2. tight capacity, regional: the North East only, few leaders with few days, many needs.
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {MatchResult} from '../src/commands/match.js'
import {type GenerateOptions, generate} from './generate-national.js'
import {brokerJson, buildRegistry, NATIONAL_SCHOOLS} from './registry.js'

if (!existsSync(NATIONAL_SCHOOLS)) {
  console.log(`No national school list at ${NATIONAL_SCHOOLS}: nothing to measure.`)
  process.exit(0)
}
const dir = mkdtempSync(join(tmpdir(), 'broker-bench-match-'))

interface Run {
  seconds: number
  report: MatchResult
}

const broker = (db: string, args: string[]): Run => brokerJson<MatchResult>(db, args)
const registryWith = (name: string, options: GenerateOptions) => buildRegistry(dir, name, generate(options))

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
