import {stringify} from 'csv-stringify/sync'

import {usage} from '../core/errors.js'
import {allTables, type ReportDocument, type TableBlock} from '../core/reports/document.js'

/**
 * One table of a report as CSV: plain values (days as numbers, money in pounds), a header that
 * names each unit, no total row (the rows add up to the report's total). Cells that a spreadsheet
 * would run as a formula (= + - @, tab, carriage return) are neutralised by csv-stringify. UTF-8
 * with a byte-order mark and CRLF line ends, as Excel expects.
 */

export function csvTableNames(document: ReportDocument): string[] {
  return allTables(document).map((block) => block.id)
}

export function pickTable(document: ReportDocument, name: string | undefined): TableBlock {
  const wanted = name ?? document.csvTable
  const found = allTables(document).find((block) => block.id === wanted)
  if (!found) {
    throw usage(`This report has no table "${wanted}".`, {
      code: 'report.no-table',
      data: {table: wanted, tables: csvTableNames(document)},
    })
  }
  return found
}

export function renderCsv(document: ReportDocument, tableName?: string): string {
  const block = pickTable(document, tableName)
  const header = block.columns.map((column) => (column.unit ? `${column.header} (${column.unit})` : column.header))
  const rows = block.rows.map((cells) => cells.map((cell) => cell.raw))
  return stringify([header, ...rows], {escape_formulas: true, record_delimiter: 'windows', bom: true})
}
