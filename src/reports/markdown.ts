import {
  type Block,
  formatChartValue,
  printedRows,
  type ReportDocument,
  shortCategory,
  type TableBlock,
  formatInterval,
} from '../core/reports/document.js'

/** A report as Markdown: for a wiki, an email or a pull request. Charts become tables; maps are left to HTML and PDF. */

/** Escapes what Markdown would read as markup, so names and notes print as typed. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ')
}

export function renderMarkdown(document: ReportDocument): string {
  const out: string[] = [
    `# ${escapeMarkdown(document.subject ? `${document.title}: ${document.subject}` : document.title)}`,
    '',
  ]
  for (const {label, value} of document.cover) out.push(`- **${escapeMarkdown(label)}:** ${escapeMarkdown(value)}`)
  for (const section of document.sections) {
    out.push('', `## ${escapeMarkdown(section.heading)}`)
    for (const block of section.blocks) out.push('', renderBlock(block))
  }
  out.push('', '## What the figures mean', '')
  for (const entry of document.glossary)
    out.push(`- **${escapeMarkdown(entry.term)}:** ${escapeMarkdown(entry.definition)}`)
  return `${out.join('\n')}\n`
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'fields':
      return block.fields.map(({label, value}) => `- **${escapeMarkdown(label)}:** ${escapeMarkdown(value)}`).join('\n')
    case 'paragraph':
      return escapeMarkdown(block.text)
    case 'table':
      return renderTable(block)
    case 'bars':
      return renderTable({
        kind: 'table',
        id: 'chart',
        title: block.title,
        columns: [{header: ''}, ...block.series.map((series) => ({header: series.name, align: 'right' as const}))],
        rows: block.categories.map((category, index) => [
          {text: shortCategory(category), raw: category},
          ...block.series.map((series) => ({
            text: formatChartValue(series.values[index] ?? 0, block.unit),
            raw: series.values[index] ?? 0,
          })),
        ]),
        total: null,
        empty: 'No data.',
        excerpt: null,
      })
    case 'intervals':
      return [
        `**${escapeMarkdown(block.title)}**`,
        '',
        ...block.rows.map((row) => `- ${escapeMarkdown(row.label)}: ${escapeMarkdown(formatInterval(row))}`),
      ].join('\n')
    case 'map':
      return `_Map in the HTML and PDF formats: ${block.data.points.length} places and ${block.data.lines.length} lines._`
  }
}

function renderTable(block: TableBlock): string {
  const title = block.title ? `**${escapeMarkdown(block.title)}**\n\n` : ''
  if (block.rows.length === 0) return `${title}${escapeMarkdown(block.empty)}`
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`
  const printed = printedRows(block)
  const lines = [
    row(block.columns.map((column) => escapeMarkdown(column.header) || ' ')),
    row(block.columns.map((column) => (column.align === 'right' ? '---:' : '---'))),
    ...printed.rows.map((cells) => row(cells.map((cell) => escapeMarkdown(cell.text)))),
  ]
  if (block.total)
    lines.push(row(block.total.map((cell) => (cell.raw === null ? '' : `**${escapeMarkdown(cell.text)}**`))))
  return title + lines.join('\n') + (printed.note ? `\n\n_${escapeMarkdown(printed.note)}_` : '')
}

/** The whole metrics glossary as a Markdown table: the README's "Metrics glossary" section. */
export function glossaryMarkdown(entries: readonly {term: string; definition: string}[]): string {
  const rows = entries.map((entry) => `| ${escapeMarkdown(entry.term)} | ${escapeMarkdown(entry.definition)} |`)
  return `${['| Figure | What it means |', '|---|---|', ...rows].join('\n')}\n`
}
