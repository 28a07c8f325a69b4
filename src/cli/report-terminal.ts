import {stripVTControlCharacters} from 'node:util'

import {
  type BarChartBlock,
  type Block,
  formatChartValue,
  printedRows,
  type ReportDocument,
  type TableBlock,
  shortCategory,
  formatInterval,
} from '../core/reports/document.js'
import {paint} from './style.js'
import {renderFields, renderTable, terminalWidth} from './table.js'

/** A report for the terminal (and for --out FILE.txt): aligned tables, text bars, the glossary. */

const BAR_WIDTH = 36
const WRAP = 100

/**
 * For a file (`--out FILE.txt`) the text carries no escape codes, ends with a newline and keeps
 * every column whole: the terminal's width does not bound a file.
 */
export function renderTerminal(document: ReportDocument, options: {file: boolean}): string {
  if (!options.file) return terminalText(document, terminalWidth())
  return `${stripVTControlCharacters(terminalText(document, Number.POSITIVE_INFINITY))}\n`
}

function terminalText(document: ReportDocument, width: number): string {
  const lines: string[] = [paint.heading(document.subject ? `${document.title}: ${document.subject}` : document.title)]
  lines.push(renderFields(document.cover.map(({label, value}) => [label, value])))
  for (const section of document.sections) {
    lines.push('', paint.heading(section.heading.toUpperCase()))
    for (const block of section.blocks) lines.push(renderBlock(block, width))
  }
  lines.push('', paint.heading('WHAT THE FIGURES MEAN'))
  for (const entry of document.glossary) lines.push(wrap(`${entry.term}: ${entry.definition}`, WRAP, '  '))
  return lines.join('\n')
}

function renderBlock(block: Block, width: number): string {
  switch (block.kind) {
    case 'fields':
      return renderFields(block.fields.map(({label, value}) => [label, value]))
    case 'paragraph':
      return wrap(block.text, WRAP, '')
    case 'table':
      return renderTableBlock(block, width)
    case 'bars':
      return renderBars(block)
    case 'intervals':
      return [paint.heading(block.title), ...block.rows.map((row) => `  ${row.label}: ${formatInterval(row)}`)].join(
        '\n',
      )
    case 'map':
      return paint.dim(
        `Map (drawn in the HTML and PDF formats): ${block.data.points.length} places and ${block.data.lines.length} lines.`,
      )
  }
}

function renderTableBlock(block: TableBlock, width: number): string {
  const title = block.title ? `${paint.heading(block.title)}\n` : ''
  if (block.rows.length === 0) return `${title}${paint.dim(block.empty)}`
  const printed = printedRows(block)
  const rows = block.total ? [...printed.rows, block.total] : printed.rows
  const columns = block.columns.map((column, index) => ({
    header: column.header,
    align: column.align,
    // A total row leaves blank what it does not total.
    value: (row: (typeof rows)[number]) =>
      row === block.total
        ? row[index]?.raw === null
          ? ' '
          : paint.heading(row[index]?.text ?? '')
        : (row[index]?.text ?? ''),
  }))
  return `${title}${renderTable(rows, columns, width)}${printed.note ? `\n${paint.dim(printed.note)}` : ''}`
}

function renderBars(chart: BarChartBlock): string {
  const labels = chart.categories.map(shortCategory)
  const labelWidth = Math.min(32, Math.max(...labels.map((label) => label.length), 4))
  const maximum = Math.max(chart.reference ?? 0, ...chart.series.flatMap((series) => series.values), 0)
  const lines = [paint.heading(chart.title)]
  labels.forEach((label, index) => {
    chart.series.forEach((series, seriesIndex) => {
      const value = series.values[index] ?? 0
      const length = maximum > 0 ? Math.round((Math.max(0, value) / maximum) * BAR_WIDTH) : 0
      const name = seriesIndex === 0 ? label.slice(0, labelWidth).padEnd(labelWidth) : ''.padEnd(labelWidth)
      const seriesName = chart.series.length > 1 ? `${series.name.padEnd(7)} ` : ''
      lines.push(
        `${name}  ${seriesName}${'█'.repeat(length)}${length > 0 ? ' ' : ''}${formatChartValue(value, chart.unit)}`,
      )
    })
  })
  if (chart.reference !== null) lines.push(paint.dim(`(${formatChartValue(chart.reference, chart.unit)} is full use)`))
  return lines.join('\n')
}

export function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/)
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line)
      line = indent + word
    } else {
      line = line ? `${line} ${word}` : word
    }
  }
  if (line) lines.push(line)
  return lines.join('\n')
}
