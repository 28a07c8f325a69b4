import {parseDateText} from './date-text.js'
import {parseDays} from './days.js'

/**
 * Reading one row of an import: typed getters over the row's cells (by field name) that collect
 * every problem instead of stopping at the first, so a rejected row lists all its faults.
 */

export interface CellProblem {
  field: string
  reason: string
  /** What the user can do about it beyond fixing the cell; the CLI says how. */
  remedies?: RowRemedy[]
}

/**
 * Remedies for a row problem other than editing the file: take loose area matches, map phrases to
 * areas, or change a need that is proposed or deployed by itself rather than from a batch.
 */
export type RowRemedy = 'accept-loose-area' | 'area-map' | 'engaged-need'

export type RowOutcome<T> =
  | {kind: 'ok'; value: T; warnings: CellProblem[]}
  | {kind: 'invalid'; problems: CellProblem[]}
  | {kind: 'skip'; reason: string}

/** Markers publishers use for "no value": suppressed, not applicable, not entered. */
const MISSING_MARKERS = new Set([
  'na',
  'n/a',
  'supp',
  'ne',
  'x',
  '..',
  '-',
  'null',
  'not available',
  'dns',
  'lowcov',
  'np',
])

export interface ReadContext {
  date1904?: boolean
}

export class RowReader {
  readonly problems: CellProblem[] = []
  readonly warnings: CellProblem[] = []

  constructor(
    private readonly cells: ReadonlyMap<string, string>,
    private readonly context: ReadContext = {},
  ) {}

  /** The field has a column in this file (its cell may still be blank). */
  has(field: string): boolean {
    return this.cells.has(field)
  }

  /** Trimmed text, or null when blank or absent. */
  text(field: string): string | null {
    const value = this.cells.get(field)?.trim()
    return value === undefined || value === '' ? null : value
  }

  required(field: string, label: string): string | null {
    const value = this.text(field)
    if (value === null) this.problem(field, `${label} is required`)
    return value
  }

  problem(field: string, reason: string, remedies: RowRemedy[] = []): null {
    this.problems.push(remedies.length === 0 ? {field, reason} : {field, reason, remedies})
    return null
  }

  warn(field: string, reason: string): void {
    this.warnings.push({field, reason})
  }

  /** A number; publishers' missing markers (SUPP, NA, ..) read as null. */
  number(field: string, bounds: {min?: number; max?: number; integer?: boolean} = {}): number | null {
    const text = this.text(field)
    if (text === null || MISSING_MARKERS.has(text.toLowerCase())) return null
    const cleaned = text
      .replace(/,(?=\d{3}\b)/g, '')
      .replace(/%$/, '')
      .trim()
    if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return this.problem(field, `"${text}" is not a number`)
    const value = Number(cleaned)
    if (bounds.integer && !Number.isInteger(value)) return this.problem(field, `"${text}" is not a whole number`)
    if (bounds.min !== undefined && value < bounds.min) return this.problem(field, `${text} is below ${bounds.min}`)
    if (bounds.max !== undefined && value > bounds.max) return this.problem(field, `${text} is above ${bounds.max}`)
    return value
  }

  date(field: string): string | null {
    const text = this.text(field)
    if (text === null) return null
    const date = parseDateText(text, {date1904: this.context.date1904})
    if (date === null) this.problem(field, `"${text}" is not a date (use 2027-01-15, 15/01/2027 or 15 Jan 2027)`)
    return date
  }

  /** Days in halves ("2", "2.5", "2½") as half-day units. */
  halfDays(field: string): number | null {
    const text = this.text(field)
    if (text === null) return null
    const halfDays = parseDays(text)
    if (halfDays === null) this.problem(field, `"${text}" is not a number of days in halves (2, 2.5)`)
    return halfDays
  }

  /** One of a closed set, by any of its spellings (matched case- and space-insensitively). */
  oneOf<T>(field: string, spellings: ReadonlyMap<string, T>, expected: string): T | null {
    const text = this.text(field)
    if (text === null) return null
    const value = spellings.get(spellingKey(text))
    if (value === undefined) return this.problem(field, `"${text}" is not ${expected}`)
    return value
  }

  /** The row's problems, or its value: `build` runs only on a row without problems, where every required value was read. */
  outcome<T>(build: () => T): RowOutcome<T> {
    return this.problems.length > 0
      ? {kind: 'invalid', problems: this.problems}
      : {kind: 'ok', value: build(), warnings: this.warnings}
  }
}

export const spellingKey = (text: string): string =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')

/** Builds a spelling table: each value with the ways people write it. */
export function spellings<T>(entries: readonly (readonly [T, readonly string[]])[]): ReadonlyMap<string, T> {
  const table = new Map<string, T>()
  for (const [value, words] of entries) for (const word of words) table.set(spellingKey(word), value)
  return table
}
