// Longer than 400 lines: the pipeline every import shares (read, map headers, validate, plan, dry run,
// write, record the run) with its prompts' inputs and its summaries, kept together on purpose.
import {resolve} from 'node:path'

import {stringify} from 'csv-stringify/sync'

import type {FileKind} from '../core/error-codes.js'
import {type BrokerError, invalidInput} from '../core/errors.js'
import type {CellProblem, RowOutcome, RowRemedy} from '../core/row-reader.js'
import type {ImportRunCounts} from '../db/repos/imports.js'
import type {Repos} from '../db/repos/index.js'
import {
  columnLetter,
  type FieldSpec,
  type HeaderDoubt,
  HeaderMapper,
  type HeaderMapping,
  headerKey,
  type HeaderMethod,
} from '../importers/headers.js'
import {type RawRecord, readTable, type SourceTable} from '../importers/table.js'
import {writePrivateFileAtomically} from '../safe-files.js'
import type {ServiceContext} from './context.js'

/**
 * The import pipeline every `... import` command shares:
 * read (decode, parse) -> map headers -> validate rows -> in-file duplicates -> plan against the
 * registry -> (--dry-run stops here) -> apply in the same transaction -> record the run -> commit.
 * Nothing is half-imported: a rejected row stops the whole import unless --skip-invalid.
 */

export type ImportKind = 'schools' | 'school-links' | 'leaders' | 'needs' | 'inspections' | 'results'

export type ProgressListener = (step: string, done: number, total: number) => void

export interface ImportOptions {
  file: string
  dryRun?: boolean
  skipInvalid?: boolean
  /** Where --skip-invalid writes the rejected rows. */
  rejectsPath?: string
  /** A CSV of `column,field` lines deciding columns the automatic mapping cannot. */
  mapFile?: string
  /** Decisions from the interactive prompt, by folded header. */
  answers?: ReadonlyMap<string, string | null>
  /** Remember this run's column mapping for the next file of this kind. */
  saveMap?: boolean
  sheet?: string
  onProgress?: ProgressListener
}

export interface ColumnReport {
  letter: string
  column: string
  field: string | null
  label: string | null
  method: HeaderMethod | null
  confidence: number
  note?: string
}

export interface RowIssue {
  line: number
  column: string | null
  value: string | null
  reason: string
  remedies?: RowRemedy[]
}

/** The rows of a file by what became of them (a run records them with its skipped reasons). */
export type ImportCounts = Omit<ImportRunCounts, 'skippedByReason'>

export interface ImportReport<D> {
  kind: ImportKind
  file: {
    name: string
    sha256: string
    bytes: number
    format: 'csv' | 'xlsx'
    encoding: string | null
    delimiter: string | null
    sheet: string | null
    headerLine: number
  }
  dryRun: boolean
  /** planned: a dry run; imported: committed. */
  status: 'planned' | 'imported'
  columns: ColumnReport[]
  counts: ImportCounts
  skipped: Record<string, number>
  rejected: RowIssue[]
  warnings: RowIssue[]
  rejectsFile: string | null
  importRunId: number | null
  durationMs: number
  details: D
}

/** A file read and mapped, ready for row validation. */
export class PreparedFile {
  constructor(
    readonly kind: ImportKind,
    readonly table: SourceTable,
    readonly mapper: HeaderMapper,
    readonly mapping: HeaderMapping,
    /** When reading began (performance.now()), so a run's duration covers the whole import. */
    readonly startedAt: number = performance.now(),
  ) {}

  /** The row's cells by field; a field fed by several columns joins them with "; ". */
  cells(record: RawRecord): Map<string, string> {
    const cells = new Map<string, string>()
    for (const [field, indexes] of this.mapping.byField) {
      if (indexes.length === 1) cells.set(field, record.cells[indexes[0]!] ?? '')
      else
        cells.set(
          field,
          indexes
            .map((index) => (record.cells[index] ?? '').trim())
            .filter((text) => text !== '')
            .join('; '),
        )
    }
    return cells
  }

