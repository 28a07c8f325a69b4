import type {ReportDocument} from '../core/reports/document.js'
import type {FileReportFormat} from '../core/reports/formats.js'

export interface RenderOptions {
  /** For CSV: which table (default: the report's main one). */
  table?: string
}

/**
 * Renders one report document (and, for JSON, its model) to a file format; the heavy renderers
 * (PDF, maps) load only when asked for. The terminal format is the CLI's (src/cli/report-terminal.ts).
 */
export async function renderReport(
  document: ReportDocument,
  model: unknown,
  format: FileReportFormat,
  options: RenderOptions,
): Promise<string | Buffer> {
  switch (format) {
    case 'markdown':
      return (await import('./markdown.js')).renderMarkdown(document)
    case 'html':
      return (await import('./html.js')).renderHtml(document)
    case 'pdf':
      return (await import('./pdf.js')).renderPdf(document)
    case 'csv':
      return (await import('./csv.js')).renderCsv(document, options.table)
    case 'xlsx':
      return (await import('./xlsx.js')).renderXlsx(document)
    case 'json':
      return `${JSON.stringify(model, null, 2)}\n`
  }
}
