import {existsSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {DemoResult} from '../../src/services/demo.js'
import {runCli, tempDir, type TempDir} from '../helpers/cli.js'

let dir: TempDir
beforeAll(() => {
  dir = tempDir()
})
afterAll(() => dir.remove())

describe('broker demo (npm start)', () => {
  it("builds a fresh registry from the sample hub, never the user's, and runs the match", () => {
    const own = dir.file('my-real-registry.db')
    const result = runCli(['demo', '--dir', dir.file('demo'), '--json'], {env: {BROKER_DB: own}})
    expect(result.status, result.stderr).toBe(0)
    const demo = JSON.parse(result.stdout) as DemoResult
    expect(existsSync(own)).toBe(false)
    expect(demo.registry).toBe(dir.file('demo/registry.db'))
    expect(demo.asOf).toBe('2026-12-01')
    // Inspections the extract's latest grade already brought are updated, not inserted again.
    const loaded = Object.fromEntries(demo.imports.map((entry) => [entry.kind, entry.inserted + entry.updated]))
    expect(loaded).toEqual({schools: 300, inspections: 330, leaders: 122, needs: 30})
    expect(demo.match.totals.needs).toBeGreaterThan(25)
    expect(demo.match.proposals.length).toBeGreaterThan(15)
    expect(demo.match.unmatched.length).toBeGreaterThan(0)
  })

  it('prints the registry path and the plan for a person', () => {
    const result = runCli(['demo'], {env: {BROKER_DB: dir.file('unused.db')}})
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/Creating a demo registry at .*broker-demo-.*registry\.db/)
    expect(result.stdout).toContain('Proposals')
    expect(result.stdout).toContain('Unmatched')
    expect(result.stdout).toMatch(/export BROKER_DB=/)
  })

  it('fits a 100-column terminal, and prints every column with --wide', () => {
    const lines = (stdout: string) => stdout.split('\n')
    const fitted = runCli(['demo', '--dir', dir.file('narrow')], {env: {COLUMNS: '100'}})
    expect(fitted.status, fitted.stderr).toBe(0)
    // The registry's path is the test's own temporary folder, longer than a user's.
    const tooWide = lines(fitted.stdout).filter((line) => line.length > 100 && !line.includes(dir.path))
    expect(tooWide, tooWide.join('\n')).toEqual([])
    // The proposals table gave up its least useful columns and said so.
    expect(fitted.stdout).toMatch(/Left out to fit 100 columns: .*Avail.*Alternates \(--wide shows them\)/)
    expect(fitted.stdout).not.toMatch(/^Need .*Alternates/m)
    const wide = runCli(['demo', '--dir', dir.file('wide'), '--wide'], {env: {COLUMNS: '100'}})
    expect(wide.status, wide.stderr).toBe(0)
    expect(wide.stdout).toMatch(/^Need .*Expert .*Avail .*Alternates/m)
    expect(Math.max(...lines(wide.stdout).map((line) => line.length))).toBeGreaterThan(100)
  })
})