  has(field: string): boolean {
    return this.mapping.byField.has(field)
  }

  /** The header of the (first) column feeding a field. */
  columnOf(field: string): string | null {
    const index = this.mapping.byField.get(field)?.[0]
    return index === undefined ? null : (this.table.headers[index] ?? null)
  }

  issue(record: RawRecord, problem: CellProblem): RowIssue {
    const index = this.mapping.byField.get(problem.field)?.[0]
    return {
      line: record.line,
      column: index === undefined ? null : (this.table.headers[index] ?? null),
      value: index === undefined ? null : (record.cells[index] ?? null),
      reason: problem.reason,
      ...(problem.remedies === undefined ? {} : {remedies: problem.remedies}),
    }
  }

  columnsReport(): ColumnReport[] {
    return this.mapping.columns.map((column) => ({
      letter: columnLetter(column.index),
      column: column.column,
      field: column.field,
      label: column.field === null ? null : (this.mapper.spec(column.field)?.label ?? column.field),
      method: column.method,
      confidence: column.confidence,
      ...(column.note ? {note: column.note} : {}),
    }))
  }
}

/** Another kind of file an import may be handed by mistake, and which import reads it. */
export interface OtherLayout {
  what: string
  fields: readonly FieldSpec[]
  kind: FileKind
}

/**
 * Reads and maps a file; stops (exit 3) on header problems and on doubts nobody has decided. When
 * the columns do not fit but do fit one of `otherLayouts`, the error names the kind of file it is.
 */
export async function prepareFile(
  context: ServiceContext,
  kind: ImportKind,
  fields: readonly FieldSpec[],
  options: ImportOptions,
  otherLayouts: readonly OtherLayout[] = [],
): Promise<PreparedFile> {
  const startedAt = performance.now()
  options.onProgress?.('reading', 0, 1)
  const table = await readTable(options.file, {sheet: options.sheet})
  const overrides = new Map<string, string | null>(
    await context.registry.read((repos) => repos.imports.headerMap(kind)),
  )
  if (options.mapFile) for (const [key, field] of await readMapFile(options.mapFile)) overrides.set(key, field)
  for (const [key, field] of options.answers ?? []) overrides.set(key, field)
  const mapper = new HeaderMapper(fields)
  const mapping = mapper.map(table.headers, overrides, table.mergedFrom)
  const prepared = new PreparedFile(kind, table, mapper, mapping, startedAt)
  if (mapping.problems.length > 0) {
    const other = otherLayouts.find((layout) => fitsLayout(layout.fields, table.headers))
    throw invalidInput(
      `${table.fileName}: the columns cannot be used as they are:\n${mapping.problems.map((problem) => `  ${problem.column ? `"${problem.column}": ` : ''}${problem.reason}`).join('\n')}`,
      {
        code: 'import.columns-unusable',
        data: {
          columns: prepared.columnsReport(),
          problems: mapping.problems,
          looksLike: other ? {what: other.what, kind: other.kind} : null,
        },
      },
    )
  }
  if (mapping.doubts.length > 0) throw headerDoubts(table.fileName, mapping.doubts, prepared.columnsReport())
  return prepared
}

/** The headers name every required field of these by name or synonym, with nothing in doubt. */
function fitsLayout(fields: readonly FieldSpec[], headers: readonly string[]): boolean {
  const mapping = new HeaderMapper(fields).map(headers)
  if (mapping.problems.length > 0 || mapping.doubts.length > 0) return false
  return fields
    .filter((spec) => spec.required)
    .every((spec) =>
      (mapping.byField.get(spec.field) ?? []).some((index) =>
        ['exact', 'synonym'].includes(mapping.columns[index]!.method ?? ''),
      ),
    )
}

export interface HeaderDoubtsData {
  reason: 'header-doubts'
  doubts: (HeaderDoubt & {key: string})[]
  columns: ColumnReport[]
}

