// Match speed where capacity is tight (issue 13, item 3). Prints numbers; asserts nothing.
// Run after `npm run build`:
//   npx tsx bench/match-speed.ts [--keep bench/out/tight-hub.db] [--skip-national]
// 1. tight hub scale: bench/tight-hub.ts's registry (the real school list, 640 generated leaders
//    with 3-15 released days in London, the South East and the East of England, 400 needs there). `broker match --json` as a fresh process, start to JSON written, at
//    the default gap, with --exact, and with --priority strict. Then the same model handed to HiGHS
//    alone (one thread) in this process, to the optimum and to a 0.5% gap, to compare.
// 2. national (bench/match.ts's registry): the whole match, and one need.
import {copyFileSync, existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {MatchResult} from '../src/commands/match.js'
import {type AssignmentProblem, assign, columnsFrom} from '../src/core/match/assign.js'
import {buildModel, buildRows} from '../src/core/match/rows.js'
import {loadHighsSolver} from '../src/services/solver.js'
import {generate} from './generate-national.js'
import {brokerJson, buildRegistry, NATIONAL_SCHOOLS} from './registry.js'
import {buildTightHub} from './tight-hub.js'

if (!existsSync(NATIONAL_SCHOOLS)) {
  console.log(`No national school list at ${NATIONAL_SCHOOLS}: nothing to measure.`)
  process.exit(0)
}
const option = (name: string) => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? undefined : (process.argv[index + 1] ?? '')
}
const dir = mkdtempSync(join(tmpdir(), 'broker-bench-speed-'))

interface Run {
  seconds: number
  report: MatchResult
}

const broker = (db: string, args: string[]): Run => brokerJson<MatchResult>(db, args)

function describe(label: string, run: Run): void {
  const {totals} = run.report
  const solver = totals.solver
  const stages = totals.priorityStages
    ? `   strict: ${totals.priorityStages.map((stage) => `${stage.matched}/${stage.needs} ${stage.priority}`).join(', ')}`
    : ''
  console.log(
    `${label.padEnd(22)} ${run.seconds.toFixed(2)} s start to JSON (solver ${solver.seconds.toFixed(2)} s, ${solver.status}); ` +
      `matched ${totals.matched}/${totals.needs}; score ${totals.score.toFixed(4)}; LP bound ${totals.lpBound.toFixed(4)}; ` +
      `proven bound ${totals.upperBound.toFixed(4)}; gap ${(totals.gap * 100).toFixed(3)}%${stages}`,
  )
  console.log(
    `${''.padEnd(22)} ${totals.candidatePairs} pairs (${totals.vetoedPairs} vetoed); LP ${solver.lpColumns} columns, ${solver.pricingRounds} rounds; MIP ${solver.mipColumns} columns`,
  )
}

/** The plan's model from --with-candidates, as the CLI test re-solves it. */
function problemOf(report: MatchResult): AssignmentProblem {
  const entries = [...report.proposals, ...report.unmatched].sort((a, b) => a.needId - b.needId)
  const needIndex = new Map(entries.map((entry, index) => [entry.needId, index]))
  const leaderIndex = new Map(report.leaders!.map((leader, index) => [leader.ref, index]))
  return {
    needs: entries.map((entry) => ({
      charge: Object.entries(entry.constraints!.daysByYear).map(([year, days]) => [Number(year), days * 2] as const),
      teamId: entry.constraints!.teamNeedId,
    })),
    leaders: report.leaders!.map((leader) => ({
      free: new Map(Object.entries(leader.freeDays).map(([year, days]) => [Number(year), days * 2])),
    })),
    // Tie ranks run below the column count, as the engine's do (rows.ts tieBonusOf): the order of
    // the pairs here, by need and then by the need's candidate order.
    columns: columnsFrom(
      entries
        .flatMap((entry) =>
          entry.candidates!.map((candidate) => ({
            needIndex: needIndex.get(entry.needId)!,
            leaderIndex: leaderIndex.get(candidate.leader.ref)!,
            score: candidate.score,
          })),
        )
        .map((column, tieRank) => ({...column, tieRank})),
    ),
    pinned: new Set(),
    maxNewPerLeader: null,
  }
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1e6
}

