import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {parse} from 'csv-parse/sync'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {ClusterPlanReport} from '../../src/services/clusters.js'
import {runCli, runJson, SAMPLE, tempDir, type TempDir} from '../helpers/cli.js'
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
})