function headerDoubts(fileName: string, doubts: HeaderDoubt[], columns: ColumnReport[]): BrokerError {
  const lines = doubts.map((doubt) => `  column ${columnLetter(doubt.index)} "${doubt.column}" ${doubt.reason}`)
  const data: HeaderDoubtsData = {
    reason: 'header-doubts',
    doubts: doubts.map((doubt) => ({...doubt, key: headerKey(doubt.column)})),
    columns,
  }
  return invalidInput(`${fileName}: broker is not sure what some columns hold:\n${lines.join('\n')}`, {
    code: 'import.header-doubts',
    data,
  })
}

async function readMapFile(path: string): Promise<Map<string, string | null>> {
  const table = await readTable(path)
  const map = new Map<string, string | null>()
  const rows = [{line: table.headerLine, cells: table.headers}, ...table.rows]
  for (const row of rows) {
    const [column = '', field = ''] = row.cells.map((cell) => cell.trim())
    if (row === rows[0] && headerKey(column) === 'column' && headerKey(field) === 'field') continue
    if (column === '') continue
    map.set(headerKey(column), field === '' || ['ignore', '-', 'none'].includes(field.toLowerCase()) ? null : field)
  }
  return map
}

export interface AcceptedRow<R> {
  record: RawRecord
  row: R
}

export interface RejectedRecord {
  record: RawRecord
  issues: RowIssue[]
}

export interface ValidatedRows<R> {
  accepted: AcceptedRow<R>[]
  rejected: RejectedRecord[]
  skipped: Map<string, number>
  warnings: RowIssue[]
}

/** Validates every row (collecting every problem of every row), then sets aside in-file duplicates. */
export function validateRows<R>(
  prepared: PreparedFile,
  read: (cells: Map<string, string>, record: RawRecord) => RowOutcome<R>,
  key: (row: R) => string,
  onProgress?: ProgressListener,
): ValidatedRows<R> {
  const result: ValidatedRows<R> = {accepted: [], rejected: [], skipped: new Map(), warnings: []}
  const total = prepared.table.rows.length
  prepared.table.rows.forEach((record, index) => {
    if (index % 2000 === 0) onProgress?.('checking', index, total)
    const misaligned = misalignedCells(prepared.table, record)
    if (misaligned !== null) {
      result.rejected.push({record, issues: [{line: record.line, column: null, value: null, reason: misaligned}]})
      return
    }
    const cells = prepared.cells(record)
    const mangled = [...cells].find(([, text]) => text.includes('\uFFFD'))
    if (mangled) {
      result.rejected.push({
        record,
        issues: [
          prepared.issue(record, {
            field: mangled[0],
            reason:
              'holds a replacement character (�): the text was damaged by a wrong encoding before it reached this file',
          }),
        ],
      })
      return
    }
    const outcome = read(cells, record)
    if (outcome.kind === 'skip') result.skipped.set(outcome.reason, (result.skipped.get(outcome.reason) ?? 0) + 1)
    else if (outcome.kind === 'invalid')
      result.rejected.push({record, issues: outcome.problems.map((problem) => prepared.issue(record, problem))})
    else {
      result.accepted.push({record, row: outcome.value})
      for (const warning of outcome.warnings) result.warnings.push(prepared.issue(record, warning))
    }
  })
  onProgress?.('checking', total, total)
  setAsideDuplicates(result, key)
  return result
}

/**
 * A CSV row with more or fewer cells than the header has its values under the wrong columns (an
 * unquoted comma in a name shifts every later cell), so it cannot be read safely. Empty cells past
 * the last named column, as spreadsheets write them, do not count.
 */
function misalignedCells(table: SourceTable, record: RawRecord): string | null {
  if (table.format !== 'csv') return null
  const named = table.headers.findLastIndex((header) => header !== '') + 1
  const used = record.cells.findLastIndex((cell) => cell.trim() !== '') + 1
  if (used > table.headers.length) {
    return `has ${used} cells but the header has ${named} columns, so its values may be under the wrong columns: put double quotes around any value containing "${table.delimiter}"`
  }
  if (record.cells.length < named) {
    return `has ${record.cells.length} cells but the header has ${named} columns, so its values may be under the wrong columns: check for a missing "${table.delimiter}" and fill in the missing cells`
  }
  return null
}

