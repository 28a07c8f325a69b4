import {spawnSync} from 'node:child_process'
import {chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import Database from 'better-sqlite3'
import {parse} from 'csv-parse/sync'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'

import type {ReportResult} from '../../src/cli/report-command.js'
import {academicYearOf} from '../../src/core/calendar.js'
import type {ReportBase} from '../../src/core/reports/common.js'
import type {CoverageReport} from '../../src/core/reports/coverage.js'
import type {DeploymentReport} from '../../src/core/reports/deployment.js'
import {METRIC_KEYS, METRICS} from '../../src/core/reports/glossary.js'
import type {HubReport} from '../../src/core/reports/hub.js'
import type {LeaderReport} from '../../src/core/reports/leader.js'
import type {SchoolReport} from '../../src/core/reports/school.js'
import type {LeaderDetail} from '../../src/services/leaders.js'
import {BIN, REPO_ROOT, runCli, runJson, tempDir, type TempDir} from '../helpers/cli.js'
import {type PdfPage, pdfText, readPdf} from '../helpers/pdf.js'
import {buildReportFixture, REPORT_DAY, type ReportFixture} from '../helpers/report-fixture.js'

/**
 * Every report in every format on the sample hub after a term of work (see report-fixture),
 * with each report's totals checked against the days ledger itself.
 */

let dir: TempDir
let fixture: ReportFixture

// Each output is made once and shared (the registry never changes), so whichever test asks first
// pays for it: a test run alone or first makes PDFs and reports the others reuse. A generous cap.
vi.setConfig({testTimeout: 120_000})

beforeAll(async () => {
  dir = tempDir('broker-reports-')
  fixture = await buildReportFixture(dir.file('registry.db'))
}, 300_000)
afterAll(() => dir.remove())

const env = () => ({env: {BROKER_DB: fixture.db, BROKER_TODAY: REPORT_DAY}})
const broker = (args: string[]) => runCli(args, env())

// The registry does not change once built, so each report is made once per set of arguments.
const made = new Map<string, unknown>()
function once<T>(key: string, make: () => T): T {
  if (!made.has(key)) made.set(key, make())
  return made.get(key) as T
}
const brokerJson = <T>(args: string[]): T => once(`json ${args.join(' ')}`, () => runJson<T>(args, env()))
const terminal = (args: string[]) => once(`terminal ${args.join(' ')}`, () => broker(args))

function sql<Row = Record<string, number | string | null>>(query: string, ...params: unknown[]): Row[] {
  const database = new Database(fixture.db, {readonly: true})
  try {
    return database.prepare(query).all(...params) as Row[]
  } finally {
    database.close()
  }
}
const one = (query: string, ...params: unknown[]): number =>
  Number(Object.values(sql(query, ...params)[0] ?? {})[0] ?? 0)

const PERIOD = ['--from', '2026-09-01', '--to', '2027-08-31']
const REPORTS: Record<string, () => string[]> = {
  deployment: () => ['reports', 'deployment', String(fixture.deployments['REQ-27-005'])],
  school: () => ['reports', 'school', '910277'],
  leader: () => ['reports', 'leader', 'SH-0003'],
  hub: () => ['reports', 'hub', ...PERIOD],
  coverage: () => ['reports', 'coverage'],
}

/** Writes a report with --out (the format from the file name) and returns the file's text. */
function written(name: string, args: string[]): string {
  return once(`${name} ${args.join(' ')}`, () => {
    const path = dir.file(name)
    const result = broker([...args, '--out', path, '--force'])
    expect(result.status, result.stderr).toBe(0)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    return readFileSync(path, 'utf8')
  })
}

/** The same for a PDF: its pages, as a PDF reader sees them. */
function writtenPdf(name: string, args: string[]): Promise<PdfPage[]> {
  return once(`${name} ${args.join(' ')}`, () => {
    const path = dir.file(name)
    const result = broker([...args, '--out', path, '--force'])
    expect(result.status, result.stderr).toBe(0)
    return readPdf(path)
  })
}

function csvRows(text: string): Record<string, string>[] {
  return parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {columns: true})
}

