import {readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import Database from 'better-sqlite3'
import {parse} from 'csv-parse/sync'
import iconv from 'iconv-lite'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {Registry} from '../../src/db/registry.js'
import {importInspections} from '../../src/services/import-inspections.js'
import {importLeaders, type LeaderImportReport} from '../../src/services/import-leaders.js'
import {importNeeds} from '../../src/services/import-needs.js'
import {importSchools, type SchoolImportReport} from '../../src/services/import-schools.js'
import type {ImportReport} from '../../src/services/import.js'
import type {ErasureReport} from '../../src/services/personal-data.js'
import {runCli, runJson, SAMPLE, tempDir, type TempDir} from '../helpers/cli.js'
import {csv, DESIGNATION_HEADER, designationRow, zipArchive} from './fixtures/files.js'
import {copyRegistry, dump, expectNoStackTrace, expectNothingLost} from './harness.js'

let dir: TempDir
/** A registry holding the sample hub's schools, copied for each test. */
let base: string

beforeAll(() => {
  dir = tempDir('broker-imports-')
  base = dir.file('base.db')
  expect(runCli(['init', '--db', base]).status).toBe(0)
  expect(runCli(['schools', 'import', join(SAMPLE, 'schools.csv'), '--db', base]).status).toBe(0)
}, 60_000)
afterAll(() => dir.remove())

function fresh(name: string): string {
  const path = dir.file(name)
  copyRegistry(base, path)
  return path
}

const leaveOutImportRecords = (table: string, row: Record<string, unknown>) =>
  table === 'import_runs' || (table === 'audit_log' && String(row.action).endsWith('.import'))

/** Runs an import that must be refused: exit 3, the message, no stack trace, nothing changed. */
function expectRefused(args: string[], path: string, says: string | RegExp): void {
  const before = dump(path)
  const result = runCli([...args, '--db', path])
  expect(result.status, result.stderr).toBe(3)
  expect(result.stderr).toMatch(says)
  expectNoStackTrace(result.stderr)
  expectNothingLost(path, {before})
}

describe('hostile files', {timeout: 60_000}, () => {
  it('refuses a zip bomb before unpacking it', () => {
    const path = fresh('bomb.db')
    const bomb = dir.file('bomb.xlsx')
    // 160 MiB of spaces pack into about 160 KiB.
    writeFileSync(
      bomb,
      zipArchive([
        {name: '[Content_Types].xml', data: Buffer.from('<Types/>')},
        {name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(160 * 1024 * 1024, 0x20)},
      ]),
    )
    expect(statSync(bomb).size).toBeLessThan(1024 * 1024)
    expectRefused(
      ['schools', 'import', bomb],
      path,
      /bomb\.xlsx would unpack to at least 160 MiB; broker opens workbooks up to 128 MiB unpacked/,
    )
  })

  it('refuses a workbook whose parts unpack to more than they declare', () => {
    const path = fresh('liar.db')
    const liar = dir.file('liar.xlsx')
    writeFileSync(
      liar,
      zipArchive([{name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20), declaredSize: 1024}]),
    )
    expectRefused(['leaders', 'import', liar], path, /liar\.xlsx would unpack to more than its parts declare/)
  })

  it('refuses 20,000 columns in a CSV and 16,384 in a workbook, before mapping them', async () => {
    const path = fresh('wide.db')
    const headers = ['URN', 'EstablishmentName', ...Array.from({length: 19_998}, (_, index) => `Extra ${index}`)]
    const wideCsv = dir.file('wide.csv')
    writeFileSync(wideCsv, csv([headers, ['100001', 'Wide School']]))
    expectRefused(
      ['schools', 'import', wideCsv],
      path,
      /wide\.csv has 20,000 columns on line 1; broker reads at most 1,000/,
    )
    // A worksheet stops at 16,384 columns (XFD).
    const {default: ExcelJS} = await import('exceljs')
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('Schools').addRow(headers.slice(0, 16_384))
    const wideXlsx = dir.file('wide.xlsx')
    await workbook.xlsx.writeFile(wideXlsx)
    expectRefused(
      ['schools', 'import', wideXlsx],
      path,
      /wide\.xlsx has 16,384 columns on line 1; broker reads at most 1,000/,
    )
  })

  it('refuses a cell longer than a spreadsheet cell can be', () => {
    const path = fresh('long-cell.db')
    const file = dir.file('long-cell.csv')
    writeFileSync(file, csv([DESIGNATION_HEADER, designationRow(1, {'Full name': 'x'.repeat(100_000)})]))
    expectRefused(
      ['leaders', 'import', file],
      path,
      /long-cell\.csv, line 2, column 3: a cell holds 100,000 characters; a spreadsheet cell holds at most 32,767/,
    )
  })

  it('keeps __proto__, constructor and prototype headers as mere columns in every importer, CSV and XLSX, polluting nothing', async () => {
    const registry = await Registry.open(fresh('proto.db'))
    const context = {registry, actor: 'tester', today: '2026-12-01'}
    const hostile = ['__proto__', 'constructor', 'prototype']
    const hostileCells = ['{"polluted": "yes"}', 'polluted', 'polluted']
    const {default: ExcelJS} = await import('exceljs')
    const files = async (name: string, header: string[], row: string[]) => {
      const csvPath = dir.file(`${name}.csv`)
      writeFileSync(
        csvPath,
        csv([
          [...hostile, ...header],
          [...hostileCells, ...row],
        ]),
      )
      const workbook = new ExcelJS.Workbook()
      const sheet = workbook.addWorksheet('Sheet')
      sheet.addRow([...hostile, ...header])
      sheet.addRow([...hostileCells, ...row])
      const xlsxPath = dir.file(`${name}.xlsx`)
      await workbook.xlsx.writeFile(xlsxPath)
      return [csvPath, xlsxPath]
    }
    try {
      for (const file of await files('proto-schools', ['URN', 'EstablishmentName'], ['100001', 'Proto School']))
        await importSchools(context, {file})
      for (const file of await files('proto-leaders', DESIGNATION_HEADER, designationRow(1)))
        await importLeaders(context, {file})
      for (const file of await files(
        'proto-needs',
        ['URN', 'Needs', 'Support type', 'Days', 'Window start', 'Window end'],
        ['910001', 'Maths', 'Specialist', '2', '2027-01-04', '2027-03-31'],
      )) {
        await importNeeds(context, {file})
      }
      for (const file of await files(
        'proto-inspections',
        ['URN', 'Inspection date', 'Overall effectiveness'],
        ['910001', '2019-01-10', 'Good'],
      ))
        await importInspections(context, {file})
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(
        Object.getOwnPropertyNames(Object.getPrototypeOf({})).sort(),
      )
      expect(Object.keys(Object.prototype)).toEqual([])
      expect((await registry.read((repos) => repos.schools.get(100001)))?.name).toBe('Proto School')
    } finally {
      await registry.close()
    }
  })
})