/**
 * Rows sharing a key: exact copies are counted once; rows that disagree are all rejected, since
 * nobody can tell which one is right.
 */
function setAsideDuplicates<R>(result: ValidatedRows<R>, key: (row: R) => string): void {
  const byKey = new Map<string, AcceptedRow<R>[]>()
  for (const accepted of result.accepted) {
    const rowKey = key(accepted.row)
    byKey.set(rowKey, [...(byKey.get(rowKey) ?? []), accepted])
  }
  const kept: AcceptedRow<R>[] = []
  for (const [rowKey, rows] of byKey) {
    if (rows.length === 1) {
      kept.push(rows[0]!)
      continue
    }
    const first = rows[0]!
    const identical = rows.every((row) => JSON.stringify(row.record.cells) === JSON.stringify(first.record.cells))
    if (identical) {
      kept.push(first)
      result.skipped.set(
        'repeated row (an exact copy of an earlier line)',
        (result.skipped.get('repeated row (an exact copy of an earlier line)') ?? 0) + rows.length - 1,
      )
      continue
    }
    const lines = rows.map((row) => row.record.line)
    for (const row of rows) {
      result.rejected.push({
        record: row.record,
        issues: [
          {
            line: row.record.line,
            column: null,
            value: rowKey,
            reason: `${rowKey} appears on lines ${lines.join(', ')} with different values`,
          },
        ],
      })
    }
  }
  const order = new Map(result.accepted.map((accepted, index) => [accepted, index]))
  result.accepted = kept.sort((a, b) => order.get(a)! - order.get(b)!)
}

/** What a kind's planner found, and how to carry it out inside the same transaction. */
export interface Plan<D> {
  insert: number
  update: number
  unchanged: number
  /** Rows the registry refuses (a conflict, a need already in deployment ...). */
  rejected: RejectedRecord[]
  skipped?: Map<string, number>
  warnings?: RowIssue[]
  details: D
  /** Writes the plan; returns the details as carried out. */
  apply(importRunId: number): Promise<D>
}

export type Planner<R, D> = (repos: Repos, rows: AcceptedRow<R>[]) => Promise<Plan<D>>

/** Plans, and unless dry-running, applies, in one transaction; records the run; writes rejects. */
export async function runImport<R, D>(
  context: ServiceContext,
  prepared: PreparedFile,
  validated: ValidatedRows<R>,
  options: ImportOptions,
  planner: Planner<R, D>,
): Promise<ImportReport<D>> {
  const started = prepared.startedAt
  const startedAt = new Date(Date.now() - (performance.now() - started)).toISOString()
  const dryRun = options.dryRun ?? false
  const work = async (repos: Repos): Promise<ImportReport<D>> => {
    options.onProgress?.('planning', 0, 1)
    const plan = await planner(repos, validated.accepted)
    const rejected = [...validated.rejected, ...plan.rejected].sort((a, b) => a.record.line - b.record.line)
    const skipped = new Map(validated.skipped)
    for (const [reason, count] of plan.skipped ?? []) skipped.set(reason, (skipped.get(reason) ?? 0) + count)
    const report: ImportReport<D> = {
      kind: prepared.kind,
      file: {
        name: prepared.table.fileName,
        sha256: prepared.table.sha256,
        bytes: prepared.table.bytes,
        format: prepared.table.format,
        encoding: prepared.table.encoding,
        delimiter: prepared.table.delimiter,
        sheet: prepared.table.sheet,
        headerLine: prepared.table.headerLine,
      },
      dryRun,
      status: dryRun ? 'planned' : 'imported',
      columns: prepared.columnsReport(),
      counts: {
        rows: prepared.table.rows.length,
        insert: plan.insert,
        update: plan.update,
        unchanged: plan.unchanged,
        rejected: rejected.length,
        skipped: [...skipped.values()].reduce((sum, count) => sum + count, 0),
      },
      skipped: Object.fromEntries(skipped),
      rejected: rejected.flatMap((row) => row.issues),
      warnings: [...validated.warnings, ...(plan.warnings ?? [])].sort((a, b) => a.line - b.line),
      rejectsFile: null,
      importRunId: null,
      durationMs: 0,
      details: plan.details,
    }
    if (dryRun) return report
    if (rejected.length > 0 && !options.skipInvalid) throw rejection(report)
    const runId = await repos.imports.startRun({
      kind: prepared.kind,
      fileName: prepared.table.fileName,
      fileHash: prepared.table.sha256,
      startedAt,
      actor: context.actor,
    })
    report.details = await plan.apply(runId)
    report.importRunId = runId
    if (options.saveMap) await repos.imports.saveHeaderMap(prepared.kind, savedMapping(prepared))
    report.durationMs = Math.round(performance.now() - started)
    await repos.audit.record({
      actor: context.actor,
      action: `${prepared.kind}.import`,
      entity: 'import',
      entityId: runId,
      after: {file: report.file.name, sha256: report.file.sha256, counts: report.counts},
    })
    if (options.skipInvalid && rejected.length > 0)
      report.rejectsFile = resolve(
        options.rejectsPath ?? `${prepared.table.fileName.replace(/\.[^.]+$/, '')}.rejected.csv`,
      )
    // Recorded with the run, so that erasing a person can find their rows in it.
    await repos.imports.finishRun(
      runId,
      'imported',
      {...report.counts, skippedByReason: report.skipped},
      report.durationMs,
      report.rejectsFile,
    )
    return report
  }
  const report = dryRun ? await context.registry.read(work) : await context.registry.write(work)
  if (report.rejectsFile !== null) writeRejects(report.rejectsFile, prepared, report)
  report.durationMs = Math.round(performance.now() - started)
  return report
}