const total = (rows: Record<string, string>[], column: string) =>
  rows.reduce((sum, row) => sum + Number(row[column] || 0), 0)

describe('every report, every format', () => {
  for (const [name, args] of Object.entries(REPORTS)) {
    it(`${name}: terminal, Markdown, HTML, CSV and JSON carry the same report`, () => {
      const json = brokerJson<ReportResult<ReportBase>>(args()).report
      const shown = terminal(args())
      expect(shown.status, shown.stderr).toBe(0)
      const markdown = written(`${name}.md`, args())
      const html = written(`${name}.html`, args())
      const csv = written(`${name}.csv`, args())
      expect(JSON.parse(written(`${name}.json`, args()))).toEqual(json)
      expect(markdown.startsWith(`# ${json.cover.title}`)).toBe(true)
      expect(html).toMatch(/^<!doctype html>/)
      expect(csvRows(csv).length).toBeGreaterThan(0)
      // Every figure's definition is in every footer.
      for (const entry of json.glossary as {term: string; definition: string}[]) {
        expect(shown.stdout).toContain(`${entry.term}:`)
        expect(markdown).toContain(`**${entry.term}:**`)
        expect(html).toContain(`<dt>${entry.term.replace(/'/g, '&#39;')}</dt>`)
      }
      for (const text of [shown.stdout, markdown, html]) {
        expect(text).toContain(json.cover.hub)
        expect(text).toContain(REPORT_DAY)
      }
    })

    it(`${name}: PDF on A4 pages, text of 9 pt or more, nothing past the printable width`, async () => {
      const pages = await writtenPdf(`${name}.pdf`, args())
      expect(pages.length).toBeGreaterThan(0)
      for (const [index, page] of pages.entries()) {
        const size = [Math.round(page.width), Math.round(page.height)].join('×')
        expect(['595×842', '842×595'], `page ${index + 1}`).toContain(size)
        for (const item of page.texts) {
          expect(item.fontSize, `"${item.text}" on page ${index + 1}`).toBeGreaterThanOrEqual(9)
          expect(item.x, `"${item.text}" on page ${index + 1}`).toBeGreaterThanOrEqual(39.5)
          expect(item.x + item.width, `"${item.text}" on page ${index + 1}`).toBeLessThanOrEqual(page.width - 39.5)
        }
      }
      expect(pdfText(pages)).toContain('What the figures mean')
    })
  }
})

