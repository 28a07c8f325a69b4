import {createRequire} from 'node:module'
import {dirname} from 'node:path'

import type {Content, TableCell, TDocumentDefinitions} from 'pdfmake/interfaces.js'

import {
  type Block,
  isWide,
  type MeasureWord,
  minimumTableWidth,
  printedRows,
  PRINTABLE_WIDTH,
  type ReportDocument,
  type Section,
  type TableBlock,
} from '../core/reports/document.js'
import {barChartSvg, intervalChartSvg} from './charts.js'
import {mapSvg} from './map.js'

/**
 * A report as an A4 PDF through pdfmake (loaded only here). Body text is 9.5 pt and table text
 * 9 pt; a section with a table too wide for portrait (see `isWide`) goes on landscape pages.
 * Charts and maps are the same SVG the HTML embeds, drawn at 1 pt per unit.
 */

const MARGIN = 40
/** A4 landscape (841.89 pt wide) less the margins. */
const LANDSCAPE_WIDTH = 841.89 - 2 * MARGIN
const BODY_SIZE = 9.5
const TABLE_SIZE = 9

const require = createRequire(import.meta.url)

/** Characters Roboto has no glyph for, and what prints instead (match reasons use arrows). */
const SUBSTITUTES: Record<string, string> = {'→': '->', '⟦': '[', '⟧': ']'}
const printable = (text: string) => text.replace(/[→⟦⟧]/g, (char) => SUBSTITUTES[char]!)

export async function renderPdf(document: ReportDocument): Promise<Buffer> {
  const pdfmake = (await import('pdfmake')).default as unknown as PdfMake
  const fonts = require('pdfmake/fonts/Roboto.js') as Record<string, Record<string, string>>
  const fontFolder = dirname(require.resolve('pdfmake/fonts/Roboto.js'))
  // Nothing outside pdfmake's own fonts is read, and nothing is fetched.
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy((path: string) => path.startsWith(fontFolder))
  pdfmake.setFonts(fonts)
  const definition = await documentDefinition(document, await robotoMeasure(fonts.Roboto!))
  return pdfmake.createPdf(definition).getBuffer()
}

/** Measures words in the very fonts pdfmake will set them in, so a table's page orientation is decided exactly. */
async function robotoMeasure(roboto: Record<string, string>): Promise<MeasureWord> {
  const PDFDocument = (await import('pdfkit')).default
  const measurer = new PDFDocument({autoFirstPage: false})
  const cache = new Map<string, number>()
  return (word, bold) => {
    const key = `${bold ? 'b' : 'n'}${word}`
    let width = cache.get(key)
    if (width === undefined) {
      width = measurer
        .font(bold ? roboto.bold! : roboto.normal!)
        .fontSize(TABLE_SIZE)
        .widthOfString(printable(word))
      cache.set(key, width)
    }
    return width
  }
}

interface PdfMake {
  setUrlAccessPolicy(policy: (url: string) => boolean): void
  setLocalAccessPolicy(policy: (path: string) => boolean): void
  setFonts(fonts: Record<string, Record<string, string>>): void
  createPdf(definition: TDocumentDefinitions): {getBuffer(): Promise<Buffer>}
}

