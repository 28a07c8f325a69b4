// Generates national-scale inputs over the REAL school list (../shared/data/real): a hub
// designation list of N leaders (default 10,000) and a batch of M needs (default 2,000), in the
// layouts `broker leaders import` and `broker needs import` read. Deterministic (seeded).
//   npx tsx bench/generate-national.ts [--leaders 10000] [--needs 2000] [--region "North East"]
//       [--days-scale 1] [--out bench/out/national]
// Writes <out>-leaders.csv and <out>-needs.csv and prints their paths.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {parse} from 'csv-parse/sync'

import {seededRandom} from '../src/core/random.js'
import {type Cell, csv, LEADER_HEADER, NATIONAL_SCHOOLS, NEED_HEADER} from './registry.js'

const root = fileURLToPath(new URL('..', import.meta.url))

function option<T extends string | null>(name: string, fallback: T): string | T {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback)
}

const random = seededRandom(424242)
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
const chance = (p: number) => random() < p

const PHASE: Record<string, string> = {
  'State-funded primary': 'Primary',
  'State-funded secondary': 'Secondary',
  'State-funded special school': 'Not applicable',
  'State-funded nursery': 'Early years',
  'Pupil referral unit': 'Alternative provision',
}
const SPECIALIST_AREAS = [
  'Maths',
  'English',
  'Phonics',
  'Early years',
  'SEND',
  'Science',
  'History',
  'Geography',
  'MFL',
  'Computing',
  'PE',
  'Music',
  'Art',
  'Behaviour',
  'Attendance',
  'Assessment',
  'Curriculum leadership',
  'Leadership of CPD',
  'ITT',
  'Closing the gap',
  'Most able',
  'School business management',
  'Drama',
  'Design and technology',
  'RE',
  'PSHE',
]

export interface GenerateOptions {
  leaders: number
  needs: number
  region: string | null
  daysScale: number
}

/** Rows (header left out) of a designation list and a needs batch, over the real schools. */
export function generate({leaders: leaderCount, needs: needCount, region, daysScale}: GenerateOptions): {
  leaders: Cell[][]
  needs: Cell[][]
} {
  const rows = parse<Record<string, string>>(readFileSync(NATIONAL_SCHOOLS, 'utf8'), {columns: true})
  const schools = rows.filter(
    (row) => PHASE[row.census_school_type_2019!] && row.latitude && (!region || row.region_name === region),
  )
  const byDisadvantage = [...schools].sort(
    (a, b) => Number(b.pct_fsm_ever_2019 || 0) - Number(a.pct_fsm_ever_2019 || 0),
  )
  const leaders: Cell[][] = []
  for (let index = 1; index <= leaderCount; index += 1) {
    const home = pick(schools)
    const roll = random()
    const designation = roll < 0.62 ? 'SLE' : roll < 0.8 ? 'NLE' : roll < 0.9 ? 'NLG' : 'LLE'
    const areas =
      designation === 'SLE'
        ? [...new Set(Array.from({length: 1 + Math.floor(random() * 3)}, () => pick(SPECIALIST_AREAS)))].join('; ')
        : designation === 'NLG'
          ? 'Governance'
          : designation === 'NLE'
            ? pick([
                'Leadership; School improvement',
                'Leadership; Pupil premium',
                'School improvement; Financial health',
              ])
            : pick(['Headteacher support', 'Leadership; Headteacher support'])
    const days =
      Math.round((designation === 'SLE' ? pick([5, 6.5, 10, 15, 20]) : pick([10, 15, 20, 30])) * daysScale * 2) / 2
    leaders.push([
      designation,
      `NAT-${String(index).padStart(5, '0')}`,
      `Leader ${index}`,
      `leader${index}@example.sch.uk`,
      home.urn!,
      areas,
      designation === 'NLG' ? 'Primary and Secondary' : PHASE[home.census_school_type_2019!]!,
      Math.max(0.5, days),
      '2024-09-01',
      chance(0.3) ? '' : '2028-08-31',
      chance(0.04) ? 'Lapsed' : 'Active',
    ])
  }
  const needs: Cell[][] = []
  const pool = byDisadvantage.slice(0, Math.max(needCount * 3, 50))
  for (let index = 1; index <= needCount; index += 1) {
    const school = pick(pool)
    const roll = random()
    const [areas, type] =
      roll < 0.7
        ? [
            [...new Set([pick(SPECIALIST_AREAS), ...(chance(0.3) ? [pick(SPECIALIST_AREAS)] : [])])].join('; '),
            'Specialist',
          ]
        : roll < 0.88
          ? [pick(['Leadership', 'Leadership; Pupil premium', 'School improvement']), 'Leadership']
          : ['Governance review', 'Governance']
    const [start, end] = pick<[string, string]>([
      ['2027-01-04', '2027-04-01'],
      ['2027-01-04', '2027-07-16'],
      ['2027-02-22', '2027-07-16'],
      ['2027-04-19', '2027-07-16'],
    ])
    needs.push([
      `NAT-REQ-${String(index).padStart(5, '0')}`,
      school.urn!,
      areas,
      type,
      '',
      pick([2, 3, 4, 5, 6, 8, 10]),
      start,
      end,
      pick(['High', 'Medium', 'Medium', 'Low']),
      chance(0.1) ? 'Remote' : 'In person',
      '',
    ])
  }
  return {leaders, needs}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = option('out', join(root, 'bench', 'out', 'national'))
  const {leaders, needs} = generate({
    leaders: Number(option('leaders', '10000')),
    needs: Number(option('needs', '2000')),
    region: option('region', null),
    daysScale: Number(option('days-scale', '1')),
  })
  mkdirSync(dirname(out), {recursive: true})
  writeFileSync(`${out}-leaders.csv`, csv(LEADER_HEADER, leaders))
  writeFileSync(`${out}-needs.csv`, csv(NEED_HEADER, needs))
  console.log(`${out}-leaders.csv (${leaders.length} leaders)\n${out}-needs.csv (${needs.length} needs)`)
}
