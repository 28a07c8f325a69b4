import Table from 'cli-table3'

import {paint} from './style.js'

export type Cell = string | number | boolean | null | undefined

export interface Column<Row> {
  header: string
  value: (row: Row) => Cell
  align?: 'left' | 'right'
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

/** An aligned, borderless table: what every list command prints. */
export function renderTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const table = new Table({
    head: columns.map((column) => paint.heading(column.header)),
    chars: BORDERLESS,
    style: {head: [], border: [], 'padding-left': 0, 'padding-right': 0},
    colAligns: columns.map((column) => column.align ?? 'left'),
    wordWrap: false,
  })
  for (const row of rows) table.push(columns.map((column) => show(column.value(row))))
  return table.toString()
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
