// A tight hub-scale registry (issue 13) over the REAL school list (../shared/data/real): state
// schools in London, the South East and the East of England, about 640 leaders with 3–15 released
// days each and about 400 needs at the most disadvantaged of those schools, with the days offered
// roughly equal to the days asked for. Deterministic (seeded): every run builds the same registry.
//   npx tsx bench/tight-hub.ts [--runs 3] [--keep DIR] [--settings FILE]
// Builds the registry through the real importers, runs `broker match --json` as a fresh process
// (start to JSON written) and prints the timing, the proof and how many proposals cross the
// primary/secondary divide (leaders without experience of the school's phase).
//
// Other benches reuse it: `tightHubRows()` gives the CSV rows, `buildTightHub(dir)` a registry.
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {parse} from 'csv-parse/sync'

import type {MatchResult} from '../src/commands/match.js'
import {seededRandom} from './random.js'
import {brokerJson, buildRegistry, type Cell, NATIONAL_SCHOOLS} from './registry.js'

export const TIGHT_HUB_REGIONS = ['London', 'South East', 'East of England'] as const

/** The phase a leader's home school gives them, as a designation list writes it. */
const PHASE_WORD: Record<string, string> = {
  'State-funded primary': 'Primary',
  'State-funded secondary': 'Secondary',
  'State-funded special school': 'Special',
  'State-funded nursery': 'Early years',
  'Pupil referral unit': 'Alternative provision',
}
/** Areas an SLE in a school of this phase would hold; SEND and behaviour everywhere. */
const AREAS_BY_PHASE: Record<string, readonly string[]> = {
  Primary: [
    'Maths',
    'English',
    'Phonics',
    'Early years',
    'SEND',
    'Science',
    'Behaviour',
    'Attendance',
    'Assessment',
    'Curriculum leadership',
    'Leadership of CPD',
    'Closing the gap',
    'Music',
    'PE',
    'Computing',
    'RE',
    'PSHE',
  ],
  Secondary: [
    'Maths',
    'English',
    'SEND',
    'Science',
    'History',
    'Geography',
    'MFL',
    'Computing',
    'PE',
    'Behaviour',
    'Attendance',
    'Assessment',
    'Curriculum leadership',
    'Most able',
    'Closing the gap',
    'Drama',
    'Design and technology',
    'Art',
    'ITT',
    'School business management',
  ],
  Special: ['SEND', 'Behaviour', 'Attendance', 'Curriculum leadership', 'Leadership of CPD'],
  'Early years': ['Early years', 'Phonics', 'SEND'],
  'Alternative provision': ['Behaviour', 'Attendance', 'SEND', 'Closing the gap'],
}

export interface TightHubRows {
  leaders: Cell[][]
  needs: Cell[][]
  /** The phase word of each leader (by ref) and of each need's school (by reference). */
  leaderPhase: Map<string, string>
  needPhase: Map<string, string>
  /** Released days offered, and days asked for. */
  daysOffered: number
  daysAsked: number
}

export interface TightHubOptions {
  leaders?: number
  needs?: number
  seed?: number
}

