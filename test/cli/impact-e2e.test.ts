import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'

import type {ReportResult} from '../../src/cli/report-command.js'
import type {ImpactReport} from '../../src/core/impact/build.js'
import {formatInterval} from '../../src/core/reports/document.js'
import type {LeaderReport} from '../../src/core/reports/leader.js'
import type {LeaderDetail} from '../../src/services/leaders.js'
import type {PersonalDataExport} from '../../src/services/personal-data.js'
import {runCli, runJson, tempDir, type TempDir} from '../helpers/cli.js'
import {
  buildImpactRegistry,
  IMPACT_PERIOD,
  IMPACT_TODAY,
  type ImpactFixture,
  PLANTED_EFFECT,
} from '../helpers/impact-registry.js'
import {pdfText, readPdf} from '../helpers/pdf.js'
import {describeWithPostgres} from '../helpers/postgres.js'

/**
 * The impact report and a leader's own record on a registry with completed deployments and
 * results before and after them (test/helpers/impact-registry.ts), through the built CLI.
 */

vi.setConfig({testTimeout: 60_000})

let dir: TempDir
let db: string
let fixture: ImpactFixture
beforeAll(async () => {
  dir = tempDir('broker-impact-')
  db = dir.file('registry.db')
  fixture = await buildImpactRegistry(dir, db)
}, 120_000)
afterAll(() => dir.remove())

const options = () => ({env: {BROKER_DB: db, BROKER_TODAY: IMPACT_TODAY}})
const PERIOD = ['--from', IMPACT_PERIOD.from, '--to', IMPACT_PERIOD.to]
/** The text a PDF reader sees, with line breaks and spacing made single spaces. */
const flat = (text: string) => text.replace(/\s+/g, ' ')

describe('broker reports impact on a registry with results before and after support', () => {
  it('writes a PDF a board and an evaluator can read: effect and interval, comparison and balance, what is awaited and suppressed', async () => {
    const {report} = runJson<ReportResult<ImpactReport>>(['reports', 'impact', ...PERIOD], options())
    const headline = report.headline.find((row) => row.measure === 'ks4-attainment8')!
    if (headline.suppressed) throw new Error('the headline was suppressed')
    // Support added PLANTED_EFFECT points of Attainment 8 to the 7 schools measured.
    expect(headline.supported).toBe(fixture.measured.length)
    expect(headline.low).toBeLessThanOrEqual(PLANTED_EFFECT)
    expect(headline.high).toBeGreaterThanOrEqual(PLANTED_EFFECT)
    expect(headline.low).toBeGreaterThan(0)
    const awaited = report.byMeasure.find((row) => row.measure === 'ks4-attainment8')!.byStatus
    expect(awaited['awaiting-follow-up']).toBe(fixture.awaiting.length)
    expect(report.endedEarly.every((row) => row.suppressed)).toBe(true)

    const path = dir.file('x.pdf')
    const written = runCli(['reports', 'impact', ...PERIOD, '--format', 'pdf', '--out', path], options())
    expect(written.status, written.stderr).toBe(0)
    const text = flat(pdfText(await readPdf(path)))
    // The effect with its interval, as the report model has it.
    expect(text).toContain(formatInterval({estimate: headline.effect, low: headline.low, high: headline.high}))
    expect(text).toContain('Effect and 95% interval')
    expect(text).toContain(`${headline.supported} supported, ${headline.comparison} comparison schools`)
    // How comparison schools were chosen, and how alike they are.
    expect(text).toContain('How comparison schools were chosen, and how alike they are')
    expect(text).toContain('the same baseline attainment quintile')
    expect(text).toContain('SMD before matching')
    expect(text).toContain('SMD after matching')
    // What is still awaiting results, and what was suppressed and why.
    expect(text).toContain('Awaiting the follow-up result')
    expect(text).toContain('fewer than 5')
    expect(text).toContain('suppressed')
    expect(text).toContain('Groups with fewer than 5 supported schools measured show no figures')
    // What the comparison cannot show, and the years without results.
    expect(text).toContain('This is not a randomised trial')
    expect(text).toContain('no results published for 2019/20')
    expect(text).toContain('no KS4 Progress 8 for 2023/24')
  })
})