async function documentDefinition(document: ReportDocument, measure: MeasureWord): Promise<TDocumentDefinitions> {
  const hub = document.cover.find((line) => line.label === 'Hub')?.value ?? ''
  const asOf = document.cover.find((line) => line.label === 'As of')?.value ?? ''
  const title = document.subject ? `${document.title}: ${document.subject}` : document.title

  // Consecutive sections that fit portrait share pages; a wide one gets landscape pages of its own.
  const groups: {landscape: boolean; content: Content[]}[] = []
  const cover: Content[] = [
    {text: hub.toUpperCase(), style: 'hub'},
    {text: document.title, style: 'title'},
    ...(document.subject ? [{text: document.subject, style: 'subject'} as Content] : []),
    fieldsTable(document.cover),
  ]
  groups.push({landscape: false, content: cover})
  for (const section of document.sections) {
    const landscape = isWide(section, measure)
    const content = await renderSection(section, landscape ? LANDSCAPE_WIDTH : PRINTABLE_WIDTH, measure)
    const last = groups.at(-1)!
    if (last.landscape === landscape) last.content.push(...content)
    else groups.push({landscape, content})
  }
  if (document.glossary.length > 0)
    groups.at(-1)!.content.push(
      {text: 'What the figures mean', style: 'heading'},
      ...document.glossary.map((entry): Content => ({
        text: [{text: `${entry.term}: `, bold: true}, printable(entry.definition)],
        margin: [0, 0, 0, 4],
      })),
    )

  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [MARGIN, 52, MARGIN, 46],
    info: {title, subject: hub, creator: 'broker', producer: 'broker (pdfmake)'},
    header: () => ({
      columns: [
        {text: hub, width: '*'},
        {text: document.title, width: 'auto', alignment: 'right'},
      ],
      margin: [MARGIN, 24, MARGIN, 0],
      fontSize: 9,
      color: '#5a6670',
    }),
    footer: (page, count) => ({
      columns: [
        {text: asOf ? `As of ${asOf}` : '', width: '*'},
        {text: `Page ${page} of ${count}`, width: 'auto', alignment: 'right'},
      ],
      margin: [MARGIN, 16, MARGIN, 0],
      fontSize: 9,
      color: '#5a6670',
    }),
    content: groups.map((group, index): Content =>
      index === 0 && !group.landscape
        ? {section: group.content}
        : {section: group.content, pageOrientation: group.landscape ? 'landscape' : 'portrait'},
    ),
    // A heading (or a table's title) left alone at the foot of a page moves to the next one.
    pageBreakBefore: (node, queries) => {
      if (node.headlineLevel === undefined) return false
      // A heading over a picture: pdfmake reports an unbreakable block's old page, so check the room left.
      const keep = /^keep-\d+-(\d+)$/.exec(node.id ?? '')
      if (keep)
        return (
          node.startPosition.verticalRatio * node.startPosition.pageInnerHeight + Number(keep[1]) >
          node.startPosition.pageInnerHeight
        )
      return queries.getFollowingNodesOnPage().every((next) => next.headlineLevel !== undefined || next.stack)
    },
    defaultStyle: {font: 'Roboto', fontSize: BODY_SIZE, lineHeight: 1.15, color: '#1d2327'},
    styles: {
      hub: {fontSize: 10, color: '#5a6670', characterSpacing: 0.5},
      title: {fontSize: 22, bold: true, color: '#1f5f8b', margin: [0, 2, 0, 2]},
      subject: {fontSize: 13, margin: [0, 0, 0, 8]},
      heading: {fontSize: 13, bold: true, color: '#1f5f8b', margin: [0, 14, 0, 5]},
      tableTitle: {fontSize: 10.5, bold: true, margin: [0, 6, 0, 3]},
      caption: {fontSize: 10, bold: true, margin: [0, 6, 0, 3]},
      label: {color: '#5a6670'},
      empty: {italics: true, color: '#5a6670'},
      tableHeader: {bold: true, fillColor: '#eef2f5', fontSize: TABLE_SIZE},
      total: {bold: true, fontSize: TABLE_SIZE},
    },
  }
}

let keepIds = 0

async function renderSection(section: Section, width: number, measure: MeasureWord): Promise<Content[]> {
  const blocks: Rendered[] = []
  for (const block of section.blocks) blocks.push(await renderBlock(block, width, measure))
  // The heading stays with a picture that opens the section: room for both (and the caption), or a new page.
  const pictureHeight = blocks[0]?.pictureHeight
  const keep = pictureHeight ? {id: `keep-${(keepIds += 1)}-${Math.ceil(pictureHeight + 60)}`} : {}
  return [{text: section.heading, style: 'heading', headlineLevel: 1, ...keep}, ...blocks.map((block) => block.content)]
}

interface Rendered {
  content: Content
  /** Height of the picture (SVG) the block is, if it is one. */
  pictureHeight: number | null
}

const svgHeight = (svg: string): number => Number(/^<svg[^>]* height="([\d.]+)"/.exec(svg)?.[1] ?? 0)

function picture(title: string, svg: string): Rendered {
  return {
    content: {stack: [{text: title, style: 'caption', headlineLevel: 2}, {svg}], unbreakable: true},
    pictureHeight: svgHeight(svg),
  }
}

