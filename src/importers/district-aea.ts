import {invalidInput} from '../core/errors.js'
import {foldText} from '../core/text.js'
import {readTable} from './table.js'

/**
 * Reads a district → AEA category list (district code, name, AEA category, optionally the LA
 * code), as DfE published the Achieving Excellence Areas, through the same reader as every other
 * import (CSV in any usual encoding, or XLSX). Headers are matched by their usual spellings; every
 * bad row is reported.
 */

export interface DistrictAeaRow {
  line: number
  code: string
  name: string
  laCode: string | null
  aeaCategory: number
}

export interface DistrictAeaFile {
  fileName: string
  /** Which file column became which field. */
  columns: Record<'code' | 'name' | 'aeaCategory' | 'laCode', string | null>
  rows: DistrictAeaRow[]
}

/** Header spellings after folding ("District (code)" -> "district code", "aea_category" -> "aea category"). */
const HEADER_SPELLINGS: Record<keyof DistrictAeaFile['columns'], string[]> = {
  code: [
    'district code',
    'code',
    'lad code',
    'gss code',
    'district gss code',
    'local authority district code',
    'lad23cd',
    'lad19cd',
    'lad17cd',
    'lad16cd',
  ],
  name: [
    'district name',
    'name',
    'district',
    'lad name',
    'local authority district',
    'lad23nm',
    'lad19nm',
    'lad17nm',
    'lad16nm',
  ],
  aeaCategory: [
    'aea category',
    'aea',
    'category',
    'achieving excellence area category',
    'achieving excellence areas category',
  ],
  laCode: ['la code', 'local authority code'],
}

export async function readDistrictAeaFile(path: string): Promise<DistrictAeaFile> {
  const table = await readTable(path)
  const {fileName, headers} = table
  const columns = mapHeaders(headers, fileName)
  const index = (field: keyof DistrictAeaFile['columns']) =>
    columns[field] === null ? -1 : headers.indexOf(columns[field])
  const problems: string[] = []
  const rows: DistrictAeaRow[] = []
  const seen = new Map<string, number>()
  for (const {line, cells} of table.rows) {
    const cell = (field: keyof DistrictAeaFile['columns']) =>
      index(field) < 0 ? '' : (cells[index(field)] ?? '').trim()
    const code = cell('code').toUpperCase()
    const category = cell('aeaCategory')
    if (code === '') {
      problems.push(`line ${line}, column "${columns.code}": no district code`)
      continue
    }
    if (!/^[1-6]$/.test(category)) {
      problems.push(`line ${line}, column "${columns.aeaCategory}": "${category}" is not an AEA category 1-6`)
      continue
    }
    const earlier = seen.get(code)
    if (earlier !== undefined) {
      problems.push(`line ${line}: district ${code} is listed again (first on line ${earlier})`)
      continue
    }
    seen.set(code, line)
    rows.push({line, code, name: cell('name') || code, laCode: cell('laCode') || null, aeaCategory: Number(category)})
  }
  if (problems.length > 0) {
    const shown = problems
      .slice(0, 20)
      .map((problem) => `  ${problem}`)
      .join('\n')
    throw invalidInput(
      `${fileName} has ${problems.length} bad row(s); nothing was loaded:\n${shown}${problems.length > 20 ? '\n  ...' : ''}`,
      {
        suggestion: 'Fix those rows and load the file again.',
        data: {problems},
      },
    )
  }
  return {fileName, columns, rows}
}

function mapHeaders(header: readonly string[], fileName: string): DistrictAeaFile['columns'] {
  const find = (field: keyof DistrictAeaFile['columns']) =>
    header.find((cell) => HEADER_SPELLINGS[field].includes(foldText(cell))) ?? null
  const columns = {code: find('code'), name: find('name'), aeaCategory: find('aeaCategory'), laCode: find('laCode')}
  const missing = (['code', 'aeaCategory'] as const).filter((field) => columns[field] === null)
  if (missing.length > 0) {
    throw invalidInput(
      `${fileName} has no ${missing.map((field) => (field === 'code' ? 'district code' : 'AEA category')).join(' or ')} column (headers: ${header.join(', ')}).`,
      {
        suggestion: 'Name the columns "District code", "District name" and "AEA category".',
      },
    )
  }
  return columns
}
