// Cluster brokering benchmark (issue 16). Prints numbers; asserts nothing. Run after `npm run build`:
//   npx tsx bench/clusters.ts [--region "North West"] [--applicants 600] [--keep DIR]
// Real schools of one region (../shared/data/real), 1,200 generated leaders based in it (about a
// region's share of 10,000 nationally), and its 600 most disadvantaged schools as the applicants
// (FSM-ever stands in for IDACI, which the national list does not hold). Times the whole
// `broker clusters plan --json` process, start to JSON, and prints the plan against its bound and
// against grouping by hand. --keep DIR keeps (and reuses) the registry there.
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {parse} from 'csv-parse/sync'

import type {ClusterPlanReport} from '../src/services/clusters.js'
import {generate} from './generate-national.js'
import {brokerJson, buildRegistry, NATIONAL_SCHOOLS} from './registry.js'

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback)
}

if (!existsSync(NATIONAL_SCHOOLS)) {
  console.log(`No national school list at ${NATIONAL_SCHOOLS}: nothing to measure.`)
  process.exit(0)
}
const region = option('region', 'North West')
const applicants = Number(option('applicants', '600'))
const keep = option('keep', '')
const dir = keep || mkdtempSync(join(tmpdir(), 'broker-bench-clusters-'))
const db = join(dir, 'clusters.db')

try {
  if (!existsSync(db)) buildRegistry(dir, 'clusters', generate({leaders: 1_200, needs: 0, region, daysScale: 1}))
  const rows = parse<Record<string, string>>(readFileSync(NATIONAL_SCHOOLS, 'utf8'), {columns: true})
  const chosen = rows
    .filter((row) => row.region_name === region && row.latitude && row.pct_fsm_ever_2019)
    .sort((a, b) => Number(b.pct_fsm_ever_2019) - Number(a.pct_fsm_ever_2019) || Number(a.urn) - Number(b.urn))
    .slice(0, applicants)
  const file = join(dir, 'applicants.csv')
  writeFileSync(file, `URN\n${chosen.map((row) => row.urn).join('\n')}\n`)
  const args = [
    'clusters',
    'plan',
    '--urns',
    file,
    '--from',
    '2027-01-04',
    '--to',
    '2027-07-16',
    '--days-per-school',
    '2',
  ]
  const runs = [0, 1, 2].map(() => brokerJson<ClusterPlanReport>(db, args))
  const {report} = runs[0]!
  const times = runs.map((run) => run.seconds).sort((a, b) => a - b)
  const same = runs.every((run) => JSON.stringify(run.report.clusters) === JSON.stringify(report.clusters))
  const {plan, manual} = report
  console.log(`${region}: ${applicants} most disadvantaged schools (FSM-ever), 1,200 generated leaders`)
  console.log(
    `  process start to JSON : median ${times[1]!.toFixed(2)} s (runs ${times.map((t) => t.toFixed(2)).join(', ')})`,
  )
  console.log(`  same plan every run   : ${same ? 'yes' : 'NO'}`)
  console.log(`  method                : ${plan.method}; ${plan.leaders} fitting leaders`)
  console.log(
    `  clusters              : ${plan.clusters}; placed ${plan.placed} of ${plan.schools} (at most ${plan.placedBound})`,
  )
  console.log(
    `  travel                : ${plan.travelKm.toFixed(1)} km; bound ${plan.travelBoundKm.toFixed(1)} km; gap ${(plan.gap * 100).toFixed(2)}%`,
  )
  console.log(`  score                 : ${plan.score.toFixed(4)}`)
  console.log(
    `  by hand               : ${manual.groups} groups, ${manual.placed} placed, travel of placed groups ${manual.placedTravelKm.toFixed(1)} km, ${manual.breakingRules} groups breaking the rules`,
  )
  const perPlan = plan.placed === 0 ? 0 : plan.travelKm / plan.placed
  const perHand = manual.placed === 0 ? 0 : manual.placedTravelKm / manual.placed
  console.log(
    `  travel a school       : plan ${perPlan.toFixed(2)} km, by hand ${perHand.toFixed(2)} km (${perHand === 0 ? '–' : `${(((perHand - perPlan) / perHand) * 100).toFixed(0)}% saved`})`,
  )
  const left = new Map<string, number>()
  for (const entry of report.leftOut) left.set(entry.code, (left.get(entry.code) ?? 0) + 1)
  console.log(`  left out              : ${[...left].map(([code, count]) => `${code} ${count}`).join(', ') || 'none'}`)
} finally {
  if (!keep) rmSync(dir, {recursive: true, force: true})
}