describe("a leader's own record", () => {
  it('shows in leaders show to directors only', () => {
    const plain = runJson<LeaderDetail>(['leaders', 'show', fixture.leaderRef], options())
    expect(plain).not.toHaveProperty('record')
    const terminal = runCli(['leaders', 'show', fixture.leaderRef], options())
    expect(terminal.stdout).not.toContain('Own record')

    const director = runJson<LeaderDetail>(['leaders', 'show', fixture.leaderRef, '--director'], options())
    const entries = director.record!.entries
    expect(entries.map((entry) => entry.urn).sort()).toEqual([...fixture.measured, ...fixture.endedEarly].sort())
    const first = entries.find((entry) => entry.urn === fixture.measured[0])!
    expect(first.status).toBe('completed')
    const attainment = first.outcomes.find((outcome) => outcome.measure === 'ks4-attainment8')!
    // Before: the latest result before the agreed start (2024); after: the first a year after the close (2026).
    expect(attainment).toMatchObject({status: 'followed-up', before: {year: 2024}, after: {year: 2026}})
    expect(attainment.change).toBeCloseTo(attainment.after.value! - attainment.before.value)
    // No score, total or rank: only what each school's results did.
    expect(Object.keys(director.record!).sort()).toEqual(['afterMonths', 'entries', 'notes'])

    const shown = runCli(['leaders', 'show', fixture.leaderRef, '--director', '--wide'], options())
    expect(shown.stdout).toContain('Own record (directors only)')
    expect(shown.stdout).toContain('not a measure of the leader')

    const awaited = runJson<LeaderDetail>(['leaders', 'show', fixture.awaitedLeaderRef, '--director'], options())
    expect(awaited.record!.entries.flatMap((entry) => entry.outcomes.map((outcome) => outcome.status))).toEqual(
      expect.arrayContaining(['awaiting-follow-up']),
    )
    expect(awaited.record!.entries.every((entry) => entry.outcomes.every((outcome) => outcome.change === null))).toBe(
      true,
    )
  })

  it('shows in the leader report to directors only, and --redact drops it', async () => {
    const report = (...flags: string[]) =>
      runJson<ReportResult<LeaderReport>>(['reports', 'leader', fixture.leaderRef, ...flags], options()).report
    expect(report().record).toBeNull()
    const director = report('--director')
    expect(director.record!.entries).toHaveLength(fixture.measured.length + fixture.endedEarly.length)
    expect(director.glossary.map((entry) => entry.term)).toContain("Leader's own record")
    expect(report('--director', '--redact').record).toBeNull()

    const markdown = (...flags: string[]) =>
      runCli(['reports', 'leader', fixture.leaderRef, '--format', 'markdown', ...flags], options()).stdout
    expect(markdown()).not.toContain('Own record')
    expect(markdown('--director')).toContain('## Own record (directors only)')
    expect(markdown('--director', '--redact')).not.toContain('Own record')

    const path = dir.file('leader.pdf')
    const written = runCli(['reports', 'leader', fixture.leaderRef, '--director', '--out', path], options())
    expect(written.status, written.stderr).toBe(0)
    const text = flat(pdfText(await readPdf(path)))
    expect(text).toContain('Own record (directors only)')
    expect(text).toContain('KS4: Attainment 8')
  })

  it('is part of what leaders export-data gives the person, redacted or not', () => {
    for (const flags of [[], ['--redact']]) {
      const document = runJson<PersonalDataExport>(['leaders', 'export-data', fixture.leaderRef, ...flags], options())
      expect(document.outcomeRecord.entries.map((entry) => entry.urn).sort()).toEqual(
        [...fixture.measured, ...fixture.endedEarly].sort(),
      )
    }
  })
})

describeWithPostgres('the impact report and a leader’s record on PostgreSQL, as on SQLite', (server) => {
  let url: string
  beforeAll(async () => {
    url = await server().createDatabase()
    await buildImpactRegistry(dir, url)
  }, 120_000)

  it('gives the same report and the same record on both engines', () => {
    const on = (db: string) => ({env: {BROKER_DB: db, BROKER_TODAY: IMPACT_TODAY}})
    const impact = (db: string) => runJson<ReportResult<ImpactReport>>(['reports', 'impact', ...PERIOD], on(db)).report
    const [postgres, sqlite] = [impact(url), impact(db)]
    expect(sqlite.headline.some((row) => !row.suppressed)).toBe(true)
    expect(postgres.headline).toEqual(sqlite.headline)
    expect(postgres.byMeasure).toEqual(sqlite.byMeasure)
    const record = (target: string) =>
      runJson<LeaderDetail>(['leaders', 'show', fixture.leaderRef, '--director'], on(target)).record
    const onSqlite = record(db)
    expect(onSqlite!.entries).toHaveLength(fixture.measured.length + fixture.endedEarly.length)
    expect(record(url)).toEqual(onSqlite)
  })
})
