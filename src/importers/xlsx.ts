import {invalidInput} from '../core/errors.js'
import {assertColumnCount} from './limits.js'
import type {RawRecord} from './table.js'

/**
 * Reads one worksheet of an XLSX workbook through exceljs (never the npm `xlsx` package). Cells
 * come back as the text the user sees: formulas give their cached result, dates their ISO day,
 * rich text its plain text. A cell merged down a column reads as the merged cell's value; the
 * extra columns of a cell merged across columns read blank and are reported in `mergedAcross`.
 */

export interface XlsxSheet {
  sheet: string
  records: RawRecord[]
  date1904: boolean
  /** Row number (1-based) -> column index -> index of the first column of its merged range, for horizontal merges. */
  mergedAcross: Map<number, Map<number, number>>
}

export async function readXlsx(bytes: Buffer, fileName: string, sheetName?: string): Promise<XlsxSheet> {
  const {default: ExcelJS} = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch (error) {
    throw invalidInput(`${fileName} could not be read as an XLSX workbook (${(error as Error).message}).`, {
      suggestion: 'Open it in Excel and save it again as .xlsx, or export the sheet as CSV.',
    })
  }
  const sheets = workbook.worksheets.filter(
    (worksheet) => worksheet.state !== 'hidden' && worksheet.state !== 'veryHidden',
  )
  const worksheet = sheetName === undefined ? sheets[0] : workbook.getWorksheet(sheetName)
  if (!worksheet) {
    throw invalidInput(
      sheetName === undefined
        ? `${fileName} has no visible worksheet.`
        : `${fileName} has no worksheet named "${sheetName}".`,
      {
        code: 'import.no-sheet',
        data: {sheetName: sheetName ?? null, sheets: workbook.worksheets.map((sheet) => sheet.name)},
      },
    )
  }
  const date1904 = Boolean(workbook.properties?.date1904)
  const records: RawRecord[] = []
  const mergedAcross = new Map<number, Map<number, number>>()
  const columnCount = worksheet.actualColumnCount > 0 ? worksheet.columnCount : 0
  assertColumnCount(fileName, columnCount, 1)
  for (let rowNumber = 1; rowNumber <= worksheet.rowCount; rowNumber += 1) {
    const row = worksheet.getRow(rowNumber)
    const cells: string[] = []
    for (let column = 1; column <= columnCount; column += 1) {
      const cell = row.getCell(column)
      const master = cell.isMerged ? cell.master : cell
      if (master.address !== cell.address && Number(master.col) !== column) {
        // Merged across columns: the value belongs to the first column only.
        const across = mergedAcross.get(rowNumber) ?? new Map<number, number>()
        across.set(column - 1, Number(master.col) - 1)
        mergedAcross.set(rowNumber, across)
        cells.push('')
      } else {
        // Merged down a column: every row shows the value, as Excel does.
        cells.push(cellText(master.value))
      }
    }
    records.push({line: rowNumber, cells})
  }
  return {sheet: worksheet.name, records, date1904, mergedAcross}
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e9) / 1e9)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>
    if (Array.isArray(object.richText))
      return (object.richText as {text?: unknown}[]).map((run) => cellText(run.text)).join('')
    if ('result' in object || 'formula' in object || 'sharedFormula' in object) return cellText(object.result)
    if ('text' in object) return cellText(object.text)
    if ('error' in object) return cellText(object.error)
  }
  // A bigint; any other value is no cell text.
  return typeof value === 'bigint' ? value.toString() : ''
}