/** The designation list and needs batch of the tight hub (header rows left out). */
export function tightHubRows({
  leaders: leaderCount = 640,
  needs: needCount = 400,
  seed = 1313,
}: TightHubOptions = {}): TightHubRows {
  const {random, choose} = seededRandom(seed)
  const chance = (p: number) => random() < p
  const rows = parse<Record<string, string>>(readFileSync(NATIONAL_SCHOOLS, 'utf8'), {columns: true})
  const regions: readonly string[] = TIGHT_HUB_REGIONS
  const schools = rows.filter(
    (row) => PHASE_WORD[row.census_school_type_2019!] && row.latitude && regions.includes(row.region_name!),
  )
  // Leaders work where the hub's needs are: their home schools are drawn from the more
  // disadvantaged half of the region's schools (the needs come from its most disadvantaged tenth).
  const byDisadvantage = [...schools].sort(
    (a, b) => Number(b.pct_fsm_ever_2019 || 0) - Number(a.pct_fsm_ever_2019 || 0) || Number(a.urn) - Number(b.urn),
  )
  const homes = byDisadvantage.slice(0, Math.floor(byDisadvantage.length / 2))
  const leaders: Cell[][] = []
  const leaderPhase = new Map<string, string>()
  let daysOffered = 0
  for (let index = 1; index <= leaderCount; index += 1) {
    const home = choose(homes)
    const phase = PHASE_WORD[home.census_school_type_2019!]!
    const roll = random()
    const designation = roll < 0.65 ? 'SLE' : roll < 0.8 ? 'NLE' : roll < 0.9 ? 'NLG' : 'LLE'
    const ownAreas = AREAS_BY_PHASE[phase]!
    const areas =
      designation === 'SLE'
        ? [...new Set(Array.from({length: 1 + Math.floor(random() * 3)}, () => choose(ownAreas)))].join('; ')
        : designation === 'NLG'
          ? chance(0.3)
            ? 'Governance; Financial health'
            : 'Governance'
          : designation === 'NLE'
            ? choose([
                'Leadership; School improvement',
                'Leadership; Pupil premium',
                'School improvement; Financial health',
              ])
            : choose(['Headteacher support', 'Leadership; Headteacher support'])
    // Most leaders know only their home school's phase; a few have worked in both.
    const phases =
      phase === 'Primary' || phase === 'Secondary' ? (chance(0.08) ? 'Primary and Secondary' : phase) : phase
    const days = 3 + Math.floor(random() * 25) / 2
    const ref = `HUB-${String(index).padStart(4, '0')}`
    leaderPhase.set(ref, phases)
    daysOffered += days
    leaders.push([
      designation,
      ref,
      `Hub Leader ${index}`,
      `hub.leader${index}@example.sch.uk`,
      home.urn!,
      areas,
      phases,
      days,
      '2024-09-01',
      chance(0.3) ? '' : '2028-08-31',
      'Active',
    ])
  }
  const pool = byDisadvantage.slice(0, needCount * 4)
  const needs: Cell[][] = []
  const needPhase = new Map<string, string>()
  let daysAsked = 0
  for (let index = 1; index <= needCount; index += 1) {
    const school = choose(pool)
    const phase = PHASE_WORD[school.census_school_type_2019!]!
    const roll = random()
    const [areas, type] =
      roll < 0.72
        ? [
            [
              ...new Set([choose(AREAS_BY_PHASE[phase]!), ...(chance(0.25) ? [choose(AREAS_BY_PHASE[phase]!)] : [])]),
            ].join('; '),
            'Specialist',
          ]
        : roll < 0.88
          ? [choose(['Leadership', 'Leadership; Pupil premium', 'School improvement']), 'Leadership']
          : [choose(['Governance review', 'Governance; Financial health']), 'Governance']
    // Needs ask for a term's worth of support or more, so that the days asked roughly equal those offered.
    const days = choose([4, 6, 8, 10, 12, 15])
    const [start, end] = choose<[string, string]>([
      ['2027-01-04', '2027-04-01'],
      ['2027-01-04', '2027-07-16'],
      ['2027-02-22', '2027-07-16'],
      ['2027-04-19', '2027-07-16'],
    ])
    const reference = `HUB-REQ-${String(index).padStart(4, '0')}`
    needPhase.set(reference, phase)
    daysAsked += days
    needs.push([
      reference,
      school.urn!,
      areas,
      type,
      '',
      days,
      start,
      end,
      choose(['High', 'Medium', 'Medium', 'Low']),
      chance(0.08) ? 'Remote' : 'In person',
      '',
    ])
  }
  return {leaders, needs, leaderPhase, needPhase, daysOffered, daysAsked}
}

/**
 * Builds the tight hub registry in `dir` through the importers (the national school list, the
 * leaders, the needs) and returns the database path with the rows it was built from.
 */