describe('totals match the days ledger', () => {
  it('deployment: agreed, delivered and cost, in JSON, Markdown, CSV and PDF', async () => {
    const id = fixture.deployments['REQ-27-005']!
    const {report} = brokerJson<ReportResult<DeploymentReport>>(REPORTS.deployment!())
    const delivered = one(
      "select sum(half_days) from ledger_entries where deployment_id = ? and entry = 'delivered'",
      id,
    )
    const {half_days: agreed, day_rate_pence: rate} = sql<{half_days: number; day_rate_pence: number}>(
      'select half_days, day_rate_pence from deployments where id = ?',
      id,
    )[0]!
    expect(report.days).toMatchObject({
      agreedHalfDays: agreed,
      deliveredHalfDays: delivered,
      remainingHalfDays: Math.max(0, agreed - delivered),
    })
    expect(report.cost).toEqual({agreedPence: (agreed * rate) / 2, deliveredPence: (delivered * rate) / 2})
    expect(report.legacy[0]).toMatchObject({
      usedHalfDays: one(
        "select sum(half_days) from ledger_entries where legacy_link_id = ? and entry = 'delivered'",
        report.legacy[0]!.id,
      ),
    })
    expect(written('deployment.md', REPORTS.deployment!())).toContain(
      `| Delivered to date | ${delivered / 2} | £${((delivered * rate) / 200).toLocaleString('en-GB', {minimumFractionDigits: 2})} |`,
    )
    const visits = csvRows(written('visits.csv', REPORTS.deployment!()))
    expect(
      total(
        visits.filter((row) => row.Entry === 'delivered'),
        'Days (days)',
      ),
    ).toBe(delivered / 2)
    expect(pdfText(await writtenPdf('deployment.pdf', REPORTS.deployment!()))).toContain('£3,600.00')
  })

  it('deployment: the agreement and its variation are dated by BROKER_TODAY and name what changed in words', async () => {
    const {report} = brokerJson<ReportResult<DeploymentReport>>(REPORTS.deployment!())
    expect(report.variations.map((variation) => [variation.date, variation.kind, variation.changed])).toEqual([
      ['2027-01-06', 'agreement', []],
      ['2027-04-01', 'variation', ['endsOn', 'objectives']],
    ])
    expect(report.variations[0]!.date >= report.deployment.need!.receivedOn).toBe(true)
    const pdf = pdfText(await writtenPdf('deployment.pdf', REPORTS.deployment!())).replace(/\s+/g, ' ')
    for (const text of [
      terminal([...REPORTS.deployment!(), '--wide']).stdout,
      written('deployment.md', REPORTS.deployment!()),
      written('deployment.html', REPORTS.deployment!()),
      pdf,
    ]) {
      expect(text).toContain('end date, objectives')
      expect(text).toContain('2027-04-01')
      expect(text).not.toMatch(/endsOn|halfDays|dayRatePence|midReviewOn/)
    }
  })

  it('school: support received adds up to the ledger for its deployments', () => {
    const {report} = brokerJson<ReportResult<SchoolReport>>(REPORTS.school!())
    const delivered = one(
      "select sum(l.half_days) from ledger_entries l join deployments d on d.id = l.deployment_id where d.urn = 910277 and l.entry = 'delivered'",
    )
    expect(report.totals).toMatchObject({
      deployments: 1,
      deliveredHalfDays: delivered,
      deliveredCostPence: (delivered * 35_000) / 2,
    })
    expect(report.outcomes).toMatchObject({judged: 2, metOrExceeded: 0})
    const support = csvRows(written('support.csv', REPORTS.school!()))
    expect(total(support, 'Days delivered (days)')).toBe(delivered / 2)
    expect(total(support, 'Cost delivered (£)')).toBe(report.totals.deliveredCostPence / 100)
  })

  it('leader: days by academic year are the ledger and capacity accounting, as `leaders show` has them', () => {
    const {report} = brokerJson<ReportResult<LeaderReport>>(REPORTS.leader!())
    const leaderId = one("select id from leaders where ref = 'SH-0003'")
    const byYear = new Map<number, number>()
    for (const row of sql<{on_date: string; half_days: number}>(
      "select on_date, half_days from ledger_entries where leader_id = ? and entry = 'delivered'",
      leaderId,
    )) {
      byYear.set(academicYearOf(row.on_date), (byYear.get(academicYearOf(row.on_date)) ?? 0) + row.half_days)
    }
    for (const year of report.years) expect(year.deliveredHalfDays).toBe(byYear.get(year.academicYear) ?? 0)
    const shown = brokerJson<LeaderDetail>(['leaders', 'show', 'SH-0003'])
    for (const year of report.years) {
      const capacity = shown.capacity.find((entry) => entry.academicYear === year.academicYear)
      expect([year.releasedHalfDays, year.committedHalfDays, year.deliveredHalfDays, year.freeHalfDays]).toEqual([
        capacity!.released,
        capacity!.committed,
        capacity!.delivered,
        capacity!.free,
      ])
    }
    expect(report.totals.deliveredHalfDays).toBe(
      one(
        "select sum(half_days) from ledger_entries where leader_id = ? and entry = 'delivered' and deployment_id is not null",
        leaderId,
      ),
    )
  })

  it('hub: needs, days and money add up to the registry, and the finance CSV to the report', () => {
    const {report} = brokerJson<ReportResult<HubReport>>(REPORTS.hub!())
    const inPeriod = "on_date between '2026-09-01' and '2027-08-31'"
    expect(report.days.deliveredHalfDays).toBe(
      one(`select sum(half_days) from ledger_entries where entry = 'delivered' and ${inPeriod}`),
    )
    expect(report.days.deliveredToLegacyHalfDays).toBe(
      one(
        `select sum(half_days) from ledger_entries where entry = 'delivered' and legacy_link_id is not null and ${inPeriod}`,
      ),
    )
    const costPence = one(
      `select sum(l.half_days * d.day_rate_pence / 2.0) from ledger_entries l join deployments d on d.id = l.deployment_id where l.entry = 'delivered' and ${inPeriod.replace('on_date', 'l.on_date')}`,
    )
    expect(report.fundingTotal.deliveredCostPence).toBe(costPence)
    expect(
      report.funding.reduce((sum: number, row: {deliveredCostPence: number}) => sum + row.deliveredCostPence, 0),
    ).toBe(costPence)
    const received = one(
      "select count(*) from needs n where received_on between '2026-09-01' and '2027-08-31' and not exists (select 1 from needs p where p.parent_need_id = n.id)",
    )
    expect(report.needs.received).toBe(received)
    expect(
      report.needs.supported + report.needs.proposed + report.needs.unmatched + report.needs.closedWithoutSupport,
    ).toBe(received)
    expect(report.needs.supported).toBe(5)
    expect(report.matchRun).toEqual({id: one('select max(id) from match_runs'), asOf: '2027-01-10'})
    expect(report.unmatched.find((need) => need.reference === 'REQ-27-028')).toMatchObject({
      category: 'no-expertise',
    })
    // Every reason the real engine gave is read into a category.
    expect(report.unmatched.filter((need) => need.category === 'other')).toEqual([])
    expect(report.outcomes).toMatchObject({deploymentsCompleted: 2, judged: 4, metOrExceeded: 2})

    const finance = csvRows(written('finance.csv', REPORTS.hub!()))
    expect(finance).toHaveLength(report.days.deployments)
    expect(total(finance, 'Days delivered (days)')).toBe(report.days.deliveredToDeploymentsHalfDays / 2)
    expect(total(finance, 'Cost delivered (£)')).toBeCloseTo(costPence / 100, 2)
    expect(finance.map((row) => row['Grant reference'])).toContain("'+MH-27-9")
    const funding = csvRows(written('funding.csv', [...REPORTS.hub!(), '--table', 'funding']))
    expect(funding.map((row) => row['Funding source']).sort()).toEqual([
      'dfe-grant',
      'local-authority',
      'school-budget',
      'trust',
    ])
  })

  it('hub: utilisation over a short period counts the days delivered in it, as the summary does', () => {
    const january = ['reports', 'hub', '--from', '2027-01-01', '--to', '2027-01-31']
    const {report} = brokerJson<ReportResult<HubReport>>(january)
    const inJanuary = "l.entry = 'delivered' and l.on_date between '2027-01-01' and '2027-01-31'"
    const delivered = one(`select sum(half_days) from ledger_entries l where ${inJanuary}`)
    expect(delivered).toBeGreaterThan(0)
    expect(report.days.deliveredHalfDays).toBe(delivered)
    expect(report.utilisation.all.deliveredDays).toBe(delivered / 2)
    for (const row of report.utilisation.byDesignation) {
      const byKind = one(
        `select coalesce(sum(l.half_days), 0) from ledger_entries l where ${inJanuary} and exists (select 1 from designations d where d.leader_id = l.leader_id and d.kind = ?)`,
        row.group,
      )
      expect(row.deliveredDays, row.group).toBe(byKind / 2)
    }
    expect(report.utilisation.byDesignation.find((row) => row.group === 'SLE')!.deliveredDays).toBeGreaterThan(0)
    expect(terminal(january).stdout).toMatch(
      new RegExp(`All leaders\\s+\\d+\\s+[\\d.]+\\s+${(delivered / 2).toFixed(1)}\\s`),
    )
  })

  it('hub: the same totals print in every format', async () => {
    const {report} = brokerJson<ReportResult<HubReport>>(REPORTS.hub!())
    const summary = `${report.days.deliveredHalfDays / 2} (${report.days.deliveredToDeploymentsHalfDays / 2} in deployments, ${report.days.deliveredToLegacyHalfDays / 2} in legacy support)`
    const pdf = pdfText(await writtenPdf('hub.pdf', REPORTS.hub!())).replace(/\s+/g, ' ')
    for (const text of [
      terminal(REPORTS.hub!()).stdout,
      written('hub.md', REPORTS.hub!()),
      written('hub.html', REPORTS.hub!()),
      pdf,
    ]) {
      expect(text).toContain(summary)
      expect(text).toContain('£7,000.00')
      expect(text).toMatch(/match run 2|Match run\W+2/i)
    }
  })

  it('coverage: demand is the open needs, supply the free days, cold spots those with nobody in reach', () => {
    const {report} = brokerJson<ReportResult<CoverageReport>>(REPORTS.coverage!())
    expect(report.totals.demandHalfDays).toBe(
      one(
        "select sum(requested_half_days) from needs n where status = 'open' and not exists (select 1 from needs p where p.parent_need_id = n.id)",
      ),
    )
    const spots = report.coldSpots.map((spot) => spot.reference)
    expect(spots).toEqual(expect.arrayContaining(['REQ-27-001', 'REQ-27-028']))
    for (const spot of report.coldSpots) expect(spot.deliveryMode).not.toBe('remote')
    expect(report.coldSpots.find((spot) => spot.reference === 'REQ-27-001')!.nearest).toMatchObject({ref: 'SH-0031'})
    const wider = brokerJson<ReportResult<CoverageReport>>(['reports', 'coverage', '--radius', '120']).report
    expect(wider.radiusKm).toBe(120)
    expect(wider.coldSpots.map((spot) => spot.reference)).not.toContain('REQ-27-001')
    expect(csvRows(written('specialisms.csv', REPORTS.coverage!())).map((row) => row.Specialism)).toContain('Drama')
  })
})

