import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {ReportResult} from '../../src/cli/report-command.js'
import type {ImpactReport} from '../../src/core/impact/build.js'
import {runCli, runJson, tempDir, type TempDir} from '../helpers/cli.js'

let dir: TempDir
let env: Record<string, string>
beforeEach(() => {
  dir = tempDir()
  env = {BROKER_DB: dir.file('registry.db'), BROKER_TODAY: '2026-12-01'}
  runJson(['init', '--hub', 'Test Hub'], {env})
})
afterEach(() => dir.remove())

describe('broker reports impact', () => {
  it('keeps outcomes by leader for directors, who say so with --director', () => {
    const refused = runCli(['reports', 'impact', '--by', 'leader'], {env})
    expect(refused.status).toBe(2)
    expect(refused.stderr).toContain('directors only')
    const allowed = runJson<ReportResult<ImpactReport>>(['reports', 'impact', '--by', 'leader', '--director'], {
      env,
    }).report
    expect(allowed.settings.by).toBe('leader')
  })

  it('says what the comparison cannot show and which years have no results, even with nothing to measure', () => {
    const {report} = runJson<ReportResult<ImpactReport>>(
      ['reports', 'impact', '--from', '2024-09-01', '--to', '2027-08-31'],
      {env},
    )
    expect(report.counts.completedSchools).toBe(0)
    expect(report.caveats.join(' ')).toContain('not a randomised trial')
    expect(report.unpublished.join(' ')).toContain('2019/20')
    const markdown = runCli(['reports', 'impact', '--format', 'markdown'], {env})
    expect(markdown.status).toBe(0)
    expect(markdown.stdout).toContain('What this comparison can and cannot show')
    const written = runJson<ReportResult<ImpactReport>>(['reports', 'impact', '--out', dir.file('impact.pdf')], {env})
    expect(written.output?.format).toBe('pdf')
  })
})
