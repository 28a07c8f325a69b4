// Reliability and data protection at national scale: how long a backup, a check, a restore, a
// subject-access export and an erasure take on a large registry, and what secure_delete costs.
// Run after `npm run build`: npx tsx bench/reliability.ts [leaders] [deployments]
import {mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'

import {Registry} from '../src/db/registry.js'
import {eraseLeader, erasureTarget, exportPersonalData} from '../src/services/personal-data.js'
import {backupRegistry, checkRegistry, restoreFromBackup} from '../src/services/registry-maintenance.js'

const LEADERS = Number(process.argv[2] ?? 10000)
const DEPLOYMENTS = Number(process.argv[3] ?? 10000)
const SCHOOLS = 27000
const MATCH_RUNS = 5
const TIMEOUT = 5000

const dir = mkdtempSync(join(tmpdir(), 'broker-bench-reliability-'))
const path = join(dir, 'registry.db')
let registry = await Registry.open(path, {create: true})
const context = () => ({registry, actor: 'bench', today: '2027-02-01'})

// Spread choices evenly and reproducibly: the same registry every run.
let step = 0
const pick = (n: number) => ((step += 1) * 7919) % n

const setupStart = performance.now()
await registry.write(async (repos) => {
  const now = new Date().toISOString()
  await repos.schools.upsertMany(
    Array.from({length: SCHOOLS}, (_, index) => ({
      urn: 100000 + index,
      name: `School ${index} Primary`,
      town: `Town ${index % 900}`,
      created_at: now,
      updated_at: now,
    })),
  )
  for (let index = 0; index < LEADERS; index += 1) {
    const ref = `B-${String(index).padStart(5, '0')}`
    const id = await repos.leaders.insert({
      ref,
      name: `Firstname${index} Surname${index}`,
      email: `leader${index}@example.sch.uk`,
      homeUrn: 100000 + pick(SCHOOLS),
      homeTrustCode: null,
      notes: `Notes about leader ${index}`,
    })
    await repos.leaders.upsertDesignation(id, {
      kind: 'SLE',
      body: 'hub',
      reference: ref,
      designatedOn: '2025-09-01',
      reviewOn: null,
      status: 'active',
    })
    await repos.leaders.setCapacity(id, 2026, 30, 'bench')
    await repos.audit.record({
      actor: 'bench',
      action: 'leader.add',
      entity: 'leader',
      entityId: id,
      after: {ref, homeUrn: 100000, designations: [{kind: 'SLE', reference: ref}]},
    })
  }
  for (let index = 0; index < DEPLOYMENTS; index += 1) {
    const leaderId = 1 + pick(LEADERS)
    const id = await repos.deployments.insertProposal({
      needId: null,
      leaderId,
      urn: 100000 + pick(SCHOOLS),
      trustCode: null,
      matchRunId: null,
      score: null,
      halfDays: 4,
      holdExpiresOn: null,
      startsOn: '2026-10-01',
      endsOn: '2027-01-31',
      proposedOn: '2026-12-01',
    })
    await repos.deployments.update(id, {status: 'completed', dayRatePence: 45000, fundingSource: 'dfe-grant'})
    await repos.ledger.insert({
      deploymentId: id,
      legacyLinkId: null,
      leaderId,
      entry: 'delivered',
      activity: 'visit',
      onDate: '2026-11-01',
      halfDays: 2,
      note: `Visit ${index}`,
    })
  }
  for (let run = 0; run < MATCH_RUNS; run += 1) {
    const proposals = Array.from({length: 2000}, (_, index) => ({
      needId: index,
      leader: {id: 1 + pick(LEADERS), ref: `B-${String(pick(LEADERS)).padStart(5, '0')}`},
      score: 0.5,
      alternates: [{ref: `B-${String(pick(LEADERS)).padStart(5, '0')}`, score: 0.4}],
    }))
    await repos.match.recordRun({
      createdAt: now,
      asOf: '2027-02-01',
      strategy: 'optimal',
      version: 'bench',
      inputHash: String(run),
      configJson: '{}',
      totalsJson: '{}',
      resultsJson: JSON.stringify({proposals, unmatched: [], warnings: []}),
    })
  }
})
await registry.checkpoint()
console.log(
  `registry: ${SCHOOLS} schools, ${LEADERS} leaders, ${DEPLOYMENTS} deployments, ${MATCH_RUNS} match runs of 2,000 proposals; ${(statSync(path).size / 1048576).toFixed(1)} MiB (built in ${((performance.now() - setupStart) / 1000).toFixed(1)} s)`,
)

async function time<T>(label: string, runs: number, work: (run: number) => T | Promise<T>): Promise<T | undefined> {
  const times: number[] = []
  let result: T | undefined
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now()
    result = await work(run)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  console.log(
    `${label.padEnd(52)} ${times[Math.floor(times.length / 2)]!.toFixed(0).padStart(7)} ms (median of ${runs})`,
  )
  return result
}

const backup = join(dir, 'backup.db')
await time('db backup (online backup, integrity-checked copy)', 3, () =>
  backupRegistry(context(), {out: backup, force: true}),
)
await time('db check (integrity, foreign keys, modes)', 3, () => checkRegistry(path, TIMEOUT))
await time('leaders export-data (one leader, all tables)', 5, () => exportPersonalData(context(), {leader: 'B-00042'}))
await time('leaders erase (one leader: scrub, purge, checkpoint)', 3, async (run) => {
  const target = await erasureTarget(context(), `B-${String(100 + run).padStart(5, '0')}`)
  return eraseLeader(context(), target)
})
await registry.close()
await time('db restore (checked copy, aside copy, in place)', 3, () =>
  restoreFromBackup({path, file: backup, busyTimeoutMs: TIMEOUT, actor: 'bench'}),
)

// What secure_delete costs: rewrite every leader's notes, with it off and on.
registry = await Registry.open(path)
for (const mode of ['off', 'on']) {
  registry.database.pragma(`secure_delete = ${mode}`)
  await time(`rewrite ${LEADERS} leaders' notes, secure_delete ${mode}`, 3, (run) =>
    registry.write(async (repos) => {
      for (let id = 1; id <= LEADERS; id += 1)
        await repos.leaders.updatePersonal(id, {notes: `Rewritten ${run} ${mode} ${'x'.repeat(pick(200))}`})
    }),
  )
}
await registry.close()
rmSync(dir, {recursive: true, force: true})
