import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {parse} from 'csv-parse/sync'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {ClusterPlanResult} from '../../src/commands/clusters/plan.js'
import type {MatchResult} from '../../src/commands/match.js'
import type {ClusterSummary} from '../../src/services/cluster-list.js'
import type {SessionLogged} from '../../src/services/cluster-sessions.js'
import type {ClusterPlanReport} from '../../src/services/clusters.js'
import {runCli, runJson, SAMPLE, tempDir, type TempDir} from '../helpers/cli.js'
import {copyRegistry} from '../helpers/registry.js'
import {sampleHubRegistry} from '../helpers/seed.js'

/**
 * `broker clusters plan` on the sample hub: its 300 schools as Leading Together applicants (the
 * sample's districts carry no AEA category, so a school below IDACI 40 is undetermined), grouped
 * for a term at one day a school.
 */
let dir: TempDir
let env: Record<string, string>
let applicants: string
let plan: ClusterPlanReport
const window = ['--from', '2027-01-04', '--to', '2027-07-16', '--days-per-school', '1']
const idaci = new Map<number, number | null>()

beforeAll(async () => {
  dir = tempDir()
  env = {BROKER_DB: await sampleHubRegistry(dir), BROKER_TODAY: '2026-12-01'}
  const rows = parse<Record<string, string>>(readFileSync(join(SAMPLE, 'schools.csv'), 'utf8'), {columns: true})
  for (const row of rows) idaci.set(Number(row.URN), row['IDACI (%)'] ? Number(row['IDACI (%)']) : null)
  applicants = dir.file('applicants.csv')
  // A URN not in the registry too.
  writeFileSync(applicants, `URN,Name\n${rows.map((row) => `${row.URN},x`).join('\n')}\n999999,Nowhere\n`)
  plan = runJson<ClusterPlanReport>(
    ['clusters', 'plan', '--urns', applicants, '--programme', 'leading-together', ...window],
    {env},
  )
}, 120_000)
afterAll(() => dir.remove())