describe('personal data', () => {
  it('hub and coverage reports never print an email address, in any format', async () => {
    const emails = sql<{email: string}>('select email from leader_personal').map((row) => row.email)
    expect(emails.length).toBeGreaterThan(100)
    for (const name of ['hub', 'coverage']) {
      const outputs = [
        terminal(REPORTS[name]!()).stdout,
        JSON.stringify(brokerJson<unknown>(REPORTS[name]!())),
        written(`${name}.md`, REPORTS[name]!()),
        written(`${name}.html`, REPORTS[name]!()),
        written(`${name}.csv`, REPORTS[name]!()),
        pdfText(await writtenPdf(`${name}.pdf`, REPORTS[name]!())),
      ]
      for (const output of outputs) expect(output).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/)
    }
  })

  it('--redact leaves out names, sign-offs and notes on every report', () => {
    const names = ['Bethany Patel', 'Declan Gibson', 'Siân Kowalski', 'Siân Milburn']
    const private_ = [
      'Head of the supported school',
      'Observed Y8 and Y9',
      'Exit plan',
      'Maths is steadier',
      'Observations in May',
      'Head of maths confident',
    ]
    // Every format renders the JSON model, so the model is where redaction must hold; the terminal shows it does.
    const outputs = [
      ...Object.values(REPORTS).map((args) => JSON.stringify(brokerJson<unknown>([...args(), '--redact']))),
      terminal([...REPORTS.deployment!(), '--redact']).stdout,
    ]
    for (const output of outputs) {
      for (const text of [...names, ...private_]) expect(output).not.toContain(text)
      expect(output).not.toMatch(/@example/)
    }
    const redacted = brokerJson<ReportResult<DeploymentReport>>([...REPORTS.deployment!(), '--redact']).report
    expect(redacted.deployment.leader).toEqual({ref: 'SH-0050', name: null})
    expect(redacted.deployment.signoffs.supportedHead).toBe('signed')
    expect(redacted.cover.redacted).toBe(true)
    expect(redacted.glossary.map((entry) => entry.key)).toContain('redacted')
    // Without --redact the deployment report names the people involved.
    expect(terminal(REPORTS.deployment!()).stdout).toContain('Bethany Patel')
  })
})

