// Deployments at national scale: how long `broker due`, capacity accounting for everyone, a
// proposal (with its two capacity checks) and `deployments list` take on a large registry.
// Run after `npm run build`: npx tsx bench/deployments.ts [leaders] [deployments]
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'

import type {DeploymentStatus} from '../src/core/lifecycle.js'
import {Registry} from '../src/db/registry.js'
import {capacityOf} from '../src/services/capacity.js'
import {listDeployments} from '../src/services/deployment-views.js'
import {proposeDeployment} from '../src/services/deployments.js'
import {listDueWork} from '../src/services/due.js'
import {seededRandom} from './random.js'

const LEADERS = Number(process.argv[2] ?? 2000)
const DEPLOYMENTS = Number(process.argv[3] ?? 10000)
const SCHOOLS = 5000
const TODAY = '2027-02-01'

const dir = mkdtempSync(join(tmpdir(), 'broker-bench-'))
const registry = await Registry.open(join(dir, 'registry.db'), {create: true})
const context = {registry, actor: 'bench', today: TODAY}

const {pick, date} = seededRandom(42)

const setupStart = performance.now()
await registry.write(async (repos) => {
  const now = new Date().toISOString()
  const schools = Array.from({length: SCHOOLS}, (_, index) => ({
    urn: 500000 + index,
    name: `School ${index}`,
    created_at: now,
    updated_at: now,
  }))
  await repos.schools.upsertMany(schools)
  for (let index = 0; index < LEADERS; index += 1) {
    const id = await repos.leaders.insert({
      ref: `B-${index}`,
      name: `Leader ${index}`,
      email: null,
      homeUrn: 500000 + pick(SCHOOLS),
      homeTrustCode: null,
      notes: null,
    })
    await repos.leaders.setCapacity(id, 2026, 30 + pick(40), 'bench')
    await repos.leaders.setCapacity(id, 2027, 30 + pick(40), 'bench')
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
    const id = await repos.deployments.insertProposal({
      needId: null,
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
    const status = statuses[pick(statuses.length)]!
    if (status === 'proposed') continue
    await repos.deployments.update(id, {status, midReviewOn: startsOn, dayRatePence: 45000, fundingSource: 'dfe-grant'})
    await repos.deployments.scheduleReview(id, 'mid-point', startsOn)
    for (let visit = 0; visit < 5; visit += 1) {
      const onDate = date(startsOn, 90)
      await repos.ledger.insert({
        deploymentId: id,
        legacyLinkId: null,
        leaderId,
        entry: visit % 2 === 0 ? 'planned' : 'delivered',
        activity: 'visit',
        onDate,
        halfDays: 2,
        note: null,
      })
    }
    if (status === 'completed' && pick(3) === 0) {
      const linkId = await repos.legacy.insert({
        leaderId,
        urn: 500000 + pick(SCHOOLS),
        trustCode: null,
        deploymentId: id,
        openedOn: endsOn,
        endsOn: date(endsOn, 365),
        checkinEveryMonths: 4,
        budgetHalfDays: 2,
      })
      await repos.legacy.scheduleCheckins(linkId, [date(endsOn, 120), date(endsOn, 240)])
    }
  }
})
const setupMs = performance.now() - setupStart

async function time<T>(label: string, runs: number, work: () => Promise<T>): Promise<T> {
  let result = await work() // warm the statement cache
  const started = performance.now()
  for (let run = 0; run < runs; run += 1) result = await work()
  const ms = (performance.now() - started) / runs
  console.log(`${label.padEnd(48)} ${ms.toFixed(1).padStart(8)} ms`)
  return result
}

console.log(
  `registry: ${LEADERS} leaders, ${DEPLOYMENTS} deployments, ${SCHOOLS} schools (built in ${(setupMs / 1000).toFixed(1)} s)`,
)
const due = await time('broker due (every owner, 14 days)', 5, () => listDueWork(context, {withinDays: 14}))
console.log(`  ${due.items.length} items for ${due.owners.length} owners`)
await time('capacity of every leader (capacityOf all)', 5, () =>
  registry.read((repos) => capacityOf(repos, 'all', TODAY)),
)
await time('deployments list (live, first 50)', 5, () => listDeployments(context, {limit: 50}))
let leader = 0
await time('propose one deployment (two capacity checks)', 20, () =>
  registry.write((repos) =>
    proposeDeployment(repos, 'bench', TODAY, {
      leaderId: 1 + (leader++ % LEADERS),
      urn: 500000 + pick(SCHOOLS),
      halfDays: 1,
      startsOn: '2027-03-01',
      endsOn: '2027-03-31',
      overcommit: 'allow',
    }),
  ),
)

await registry.close()
rmSync(dir, {recursive: true, force: true})