async function renderBlock(block: Block, width: number, measure: MeasureWord): Promise<Rendered> {
  const plain = (content: Content): Rendered => ({content, pictureHeight: null})
  switch (block.kind) {
    case 'fields':
      return plain(fieldsTable(block.fields))
    case 'paragraph':
      return plain({text: printable(block.text), margin: [0, 2, 0, 4]})
    case 'table': {
      const printed = printedRows(block)
      const parts = splitColumns({...block, rows: printed.rows}, width, measure).map(renderTable)
      return plain({
        stack: printed.note ? [...parts, {text: printable(printed.note), style: 'empty', margin: [0, 0, 0, 6]}] : parts,
      })
    }
    case 'bars':
      return picture(block.title, barChartSvg(block, Math.min(width, PRINTABLE_WIDTH)))
    case 'intervals':
      return picture(block.title, intervalChartSvg(block, Math.min(width, PRINTABLE_WIDTH)))
    case 'map': {
      const svg = await mapSvg(block.data, Math.min(width, PRINTABLE_WIDTH))
      return svg ? picture(block.title, svg) : plain({text: 'No places with a known location to map.', style: 'empty'})
    }
  }
}

function fieldsTable(fields: readonly {label: string; value: string}[]): Content {
  if (fields.length === 0) return {text: ''}
  return {
    table: {
      widths: ['auto', '*'],
      body: fields.map(({label, value}): TableCell[] => [{text: label, style: 'label'}, {text: printable(value)}]),
    },
    layout: 'noBorders',
    margin: [0, 0, 0, 4],
  }
}

/**
 * A table too wide even for a landscape page is printed in parts, each repeating the first
 * column, so no cell runs off the page and no text shrinks below 9 pt.
 */
function splitColumns(block: TableBlock, width: number, measure: MeasureWord): TableBlock[] {
  if (minimumTableWidth(block, measure) <= width || block.columns.length < 3) return [block]
  const pick = (indexes: number[], part: number): TableBlock => ({
    ...block,
    title: part === 1 ? block.title : `${block.title ? `${block.title}, continued` : 'Continued'} (part ${part})`,
    columns: indexes.map((index) => block.columns[index]!),
    rows: block.rows.map((row) => indexes.map((index) => row[index]!)),
    total: block.total && indexes.map((index) => block.total![index]!),
  })
  const parts: number[][] = []
  let current = [0]
  for (let index = 1; index < block.columns.length; index += 1) {
    if (current.length > 1 && minimumTableWidth(pick([...current, index], 1), measure) > width) {
      parts.push(current)
      current = [0]
    }
    current.push(index)
  }
  parts.push(current)
  return parts.map((indexes, part) => pick(indexes, part + 1))
}

function renderTable(block: TableBlock): Content {
  const title: Content[] = block.title ? [{text: block.title, style: 'tableTitle', headlineLevel: 2}] : []
  if (block.rows.length === 0) return {stack: [...title, {text: block.empty, style: 'empty', margin: [0, 0, 0, 4]}]}
  const align = (index: number) => (block.columns[index]?.align === 'right' ? 'right' : 'left')
  const header = block.columns.map((column, index): TableCell => ({
    text: column.header,
    style: 'tableHeader',
    alignment: align(index),
  }))
  const body = block.rows.map((row) =>
    row.map((cell, index): TableCell => ({text: printable(cell.text), alignment: align(index), fontSize: TABLE_SIZE})),
  )
  const total = block.total
    ? [
        block.total.map((cell, index): TableCell => ({
          text: cell.raw === null ? '' : cell.text,
          style: 'total',
          alignment: align(index),
        })),
      ]
    : []
  // Every column as wide as it needs, wrapping when the page is short of room; the wordiest text
  // column takes what is left over. (pdfmake gives all star columns one width, so only one is a star.)
  const wordiness = block.columns.map((column, index) =>
    column.align === 'right' ? -1 : block.rows.reduce((total, row) => total + (row[index]?.text.length ?? 0), 0),
  )
  const widest = wordiness.indexOf(Math.max(...wordiness))
  const widths = block.columns.map((_column, index) => (index === widest ? '*' : 'auto'))
  return {
    stack: [
      ...title,
      {
        table: {headerRows: 1, dontBreakRows: true, widths, body: [header, ...body, ...total]},
        layout: {
          hLineWidth: (i: number, node: {table: {body: unknown[]}}) =>
            i === 0 || i === 1 || i === node.table.body.length ? 0.8 : 0.3,
          vLineWidth: () => 0,
          hLineColor: () => '#b9c4cc',
          paddingLeft: () => 4,
          paddingRight: () => 4,
          paddingTop: () => 2,
          paddingBottom: () => 2,
        },
        margin: [0, 0, 0, 6],
      },
    ],
  }
}
