import {Args, type Command, Flags} from '@oclif/core'

import {BrokerError} from '../core/errors.js'
import type {ServiceContext} from '../services/context.js'
import type {LeaderMoves} from '../services/import-school-links.js'
import {describeIssue, type HeaderDoubtsData, type ImportOptions, type ImportReport} from '../services/import.js'
import {rowRemedies} from './advice.js'
import {BaseCommand} from './base-command.js'
import {progressBar} from './progress.js'
import {paint} from './style.js'
import {plural} from './table.js'

export const importArgs = {
  file: Args.string({description: 'The CSV or XLSX file to import.', required: true}),
}

/** Flags every import shares. */
export const importFlags = {
  'dry-run': Flags.boolean({
    description: 'Show the plan (to insert, to update, unchanged, rejected) and write nothing.',
  }),
  'skip-invalid': Flags.boolean({
    description: 'Import the valid rows and write the rejected ones to a CSV to fix and re-import.',
  }),
  rejects: Flags.string({
    description: 'Where --skip-invalid writes the rejected rows. Default: FILE.rejected.csv in the current folder.',
  }),
  map: Flags.string({
    description:
      'A CSV of column,field lines saying which column holds what: the field as --dry-run shows it, e.g. "% FSM ever" or fsmEverPct; "ignore" leaves a column out.',
  }),
  'save-map': Flags.boolean({description: "Remember this file's column mapping for the next import of this kind."}),
  sheet: Flags.string({description: 'XLSX: the worksheet to read. Default: the first visible one.'}),
}

/**
 * What every `... import` command does around its service: the progress bar, choosing doubtful
 * columns on a terminal, and printing the plan or the result.
 */
export abstract class ImportCommand<T extends typeof Command> extends BaseCommand<T> {
  protected async importFile<D>(
    importer: (context: ServiceContext, options: ImportOptions) => Promise<ImportReport<D>>,
    describeDetails: (report: ImportReport<D>) => string[],
  ): Promise<ImportReport<D>> {
    const flags = this.flags as unknown as {[K in keyof typeof importFlags]?: string | boolean}
    const options: ImportOptions = {
      file: (this.args as {file: string}).file,
      dryRun: flags['dry-run'] === true,
      skipInvalid: flags['skip-invalid'] === true,
      rejectsPath: flags.rejects as string | undefined,
      mapFile: flags.map as string | undefined,
      saveMap: flags['save-map'] === true,
      sheet: flags.sheet as string | undefined,
    }
    const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !this.jsonEnabled()
    for (;;) {
      const progress = progressBar(!this.jsonEnabled())
      try {
        const report = await this.withContext((context) =>
          importer(context, {...options, onProgress: progress.listener}),
        )
        progress.done()
        this.say(() => renderReport(report, describeDetails(report)))
        return report
      } catch (error) {
        progress.done()
        const doubts = doubtsOf(error)
        if (!doubts || !interactive) throw error
        options.answers = new Map([...(options.answers ?? []), ...(await askColumns(doubts))])
      }
    }
  }
}

function doubtsOf(error: unknown): HeaderDoubtsData | undefined {
  if (!(error instanceof BrokerError)) return undefined
  const data = error.data as HeaderDoubtsData | undefined
  return data?.reason === 'header-doubts' ? data : undefined
}

async function askColumns(data: HeaderDoubtsData): Promise<Map<string, string | null>> {
  const {select} = await import('@inquirer/prompts')
  const answers = new Map<string, string | null>()
  for (const doubt of data.doubts) {
    const field = await select<string | null>({
      message: `Column "${doubt.column}" ${doubt.reason}. What does it hold?`,
      choices: [
        ...doubt.candidates.map((candidate) => ({
          name: `${candidate.label} (${candidate.confidence})`,
          value: candidate.field,
        })),
        {name: 'Nothing broker needs: leave it out', value: null},
      ],
    })
    answers.set(doubt.key, field)
  }
  return answers
}

const METHOD_TEXT = {map: 'your map or choice', exact: 'exact', synonym: 'synonym', fuzzy: 'fuzzy'} as const

