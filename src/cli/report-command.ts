import {type Command, Flags} from '@oclif/core'

import {usage} from '../core/errors.js'
import type {ReportDocument} from '../core/reports/document.js'
import {formatFromPath, REPORT_FORMATS, type ReportFormat} from '../core/reports/formats.js'
import type {ServiceContext} from '../services/context.js'
import {checkOutput, renderReportFile, writeOutput} from '../services/output.js'
import {BaseCommand} from './base-command.js'
import {doneLine} from './deployments.js'
import {wideFlag} from './flags.js'
import {renderTerminal} from './report-terminal.js'

/** What every `broker reports ...` command shares: its flags, and how a report reaches a screen or a file. */

export const reportFlags = {
  format: Flags.string({
    description:
      'terminal, markdown, html, pdf, csv, xlsx or json. Default: from the --out file name (.md .html .pdf .csv .xlsx .json), else terminal. xlsx has one sheet per table.',
    options: [...REPORT_FORMATS],
  }),
  out: Flags.string({
    char: 'o',
    description: 'Write the report to this file: whole or not at all, readable by you only.',
  }),
  force: Flags.boolean({description: 'Replace the --out file if it exists.'}),
  redact: Flags.boolean({
    description: "Leave out people's names, emails and free-text notes; leaders appear by reference.",
  }),
  table: Flags.string({
    description: "For CSV: which of the report's tables (default: its main one; a wrong name lists them).",
  }),
  wide: wideFlag,
}

export interface ReportOutput {
  format: ReportFormat
  path: string
  bytes: number
}

export interface ReportResult<Model> {
  report: Model
  /** The file written with --out, if any. */
  output: ReportOutput | null
}

interface ReportFlagValues {
  format?: string
  out?: string
  force: boolean
  redact: boolean
  table?: string
}

export abstract class ReportCommand<T extends typeof Command> extends BaseCommand<T> {
  protected get reportOptions(): ReportFlagValues {
    return this.flags as unknown as ReportFlagValues
  }

  private outputFormat(): ReportFormat {
    const {format, out, table, force} = this.reportOptions
    if (out) checkOutput(out, {force})
    const chosen = (format as ReportFormat | undefined) ?? (out ? formatFromPath(out) : null) ?? 'terminal'
    if ((chosen === 'pdf' || chosen === 'xlsx') && !out)
      throw usage(`A ${chosen.toUpperCase()} report needs a file to go to.`, {
        suggestion: `Add --out report.${chosen}.`,
      })
    if (table !== undefined && chosen !== 'csv')
      throw usage('--table picks the table a CSV report writes.', {suggestion: 'Add --format csv (or --out FILE.csv).'})
    return chosen
  }

  /**
   * Builds a report with its service, renders the model through its layout, and prints it or
   * writes it to --out. The output flags are checked first, so a mistake costs nothing.
   */
  protected async report<Model>(
    build: (context: ServiceContext) => Promise<Model>,
    layout: (model: Model) => ReportDocument,
  ): Promise<ReportResult<Model>> {
    const format = this.outputFormat()
    const {out, force, table} = this.reportOptions
    let model: Model
    let rendered: string | Buffer
    try {
      this.progress('Reading the registry…')
      model = await this.withContext(build)
      if (!out && this.jsonEnabled()) return {report: model, output: null}
      this.progress(`Rendering ${format}…`)
      rendered =
        format === 'terminal'
          ? renderTerminal(layout(model), {file: out !== undefined})
          : await renderReportFile(layout(model), model, format, {table})
    } finally {
      this.progress(null)
    }
    if (!out) {
      if (format === 'terminal') this.log(String(rendered))
      else process.stdout.write(rendered)
      return {report: model, output: null}
    }
    const written = writeOutput(out, rendered, {force})
    this.say(doneLine(`Wrote the ${format} report to ${written.path} (${formatBytes(written.bytes)}).`))
    return {report: model, output: {format, path: written.path, bytes: written.bytes}}
  }

  /** A status line on a terminal's stderr while a report is made (a national PDF takes a second or two). */
  private progress(text: string | null): void {
    if (!process.stderr.isTTY || this.jsonEnabled()) return
    process.stderr.write(`\r\u001B[K${text ?? ''}`)
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
