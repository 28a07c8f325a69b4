import {daysFromHalfDays, formatDays} from '../days.js'
import {formatPounds} from '../deployments.js'
import type {ReportCover} from './common.js'
import type {GlossaryEntry} from './glossary.js'
import type {MapData} from './map-data.js'

/**
 * A report laid out for people: a cover, sections of fields, tables, charts and maps, and the
 * glossary. Each report model is laid out once (src/core/reports/layouts); every format renders this
 * same document, so a figure reads the same in the terminal, Markdown, HTML, PDF and CSV.
 */

/** The printable width of a page in points: A4 portrait (595 pt wide) less 40 pt margins either side. */
export const PRINTABLE_WIDTH = 515

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** A chart category as people read it: a month ('2026-09') becomes 'Sep 26'; anything else stays. */
export function shortCategory(category: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(category)
  return match ? `${MONTHS[Number(match[2]) - 1]} ${match[1]!.slice(2)}` : category
}

/**
 * What a cell's raw value is, for a spreadsheet: a number in days, pounds, a count, a percentage
 * (raw 45.5 means 45.5%) or a plain decimal, an ISO date, or a range of dates (raw 'from/to', two
 * columns in a spreadsheet). Plain text when absent.
 */
export type CellKind = 'days' | 'money' | 'count' | 'percent' | 'decimal' | 'date' | 'dateRange'

/** A cell: what people read, and the plain value a spreadsheet gets. */
export interface Cell {
  text: string
  raw: string | number | null
  kind?: CellKind
}

export interface Column {
  header: string
  align?: 'left' | 'right'
  /** The unit a CSV header names, since CSV cells carry bare numbers. */
  unit?: string
}

export interface TableBlock {
  kind: 'table'
  /** Name for `--table` (CSV). */
  id: string
  title: string | null
  columns: Column[]
  rows: Cell[][]
  total: Cell[] | null
  /** Said instead of an empty table. */
  empty: string
  /** Print at most this many rows (a national list is for the CSV, which always has them all). */
  excerpt: number | null
}

export interface FieldsBlock {
  kind: 'fields'
  fields: {label: string; value: string}[]
}

export interface ParagraphBlock {
  kind: 'paragraph'
  text: string
}

export interface BarChartBlock {
  kind: 'bars'
  title: string
  /** Columns along the bottom (months), or bars across (groups). */
  orientation: 'vertical' | 'horizontal'
  unit: 'days' | 'percent'
  categories: string[]
  series: {name: string; values: number[]}[]
  /** A reference line (100% utilisation). */
  reference: number | null
}

/** Estimates with their intervals, one row a group (a forest plot), around a zero line. */
export interface IntervalChartBlock {
  kind: 'intervals'
  title: string
  rows: {label: string; estimate: number; low: number; high: number}[]
}

/** "+1.25", "-0.30": an estimate's sign shown, so a reader sees the direction. */
export const signed = (value: number): string => `${value > 0 ? '+' : ''}${value.toFixed(2)}`

/** "+1.2 (-0.3 to +2.6)": an estimate and its interval, signed so a reader sees the direction. */
export function formatInterval(row: {estimate: number; low: number; high: number}): string {
  return `${signed(row.estimate)} (${signed(row.low)} to ${signed(row.high)})`
}

export interface MapBlock {
  kind: 'map'
  title: string
  data: MapData
}

export type Block = TableBlock | FieldsBlock | ParagraphBlock | BarChartBlock | IntervalChartBlock | MapBlock

export interface Section {
  heading: string
  blocks: Block[]
}

export interface ReportDocument {
  title: string
  subject: string | null
  cover: {label: string; value: string}[]
  sections: Section[]
  glossary: GlossaryEntry[]
  /** Which table `--format csv` writes when --table is not given. */
  csvTable: string
}

// ---- cells --------------------------------------------------------------------------------------

export const text = (value: string | number | null | undefined): Cell => {
  if (value === null || value === undefined || value === '') return {text: '–', raw: null}
  return {text: String(value), raw: value}
}

export const days = (halfDays: number | null | undefined): Cell =>
  halfDays === null || halfDays === undefined
    ? text(null)
    : {text: formatDays(halfDays), raw: daysFromHalfDays(halfDays), kind: 'days'}

/** Days already in day units with one decimal (pro-rated figures). */
export const decimalDays = (value: number): Cell => ({text: value.toFixed(1), raw: value, kind: 'days'})

export const money = (pence: number | null | undefined): Cell =>
  pence === null || pence === undefined ? text(null) : {text: formatPounds(pence), raw: pence / 100, kind: 'money'}