describe('writing files', () => {
  it('refuses to overwrite without --force, and replaces with it', () => {
    const path = dir.file('keep.md')
    writeFileSync(path, 'previous report')
    const refused = broker([...REPORTS.school!(), '--out', path])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toMatch(/already exists; it was left as it is/)
    expect(refused.stderr).toMatch(/--force/)
    expect(readFileSync(path, 'utf8')).toBe('previous report')
    expect(broker([...REPORTS.school!(), '--out', path, '--force']).status).toBe(0)
    expect(readFileSync(path, 'utf8')).toMatch(/^# School support report/)
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('fails cleanly on a folder, a path through a file, or a folder it cannot write, leaving the previous file intact', () => {
    const folder = broker([...REPORTS.school!(), '--out', dir.path])
    expect(folder.status).toBe(3)
    expect(folder.stderr).toMatch(/is a folder; nothing was written/)
    writeFileSync(dir.file('a-file'), 'x')
    const through = broker([...REPORTS.school!(), '--out', join(dir.file('a-file'), 'report.pdf')])
    expect(through.status).toBe(3)
    expect(through.stderr).not.toMatch(/\n\s+at /)
    // A typo in a folder name creates nothing.
    const typo = join(dir.path, 'no-such-folder', 'deeper', 'report.pdf')
    const missing = broker([...REPORTS.hub!(), '--out', typo])
    expect(missing.status).toBe(3)
    expect(missing.stderr).toContain(
      `Cannot write ${typo}: there is no folder ${join(dir.path, 'no-such-folder', 'deeper')}; nothing was written.`,
    )
    expect(missing.stderr).toMatch(/Try: Check the path for a typo, or create the folder first/)
    expect(existsSync(join(dir.path, 'no-such-folder'))).toBe(false)

    // root ignores permissions: then the CLI runs as nobody, who owns the folder but cannot write to it.
    const asRoot = process.getuid?.() === 0
    const own = tempDir('broker-read-only-out-')
    try {
      const db = join(own.path, 'registry.db')
      const database = new Database(fixture.db, {readonly: true})
      database.exec(`vacuum into '${db.replace(/'/g, "''")}'`)
      database.close()
      const out = join(own.path, 'out')
      mkdirSync(out)
      const previous = join(out, 'school.md')
      writeFileSync(previous, 'previous report')
      if (asRoot) for (const path of [own.path, db, out, previous]) chownSync(path, 65_534, 65_534)
      chmodSync(own.path, 0o755)
      chmodSync(out, 0o500)
      const result = spawnSync(
        process.execPath,
        [BIN, ...REPORTS.school!(), '--db', db, '--out', previous, '--force'],
        {
          cwd: REPO_ROOT,
          env: {...process.env, HOME: own.path, NO_COLOR: '1', BROKER_TODAY: REPORT_DAY, BROKER_DB: ''},
          encoding: 'utf8',
          ...(asRoot ? {uid: 65_534, gid: 65_534} : {}),
        },
      )
      chmodSync(out, 0o700)
      expect(result.status, result.stderr).toBe(1)
      expect(result.stderr).toMatch(
        /Cannot write .*school\.md: permission denied; nothing was written, and any file already there is unchanged/,
      )
      expect(readFileSync(previous, 'utf8')).toBe('previous report')
      expect(readdirSync(out)).toEqual(['school.md'])
    } finally {
      own.remove()
    }
  })

  it('prints --json with the file it wrote', () => {
    const path = dir.file('leader.json')
    const result = brokerJson<ReportResult<LeaderReport>>([...REPORTS.leader!(), '--out', path, '--force'])
    expect(result.output).toMatchObject({format: 'json', path, bytes: statSync(path).size})
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(result.report)
  })
})

describe('mistakes', () => {
  it('explain themselves with the documented exit codes', () => {
    const cases: [string[], number, RegExp][] = [
      [[...REPORTS.hub!(), '--format', 'pdf'], 2, /A PDF report needs a file/],
      [[...REPORTS.hub!(), '--table', 'funding'], 2, /--table picks the table a CSV report writes/],
      [
        [...REPORTS.hub!(), '--format', 'csv', '--table', 'money'],
        2,
        /no table "money"[\s\S]*one of: needs, unmatched-reasons, unmatched, months/,
      ],
      [
        ['reports', 'hub', '--from', '2027-08-01', '--to', '2027-01-01'],
        2,
        /starts on 2027-08-01, after it ends on 2027-01-01/,
      ],
      [['reports', 'hub', '--from', '2027-02-30'], 2, /Expected a date like/],
      [[...REPORTS.hub!(), '--format', 'docx'], 2, /Expected --format=docx to be one of/],
      [['reports', 'deployment', '999'], 1, /There is no deployment 999/],
      [['reports', 'school', '999999'], 1, /No school with URN 999999/],
      [['reports', 'leader', 'XX-9999'], 1, /No leader/],
      [['reports', 'coverage', '--radius', '0'], 2, /radius/],
    ]
    for (const [args, status, message] of cases) {
      const result = broker(args)
      expect(result.status, `${args.join(' ')}\n${result.stderr}`).toBe(status)
      expect(result.stderr).toMatch(message)
      expect(result.stdout).toBe('')
    }
  })
})

describe('the metrics glossary', () => {
  it('is printed whole by `reports glossary`, as the README section', () => {
    const markdown = runCli(['reports', 'glossary', '--format', 'markdown']).stdout
    for (const key of METRIC_KEYS) expect(markdown).toContain(`| ${METRICS[key].term} |`)
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
    const section = /## Metrics glossary\n([\s\S]*?)(?=\n## |$)/.exec(readme)?.[1]
    // The README section is this command's output and must stay in step with it.
    expect(section, 'README.md has a "## Metrics glossary" section').toBeDefined()
    expect(section).toContain(markdown.trim())
  })
})

describe('start-up', () => {
  it('imports the PDF, map and atlas modules only inside the renderers that use them', () => {
    const heavy = /^(pdfmake|pdfkit|d3-geo|topojson-client|world-atlas)(\/|$)/
    const walk = (folder: string): string[] =>
      readdirSync(folder, {withFileTypes: true}).flatMap((entry) =>
        entry.isDirectory()
          ? walk(join(folder, entry.name))
          : entry.name.endsWith('.ts')
            ? [join(folder, entry.name)]
            : [],
      )
    const offenders = walk(join(REPO_ROOT, 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import (type )?[\s\S]*?from '([^']+)'/gm)]
        .filter((match) => match[1] === undefined && heavy.test(match[2]!))
        .map((match) => `${file}: ${match[2]}`),
    )
    expect(offenders).toEqual([])
    expect(existsSync(join(REPO_ROOT, 'node_modules', 'world-atlas', 'land-50m.json'))).toBe(true)
  })
})
