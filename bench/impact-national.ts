// The impact report over a national registry (issue 17, item 5): the national school list
// (27k schools, imported by the CLI), five years of published results for every primary (KS2) and
// secondary (KS4) school, and 2,000 completed deployments (with needs and leaders) whose schools
// have results before and after. Times `broker reports impact` as a fresh process, start to output,
// as JSON and as a PDF file. Target: under 5 s.
// Run after `npm run build`: npx tsx bench/impact-national.ts [deployments] [runs]
import {existsSync, mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'

import type {ReportResult} from '../src/cli/report-command.js'
import type {ImpactReport} from '../src/core/impact/build.js'
import type {SchoolResult} from '../src/core/results.js'
import {Registry} from '../src/db/registry.js'
import {seededRandom} from './random.js'
import {brokerCli, brokerJson, NATIONAL_SCHOOLS} from './registry.js'

const DEPLOYMENTS = Number(process.argv[2] ?? 2000)
const RUNS = Number(process.argv[3] ?? 3)
/** Exam years with results (2020 and 2021 had none): baseline 2022-2023, follow-up 2025. */
const YEARS = [2019, 2022, 2023, 2024, 2025]
const PERIOD = ['--from', '2023-09-01', '--to', '2024-08-31']

if (!existsSync(NATIONAL_SCHOOLS)) {
  console.log(`No national school list at ${NATIONAL_SCHOOLS}: nothing to measure.`)
  process.exit(0)
}

const dir = mkdtempSync(join(tmpdir(), 'broker-bench-impact-'))
const db = join(dir, 'registry.db')
const setupStart = performance.now()
brokerJson(db, ['init', '--hub', 'National bench'])
brokerJson(db, ['schools', 'import', NATIONAL_SCHOOLS])

const {random, pick, date, choose} = seededRandom(17)
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
const registry = await Registry.open(db)
let resultRows = 0
await registry.write(async (repos) => {
  const schools = await repos.impact.schools()
  const primaries = schools.filter((school) => school.phase === 'primary')
  const secondaries = schools.filter((school) => school.phase === 'secondary')
  const results: SchoolResult[] = []
  for (const school of [...primaries, ...secondaries]) {
    const quality = normal()
    const cohort = Math.max(5, Math.round((school.pupils ?? 300) / (school.phase === 'primary' ? 7 : 5)))
    for (const year of YEARS) {
      const noise = () => quality + 0.5 * normal()
      results.push(
        school.phase === 'primary'
          ? {
              urn: school.urn,
              year,
              keyStage: 'ks2',
              release: 'revised',
              cohort,
              measures: {
                'ks2-rwm-expected': Math.max(0, Math.min(100, 60 + 12 * noise())),
                'ks2-reading-score': 105 + 2 * noise(),
                'ks2-maths-score': 104 + 2 * noise(),
              },
            }
          : {
              urn: school.urn,
              year,
              keyStage: 'ks4',
              release: 'revised',
              cohort,
              measures: {
                'ks4-attainment8': 46 + 5 * noise(),
                'ks4-progress8': year === 2024 || year === 2025 ? null : 0.5 * noise(),
                'ks4-basics-grade5': Math.max(0, Math.min(100, 45 + 12 * noise())),
              },
            },
      )
    }
  }
  resultRows = results.length
  await repos.results.upsertMany(results, null)

  const areas = (await repos.specialisms.all()).filter((node) => node.kind === 'area').map((node) => node.code)
  const leaders = Math.ceil(DEPLOYMENTS / 4)
  for (let index = 0; index < leaders; index += 1) {
    const id = await repos.leaders.insert({
      ref: `B-${index}`,
      name: `Leader ${index}`,
      email: null,
      homeUrn: choose(schools).urn,
      homeTrustCode: null,
      notes: null,
    })
    await repos.leaders.upsertDesignation(id, {
      kind: choose(['NLE', 'SLE', 'LLE', 'NLG'] as const),
      body: 'bench',
      reference: `B-${index}`,
      designatedOn: '2022-09-01',
      reviewOn: '2028-08-31',
      status: 'active',
    })
    await repos.leaders.setPhases(id, [index % 3 === 0 ? 'secondary' : 'primary'])
  }
  const supported = [...primaries, ...secondaries].sort(() => random() - 0.5).slice(0, DEPLOYMENTS)
  for (const [index, school] of supported.entries()) {
    const startsOn = date('2023-09-04', 120)
    const closedOn = date('2024-06-01', 60)
    const needId = await repos.needs.insert({
      reference: `N-${index}`,
      subjectUrn: school.urn,
      subjectTrustCode: null,
      supportType: index % 10 === 0 ? 'governance' : 'leadership',
      teamSize: 1,
      parentNeedId: null,
      deliveryMode: 'in-person',
      requestedHalfDays: 10,
      windowStart: startsOn,
      windowEnd: closedOn,
      priority: 'medium',
      source: null,
      notes: null,
      receivedOn: '2023-07-01',
      specialisms: [choose(areas)],
    })
    const id = await repos.deployments.insertProposal({
      needId,
      leaderId: 1 + pick(leaders),
      urn: school.urn,
      trustCode: null,
      matchRunId: null,
      score: null,
      halfDays: 10,
      holdExpiresOn: null,
      startsOn,
      endsOn: closedOn,
      proposedOn: '2023-07-15',
    })
    await repos.needs.update(needId, {status: 'closed'})
    await repos.deployments.update(id, {
      status: index % 20 === 0 ? 'ended-early' : 'completed',
      agreedOn: '2023-08-01',
      startedOn: startsOn,
      closedOn,
      fundingSource: 'dfe-grant',
      fundingProgramme: choose(['Leading Together', 'TSI', null]),
    })
  }
})
await registry.close()
const setupSeconds = (performance.now() - setupStart) / 1000
console.log(
  `registry: national school list, ${resultRows} results (${YEARS.join(', ')}), ${DEPLOYMENTS} closed deployments (built in ${setupSeconds.toFixed(1)} s, ${(statSync(db).size / 1e6).toFixed(0)} MB)`,
)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const json: number[] = []
let report: ImpactReport | null = null
for (let run = 0; run < RUNS; run += 1) {
  const timed = brokerJson<ReportResult<ImpactReport>>(db, ['reports', 'impact', ...PERIOD])
  json.push(timed.seconds)
  report = timed.report.report
}
const pdf: number[] = []
const out = join(dir, 'impact.pdf')
for (let run = 0; run < RUNS; run += 1)
  pdf.push(brokerCli(db, ['reports', 'impact', ...PERIOD, '--out', out, '--force']).seconds)
const byType: number[] = []
for (let run = 0; run < RUNS; run += 1)
  byType.push(brokerJson(db, ['reports', 'impact', ...PERIOD, '--by', 'support-type']).seconds)

console.log(
  `supported schools: ${report!.counts.completedSchools} completed, ${report!.counts.endedEarlySchools} ended early`,
)
for (const row of report!.byMeasure)
  console.log(
    `  ${row.measure.padEnd(18)} ${Object.entries(row.byStatus)
      .filter(([, count]) => count > 0)
      .map(([status, count]) => `${status} ${count}`)
      .join(', ')}`,
  )
const line = (label: string, values: number[]) =>
  console.log(
    `${label.padEnd(52)} median ${median(values).toFixed(2)} s (runs: ${values.map((value) => value.toFixed(2)).join(', ')})`,
  )
line('broker reports impact --json', json)
line('broker reports impact --out impact.pdf', pdf)
console.log(`${''.padEnd(52)} ${(statSync(out).size / 1024).toFixed(0)} KB`)
line('broker reports impact --by support-type --json', byType)

// BENCH_KEEP=1 keeps the registry for profiling (its path is printed).
if (process.env.BENCH_KEEP) console.log(`registry kept at ${db}`)
else rmSync(dir, {recursive: true, force: true})
