import {readFileSync} from 'node:fs'

import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'

import type {LeadersListResult} from '../../src/commands/leaders/list.js'
import type {MatchResult} from '../../src/commands/match.js'
import type {SchoolsListResult} from '../../src/commands/schools/list.js'
import type {LeaderChange} from '../../src/services/leaders.js'
import type {InitResult} from '../../src/services/registry-admin.js'
import {jsonFailure, runCli, runJson, tempDir, type TempDir} from '../helpers/cli.js'
import {sampleHubRegistry} from '../helpers/seed.js'

/**
 * Every list and report as an .xlsx, opened the way Excel would: the workbook's XML read from the
 * zip, and the cells read back with exceljs. Names that look like formulas stay text, and
 * non-ASCII names survive.
 */

vi.setConfig({testTimeout: 60_000})

let dir: TempDir
let db: string

const TODAY = '2026-12-01'
const env = () => ({cwd: dir.path, env: {BROKER_DB: db, BROKER_TODAY: TODAY, BROKER_USER: 'hub-director'}})
const broker = (args: string[]) => runCli(args, env())
const brokerJson = <T>(args: string[]) => runJson<T>(args, env())

/** Names a spreadsheet must keep as typed: accents, a curly apostrophe, and formula triggers. */
const AWKWARD_NAMES = [
  'Siân O’Brien',
  'Zoë Ångström',
  '=HYPERLINK("http://x.test","y")',
  '+44 Rhodri',
  '-Ruth',
  '@SUM(A1)',
]

beforeAll(async () => {
  dir = tempDir('broker-xlsx-')
  db = await sampleHubRegistry(dir)
  brokerJson<InitResult>(['init', '--hub', 'Sample Teaching School Hub'])
  brokerJson<MatchResult>(['match', '--apply'])
  for (const name of AWKWARD_NAMES)
    brokerJson<LeaderChange>(['leaders', 'add', '--name', name, '--designation', 'SLE', '--specialism', 'phonics'])
}, 180_000)
afterAll(() => dir.remove())

async function workbook(path: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(readFileSync(path) as unknown as ArrayBuffer)
  return book
}

async function sheetXml(path: string, sheet = 1): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path))
  return zip.file(`xl/worksheets/sheet${sheet}.xml`)!.async('string')
}

/** Row values of a sheet (header first), as exceljs reads them. */
function values(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = []
  sheet.eachRow({includeEmpty: true}, (row) => rows.push((row.values as unknown[]).slice(1)))
  return rows
}

