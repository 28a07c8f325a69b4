import {spawnSync} from 'node:child_process'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {REPO_ROOT} from './cli.js'
import {sharedDataFolder, sharedDataPlan} from './shared-data.js'

describe('suites that need the shared data folder', () => {
  it('is ../shared/data beside the repository unless BROKER_SHARED_DATA says otherwise', () => {
    expect(sharedDataFolder({})).toBe(join(REPO_ROOT, '..', 'shared', 'data'))
    expect(sharedDataFolder({BROKER_SHARED_DATA: '/data/elsewhere'})).toBe('/data/elsewhere')
    expect(sharedDataFolder({BROKER_SHARED_DATA: 'relative/data'})).toBe(join(REPO_ROOT, 'relative', 'data'))
  })

  it('run when every file is there, skip naming the missing ones, and fail instead under CI=true', () => {
    const there = new Set(['/d/a.csv'])
    const exists = (path: string) => there.has(path)
    expect(sharedDataPlan(['/d/a.csv'], {}, exists)).toEqual({action: 'run'})
    expect(sharedDataPlan(['/d/a.csv'], {CI: 'true'}, exists)).toEqual({action: 'run'})
    expect(sharedDataPlan(['/d/a.csv', '/d/b.csv'], {}, exists)).toEqual({
      action: 'skip',
      reason: 'missing shared data: /d/b.csv',
    })
    expect(sharedDataPlan(['/d/b.csv', '/d/c.csv'], {CI: 'true'}, exists)).toEqual({
      action: 'fail',
      reason: 'missing shared data: /d/b.csv, /d/c.csv',
    })
  })

  // The real thing: the search-quality suite run by vitest with the folder pointed at nowhere.
  const runSuite = (env: Record<string, string>) => {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'CI'),
    )
    const result = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/services/search-quality.test.ts'],
      {
        cwd: REPO_ROOT,
        env: {...inherited, NO_COLOR: '1', FORCE_COLOR: '0', BROKER_SHARED_DATA: '/nonexistent/shared-data', ...env},
        encoding: 'utf8',
      },
    )
    return {status: result.status, output: `${result.stdout}\n${result.stderr}`}
  }

  it('without the folder, the suite is skipped and says why', () => {
    const run = runSuite({})
    expect(run.status, run.output).toBe(0)
    expect(run.output).toMatch(/Skipping "search quality on the national list": missing shared data: \/nonexistent/)
    expect(run.output).toMatch(/Tests\s+4 skipped/)
  }, 120_000)

  it('without the folder under CI=true, the suite fails naming what is missing', () => {
    const run = runSuite({CI: 'true'})
    expect(run.status, run.output).toBe(1)
    expect(run.output).toMatch(
      /missing shared data: \/nonexistent\/shared-data\/real\/schools_england_open_joined\.csv/,
    )
    expect(run.output).toMatch(/Tests\s+2 failed/)
  }, 120_000)
})