/** The same model, in this process: our assignment, then HiGHS alone given every pair (one thread). */
async function againstHighs(hub: string): Promise<void> {
  const problem = problemOf(broker(hub, ['match', '--strategy', 'greedy', '--with-candidates']).report)
  const solver = await loadHighsSolver()
  const limit = Number(option('highs-limit') ?? 300)
  console.log(`\nthe same model in this process (${problem.columns.count} pairs); HiGHS safety limit ${limit} s`)
  for (const exact of [false, true]) {
    const wall = performance.now()
    const cpu = process.cpuUsage()
    const result = await assign(
      problem,
      {strategy: 'optimal', topK: 12, timeLimitSeconds: limit, exact},
      loadHighsSolver,
    )
    console.log(
      `assign${exact ? ' --exact' : ''}`.padEnd(22) +
        ` ${((performance.now() - wall) / 1000).toFixed(2)} s wall, ${cpuSeconds(cpu).toFixed(2)} s CPU; score ${result.score.toFixed(4)}; ` +
        `bound ${result.upperBound.toFixed(4)} (LP ${result.lpBound.toFixed(4)}, Lagrangian ${result.solver.lagrangianBound ?? '-'}); gap ${(result.gap * 100).toFixed(3)}%; ${result.solver.status}; MIP columns ${result.solver.mipColumns}`,
    )
  }
  const all = Array.from({length: problem.columns.count}, (_, column) => column)
  const model = buildModel(problem, buildRows(problem), all)
  for (const relativeGap of [0.005, 1e-9]) {
    const wall = performance.now()
    const cpu = process.cpuUsage()
    const mip = solver.mip(model, {timeLimitSeconds: limit, relativeGap, absoluteGap: 1e-6})
    console.log(
      `HiGHS alone, gap ${relativeGap === 0.005 ? '0.5%' : '1e-9'}`.padEnd(22) +
        ` ${((performance.now() - wall) / 1000).toFixed(2)} s wall, ${cpuSeconds(cpu).toFixed(2)} s CPU; objective ${mip.objective?.toFixed(4)}; bound ${mip.bound.toFixed(4)}; ${mip.status}`,
    )
  }
}

try {
  const kept = option('keep')
  let hub = kept
  if (!hub || !existsSync(hub)) {
    const {db, rows} = buildTightHub(dir)
    console.log(
      `tight hub (bench/tight-hub.ts): ${rows.leaders.length} leaders offering ${rows.daysOffered} days, ${rows.needs.length} needs asking ${rows.daysAsked} days`,
    )
    if (kept) copyFileSync(db, kept)
    hub = db
  }
  const plans: string[] = []
  for (const [label, args] of [
    ['default', ['match']],
    ['default, again', ['match']],
    ['--exact', ['match', '--exact']],
    ['--priority strict', ['match', '--priority', 'strict']],
  ] as const) {
    const run = broker(hub, [...args])
    describe(label, run)
    plans.push(JSON.stringify(run.report.proposals.map((proposal) => [proposal.needId, proposal.leader.id])))
  }
  console.log(`same plan on the second run: ${plans[0] === plans[1] ? 'yes' : 'NO'}`)
  await againstHighs(hub)

  if (!process.argv.includes('--skip-national')) {
    console.log('\nnational: 27k real schools, 10,000 generated leaders, 2,000 open needs (as bench/match.ts)')
    const national = buildRegistry(
      dir,
      'national',
      generate({leaders: 10_000, needs: 2_000, region: null, daysScale: 1}),
    )
    const optimal = broker(national, ['match'])
    describe('default', optimal)
    const oneNeed = optimal.report.proposals[0]?.needId ?? optimal.report.unmatched[0]?.needId
    const single: number[] = []
    for (let run = 0; run < 7; run += 1) single.push(broker(national, ['match', '--need', String(oneNeed)]).seconds)
    single.sort((a, b) => a - b)
    console.log(
      `one need (--need ${oneNeed}), start to JSON: median ${single[3]!.toFixed(3)} s, best ${single[0]!.toFixed(3)} s`,
    )
  }
} finally {
  rmSync(dir, {recursive: true, force: true})
}
