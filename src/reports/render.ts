import {extname} from 'node:path'
import {stripVTControlCharacters} from 'node:util'

import type {ReportDocument} from './document.js'

/** The formats every report renders to, from the one report document (and, for JSON, the model). */

export const REPORT_FORMATS = ['terminal', 'markdown', 'html', 'pdf', 'csv', 'json'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

const BY_EXTENSION: Record<string, ReportFormat> = {
  '.txt': 'terminal',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.csv': 'csv',
  '.json': 'json',
}

/** The format a file name implies (report.pdf -> pdf), or null. */
export function formatFromPath(path: string): ReportFormat | null {
  return BY_EXTENSION[extname(path).toLowerCase()] ?? null
}

export interface RenderOptions {
  /** For CSV: which table (default: the report's main one). */
  table?: string
  /** Terminal colours; off when writing a file. */
  colour: boolean
}

/** Renders one report; the heavy renderers (PDF, maps) load only when asked for. */
export async function renderReport(
  document: ReportDocument,
  model: unknown,
  format: ReportFormat,
  options: RenderOptions,
): Promise<string | Buffer> {
  switch (format) {
    case 'terminal': {
      const {renderTerminal} = await import('./terminal.js')
      const text = renderTerminal(document)
      return options.colour ? text : `${stripVTControlCharacters(text)}\n`
    }
    case 'markdown':
      return (await import('./markdown.js')).renderMarkdown(document)
    case 'html':
      return (await import('./html.js')).renderHtml(document)
    case 'pdf':
      return (await import('./pdf.js')).renderPdf(document)
    case 'csv':
      return (await import('./csv.js')).renderCsv(document, options.table)
    case 'json':
      return `${JSON.stringify(model, null, 2)}\n`
  }
}
