import {createHash} from 'node:crypto'
import {readFileSync, statSync} from 'node:fs'
import {basename} from 'node:path'

import {errorCode, invalidInput} from '../core/errors.js'
import {detectDelimiter, parseCsv} from './csv.js'
import {decodeText, type TextEncoding} from './decode.js'
import {assertRecordsWithinLimits, assertWorkbookSize} from './limits.js'

/** One record of a file as read: the line (CSV) or row number (XLSX) it starts on, and its cells. */
export interface RawRecord {
  line: number
  cells: string[]
}

/** A user's file, read and split into a header and data rows; nothing interpreted yet. */
export interface SourceTable {
  fileName: string
  sha256: string
  bytes: number
  format: 'csv' | 'xlsx'
  encoding: TextEncoding | null
  delimiter: string | null
  sheet: string | null
  date1904: boolean
  headerLine: number
  headers: string[]
  /** Text of the rows above the header (titles such as "SLE list 2026/27"). */
  preamble: string[]
  /** Header columns covered by a cell merged across from an earlier column: index -> that column. */
  mergedFrom: Map<number, number>
  /** Data rows; wholly blank rows are left out. */
  rows: RawRecord[]
}

export interface ReadOptions {
  sheet?: string
}

/** How many leading rows may hold titles above the header. */
const HEADER_SEARCH_ROWS = 10

export async function readTable(path: string, options: ReadOptions = {}): Promise<SourceTable> {
  let bytes: Buffer
  try {
    if (statSync(path).isDirectory())
      throw invalidInput(`${path} is a folder, not a file.`, {suggestion: 'Give the path of a CSV or XLSX file.'})
    bytes = readFileSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw invalidInput(`There is no file ${path}.`, {suggestion: 'Check the path and the current folder.'})
    if ((error as NodeJS.ErrnoException).code === 'EACCES')
      throw invalidInput(`${path} cannot be read (permission denied).`)
    throw error
  }
  const fileName = basename(path)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const base = {fileName, sha256, bytes: bytes.length}
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304) {
    assertWorkbookSize(fileName, bytes)
    const {readXlsx} = await import('./xlsx.js')
    const sheet = await readXlsx(bytes, fileName, options.sheet)
    assertRecordsWithinLimits(fileName, sheet.records)
    return {
      ...base,
      format: 'xlsx',
      encoding: null,
      delimiter: null,
      sheet: sheet.sheet,
      date1904: sheet.date1904,
      ...splitHeader(sheet.records, (line) => sheet.mergedAcross.get(line)),
    }
  }
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0) {
    throw invalidInput(`${fileName} is an old-style Excel .xls workbook, which broker does not read.`, {
      suggestion: 'Open it in Excel and save it as .xlsx, or export the sheet as CSV.',
    })
  }
  const {text, encoding} = decodeText(bytes)
  // Text files never hold NUL once decoded; a database, archive or image does, and parsing it as
  // CSV would report its bytes as column names.
  if (text.includes('\u0000'))
    throw invalidInput(`${fileName} is not a CSV file broker can read: it holds binary data.`, {
      suggestion: 'Give a CSV (any usual encoding) or an XLSX workbook.',
    })
  const delimiter = detectDelimiter(text)
  let records: RawRecord[]
  try {
    records = parseCsv(text, delimiter)
  } catch (error) {
    // csv-parse reports malformed CSV (an unclosed quote ...) with codes CSV_*.
    if (!errorCode(error).startsWith('CSV_')) throw error
    throw invalidInput(`${fileName} is not readable as CSV: ${(error as Error).message}.`, {
      suggestion:
        'Look for an unclosed double quote on or before that line; save the file again from the spreadsheet as CSV.',
    })
  }
  assertRecordsWithinLimits(fileName, records)
  return {
    ...base,
    format: 'csv',
    encoding,
    delimiter,
    sheet: null,
    date1904: false,
    ...splitHeader(records, () => undefined),
  }
}

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '')

/**
 * The header is the first of the leading rows that is nearly as full as the fullest of them, so
 * title rows and grouping rows above it are skipped.
 */
function splitHeader(
  records: RawRecord[],
  mergedAcross: (line: number) => Map<number, number> | undefined,
): Pick<SourceTable, 'headerLine' | 'headers' | 'preamble' | 'mergedFrom' | 'rows'> {
  const filled = (record: RawRecord) => {
    const merged = mergedAcross(record.line)
    return record.cells.filter((cell, index) => cell.trim() !== '' && !merged?.has(index)).length
  }
  const leading = records.filter((record) => !isBlank(record.cells)).slice(0, HEADER_SEARCH_ROWS)
  if (leading.length === 0) {
    throw invalidInput('The file is empty: it has no header row.', {suggestion: 'Check that you chose the right file.'})
  }
  const fullest = Math.max(...leading.map(filled))
  const header = leading.find((record) => filled(record) >= Math.max(2, Math.ceil(fullest * 0.6))) ?? leading[0]!
  const headerIndex = records.indexOf(header)
  const merged = mergedAcross(header.line) ?? new Map<number, number>()
  return {
    headerLine: header.line,
    headers: header.cells.map((cell, index) => (merged.has(index) ? '' : cell.trim())),
    preamble: records.slice(0, headerIndex).flatMap((record) => record.cells.filter((cell) => cell.trim() !== '')),
    mergedFrom: merged,
    rows: records.slice(headerIndex + 1).filter((record) => !isBlank(record.cells)),
  }
}
