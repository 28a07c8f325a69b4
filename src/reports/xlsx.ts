import type {Cell as SheetCell, Workbook, Worksheet} from 'exceljs'

import {allTables, type Cell, type ReportDocument, type TableBlock} from '../core/reports/document.js'

/**
 * Tables as an Excel workbook (exceljs, loaded only here): one sheet per table, every row, typed
 * cells (dates as dates, days, pounds, counts and percentages as numbers with a number format), a
 * frozen bold header with an autofilter, and columns as wide as their contents. Text is always
 * written as a text cell, never a formula, so a name starting with `=`, `+`, `-` or `@` stays text.
 */

export interface WorkbookMeta {
  title: string
  subject?: string | null
}

const NUMBER_FORMATS: Record<string, string> = {
  days: '0.0',
  money: '"£"#,##0.00',
  count: '#,##0',
  percent: '0.0%',
  decimal: 'General',
  date: 'd mmm yyyy',
}

/** Excel's limits on a sheet name: 31 characters, none of : \ / ? * [ ], unique in the workbook (case-blind). */
const MAX_SHEET_NAME = 31
const MIN_WIDTH = 6
const MAX_WIDTH = 60

export async function renderXlsx(document: ReportDocument): Promise<Buffer> {
  return renderWorkbook(allTables(document), {title: document.title, subject: document.subject})
}

export async function renderWorkbook(tables: readonly TableBlock[], meta: WorkbookMeta): Promise<Buffer> {
  const {default: ExcelJS} = await import('exceljs')
  const workbook: Workbook = new ExcelJS.Workbook()
  workbook.creator = 'broker'
  workbook.title = meta.title
  if (meta.subject) workbook.subject = meta.subject
  // Fixed dates keep the same workbook byte-for-byte reproducible apart from its content.
  workbook.created = new Date(0)
  workbook.modified = new Date(0)
  const taken = new Set<string>()
  for (const block of tables) addSheet(workbook, sheetName(block.title ?? block.id, taken), block)
  const bytes = await workbook.xlsx.writeBuffer()
  return Buffer.from(bytes)
}

/** A column of the sheet: one of the table's, or half of a date range split into from and to. */
interface SheetColumn {
  header: string
  cell: (row: readonly Cell[]) => Cell
}

function sheetColumns(block: TableBlock): SheetColumn[] {
  return block.columns.flatMap((column, index): SheetColumn[] => {
    const header = column.unit ? `${column.header} (${column.unit})` : column.header
    const at = (row: readonly Cell[]): Cell => row[index] ?? {text: '', raw: null}
    if (!block.rows.some((row) => at(row).kind === 'dateRange')) return [{header, cell: at}]
    const half =
      (part: 0 | 1) =>
      (row: readonly Cell[]): Cell => {
        const cell = at(row)
        if (cell.kind !== 'dateRange') return cell
        const iso = String(cell.raw).split('/')[part] ?? null
        return {text: iso ?? '', raw: iso, kind: 'date'}
      }
    return [
      {header: `${header} from`, cell: half(0)},
      {header: `${header} to`, cell: half(1)},
    ]
  })
}

function addSheet(workbook: Workbook, name: string, block: TableBlock): void {
  const columns = sheetColumns(block)
  const sheet: Worksheet = workbook.addWorksheet(name, {views: [{state: 'frozen', ySplit: 1}]})
  const header = sheet.addRow(columns.map((column) => column.header))
  header.font = {bold: true}
  const widths = columns.map((column) => column.header.length)
  const addCells = (cells: readonly Cell[], bold: boolean) => {
    const row = sheet.addRow([])
    columns.forEach((column, index) => {
      const cell = column.cell(cells)
      writeCell(row.getCell(index + 1), cell)
      if (bold) row.getCell(index + 1).font = {bold: true}
      widths[index] = Math.max(widths[index]!, shownLength(cell))
    })
  }
  for (const cells of block.rows) addCells(cells, false)
  if (columns.length > 0)
    sheet.autoFilter = {from: {row: 1, column: 1}, to: {row: 1 + block.rows.length, column: columns.length}}
  // The total sits below the filtered rows, so sorting or filtering never moves it.
  if (block.total) addCells(block.total, true)
  widths.forEach((width, index) => {
    // Two characters more leave room for the filter button beside the header.
    sheet.getColumn(index + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width + 2))
  })
}

function writeCell(target: SheetCell, cell: Cell): void {
  if (cell.raw === null) return
  const kind = cell.kind
  if (kind === 'date' && typeof cell.raw === 'string') {
    const day = isoDay(cell.raw)
    if (day) {
      target.value = day
      target.numFmt = NUMBER_FORMATS.date!
      return
    }
  }
  if (typeof cell.raw === 'number' && kind !== undefined && kind !== 'date' && kind !== 'dateRange') {
    target.value = kind === 'percent' ? cell.raw / 100 : cell.raw
    target.numFmt = NUMBER_FORMATS[kind]!
    return
  }
  // Strings (and untyped numbers such as URNs and ids) as given: exceljs writes a string as a
  // text cell, which Excel never evaluates, whatever its first character.
  target.value = cell.raw
}

/** A calendar day as the UTC midnight exceljs turns into Excel's day serial (no time-zone drift). */
function isoDay(iso: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null
}

function shownLength(cell: Cell): number {
  if (cell.kind === 'date') return 11
  return Math.max(0, ...cell.text.split('\n').map((line) => line.length))
}

/** A legal, unique sheet name made from a table's title. */
export function sheetName(title: string, taken: Set<string>): string {
  const base =
    title
      .replace(/[:\\/?*[\]]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^'|'$/g, '') || 'Sheet'
  let name = base.slice(0, MAX_SHEET_NAME).trim()
  for (let suffix = 2; taken.has(name.toLowerCase()); suffix += 1) {
    const tail = ` (${suffix})`
    name = `${base.slice(0, MAX_SHEET_NAME - tail.length).trim()}${tail}`
  }
  taken.add(name.toLowerCase())
  return name
}
