// Reports at hub and national scale: how long each report model takes to build from the
// registry, and each format to render (PDF and HTML include the charts and the map).
// Run after `npm run build`: npx tsx bench/reports.ts [leaders] [deployments] [needs]
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'

import {renderTerminal} from '../src/cli/report-terminal.js'
import type {DeploymentStatus} from '../src/core/lifecycle.js'
import type {ReportDocument} from '../src/core/reports/document.js'
import {layoutCoverage} from '../src/core/reports/layouts/coverage.js'
import {layoutDeployment} from '../src/core/reports/layouts/deployment.js'
import {layoutHub} from '../src/core/reports/layouts/hub.js'
import {layoutLeader} from '../src/core/reports/layouts/leader.js'
import {layoutSchool} from '../src/core/reports/layouts/school.js'
import {Registry} from '../src/db/registry.js'
import {renderReport} from '../src/reports/render.js'
import {coverageReport, deploymentReport, hubReport, leaderReport, schoolReport} from '../src/services/reports.js'
import {seededRandom} from './random.js'

const LEADERS = Number(process.argv[2] ?? 2000)
const DEPLOYMENTS = Number(process.argv[3] ?? 10000)
const NEEDS = Number(process.argv[4] ?? 3000)
const SCHOOLS = 5000
const TODAY = '2027-07-20'
const PERIOD = {from: '2026-09-01', to: '2027-08-31'}

const dir = mkdtempSync(join(tmpdir(), 'broker-bench-reports-'))
const registry = await Registry.open(join(dir, 'registry.db'), {create: true})
const context = {registry, actor: 'bench', today: TODAY}

const {random, pick, date, choose} = seededRandom(7)
const REGIONS = [
  'North East',
  'North West',
  'Yorkshire and the Humber',
  'East Midlands',
  'West Midlands',
  'East of England',
  'London',
  'South East',
  'South West',
]

const setupStart = performance.now()
await registry.write(async (repos) => {
  const areas = (await repos.specialisms.all()).filter((node) => node.kind === 'area').map((node) => node.code)
  const now = new Date().toISOString()
  // Schools spread over England's land (a box from Cornwall to Northumberland, inland of the coast).
  const schools = Array.from({length: SCHOOLS}, (_, index) => {
    const la = pick(150)
    return {
      urn: 500000 + index,
      name: `School ${index}`,
      phase: index % 3 === 0 ? 'secondary' : 'primary',
      la_code: String(800 + la),
      la_name: `Local authority ${la}`,
      region: REGIONS[la % REGIONS.length],
      latitude: 51 + random() * 3.8,
      longitude: -2.8 + random() * 3.2,
      created_at: now,
      updated_at: now,
    }
  })
  await repos.schools.upsertMany(schools)
  const kinds = ['SLE', 'SLE', 'SLE', 'NLE', 'NLG', 'LLE'] as const
  for (let index = 0; index < LEADERS; index += 1) {
    const id = await repos.leaders.insert({
      ref: `B-${index}`,
      name: `Leader ${index}`,
      email: `leader${index}@example.sch.uk`,
      homeUrn: 500000 + pick(SCHOOLS),
      homeTrustCode: null,
      notes: null,
    })
    await repos.leaders.upsertDesignation(id, {
      kind: choose(kinds),
      body: 'bench',
      reference: `B-${index}`,
      designatedOn: '2025-09-01',
      reviewOn: '2029-08-31',
      status: 'active',
    })
    await repos.leaders.setSpecialisms(
      id,
      [...new Set([choose(areas), choose(areas)])].map((code) => ({
        code,
        confidence: 1,
        sourceText: null,
      })),
    )
    await repos.leaders.setPhases(id, [index % 3 === 0 ? 'secondary' : 'primary'])
    await repos.leaders.setCapacity(id, 2026, 20 + pick(40), 'bench')
  }
  const needIds: number[] = []
  for (let index = 0; index < NEEDS; index += 1) {
    needIds.push(
      await repos.needs.insert({
        reference: `N-${index}`,
        subjectUrn: 500000 + pick(SCHOOLS),
        subjectTrustCode: null,
        supportType: 'specialist',
        teamSize: 1,
        parentNeedId: null,
        deliveryMode: index % 5 === 0 ? 'remote' : 'in-person',
        requestedHalfDays: 2 + pick(12),
        windowStart: '2027-01-04',
        windowEnd: '2027-07-16',
        priority: choose(['high', 'medium', 'low'] as const),
        source: null,
        notes: null,
        receivedOn: date('2026-09-01', 300),
        specialisms: [choose(areas)],
      }),
    )
  }
  const statuses: DeploymentStatus[] = [
    'completed',
    'completed',
    'completed',
    'active',
    'active',
    'active',
    'agreed',
    'proposed',
    'cancelled',
    'ended-early',
  ]
  for (let index = 0; index < DEPLOYMENTS; index += 1) {
    const leaderId = 1 + pick(LEADERS)
    const startsOn = date('2026-09-01', 300)
    const endsOn = date(startsOn, 120)
    // Two thirds of the needs get a deployment; a need has at most one.
    const needId = index < (NEEDS * 2) / 3 ? (needIds[index] ?? null) : null
    const id = await repos.deployments.insertProposal({
      needId,
      leaderId,
      urn: 500000 + pick(SCHOOLS),
      trustCode: null,
      matchRunId: null,
      score: null,
      halfDays: 2 + pick(20),
      holdExpiresOn: date('2027-01-15', 40),
      startsOn,
      endsOn,
      proposedOn: '2026-12-01',
    })
    const status = choose(statuses)
    if (needId !== null)
      await repos.needs.update(needId, {
        status: status === 'proposed' ? 'proposed' : status === 'cancelled' ? 'open' : 'in-deployment',
      })
    if (status === 'proposed') continue
    await repos.deployments.update(id, {
      status,
      midReviewOn: startsOn,
      dayRatePence: choose([0, 35000, 45000]),
      fundingSource: choose(['dfe-grant', 'school-budget', 'trust', 'local-authority'] as const),
    })
    await repos.deployments.replaceObjectives(id, [
      {objective: 'Teaching is consistent', successCriteria: 'Observed secure'},
      {objective: 'Leaders own the plan', successCriteria: 'Reviewed termly'},
    ])
    for (let visit = 0; visit < 5; visit += 1) {
      await repos.ledger.insert({
        deploymentId: id,
        legacyLinkId: null,
        leaderId,
        entry: visit % 2 === 0 ? 'planned' : 'delivered',
        activity: 'visit',
        onDate: date(startsOn, 90),
        halfDays: 2,
        note: null,
      })
    }
    if (status === 'completed') {
      await repos.deployments.setOutcome(id, 1, 1 + pick(4), 'evidence')
      await repos.deployments.setOutcome(id, 2, 1 + pick(4), 'evidence')
      await repos.deployments.setEvaluation(id, {
        evaluatedOn: endsOn,
        supportedHeadEvaluation: 'Useful',
        leaderReflection: 'Fine',
      })
    }
  }
  const open = needIds.slice(Math.ceil((NEEDS * 2) / 3))
  await repos.match.recordRun({
    createdAt: now,
    asOf: '2027-01-10',
    strategy: 'optimal',
    version: 'bench',
    inputHash: 'bench',
    configJson: '{}',
    totalsJson: '{}',
    resultsJson: JSON.stringify({
      proposals: [],
      unmatched: open.map((needId) => ({
        needId,
        reasons: [
          'no available SLE (or NLE/LLE) with Maths within 50 km; 3 candidates too far away, 1 candidate at capacity',
        ],
      })),
    }),
  })
})
const setupMs = performance.now() - setupStart