describe('broker clusters plan', {timeout: 120_000}, () => {
  it('keeps the schools Leading Together admits and lists the rest with the reason', () => {
    expect(plan.considered).toBe(301)
    const excluded = new Map(plan.excluded.map((entry) => [entry.urn, entry]))
    expect(excluded.get(999_999)).toMatchObject({verdict: 'unknown', reason: 'not in the registry'})
    for (const [urn, value] of idaci) {
      if (value !== null && value >= 40) expect(excluded.has(urn)).toBe(false)
      else if (value !== null && value >= 25) expect(excluded.get(urn)?.verdict).toBe('undetermined')
      else expect(excluded.get(urn)?.verdict).toBe('not-eligible')
    }
    expect(plan.plan.schools).toBe(301 - plan.excluded.length)
    expect(plan.warnings.join(' ')).toMatch(/undetermined/)
  })

  it('makes clusters that keep every rule, places each school once and explains the rest', () => {
    expect(plan.clusters.length).toBeGreaterThan(0)
    expect(plan.plan.method).toBe('exact')
    expect(plan.plan.optimal).toBe(true)
    expect(plan.plan.gap).toBe(0)
    const seen = new Set<number>()
    const leaders = new Set<string>()
    for (const cluster of plan.clusters) {
      expect(cluster.schools.length).toBeGreaterThanOrEqual(5)
      expect(cluster.schools.length).toBeLessThanOrEqual(6)
      expect(leaders.has(cluster.leader.ref)).toBe(false)
      leaders.add(cluster.leader.ref)
      expect(cluster.leader.farthestKm!).toBeLessThanOrEqual(50)
      expect(cluster.halfDays).toBe(2 * cluster.schools.length)
      for (const school of cluster.schools) {
        expect(school.km).toBeLessThanOrEqual(25)
        expect(seen.has(school.urn)).toBe(false)
        seen.add(school.urn)
      }
    }
    expect(seen.size).toBe(plan.plan.placed)
    expect(plan.leftOut.length).toBe(plan.plan.schools - plan.plan.placed)
    for (const entry of plan.leftOut) expect(entry.help.length).toBeGreaterThan(0)
    // Grouping by hand mixes phases and ignores distance: it places no more.
    expect(plan.manual.placed).toBeLessThanOrEqual(plan.plan.placed)
  })

  it('gives the same plan every time', () => {
    const again = runJson<ClusterPlanReport>(
      ['clusters', 'plan', '--urns', applicants, '--programme', 'leading-together', ...window],
      {env},
    )
    expect(again.clusters).toEqual(plan.clusters)
    expect(again.leftOut).toEqual(plan.leftOut)
  })

  it('prints a table that fits 100 columns, and one cluster with --explain', () => {
    const result = runCli(['clusters', 'plan', '--urns', applicants, '--programme', 'leading-together', ...window], {
      env: {...env, COLUMNS: '100'},
    })
    expect(result.status, result.stderr).toBe(0)
    for (const line of result.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100)
    expect(result.stdout).toContain('Against grouping by hand')
    expect(result.stdout).toContain(`${plan.clusters[0]!.id} `)
    const explained = runCli(
      ['clusters', 'plan', '--urns', applicants, '--programme', 'leading-together', ...window, '--explain', 'C1'],
      {env: {...env, COLUMNS: '100'}},
    )
    expect(explained.status, explained.stderr).toBe(0)
    for (const school of plan.clusters[0]!.schools) expect(explained.stdout).toContain(String(school.urn))
  })

  it('mixes phases only when asked, and places at least as many', () => {
    const mixed = runJson<ClusterPlanReport>(
      ['clusters', 'plan', '--urns', applicants, '--programme', 'leading-together', ...window, '--mixed-phase'],
      {env},
    )
    expect(mixed.plan.placed).toBeGreaterThanOrEqual(plan.plan.placed)
    expect(plan.clusters.every((cluster) => cluster.phase !== null)).toBe(true)
  })

  it('applies a plan: a cluster, a need and a proposed deployment per school; match leaves them alone', () => {
    const path = dir.file('applied.db')
    copyRegistry(env.BROKER_DB!, path)
    const applyEnv = {...env, BROKER_DB: path, BROKER_USER: 'director'}
    const result = runJson<ClusterPlanResult>(
      ['clusters', 'plan', '--urns', applicants, '--programme', 'leading-together', ...window, '--apply'],
      {env: applyEnv},
    )
    expect(result.clusters).toEqual(plan.clusters)
    const applied = result.applied!
    expect(applied.clusters.length).toBe(plan.clusters.length)
    applied.clusters.forEach((cluster, index) => {
      expect(cluster.needIds.length).toBe(plan.clusters[index]!.schools.length)
      expect(cluster.deploymentIds.length).toBe(cluster.needIds.length)
      expect(cluster.leaderRef).toBe(plan.clusters[index]!.leader.ref)
    })
    const listed = runJson<{clusters: ClusterSummary[]}>(['clusters', 'list'], {env: applyEnv}).clusters
    expect(listed.map((cluster) => cluster.name)).toEqual(plan.clusters.map((cluster) => cluster.name))
    for (const [index, cluster] of listed.entries()) {
      expect(cluster.leader.ref).toBe(plan.clusters[index]!.leader.ref)
      expect(cluster.schools.map((school) => school.urn).sort((a, b) => a! - b!)).toEqual(
        plan.clusters[index]!.schools.map((school) => school.urn).sort((a, b) => a - b),
      )
      expect(cluster.schools.every((school) => school.status === 'proposed')).toBe(true)
    }

    const shown = runCli(['clusters', 'show', String(applied.clusters[0]!.id)], {env: {...applyEnv, COLUMNS: '100'}})
    expect(shown.status, shown.stderr).toBe(0)
    expect(shown.stdout).toContain(plan.clusters[0]!.leader.ref)
    for (const school of plan.clusters[0]!.schools) expect(shown.stdout).toContain(String(school.urn))

    // The usual lifecycle: one school's proposal agreed, another's rejected by the leader.
    const [first, second] = applied.clusters[0]!.deploymentIds
    const agreed = runCli(
      [
        'deployments',
        'agree',
        String(first),
        '--rate',
        '450',
        '--funding',
        'hub',
        '--objective',
        'A shared leadership plan',
        '--criteria',
        'Plan agreed by the SLT',
        '--supported-head-signoff',
        'A. Head',
        '--home-head-signoff',
        'B. Head',
      ],
      {env: applyEnv},
    )
    expect(agreed.status, agreed.stderr).toBe(0)
    const cancelled = runCli(['deployments', 'cancel', String(second), '--reason', 'rejected-by-leader'], {
      env: applyEnv,
    })
    expect(cancelled.status, cancelled.stderr).toBe(0)
    const after = runJson<{clusters: ClusterSummary[]}>(['clusters', 'list'], {env: applyEnv}).clusters[0]!
    expect(after.schools.map((school) => school.status).sort()).toContain('agreed')
    // A school leaving takes a cluster of five below its smallest size: list and show say so.
    if (plan.clusters[0]!.schools.length === 5) {
      expect(after.staying).toBe(4)
      const listedNow = runCli(['clusters', 'list'], {env: {...applyEnv, COLUMNS: '100'}})
      expect(listedNow.stdout).toMatch(/has 4 of its schools left, below its 5/)
    }
    // One session for the cluster: 2.5 days shared across the schools under way, in half days.
    const [, , third] = applied.clusters[0]!.deploymentIds
    const agreeArgs = (id: number) => [
      'deployments',
      'agree',
      String(id),
      '--rate',
      '450',
      '--funding',
      'hub',
      '--objective',
      'A shared leadership plan',
      '--criteria',
      'Plan agreed by the SLT',
      '--supported-head-signoff',
      'A. Head',
      '--home-head-signoff',
      'B. Head',
    ]
    for (const args of [
      agreeArgs(third!),
      ['deployments', 'start', String(first)],
      ['deployments', 'start', String(third)],
    ]) {
      const step = runCli(args, {env: applyEnv})
      expect(step.status, step.stderr).toBe(0)
    }
    const session = runJson<SessionLogged>(
      ['clusters', 'log', String(applied.clusters[0]!.id), '--days', '2.5', '--on', '2027-01-20'],
      {env: {...applyEnv, BROKER_TODAY: '2027-01-21'}},
    )
    expect(session.shares.map((share) => share.deploymentId)).toEqual([first, third])
    expect(session.shares.map((share) => share.halfDays)).toEqual([3, 2])
    expect(session.remainder).toBe(1)
    const rejectedNeed = applied.clusters[0]!.needIds[1]!
    // Its need is open again, but a cluster's need is never re-planned by broker match.
    const match = runJson<MatchResult>(['match'], {env: applyEnv})
    const matched = [...match.proposals, ...match.unmatched].map((entry) => entry.needId)
    expect(matched).not.toContain(rejectedNeed)
    for (const cluster of applied.clusters) for (const needId of cluster.needIds) expect(matched).not.toContain(needId)
  })
})
