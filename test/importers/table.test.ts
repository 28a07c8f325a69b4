import {writeFileSync} from 'node:fs'

import iconv from 'iconv-lite'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {adviceFor} from '../../src/cli/advice.js'
import {decodeText} from '../../src/importers/decode.js'
import {readTable} from '../../src/importers/table.js'
import {tempDir, type TempDir} from '../helpers/cli.js'
import {brokerFailure} from '../helpers/errors.js'
import {stringMatching} from '../helpers/matchers.js'

let dir: TempDir
beforeEach(() => {
  dir = tempDir()
})
afterEach(() => dir.remove())

const TEXT = 'URN,Name,Notes\n100001,St Mary’s C of E – Primary,£5 fund\n'

describe('decoding', () => {
  it('reads UTF-8 with and without a BOM', () => {
    expect(decodeText(Buffer.from(TEXT, 'utf8'))).toEqual({text: TEXT, encoding: 'utf-8'})
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]))).toEqual({
      text: TEXT,
      encoding: 'utf-8-bom',
    })
  })

  it('reads Windows-1252 (GIAS downloads) with ’ – £ intact and no replacement characters', () => {
    const bytes = iconv.encode(TEXT, 'windows-1252')
    expect([...bytes].filter((byte) => byte >= 0x80)).toEqual([0x92, 0x96, 0xa3])
    expect(decodeText(bytes)).toEqual({text: TEXT, encoding: 'windows-1252'})
  })

  it('reads UTF-16LE with and without a BOM', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TEXT, 'utf-16le')]))).toEqual({
      text: TEXT,
      encoding: 'utf-16le',
    })
    expect(decodeText(iconv.encode(TEXT, 'utf-16le'))).toEqual({text: TEXT, encoding: 'utf-16le'})
  })
})

describe('reading a CSV', () => {
  it("detects the delimiter and keeps quoted newlines inside one cell, with each record's first line", async () => {
    const path = dir.file('semicolons.csv')
    writeFileSync(path, 'URN;Name;Notes\n100001;"Two\nlines";x\n100002;Plain;"a;b"\n\n\n')
    const table = await readTable(path)
    expect(table.delimiter).toBe(';')
    expect(table.headers).toEqual(['URN', 'Name', 'Notes'])
    expect(table.rows).toEqual([
      {line: 2, cells: ['100001', 'Two\nlines', 'x']},
      {line: 4, cells: ['100002', 'Plain', 'a;b']},
    ])
  })

  it('leaves out blank and delimiter-only trailing rows', async () => {
    const path = dir.file('trailing.csv')
    writeFileSync(path, 'URN,Name\r\n100001,A\r\n,\r\n,,\r\n\r\n')
    expect((await readTable(path)).rows).toEqual([{line: 2, cells: ['100001', 'A']}])
  })

  it('finds the header below title rows', async () => {
    const path = dir.file('titled.csv')
    writeFileSync(path, 'SLE list 2026/27,,,\n,,,\nRef,Name,Email,Phase\nX-1,Jo,jo@example.org,Primary\n')
    const table = await readTable(path)
    expect(table.headerLine).toBe(3)
    expect(table.preamble).toEqual(['SLE list 2026/27'])
    expect(table.rows).toHaveLength(1)
  })

  it('keeps formula-looking text as text', async () => {
    const path = dir.file('formula.csv')
    writeFileSync(path, 'URN,Name\n100001,"=HYPERLINK(""http://evil.example"",""click"")"\n')
    expect((await readTable(path)).rows[0]!.cells[1]).toBe('=HYPERLINK("http://evil.example","click")')
  })

  it('refuses malformed CSV, a missing file, an old .xls workbook and an empty file with exit-3 errors', async () => {
    const unclosed = dir.file('unclosed.csv')
    writeFileSync(unclosed, 'URN,Name\n100001,"Unclosed\n100002,B\n')
    await expect(readTable(unclosed)).rejects.toMatchObject({
      kind: 'invalid-input',
      message: stringMatching(/not readable as CSV: Quote Not Closed/),
    })
    await expect(readTable(dir.file('missing.csv'))).rejects.toMatchObject({
      kind: 'invalid-input',
      message: stringMatching(/There is no file/),
    })
    const xls = dir.file('old.xls')
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))
    await expect(readTable(xls)).rejects.toMatchObject({
      kind: 'invalid-input',
      message: stringMatching(/\.xls workbook/),
    })
    const empty = dir.file('empty.csv')
    writeFileSync(empty, '\n\n')
    await expect(readTable(empty)).rejects.toMatchObject({kind: 'invalid-input'})
  })
})

describe('reading an XLSX', () => {
  it('reads a worksheet with a merged title, merged header cells, dates, serials and formulas', async () => {
    const {default: ExcelJS} = await import('exceljs')
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Designations')
    sheet.addRow(['North East hub: SLE list 2026/27'])
    sheet.mergeCells('A1:F1')
    sheet.addRow(['Ref', 'Name', 'Areas of expertise', null, 'Date designated', 'Days'])
    sheet.mergeCells('C2:D2')
    sheet.addRow(['NE-1', 'Jo Bloggs', 'Maths', 'SEND', new Date(Date.UTC(2024, 8, 1)), {formula: '5*3', result: 15}])
    sheet.addRow(['NE-2', {richText: [{text: 'Sam '}, {text: 'Patel'}]}, 'Phonics', null, 45566, 6.5])
    const path = dir.file('list.xlsx')
    await workbook.xlsx.writeFile(path)

    const table = await readTable(path)
    expect(table).toMatchObject({
      format: 'xlsx',
      sheet: 'Designations',
      headerLine: 2,
      preamble: ['North East hub: SLE list 2026/27'],
    })
    expect(table.headers).toEqual(['Ref', 'Name', 'Areas of expertise', '', 'Date designated', 'Days'])
    expect([...table.mergedFrom]).toEqual([[3, 2]])
    expect(table.rows.map((row) => row.cells)).toEqual([
      ['NE-1', 'Jo Bloggs', 'Maths', 'SEND', '2024-09-01', '15'],
      ['NE-2', 'Sam Patel', 'Phonics', '', '45566', '6.5'],
    ])
  })

  it('names the sheets when --sheet names none of them', async () => {
    const {default: ExcelJS} = await import('exceljs')
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('Schools').addRow(['URN', 'Name'])
    const path = dir.file('book.xlsx')
    await workbook.xlsx.writeFile(path)
    const failure = await brokerFailure(readTable(path, {sheet: 'Leaders'}))
    expect(failure).toMatchObject({kind: 'invalid-input', data: {sheetName: 'Leaders', sheets: ['Schools']}})
    expect(adviceFor(failure)).toContain('"Schools"')
  })
})
