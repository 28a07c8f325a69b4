// Match speed where capacity is tight (issue 13, item 3). Prints numbers; asserts nothing.
// Run after `npm run build`:
//   npx tsx bench/match-speed.ts [--keep bench/out/tight-hub.db] [--skip-national]
// 1. tight hub scale: the real school list, ~640 generated leaders with 3-15 released days in
//    London, the South East and the East of England, ~400 needs there, demand about equal to the
//    days that can reach it. `broker match --json` as a fresh process, start to JSON written, at
//    the default gap, with --exact, and with --priority strict. Then the same model handed to HiGHS
//    alone (one thread) in this process, to the optimum and to a 0.5% gap, to compare.
// 2. national (bench/match.ts's registry): the whole match, and one need.
import {spawnSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {parse} from 'csv-parse/sync'

import type {MatchResult} from '../src/commands/match.js'
import {type AssignmentProblem, assign, columnsFrom} from '../src/core/match/assign.js'
import {buildModel, buildRows} from '../src/core/match/rows.js'
import {loadHighsSolver} from '../src/services/solver.js'
import {generate, NATIONAL_SCHOOLS} from './generate-national.js'
import {seededRandom} from './random.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
if (!existsSync(NATIONAL_SCHOOLS)) {
  console.log(`No national school list at ${NATIONAL_SCHOOLS}: nothing to measure.`)
  process.exit(0)
}
const option = (name: string) => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? undefined : (process.argv[index + 1] ?? '')
}
const dir = mkdtempSync(join(tmpdir(), 'broker-bench-speed-'))
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

type Cell = string | number
const csv = (rows: readonly (readonly Cell[])[]) =>
  rows
    .map((row) =>
      row
        .map((value) => {
          const text = String(value)
          return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
        })
        .join(','),
    )
    .join('\n') + '\n'
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
const PHASE: Record<string, string> = {
  'State-funded primary': 'Primary',
  'State-funded secondary': 'Secondary',
  'State-funded special school': 'Not applicable',
}
const HUB_REGIONS = new Set(['London', 'South East', 'East of England'])
/** Few areas, so that each need has a few dozen leaders within reach (about 11,000 pairs in all). */
const AREAS = ['Maths', 'English', 'Phonics', 'SEND', 'Science', 'Behaviour', 'Attendance', 'Curriculum leadership']

/**
 * The tight hub: deterministic (seeded), over the real schools of three regions. Leaders release
 * 3-15 days; needs ask for 2-10 days each; the days asked for are about the days released.
 */
export function tightHub(): {leaders: Cell[][]; needs: Cell[][]} {
  const {random, choose} = seededRandom(1313)
  const rows = parse<Record<string, string>>(readFileSync(NATIONAL_SCHOOLS, 'utf8'), {columns: true})
  const schools = rows.filter(
    (row) => PHASE[row.census_school_type_2019!] && row.latitude && HUB_REGIONS.has(row.region_name!),
  )
  const leaders: Cell[][] = []
  for (let index = 1; index <= 640; index += 1) {
    const home = choose(schools)
    const roll = random()
    const designation = roll < 0.7 ? 'SLE' : roll < 0.9 ? 'NLE' : 'LLE'
    const areas =
      designation === 'SLE'
        ? [...new Set([choose(AREAS), ...(random() < 0.5 ? [choose(AREAS)] : [])])].join('; ')
        : choose(['Leadership; School improvement', 'Leadership; Headteacher support'])
    leaders.push([
      designation,
      `HUB-${String(index).padStart(4, '0')}`,
      `Leader ${index}`,
      `hub${index}@example.sch.uk`,
      home.urn!,
      areas,
      PHASE[home.census_school_type_2019!]!,
      choose([3, 4, 5, 6.5, 8, 10, 12, 15]),
      '2024-09-01',
      '2028-08-31',
      'Active',
    ])
  }
  const needs: Cell[][] = []
  const byDisadvantage = [...schools]
    .sort((a, b) => Number(b.pct_fsm_ever_2019 || 0) - Number(a.pct_fsm_ever_2019 || 0))
    .slice(0, 1200)
  for (let index = 1; index <= 400; index += 1) {
    const school = choose(byDisadvantage)
    const leadership = random() < 0.25
    needs.push([
      `HUB-REQ-${String(index).padStart(4, '0')}`,
      school.urn!,
      leadership ? choose(['Leadership', 'School improvement']) : choose(AREAS),
      leadership ? 'Leadership' : 'Specialist',
      '',
      choose([4, 5, 6, 8, 10, 12, 15]),
      '2027-01-04',
      '2027-07-16',
      choose(['High', 'Medium', 'Medium', 'Low']),
      random() < 0.1 ? 'Remote' : 'In person',
      '',
    ])
  }
  return {leaders, needs}
}

function registry(name: string, data: {leaders: Cell[][]; needs: Cell[][]}): string {
  const db = join(dir, `${name}.db`)
  const leadersFile = join(dir, `${name}-leaders.csv`)
  const needsFile = join(dir, `${name}-needs.csv`)
  writeFileSync(leadersFile, csv([LEADER_HEADER, ...data.leaders]))
  writeFileSync(needsFile, csv([NEED_HEADER, ...data.needs]))
  broker(db, ['init'])
  broker(db, ['schools', 'import', NATIONAL_SCHOOLS])
  broker(db, ['leaders', 'import', leadersFile, '--accept-fuzzy'])
  broker(db, ['needs', 'import', needsFile, '--accept-fuzzy'])
  return db
}

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
    columns: columnsFrom(
      entries.flatMap((entry) =>
        entry.candidates!.map((candidate) => ({
          needIndex: needIndex.get(entry.needId)!,
          leaderIndex: leaderIndex.get(candidate.leader.ref)!,
          score: candidate.score,
          tieRank: needIndex.get(entry.needId)! * 100_000 + leaderIndex.get(candidate.leader.ref)!,
        })),
      ),
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
  console.log('tight hub scale: real schools of London, the South East and the East; 640 leaders, 400 needs')
  const kept = option('keep')
  const hub = kept && existsSync(kept) ? kept : registry('hub', tightHub())
  if (kept && hub !== kept) copyFileSync(hub, kept)
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
    const national = registry('national', generate({leaders: 10_000, needs: 2_000, region: null, daysScale: 1}))
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
