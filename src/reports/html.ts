import {type Block, isWide, printedRows, type ReportDocument, type TableBlock} from '../core/reports/document.js'
import {barChartSvg, intervalChartSvg} from './charts.js'
import {mapSvg} from './map.js'

/**
 * A report as one self-contained HTML file: styles and pictures (inline SVG) inside it, nothing
 * fetched (a Content-Security-Policy says so), laid out to print on A4.
 */

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (char) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[char]!,
  )
}

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f5f7; color: #1d2327; font: 10pt/1.4 Roboto, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 200mm; margin: 0 auto; padding: 12mm 14mm; background: #ffffff; }
header.cover { border-bottom: 2px solid #1f5f8b; margin-bottom: 6mm; padding-bottom: 3mm; }
header.cover .hub { margin: 0; color: #5a6670; font-size: 10pt; text-transform: uppercase; letter-spacing: 0.04em; }
h1 { margin: 1mm 0 0; font-size: 20pt; color: #1f5f8b; }
.subject { margin: 1mm 0 3mm; font-size: 13pt; }
h2 { margin: 7mm 0 2mm; font-size: 13pt; color: #1f5f8b; border-bottom: 1px solid #d5dde3; padding-bottom: 1mm; break-after: avoid; }
h3 { margin: 4mm 0 1.5mm; font-size: 10.5pt; break-after: avoid; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 0.8mm 5mm; margin: 0; }
dl.fields dt { color: #5a6670; }
dl.fields dd { margin: 0; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; margin: 1mm 0 2mm; }
thead { display: table-header-group; }
th { text-align: left; background: #eef2f5; border-bottom: 1px solid #b9c4cc; padding: 1mm 1.5mm; font-weight: 600; }
td { border-bottom: 1px solid #e3e8ec; padding: 0.9mm 1.5mm; vertical-align: top; overflow-wrap: break-word; }
.table-wrap { overflow-x: auto; }
tr { break-inside: avoid; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tfoot { display: table-row-group; }
tfoot td { font-weight: 600; border-top: 1px solid #b9c4cc; border-bottom: none; }
p.empty { color: #5a6670; font-style: italic; }
figure { margin: 2mm 0 4mm; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-weight: 600; margin-bottom: 1.5mm; }
footer { margin-top: 8mm; border-top: 2px solid #1f5f8b; padding-top: 2mm; font-size: 9pt; }
footer dl { margin: 0; }
footer dt { font-weight: 600; margin-top: 1.5mm; }
footer dd { margin: 0; }
@page { size: A4; margin: 14mm 12mm; }
@page wide { size: A4 landscape; margin: 14mm 12mm; }
section.wide { page: wide; }
@media print {
  body { background: #ffffff; }
  main { max-width: none; margin: 0; padding: 0; }
}
`

export async function renderHtml(document: ReportDocument): Promise<string> {
  const blocks: string[] = []
  for (const section of document.sections) {
    blocks.push(`<section${isWide(section) ? ' class="wide"' : ''}><h2>${escapeHtml(section.heading)}</h2>`)
    for (const block of section.blocks) blocks.push(await renderBlock(block))
    blocks.push('</section>')
  }
  const hub = document.cover.find((line) => line.label === 'Hub')?.value ?? ''
  const title = document.subject ? `${document.title}: ${document.subject}` : document.title
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="broker">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header class="cover">
<p class="hub">${escapeHtml(hub)}</p>
<h1>${escapeHtml(document.title)}</h1>
${document.subject ? `<p class="subject">${escapeHtml(document.subject)}</p>` : ''}
${fieldList(document.cover)}
</header>
${blocks.join('\n')}
<footer>
<h2>What the figures mean</h2>
<dl>${document.glossary.map((entry) => `<dt>${escapeHtml(entry.term)}</dt><dd>${escapeHtml(entry.definition)}</dd>`).join('')}</dl>
</footer>
</main>
</body>
</html>
`
}

function fieldList(fields: readonly {label: string; value: string}[]): string {
  return `<dl class="fields">${fields.map(({label, value}) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`
}

async function renderBlock(block: Block): Promise<string> {
  switch (block.kind) {
    case 'fields':
      return fieldList(block.fields)
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`
    case 'table':
      return renderTable(block)
    case 'bars':
      return `<figure><figcaption>${escapeHtml(block.title)}</figcaption>${barChartSvg(block)}</figure>`
    case 'intervals':
      return `<figure><figcaption>${escapeHtml(block.title)}</figcaption>${intervalChartSvg(block)}</figure>`
    case 'map': {
      const svg = await mapSvg(block.data)
      return svg
        ? `<figure><figcaption>${escapeHtml(block.title)}</figcaption>${svg}</figure>`
        : `<p class="empty">No places with a known location to map.</p>`
    }
  }
}

function renderTable(block: TableBlock): string {
  const title = block.title ? `<h3>${escapeHtml(block.title)}</h3>` : ''
  if (block.rows.length === 0) return `${title}<p class="empty">${escapeHtml(block.empty)}</p>`
  const cell = (tag: 'td' | 'th', index: number, content: string) =>
    `<${tag}${block.columns[index]?.align === 'right' ? ' class="num"' : ''}>${escapeHtml(content)}</${tag}>`
  const head = `<thead><tr>${block.columns.map((column, index) => cell('th', index, column.header)).join('')}</tr></thead>`
  const printed = printedRows(block)
  const body = `<tbody>${printed.rows.map((row) => `<tr>${row.map((value, index) => cell('td', index, value.text)).join('')}</tr>`).join('\n')}</tbody>`
  const foot = block.total
    ? `<tfoot><tr>${block.total.map((value, index) => cell('td', index, value.raw === null ? '' : value.text)).join('')}</tr></tfoot>`
    : ''
  const note = printed.note ? `<p class="empty">${escapeHtml(printed.note)}</p>` : ''
  return `${title}<div class="table-wrap"><table>${head}${body}${foot}</table></div>${note}`
}
