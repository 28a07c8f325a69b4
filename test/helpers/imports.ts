import {writeFileSync} from 'node:fs'

import Database from 'better-sqlite3'

import type {TempDir} from './cli.js'

/** Writes a CSV fixture from rows of cells (quoted where needed) and returns its path. */
export function writeCsv(
  dir: TempDir,
  name: string,
  rows: readonly (readonly (string | number)[])[],
  options: {eol?: string} = {},
): string {
  const quote = (cell: string | number) => {
    const text = String(cell)
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  const path = dir.file(name)
  writeFileSync(path, rows.map((row) => row.map(quote).join(',')).join(options.eol ?? '\n') + (options.eol ?? '\n'))
  return path
}

/** A hub's designation list, as the leaders import reads it (days for 2026/27). */
export const LEADER_HEADER = [
  'Designation type',
  'Ref',
  'Full name',
  'Email address',
  'Home school URN',
  'Areas of expertise',
  'Phase',
  'Days offered 2026/27',
  'Date designated',
  'Review due',
  'Status',
] as const

export const GIAS_HEADER = [
  'URN',
  'LA (code)',
  'LA (name)',
  'EstablishmentName',
  'TypeOfEstablishment (name)',
  'EstablishmentStatus (name)',
  'PhaseOfEducation (name)',
  'Town',
  'Postcode',
  'Easting',
  'Northing',
  'NumberOfPupils',
  'PercentageFSM',
] as const

/** A GIAS-style row for URN n (state-funded primary in Gateshead unless overridden). */
export function giasRow(
  urn: number,
  overrides: Partial<Record<(typeof GIAS_HEADER)[number], string | number>> = {},
): (string | number)[] {
  const row: Record<string, string | number> = {
    URN: urn,
    'LA (code)': '390',
    'LA (name)': 'Gateshead',
    EstablishmentName: `School ${urn}`,
    'TypeOfEstablishment (name)': 'Community school',
    'EstablishmentStatus (name)': 'Open',
    'PhaseOfEducation (name)': 'Primary',
    Town: 'Gateshead',
    Postcode: 'NE9 5NB',
    Easting: 426744,
    Northing: 561366,
    NumberOfPupils: 323,
    PercentageFSM: '20.5',
    ...overrides,
  }
  return GIAS_HEADER.map((column) => row[column]!)
}

/** Every row of every data table, for "the registry did not change" assertions. */
export function snapshot(path: string, tables: readonly string[]): Record<string, unknown[]> {
  const database = new Database(path, {readonly: true})
  try {
    return Object.fromEntries(
      tables.map((table) => [table, database.prepare(`select * from ${table} order by rowid`).all()]),
    )
  } finally {
    database.close()
  }
}