describe('encodings', {timeout: 60_000}, () => {
  it('stores names exactly as written, from Windows-1252, UTF-8 with and without a BOM, UTF-16LE and XLSX', async () => {
    const path = fresh('encodings.db')
    const name = (variant: string) => `St Mary’s – “Ærø” Öst café £5 €10 … ${variant}`
    const header = ['URN', 'EstablishmentName']
    const text = (urn: number, variant: string) => csv([header, [String(urn), name(variant)]])
    const files: [string, Buffer][] = [
      ['windows-1252.csv', iconv.encode(text(200001, 'cp1252'), 'win1252')],
      ['utf8.csv', Buffer.from(text(200002, 'utf8'), 'utf8')],
      ['utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text(200003, 'utf8 bom'), 'utf8')])],
      ['utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text(200004, 'utf16'), 'utf16le')])],
    ]
    for (const [file, bytes] of files) {
      writeFileSync(dir.file(file), bytes)
      runJson<SchoolImportReport>(['schools', 'import', dir.file(file), '--db', path])
    }
    const {default: ExcelJS} = await import('exceljs')
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Schools')
    sheet.addRow(header)
    sheet.addRow(['200005', name('xlsx')])
    await workbook.xlsx.writeFile(dir.file('names.xlsx'))
    runJson<SchoolImportReport>(['schools', 'import', dir.file('names.xlsx'), '--db', path])

    const database = new Database(path, {readonly: true})
    const stored = database
      .prepare('select urn, name from schools where urn between 200001 and 200005 order by urn')
      .all()
    const damaged = database.prepare('select count(*) as n from schools where instr(name, char(65533)) > 0').get() as {
      n: number
    }
    database.close()
    expect(stored).toEqual([
      {urn: 200001, name: name('cp1252')},
      {urn: 200002, name: name('utf8')},
      {urn: 200003, name: name('utf8 bom')},
      {urn: 200004, name: name('utf16')},
      {urn: 200005, name: name('xlsx')},
    ])
    expect(damaged.n).toBe(0)
  })
})

describe('CSV written by broker', {timeout: 60_000}, () => {
  it('neutralises formulas in the rejected rows it writes, and stores the same text verbatim in the registry', () => {
    const path = fresh('injection.db')
    const formulas = ['=HYPERLINK("http://evil.example","click")', '+SUM(1,2)', '-2+3', '@cmd', '\t=1+1']
    const rows = formulas.flatMap((formula, index) => [
      designationRow(10 + index, {'Full name': formula}),
      designationRow(20 + index, {'Full name': formula, Phase: 'Underwater'}),
    ])
    const file = dir.file('formulas.csv')
    writeFileSync(file, csv([DESIGNATION_HEADER, ...rows]))
    const rejects = dir.file('formulas.rejected.csv')
    const report = runJson<LeaderImportReport>([
      'leaders',
      'import',
      file,
      '--skip-invalid',
      '--rejects',
      rejects,
      '--db',
      path,
    ])
    expect(report.counts).toMatchObject({insert: 5, rejected: 5})
    const written = parse(readFileSync(rejects, 'utf8'), {bom: true})
    expect(written.slice(1).map((row) => row[2])).toEqual(formulas.map((formula) => `'${formula}`))
    const database = new Database(path, {readonly: true})
    const names = (
      database.prepare('select name from leader_personal order by leader_id').all() as {name: string}[]
    ).map((row) => row.name)
    database.close()
    // Names are trimmed on the way in, so the tab goes; the rest is kept as typed.
    expect(names).toEqual(formulas.map((formula) => formula.trim()))
  })
})

describe('importing', {timeout: 120_000}, () => {
  it('the same files twice changes nothing the second time: no duplicate, nothing lost', () => {
    const path = fresh('twice.db')
    const files: [string, string][] = [
      ['leaders', 'leaders.csv'],
      ['needs', 'needs.csv'],
      ['inspections', 'inspections.csv'],
      ['schools', 'schools.csv'],
    ]
    for (const [kind, file] of files) runJson<ImportReport<unknown>>([kind, 'import', join(SAMPLE, file), '--db', path])
    const once = dump(path, {leaveOut: leaveOutImportRecords})
    for (const [kind, file] of files) {
      const report = runJson<ImportReport<unknown>>([kind, 'import', join(SAMPLE, file), '--db', path])
      expect(report.counts, `${kind} the second time`).toMatchObject({insert: 0, update: 0, rejected: 0})
    }
    expectNothingLost(path, {once}, {leaveOut: leaveOutImportRecords})
  })

  it('one bad row in 5,000 stops the whole file; --skip-invalid imports the rest and writes the row aside, where erasure later finds it', () => {
    const path = fresh('one-bad-row.db')
    const rows = Array.from({length: 5000}, (_, index) => designationRow(index))
    // Line 2,502: a second designation of person 7, with a phase nobody knows.
    rows[2500] = designationRow(7, {Ref: 'GEN-NLE-7', 'Designation type': 'NLE', Phase: 'Underwater'})
    const file = dir.file('five-thousand.csv')
    writeFileSync(file, csv([DESIGNATION_HEADER, ...rows]))

    const before = dump(path)
    const refused = runCli(['leaders', 'import', file, '--db', path])
    expect(refused.status).toBe(3)
    expect(refused.stderr).toMatch(/five-thousand\.csv: 1 of 5,?000 rows is invalid, so nothing was imported/)
    expect(refused.stderr).toMatch(/line 2502, Phase "Underwater"/)
    expectNothingLost(path, {before})

    const rejects = dir.file('five-thousand.rejected.csv')
    const report = runJson<LeaderImportReport>([
      'leaders',
      'import',
      file,
      '--skip-invalid',
      '--rejects',
      rejects,
      '--db',
      path,
    ])
    expect(report.counts).toMatchObject({rows: 5000, insert: 4999, rejected: 1})
    expect(report.rejectsFile).toBe(rejects)
    expect(statSync(rejects).mode & 0o777).toBe(0o600)
    expect(readFileSync(rejects, 'utf8')).toContain('generated.7@example.sch.uk')
    const database = new Database(path, {readonly: true})
    const recorded = database.prepare('select rejects_path from import_runs where id = ?').get(report.importRunId) as {
      rejects_path: string
    }
    database.close()
    expect(recorded.rejects_path).toBe(rejects)

    const erased = runJson<ErasureReport>(['leaders', 'erase', 'GEN-00007', '--yes', '--db', path])
    expect(erased.rejectFiles).toEqual([{path: rejects, status: 'scrubbed', rowsRemoved: 1}])
    expect(readFileSync(rejects, 'utf8')).not.toContain('Generated Person 7')
  })
})