function savedMapping(prepared: PreparedFile): Map<string, string | null> {
  const map = new Map<string, string | null>()
  for (const column of prepared.mapping.columns) {
    const key = headerKey(column.column)
    if (key !== '' && !prepared.table.mergedFrom.has(column.index)) map.set(key, column.field)
  }
  return map
}

const SHOWN_IN_MESSAGE = 20

function rejection<D>(report: ImportReport<D>): BrokerError {
  const rows = new Set(report.rejected.map((issue) => issue.line)).size
  const lines = report.rejected.slice(0, SHOWN_IN_MESSAGE).map(describeIssue)
  if (report.rejected.length > SHOWN_IN_MESSAGE)
    lines.push(`  ... and ${report.rejected.length - SHOWN_IN_MESSAGE} more problems (a dry run lists them all)`)
  return invalidInput(
    `${report.file.name}: ${rows} of ${report.counts.rows} rows ${rows === 1 ? 'is' : 'are'} invalid, so nothing was imported.\n${lines.join('\n')}`,
    {code: 'import.rows-invalid', data: report},
  )
}

export function describeIssue(issue: RowIssue): string {
  const where = issue.column === null ? `line ${issue.line}` : `line ${issue.line}, ${issue.column}`
  const value = issue.value === null || issue.value === '' ? '' : ` "${issue.value}"`
  return `  ${where}${value}: ${issue.reason}`
}

/** The rejected rows as they were, with the reasons in a last column, for fixing and re-importing. */
function writeRejects<D>(path: string, prepared: PreparedFile, report: ImportReport<D>): void {
  const reasons = new Map<number, string[]>()
  for (const issue of report.rejected)
    reasons.set(issue.line, [
      ...(reasons.get(issue.line) ?? []),
      issue.column ? `${issue.column}: ${issue.reason}` : issue.reason,
    ])
  const records = prepared.table.rows.filter((record) => reasons.has(record.line))
  const text = stringify(
    [
      [...prepared.table.headers, 'Rejected because'],
      ...records.map((record) => [...record.cells, reasons.get(record.line)!.join('; ')]),
    ],
    {
      bom: true,
      escape_formulas: true,
    },
  )
  // Rejected rows hold personal data: private to the user, and whole or absent.
  writePrivateFileAtomically(path, text)
}