export function buildTightHub(dir: string, options: TightHubOptions = {}): {db: string; rows: TightHubRows} {
  const rows = tightHubRows(options)
  return {db: buildRegistry(dir, 'tight-hub', rows), rows}
}

const SIDES: Record<string, readonly string[]> = {
  Primary: ['Primary', 'Primary and Secondary'],
  Secondary: ['Secondary', 'Primary and Secondary'],
}
/** Phase-blind support: governance and financial health are the same work in any phase. */
const PHASE_BLIND = /governance|financial/i

/** Proposals that put a leader into a primary or secondary school whose phase they have not worked in. */
export function crossPhaseProposals(
  report: MatchResult,
  rows: TightHubRows,
): {crossing: {need: string; leader: string; from: string; to: string; areas: string}[]; phaseBlind: number} {
  const areasOf = new Map(rows.needs.map((need) => [String(need[0]), String(need[2])]))
  const crossing = []
  let phaseBlind = 0
  for (const proposal of report.proposals) {
    const need = proposal.needReference ?? ''
    const to = rows.needPhase.get(need) ?? ''
    const from = rows.leaderPhase.get(proposal.leader.ref) ?? ''
    const side = SIDES[to]
    if (!side || side.includes(from)) continue
    if (from !== 'Primary' && from !== 'Secondary') continue
    const areas = areasOf.get(need) ?? ''
    if (PHASE_BLIND.test(areas)) phaseBlind += 1
    else crossing.push({need, leader: proposal.leader.ref, from, to, areas})
  }
  return {crossing, phaseBlind}
}

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback)
}

function main(): void {
  if (!existsSync(NATIONAL_SCHOOLS)) {
    console.log(`No national school list at ${NATIONAL_SCHOOLS}: nothing to measure.`)
    return
  }
  const keep = process.argv.includes('--keep') ? option('keep', '') : ''
  const dir = keep || mkdtempSync(join(tmpdir(), 'broker-bench-tight-hub-'))
  try {
    const started = performance.now()
    const {db, rows} = buildTightHub(dir)
    console.log(
      `tight hub: ${rows.leaders.length} leaders offering ${rows.daysOffered} days, ${rows.needs.length} needs asking ${rows.daysAsked} days (${TIGHT_HUB_REGIONS.join(', ')}); built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    )
    const settings = option('settings', '')
    const runs = Number(option('runs', '3'))
    const times: number[] = []
    let report: MatchResult | null = null
    for (let run = 0; run < runs; run += 1) {
      const result = brokerJson<MatchResult>(db, ['match', ...(settings ? ['--weights', settings] : [])])
      times.push(result.seconds)
      report = result.report
    }
    times.sort((a, b) => a - b)
    const {totals} = report!
    console.log(
      `broker match --json, process start to JSON: median ${times[Math.floor(times.length / 2)]!.toFixed(2)} s, best ${times[0]!.toFixed(2)} s of ${runs} (solver ${totals.solver.seconds.toFixed(2)} s, ${totals.solver.status})`,
    )
    console.log(
      `matched ${totals.matched} of ${totals.needs}; score ${totals.score.toFixed(4)}, proven gap ${(totals.gap * 100).toFixed(3)}%; ${totals.candidatePairs} feasible pairs, ${totals.vetoedPairs} vetoed`,
    )
    const {crossing, phaseBlind} = crossPhaseProposals(report!, rows)
    const bySide = new Map<string, number>()
    for (const entry of crossing)
      bySide.set(`${entry.from} -> ${entry.to}`, (bySide.get(`${entry.from} -> ${entry.to}`) ?? 0) + 1)
    console.log(
      `proposals crossing the primary/secondary divide: ${crossing.length}${crossing.length ? ` (${[...bySide].map(([side, count]) => `${side}: ${count}`).join(', ')})` : ''}; phase-blind support (governance, financial health) across phases: ${phaseBlind}`,
    )
  } finally {
    if (!keep) rmSync(dir, {recursive: true, force: true})
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main()
