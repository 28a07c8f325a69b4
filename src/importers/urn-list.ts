import {invalidInput} from '../core/errors.js'
import {readTable} from './table.js'

/**
 * A programme's applicants as a list of URNs: a CSV or XLSX file with a column headed "URN" (other
 * columns are ignored), or one URN a line with no header. Each URN once, in the file's order.
 */
export async function readUrnList(path: string): Promise<number[]> {
  const table = await readTable(path)
  let column = table.headers.findIndex((header) => /^urn$/i.test(header.trim()))
  const rows = table.rows.map((row) => ({line: row.line, cells: row.cells}))
  if (column === -1) {
    column = 0
    // No URN header: the first row is data too.
    if (/^\s*\d+\s*$/.test(table.headers[0] ?? '')) rows.unshift({line: table.headerLine, cells: table.headers})
  }
  const urns: number[] = []
  const seen = new Set<number>()
  for (const row of rows) {
    const text = (row.cells[column] ?? '').trim()
    if (text === '') continue
    if (!/^\d{5,7}$/.test(text)) {
      throw invalidInput(`${table.fileName}, line ${row.line}: "${text}" is not a URN (five to seven digits).`, {
        code: 'clusters.urn-invalid',
        data: {file: table.fileName, line: row.line, value: text},
      })
    }
    const urn = Number(text)
    if (seen.has(urn)) continue
    seen.add(urn)
    urns.push(urn)
  }
  if (urns.length === 0)
    throw invalidInput(`${table.fileName} holds no URN.`, {code: 'clusters.urns-empty', data: {file: table.fileName}})
  return urns
}
