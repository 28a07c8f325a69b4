/** The formats every report renders to, and the format a file name implies. */

export const REPORT_FORMATS = ['terminal', 'markdown', 'html', 'pdf', 'csv', 'xlsx', 'json'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** The formats a renderer under src/reports writes; the terminal format is drawn by the CLI. */
export type FileReportFormat = Exclude<ReportFormat, 'terminal'>

const BY_EXTENSION: Record<string, ReportFormat> = {
  txt: 'terminal',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  pdf: 'pdf',
  csv: 'csv',
  xlsx: 'xlsx',
  json: 'json',
}

/** The format a file name implies (report.pdf -> pdf), or null. */
export function formatFromPath(path: string): ReportFormat | null {
  const name = path.split(/[\\/]/).pop() ?? ''
  const dot = name.lastIndexOf('.')
  return dot > 0 ? (BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? null) : null
}