describe('lists as spreadsheets', () => {
  it('writes every row, not the terminal default of 50; a --limit given is kept', async () => {
    const all = brokerJson<SchoolsListResult>(['schools', 'list', '--limit', '0'])
    expect(all.total).toBeGreaterThan(50)
    const written = brokerJson<SchoolsListResult>(['schools', 'list', '--out', 'schools.xlsx'])
    expect(written.output).toMatchObject({format: 'xlsx', rows: all.total})
    const sheet = (await workbook(dir.file('schools.xlsx'))).worksheets[0]!
    expect(sheet.rowCount).toBe(all.total + 1)
    expect(
      values(sheet)
        .slice(1)
        .map((row) => row[0]),
    ).toEqual(all.schools.map((school) => school.urn))

    brokerJson<SchoolsListResult>(['schools', 'list', '--limit', '7', '--format', 'xlsx', '--out', 'seven.xlsx'])
    expect((await workbook(dir.file('seven.xlsx'))).worksheets[0]!.rowCount).toBe(8)
  })

  it('has a frozen bold header with an autofilter over the rows, and columns sized to their text', async () => {
    const result = brokerJson<LeadersListResult>(['leaders', 'list', '--out', 'leaders.xlsx'])
    const xml = await sheetXml(dir.file('leaders.xlsx'))
    expect(xml).toContain('state="frozen"')
    expect(xml).toContain('ySplit="1"')
    expect(xml).toContain(`<autoFilter ref="A1:K${result.total + 1}"/>`)
    const sheet = (await workbook(dir.file('leaders.xlsx'))).worksheets[0]!
    expect(sheet.getRow(1).font?.bold).toBe(true)
    expect(sheet.getRow(1).getCell(2).value).toBe('Name')
    const longestName = Math.max(...result.leaders.map((leader) => (leader.name ?? '').length))
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(Math.min(60, longestName))
  })

  it('keeps text that starts with = + - @ as text, never a formula, and keeps non-ASCII names', async () => {
    brokerJson<LeadersListResult>(['leaders', 'list', '--out', 'names.xlsx'])
    const xml = await sheetXml(dir.file('names.xlsx'))
    expect(xml).not.toContain('<f>')
    const zip = await JSZip.loadAsync(readFileSync(dir.file('names.xlsx')))
    const strings = await zip.file('xl/sharedStrings.xml')!.async('string')
    expect(strings).toContain('Siân O’Brien')
    const names = values((await workbook(dir.file('names.xlsx'))).worksheets[0]!).map((row) => row[1])
    for (const name of AWKWARD_NAMES) expect(names).toContain(name)
  })

  it('types cells: dates as dates, days and pounds as numbers with formats', async () => {
    broker(['deployments', 'list', '--status', 'any', '--out', 'deployments.xlsx'])
    const sheet = (await workbook(dir.file('deployments.xlsx'))).worksheets[0]!
    const header = values(sheet)[0]!
    const column = (name: string) => header.indexOf(name) + 1
    const first = sheet.getRow(2)
    const holdExpires = first.getCell(column('Hold expires'))
    expect(holdExpires.value).toBeInstanceOf(Date)
    expect(holdExpires.numFmt).toBe('d mmm yyyy')
    const daysAgreed = first.getCell(column('Days agreed'))
    expect(typeof daysAgreed.value).toBe('number')
    expect(daysAgreed.numFmt).toBe('0.0')
  })

  it('writes due work, needs, legacy links and search hits too', async () => {
    for (const args of [
      ['due', '--within', '60'],
      ['needs', 'list', '--status', 'any'],
      ['legacy', 'list', '--status', 'any'],
      ['search', 'primary', '--type', 'school'],
    ]) {
      const out = `${args[0]}-${args.length}.xlsx`
      const result = broker([...args, '--out', out])
      expect(result.status, result.stderr).toBe(0)
      expect((await workbook(dir.file(out))).worksheets).toHaveLength(1)
    }
  })

  it('refuses a spreadsheet with no file, and an --out that is not .xlsx (exit 2)', () => {
    const noFile = broker(['schools', 'list', '--format', 'xlsx', '--json'])
    expect(noFile.status).toBe(2)
    expect(jsonFailure(noFile).message).toContain('needs a file')
    expect(broker(['needs', 'list', '--out', 'needs.csv']).status).toBe(2)
  })
})

describe('reports as spreadsheets', () => {
  it('has one sheet per table of the report, each with a legal and unique name', async () => {
    const tables = jsonFailure(broker(['reports', 'hub', '--out', 'tables.csv', '--table', 'none', '--json']))
      .suggestion!.replace(/^.*one of: /, '')
      .replace(/\.$/, '')
      .split(', ')
    const result = broker(['reports', 'hub', '--out', 'hub.xlsx'])
    expect(result.status, result.stderr).toBe(0)
    const book = await workbook(dir.file('hub.xlsx'))
    expect(book.worksheets).toHaveLength(tables.length)
    const names = book.worksheets.map((sheet) => sheet.name)
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length)
    for (const name of names) expect(name.length).toBeLessThanOrEqual(31)
  })

  it('needs a file for xlsx', () => {
    expect(broker(['reports', 'hub', '--format', 'xlsx']).status).toBe(2)
  })
})