async function time<T>(label: string, runs: number, work: () => Promise<T>): Promise<T> {
  let result = await work() // warm up
  const started = performance.now()
  for (let run = 0; run < runs; run += 1) result = await work()
  const ms = (performance.now() - started) / runs
  console.log(`${label.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms`)
  return result
}

console.log(
  `registry: ${LEADERS} leaders, ${DEPLOYMENTS} deployments, ${NEEDS} needs, ${SCHOOLS} schools (built in ${(setupMs / 1000).toFixed(1)} s)`,
)

/** Times building one report's model, then rendering it in each format it is printed in. */
async function measure<M>(name: string, build: () => Promise<M>, layout: (model: M) => ReportDocument): Promise<void> {
  const model = await time(`${name}: build the report model`, name === 'hub' || name === 'coverage' ? 3 : 10, build)
  for (const format of ['terminal', 'markdown', 'csv', 'html', 'pdf'] as const) {
    if (name !== 'hub' && name !== 'coverage' && (format === 'terminal' || format === 'csv' || format === 'markdown'))
      continue
    const output = await time(`${name}: render ${format}`, format === 'pdf' ? 1 : 3, async () =>
      format === 'terminal'
        ? renderTerminal(layout(model), {file: true})
        : renderReport(layout(model), model, format, {}),
    )
    console.log(`${''.padEnd(44)} ${(Buffer.byteLength(output) / 1024).toFixed(0).padStart(7)} KB`)
  }
}

await measure('deployment', () => deploymentReport(context, {id: 1, redact: false}), layoutDeployment)
await measure('school', () => schoolReport(context, {school: '500001', redact: false}), layoutSchool)
await measure('leader', () => leaderReport(context, {leader: 'B-1', redact: false}), layoutLeader)
await measure('hub', () => hubReport(context, {period: PERIOD, redact: false}), layoutHub)
await measure('coverage', () => coverageReport(context, {redact: false}), layoutCoverage)

await registry.close()
rmSync(dir, {recursive: true, force: true})
