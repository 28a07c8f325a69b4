import {stripVTControlCharacters} from 'node:util'

import Table from 'cli-table3'

import {paint} from './style.js'

export type Cell = string | number | boolean | null | undefined

export interface Column<Row> {
  header: string
  value: (row: Row) => Cell
  align?: 'left' | 'right'
  /**
   * Long text may be shortened with an ellipsis down to this many characters; by default a
   * left-aligned column to 12 (or its header), a right-aligned one (numbers) never.
   */
  shrinkTo?: number
  /** Left out when the table is wider than the terminal: 1 goes first, then 2 ...; unset: always kept. */
  dropOrder?: number
}

/** The width tables fit: the terminal's, else $COLUMNS, else 100 (output piped to a file or program). */
export function terminalWidth(): number {
  const columns = process.stdout.columns
  if (columns && columns > 0) return columns
  const fromEnv = Number(process.env.COLUMNS)
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 100
}

let wide = false

/** `--wide`: tables print every column in full, however wide the terminal. */
export function showWideTables(on: boolean): void {
  wide = on
}

const GAP = 2
const visibleLength = (text: string) => stripVTControlCharacters(text).length

/**
 * Shortens text to `width` characters with an ellipsis, keeping a trailing "(REF)" or "(URN)"
 * whole when it leaves room for the name: "St Mary's Church of Eng… (100123)".
 */
export function shorten(text: string, width: number): string {
  const plain = stripVTControlCharacters(text)
  if (plain.length <= width) return text
  if (width <= 1) return '…'.slice(0, width)
  const tail = /\s\([^()]*\)$/.exec(plain)?.[0] ?? ''
  if (tail && width - tail.length >= 8) return `${plain.slice(0, width - tail.length - 1).trimEnd()}…${tail}`
  return `${plain.slice(0, width - 1).trimEnd()}…`
}

/**
 * Which columns to print and how wide, to fit `width`: shrinkable columns give way first (the
 * widest first, never below their `shrinkTo`); when that is not enough, droppable columns go, the
 * lowest `dropOrder` first, and the shrinking is worked out again over what is left.
 */
export function fitColumns(
  columns: readonly {natural: number; shrinkTo?: number; dropOrder?: number}[],
  width: number,
): {kept: number[]; widths: number[]} {
  const dropOrder = columns
    .map((column, index) => ({index, order: column.dropOrder}))
    .filter((entry): entry is {index: number; order: number} => entry.order !== undefined)
    .sort((a, b) => a.order - b.order || b.index - a.index)
    .map((entry) => entry.index)
  const kept = columns.map((_, index) => index)
  for (;;) {
    const widths = columns.map((column) => column.natural)
    const total = () => kept.reduce((sum, index) => sum + widths[index]!, 0) + GAP * Math.max(0, kept.length - 1)
    // Take one character at a time from the widest column that may still shrink.
    while (total() > width) {
      let widest = -1
      for (const index of kept) {
        const floor = Math.min(columns[index]!.natural, columns[index]!.shrinkTo ?? Number.POSITIVE_INFINITY)
        if (widths[index]! > floor && (widest === -1 || widths[index]! > widths[widest]!)) widest = index
      }
      if (widest === -1) break
      widths[widest]! -= 1
    }
    if (total() <= width || dropOrder.length === 0) return {kept, widths}
    kept.splice(kept.indexOf(dropOrder.shift()!), 1)
  }
}

const BORDERLESS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
}

const show = (cell: Cell): string => (cell === null || cell === undefined || cell === '' ? '–' : String(cell))

/**
 * An aligned, borderless table: what every list command prints. It fits the terminal's width
 * (terminalWidth): long names are shortened and the least useful columns left out, with a line
 * saying which; `--wide` (showWideTables) prints everything.
 */
export function renderTable<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  width: number = terminalWidth(),
): string {
  const cells = rows.map((row) => columns.map((column) => show(column.value(row))))
  const natural = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((row) => visibleLength(row[index]!))),
  )
  const {kept, widths} = wide
    ? {kept: columns.map((_, index) => index), widths: natural}
    : fitColumns(
        columns.map((column, index) => ({
          natural: natural[index]!,
          shrinkTo: column.shrinkTo ?? (column.align === 'right' ? undefined : Math.max(12, column.header.length)),
          dropOrder: column.dropOrder,
        })),
        width,
      )
  const table = new Table({
    head: kept.map((index) => paint.heading(shorten(columns[index]!.header, widths[index]!))),
    chars: BORDERLESS,
    style: {head: [], border: [], 'padding-left': 0, 'padding-right': 0},
    colAligns: kept.map((index) => columns[index]!.align ?? 'left'),
    wordWrap: false,
  })
  for (const row of cells) table.push(kept.map((index) => shorten(row[index]!, widths[index]!)))
  const dropped = columns.filter((_, index) => !kept.includes(index)).map((column) => column.header)
  if (dropped.length === 0) return table.toString()
  return `${table.toString()}\n${paint.dim(`Left out to fit ${width} columns: ${dropped.join(', ')} (--wide shows them).`)}`
}

/** "key: value" lines for a show command, keys aligned. */
export function renderFields(fields: readonly [string, Cell][]): string {
  const width = Math.max(0, ...fields.map(([key]) => key.length))
  return fields.map(([key, value]) => `${paint.key(key.padEnd(width))}  ${show(value)}`).join('\n')
}

/** "3 schools", "1 school". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`
}

/** "Showing 50 of 312 schools (--limit 0 shows all)." when a list was cut. */
export function renderShown(shown: number, total: number, singular: string): string {
  if (shown >= total) return paint.dim(plural(total, singular))
  return paint.dim(`Showing ${shown} of ${plural(total, singular)} (--limit 0 shows all).`)
}