export function renderReport<D>(report: ImportReport<D>, details: string[]): string {
  const out: string[] = []
  const format =
    report.file.format === 'xlsx'
      ? `XLSX, sheet "${report.file.sheet}"`
      : `CSV, ${report.file.encoding}, ${describeDelimiter(report.file.delimiter)}`
  out.push(
    paint.heading(`${report.kind} import of ${report.file.name}`) +
      paint.dim(` (${format}, header on line ${report.file.headerLine})`),
  )
  const mapped = report.columns.filter((column) => column.field !== null)
  const width = Math.max(...mapped.map((column) => column.column.length), 6)
  out.push('Columns:')
  for (const column of mapped) {
    const how = column.method === 'fuzzy' ? `fuzzy ${column.confidence}` : METHOD_TEXT[column.method!]
    out.push(
      `  ${column.letter.padStart(2)}  ${column.column.padEnd(width)}  -> ${column.label} ${paint.dim(`(${column.field})`)}  ${paint.dim(how)}`,
    )
  }
  const ignored = report.columns.filter((column) => column.field === null)
  if (ignored.length > 0) {
    out.push(
      `Ignored ${plural(ignored.length, 'column')}: ${ignored.map((column) => (column.column === '' ? `(${column.letter}: no header)` : column.column)).join(', ')}`,
    )
    for (const column of ignored.filter((c) => c.note?.startsWith('might be')))
      out.push(paint.dim(`  ${column.column} ${column.note}`))
  }
  const counts = report.counts
  const [inserted, updated] = report.dryRun ? ['to insert', 'to update'] : ['inserted', 'updated']
  out.push(
    `${report.dryRun ? 'Plan' : 'Result'}: ${plural(counts.rows, 'row')}: ${counts.insert} ${inserted}, ${counts.update} ${updated}, ` +
      `${counts.unchanged} unchanged, ${counts.rejected} rejected, ${counts.skipped} skipped`,
  )
  for (const [reason, count] of Object.entries(report.skipped)) out.push(`  skipped ${count}: ${reason}`)
  out.push(...details.map((line) => `  ${line}`))
  if (report.rejected.length > 0) {
    out.push(paint.error(`Rejected (${plural(new Set(report.rejected.map((issue) => issue.line)).size, 'row')}):`))
    out.push(...report.rejected.map(describeIssue))
    out.push(...rowRemedies(report.rejected).map((remedy) => paint.dim(remedy)))
  }
  if (report.warnings.length > 0) {
    out.push(paint.warning(`Warnings (${report.warnings.length}):`))
    out.push(...report.warnings.slice(0, 50).map(describeIssue))
    if (report.warnings.length > 50) out.push(`  ... and ${report.warnings.length - 50} more (--json lists them all)`)
  }
  if (report.dryRun) out.push(paint.dim('Dry run: nothing was written.'))
  else {
    out.push(
      `${paint.ok('✓')} Imported in ${report.durationMs < 1000 ? `${report.durationMs} ms` : `${(report.durationMs / 1000).toFixed(1)} s`} (import run ${report.importRunId}).`,
    )
    if (report.rejectsFile)
      out.push(`Rejected rows were written to ${report.rejectsFile}: fix them there and import that file.`)
  }
  return out.join('\n')
}

/** A dry run says what the real run will do in the same words, marked as planned. */
export function planned(line: string, dryRun: boolean): string {
  return dryRun ? `${line} (planned)` : line
}

/** Leaders moved to the successor of their closed home school, and those left for a person to place. */
export function leaderMoveLines(moves: LeaderMoves, dryRun: boolean): string[] {
  return [
    ...moves.repointedLeaders.map((leader) =>
      planned(`leader ${leader.ref}: home school ${leader.from} closed; now at its successor ${leader.to}`, dryRun),
    ),
    ...moves.unrepointedLeaders.map(
      (leader) =>
        `leader ${leader.ref}: home school ${leader.homeUrn} closed with several successors (${leader.successors.join(', ')}): choose with \`broker leaders update --home\``,
    ),
  ]
}

function describeDelimiter(delimiter: string | null): string {
  if (delimiter === '\t') return 'tab-separated'
  if (delimiter === ';') return 'semicolon-separated'
  if (delimiter === '|') return 'pipe-separated'
  return 'comma-separated'
}
