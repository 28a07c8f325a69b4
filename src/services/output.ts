import type {ReportDocument, TableBlock} from '../core/reports/document.js'
import type {FileReportFormat} from '../core/reports/formats.js'
import {glossaryMarkdown} from '../reports/markdown.js'
import {renderReport, type RenderOptions} from '../reports/render.js'
import type {WorkbookMeta} from '../reports/xlsx.js'
import {checkOutputFile, checkOutputFolder as checkFolder, type OutputOptions, writeOutputFile} from '../safe-files.js'

/**
 * The files commands write for the user (--out of reports and exports): checked before any work,
 * so a mistake costs nothing, then written privately, whole or not at all.
 */

export interface WrittenFile {
  /** The absolute path written. */
  path: string
  bytes: number
}

/** Refuses a --out that cannot be written (a folder, a missing folder, an existing file without force). */
export function checkOutput(target: string, options: OutputOptions): string {
  return checkOutputFile(target, options)
}

/** Refuses a folder to write files into that is a file, or whose parent folder does not exist. */
export function checkOutputFolder(target: string): string {
  return checkFolder(target)
}

export function writeOutput(target: string, content: string | Uint8Array, options: OutputOptions): WrittenFile {
  return writeOutputFile(target, content, options)
}

/** A report document rendered to one of the file formats (the terminal format is the CLI's own). */
export function renderReportFile(
  document: ReportDocument,
  model: unknown,
  format: FileReportFormat,
  options: RenderOptions,
): Promise<string | Buffer> {
  return renderReport(document, model, format, options)
}

/** The glossary as a Markdown table, for pasting into a board paper. */
export function renderGlossaryMarkdown(entries: readonly {term: string; definition: string}[]): string {
  return glossaryMarkdown(entries)
}

/** Tables as an .xlsx workbook, one sheet each (exceljs loads only when a workbook is asked for). */
export async function renderSpreadsheet(tables: readonly TableBlock[], meta: WorkbookMeta): Promise<Buffer> {
  return (await import('../reports/xlsx.js')).renderWorkbook(tables, meta)
}