export const count = (value: number): Cell => ({text: value.toLocaleString('en-GB'), raw: value, kind: 'count'})

/** A plain number (a distance, a score) shown as given. */
export const decimal = (value: number | null | undefined, shown?: string): Cell =>
  value === null || value === undefined ? text(null) : {text: shown ?? String(value), raw: value, kind: 'decimal'}

export const percent = (share: number | null | undefined): Cell =>
  share === null || share === undefined
    ? text(null)
    : {text: `${Math.round(share * 100)}%`, raw: Math.round(share * 1000) / 10, kind: 'percent'}

/** An ISO date (2027-01-15): a date cell in a spreadsheet. */
export const date = (iso: string | null | undefined): Cell =>
  iso === null || iso === undefined || iso === '' ? text(null) : {text: iso, raw: iso, kind: 'date'}

export const dateRange = (from: string | null, to: string | null): Cell =>
  from && to ? {text: `${from} – ${to}`, raw: `${from}/${to}`, kind: 'dateRange'} : text(null)

export function table(
  id: string,
  title: string | null,
  columns: Column[],
  rows: Cell[][],
  options: {total?: Cell[]; empty?: string; excerpt?: number} = {},
): TableBlock {
  return {
    kind: 'table',
    id,
    title,
    columns,
    rows,
    total: options.total ?? null,
    empty: options.empty ?? 'None.',
    excerpt: options.excerpt ?? null,
  }
}

/** The rows a printed format shows, and what to say about the rest. */
export function printedRows(block: TableBlock): {rows: Cell[][]; note: string | null} {
  if (block.excerpt === null || block.rows.length <= block.excerpt) return {rows: block.rows, note: null}
  const all = block.rows.length.toLocaleString('en-GB')
  return {
    rows: block.rows.slice(0, block.excerpt),
    note: `The first ${block.excerpt} of ${all} rows; the total counts them all, and all ${all} are in the report's CSV (its table "${block.id}").`,
  }
}

export function fields(entries: [string, string | number | null | undefined][]): FieldsBlock {
  return {
    kind: 'fields',
    fields: entries
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([label, value]) => ({label, value: String(value)})),
  }
}

export const paragraph = (value: string): ParagraphBlock => ({kind: 'paragraph', text: value})

/** Cover lines every report shares: hub, period, as-of date, redaction. */
export function coverLines(
  cover: ReportCover,
  extra: [string, string | null][] = [],
): {label: string; value: string}[] {
  const lines: [string, string | null][] = [
    ['Hub', cover.hub],
    ['Period', cover.period ? `${cover.period.from} to ${cover.period.to}` : null],
    ['As of', cover.asOf],
    ...extra,
    ['Redacted', cover.redacted ? "yes: people's names, emails and free-text notes are left out" : null],
  ]
  return lines.filter((line): line is [string, string] => line[1] !== null).map(([label, value]) => ({label, value}))
}

/** Width in points of a word of table text (9 pt), bold for headers. */
export type MeasureWord = (word: string, bold: boolean) => number

/** Roboto at 9 pt averages about 0.55 em a character: near enough for HTML's choice of page. */
const estimateWord: MeasureWord = (word, bold) => word.length * 9 * (bold ? 0.58 : 0.55)

/** Cells have 4 pt of padding either side. */
const CELL_PADDING = 8

/** The narrowest a table can print, in points: each column as wide as its longest unbreakable word. */
export function minimumTableWidth(block: TableBlock, measure: MeasureWord = estimateWord): number {
  const longest = (value: string, bold: boolean) =>
    Math.max(0, ...value.split(/\s+/).map((word) => measure(word, bold)))
  const {rows} = printedRows(block)
  return block.columns.reduce((total, column, index) => {
    const cells = [...rows, ...(block.total ? [block.total] : [])].map((row) =>
      longest(row[index]?.text ?? '', row === block.total),
    )
    return total + Math.max(longest(column.header, true), ...cells) + CELL_PADDING
  }, 0)
}

/** A section printed on landscape pages: one of its tables cannot fit A4 portrait's printable width. */
export function isWide(section: Section, measure: MeasureWord = estimateWord): boolean {
  return section.blocks.some((block) => block.kind === 'table' && minimumTableWidth(block, measure) > PRINTABLE_WIDTH)
}

export function allTables(document: ReportDocument): TableBlock[] {
  return document.sections.flatMap((section) =>
    section.blocks.filter((block): block is TableBlock => block.kind === 'table'),
  )
}

export function formatChartValue(value: number, unit: BarChartBlock['unit']): string {
  return unit === 'percent' ? `${Math.round(value * 100)}%` : formatDays(Math.round(value * 2))
}
