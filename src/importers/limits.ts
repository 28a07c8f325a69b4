import {inflateRawSync} from 'node:zlib'

import {invalidInput} from '../core/errors.js'

/**
 * How much of a user's file broker reads, at most: far beyond any real list (GIAS's widest extract
 * has about 130 columns; a national designation list is a few MB), well short of harm. A file past
 * a limit is refused before its contents are parsed or mapped.
 */
export const READ_LIMITS = {
  columns: 1000,
  /** Excel's own limit for one cell. */
  cellCharacters: 32_767,
  /** The parts of an XLSX workbook together, unpacked. */
  workbookBytes: 128 * 1024 * 1024,
} as const

const MiB = 1024 * 1024

export function assertColumnCount(fileName: string, columns: number, line: number): void {
  if (columns <= READ_LIMITS.columns) return
  throw invalidInput(
    `${fileName} has ${columns.toLocaleString('en-GB')} columns on line ${line}; broker reads at most ${READ_LIMITS.columns.toLocaleString('en-GB')}.`,
    {suggestion: 'Delete the extra columns, or save only the columns the import needs.'},
  )
}

export function assertCellLength(fileName: string, length: number, line: number, column: number): void {
  if (length <= READ_LIMITS.cellCharacters) return
  throw invalidInput(
    `${fileName}, line ${line}, column ${column + 1}: a cell holds ${length.toLocaleString('en-GB')} characters; a spreadsheet cell holds at most ${READ_LIMITS.cellCharacters.toLocaleString('en-GB')}.`,
    {suggestion: 'Check that this is the list you meant to import.'},
  )
}

/** Every record's width and every cell's length, against the limits. */
export function assertRecordsWithinLimits(
  fileName: string,
  records: readonly {line: number; cells: readonly string[]}[],
): void {
  for (const record of records) {
    assertColumnCount(fileName, record.cells.length, record.line)
    record.cells.forEach((cell, column) => assertCellLength(fileName, cell.length, record.line, column))
  }
}

/**
 * Refuses a workbook that would unpack to more than the limit (a "zip bomb"), before any XML is
 * parsed. Sizes come from the zip's central directory, and each part is then unpacked against its
 * stated size, so a part that lies about its size is caught too.
 */
export function assertWorkbookSize(fileName: string, bytes: Buffer): void {
  const refuse = (detail: string) =>
    invalidInput(
      `${fileName} would unpack to ${detail}; broker opens workbooks up to ${READ_LIMITS.workbookBytes / MiB} MiB unpacked.`,
      {
        suggestion: 'Save the sheet you need as CSV and import that, or split the workbook.',
      },
    )
  const unreadable = () =>
    invalidInput(`${fileName} could not be read as an XLSX workbook (its zip directory is damaged).`, {
      suggestion: 'Open it in Excel and save it again as .xlsx, or export the sheet as CSV.',
    })
  const end = findEndOfCentralDirectory(bytes)
  if (end < 0) throw unreadable()
  const entries = bytes.readUInt16LE(end + 10)
  let offset = bytes.readUInt32LE(end + 16)
  let total = 0
  for (let entry = 0; entry < entries; entry += 1) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) throw unreadable()
    const method = bytes.readUInt16LE(offset + 10)
    const compressed = bytes.readUInt32LE(offset + 20)
    const size = bytes.readUInt32LE(offset + 24)
    const nameLength = bytes.readUInt16LE(offset + 28)
    const local = bytes.readUInt32LE(offset + 42)
    offset += 46 + nameLength + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32)
    // 0xFFFFFFFF marks a zip64 size: over 4 GiB, far past the limit.
    total += size === 0xffffffff ? Number.POSITIVE_INFINITY : size
    if (total > READ_LIMITS.workbookBytes)
      throw refuse(total === Number.POSITIVE_INFINITY ? 'more than 4 GiB' : `at least ${(total / MiB).toFixed(0)} MiB`)
    if (method !== 8) continue
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) throw unreadable()
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28)
    try {
      inflateRawSync(bytes.subarray(start, start + compressed), {maxOutputLength: Math.max(size, 1)})
    } catch (error) {
      if ((error as {code?: string}).code === 'ERR_BUFFER_TOO_LARGE') throw refuse('more than its parts declare')
      throw unreadable()
    }
  }
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  // The record is 22 bytes, followed by a comment of at most 65,535 bytes.
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 22 - 65_535); offset -= 1) {
    if (bytes.readUInt32LE(offset) === 0x06054b50) return offset
  }
  return -1
}
