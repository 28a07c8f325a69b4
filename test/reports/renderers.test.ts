import {existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {parse} from 'csv-parse/sync'
import {afterAll, describe, expect, it} from 'vitest'

import {adviceFor} from '../../src/cli/advice.js'
import {
  type BarChartBlock,
  type Cell,
  days,
  minimumTableWidth,
  money,
  PRINTABLE_WIDTH,
  type ReportDocument,
  table,
  text,
} from '../../src/core/reports/document.js'
import {formatFromPath} from '../../src/core/reports/formats.js'
import {glossaryFor} from '../../src/core/reports/glossary.js'
import {barChartSvg, niceMaximum} from '../../src/reports/charts.js'
import {renderCsv} from '../../src/reports/csv.js'
import {renderHtml} from '../../src/reports/html.js'
import {mapSvg} from '../../src/reports/map.js'
import {renderMarkdown} from '../../src/reports/markdown.js'
import {renderPdf} from '../../src/reports/pdf.js'
import {writeOutputFile} from '../../src/safe-files.js'
import {tempDir} from '../helpers/cli.js'
import {brokerFailure} from '../helpers/errors.js'
import {stringMatching} from '../helpers/matchers.js'
import {readPdf} from '../helpers/pdf.js'

const dir = tempDir('broker-renderers-')
afterAll(() => dir.remove())

const HOSTILE = ['=1+1', '+SUM(A1:A9)', '-2+3', '@cmd', '\tTab', '\rReturn', '=HYPERLINK("http://example.com")']

function aDocument(rows: Cell[][], extra: ReportDocument['sections'] = []): ReportDocument {
  return {
    title: 'Test report',
    subject: 'A | B * C <script>alert(1)</script>',
    cover: [
      {label: 'Hub', value: 'Test Hub'},
      {label: 'As of', value: '2027-07-20'},
    ],
    csvTable: 'people',
    glossary: glossaryFor(['days-delivered', 'cost-delivered']),
    sections: [
      {
        heading: 'People',
        blocks: [
          table(
            'people',
            null,
            [
              {header: 'Name'},
              {header: 'Days', align: 'right', unit: 'days'},
              {header: 'Cost', align: 'right', unit: '£'},
            ],
            rows,
            {total: [text('Total'), days(7), money(31_500)]},
          ),
        ],
      },
      ...extra,
    ],
  }
}

describe('CSV', () => {
  it('neutralises cells a spreadsheet would run as formulas, but keeps negative numbers as numbers', () => {
    const rows = HOSTILE.map((value, index): Cell[] => [text(value), {text: String(-index), raw: -index}, money(450)])
    const csv = renderCsv(aDocument(rows))
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const records = parse(csv.slice(1), {relax_column_count: false})
    expect(records[0]).toEqual(['Name', 'Days (days)', 'Cost (£)'])
    expect(records.slice(1).map((record) => record[0])).toEqual(HOSTILE.map((value) => `'${value}`))
    expect(records.slice(1).map((record) => record[1])).toEqual(['0', '-1', '-2', '-3', '-4', '-5', '-6'])
    expect(records.slice(1).every((record) => record[2] === '4.5')).toBe(true)
    // No total row: the rows add up to the report's total.
    expect(records).toHaveLength(HOSTILE.length + 1)
  })

  it('refuses an unknown table and lists the ones there are', async () => {
    const failure = await brokerFailure(() => renderCsv(aDocument([]), 'money'))
    expect(failure).toMatchObject({kind: 'usage', code: 'report.no-table'})
    expect(adviceFor(failure)).toMatch(/one of: people/)
  })
})

describe('Markdown and HTML', () => {
  it('escape what people typed, so it prints as typed', async () => {
    const rows = [[text('Smith | Jones *best*'), days(3), money(0)]]
    const markdown = renderMarkdown(aDocument(rows))
    expect(markdown).toContain('Smith \\| Jones \\*best\\*')
    expect(markdown).toMatch(/^\| Smith \\\| Jones \\\*best\\\* \| 1\.5 \| £0\.00 \|$/m)
    const html = await renderHtml(aDocument(rows))
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('HTML is self-contained: styles and pictures inline, nothing fetched', async () => {
    const chart: BarChartBlock = {
      kind: 'bars',
      title: 'Days',
      orientation: 'vertical',
      unit: 'days',
      categories: ['2027-01', '2027-02'],
      series: [{name: 'Days', values: [2, 3.5]}],
      reference: null,
    }
    const html = await renderHtml(aDocument([[text('A'), days(1), money(1)]], [{heading: 'Chart', blocks: [chart]}]))
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/)
    expect(html).not.toMatch(/<link|<script|src=|url\(|@import/)
    expect(html).toContain('<svg')
    expect(html).toContain('What the figures mean')
    expect(html).toContain(glossaryFor(['days-delivered'])[0]!.definition.replace(/'/g, '&#39;'))
  })
})

describe('charts and maps', () => {
  it('round axes up to a readable maximum', () => {
    expect([0, 0.4, 3.2, 7, 12, 48, 101].map(niceMaximum)).toEqual([1, 0.4, 4, 8, 15, 50, 150])
  })

  it('draw bars in SVG with 9 pt text at full printable width', () => {
    const svg = barChartSvg({
      kind: 'bars',
      title: 'Utilisation',
      orientation: 'horizontal',
      unit: 'percent',
      categories: ['NLE', 'SLE'],
      series: [{name: 'Utilisation', values: [0.5, 1.2]}],
      reference: 1,
    })
    expect(svg).toMatch(new RegExp(`^<svg [^>]*width="${PRINTABLE_WIDTH}"[^>]*font-size="9"`))
    expect(svg.match(/<rect /g)).toHaveLength(2)
    expect(svg).toContain('120%')
  })

  it('maps points over the Natural Earth coastline, or says there is nothing to map', async () => {
    expect(await mapSvg({points: [], lines: [], notDrawn: 2})).toBeNull()
    const svg = (await mapSvg({
      points: [
        {kind: 'leader', label: 'SH-0001', latitude: 54.97, longitude: -1.61},
        {kind: 'supported-school', label: 'Carr Hill Primary', latitude: 54.57, longitude: -1.23},
      ],
      lines: [{kind: 'deployment', from: {latitude: 54.97, longitude: -1.61}, to: {latitude: 54.57, longitude: -1.23}}],
      notDrawn: 1,
    }))!
    const coastline = /<path d="([^"]+)" fill="#f7f5ef"/.exec(svg)?.[1] ?? ''
    expect(coastline.length).toBeGreaterThan(500)
    expect(svg.match(/<\/title><\/circle>/g)).toHaveLength(2)
    expect(svg).toContain('Carr Hill Primary')
    expect(svg).toContain('1 without a known location not drawn')
  })
})

describe('PDF', () => {
  it('prints on A4 with body text of at least 9 pt, nothing past the printable width, wide tables on landscape pages (in parts if need be)', async () => {
    const many = Array.from({length: 60}, (_, index): Cell[] => [
      text(`Leader number ${index} with a rather long name`),
      days(index),
      money(index * 100),
    ])
    const wideColumns = Array.from({length: 12}, (_, index) => ({header: `Column heading ${index}`}))
    const wideRow = Array.from({length: 12}, () => text('Middlesbrough'))
    const document = aDocument(many, [
      {heading: 'Wide', blocks: [table('wide', null, wideColumns, [wideRow, wideRow])]},
    ])
    expect(minimumTableWidth(document.sections[1]!.blocks[0] as never)).toBeGreaterThan(PRINTABLE_WIDTH)
    const path = dir.file('test.pdf')
    writeFileSync(path, await renderPdf(document))
    const pages = await readPdf(path)
    expect(pages.length).toBeGreaterThan(2)
    for (const page of pages) {
      const portrait = Math.round(page.width) === 595 && Math.round(page.height) === 842
      const landscape = Math.round(page.width) === 842 && Math.round(page.height) === 595
      expect(portrait || landscape).toBe(true)
      for (const item of page.texts) {
        expect(item.fontSize, item.text).toBeGreaterThanOrEqual(9)
        expect(item.x, item.text).toBeGreaterThanOrEqual(40 - 0.5)
        expect(item.x + item.width, item.text).toBeLessThanOrEqual(page.width - 40 + 0.5)
      }
    }
    expect(pages.some((page) => page.width > page.height)).toBe(true)
    const landscapeText = pages
      .filter((page) => page.width > page.height)
      .flatMap((page) => page.texts.map((item) => item.text))
      .join(' ')
    for (let index = 0; index < 12; index += 1) expect(landscapeText).toContain(`Column heading ${index}`)
    expect(landscapeText).toContain('Continued (part 2)')
    expect(pages.flatMap((page) => page.texts.map((item) => item.text)).join(' ')).toContain(
      'Leader number 59 with a rather long name',
    )
  })
})

describe('--out files', () => {
  it('takes the format from the file name', () => {
    expect(['a.pdf', 'b.HTML', 'c.md', 'd.csv', 'e.json', 'f.txt', 'g'].map(formatFromPath)).toEqual([
      'pdf',
      'html',
      'markdown',
      'csv',
      'json',
      'terminal',
      null,
    ])
  })

  it('writes privately, refuses to overwrite without force, replaces with it, and leaves nothing half-written', async () => {
    const folder = dir.file('out')
    mkdirSync(folder)
    const path = join(folder, 'report.md')
    expect(writeOutputFile(path, 'first', {force: false})).toMatchObject({bytes: 5})
    expect(statSync(path).mode & 0o777).toBe(0o600)
    const refused = await brokerFailure(() => writeOutputFile(path, 'second', {force: false}))
    expect(refused).toMatchObject({kind: 'conflict', code: 'output.exists', data: {target: path}})
    expect(adviceFor(refused)).toMatch(/--force/)
    expect(readFileSync(path, 'utf8')).toBe('first')
    writeOutputFile(path, 'second', {force: true})
    expect(readFileSync(path, 'utf8')).toBe('second')
    expect(readdirSync(folder)).toEqual(['report.md'])
  })

  it('fails cleanly on a folder or a path through a file', async () => {
    mkdirSync(dir.file('a-folder'))
    expect(await brokerFailure(() => writeOutputFile(dir.file('a-folder'), 'x', {force: true}))).toMatchObject({
      kind: 'invalid-input',
      exitCode: 3,
    })
    writeFileSync(dir.file('plain'), 'keep')
    const through = await brokerFailure(() =>
      writeOutputFile(join(dir.file('plain'), 'report.pdf'), 'x', {force: true}),
    )
    expect(through).toMatchObject({exitCode: 3, message: stringMatching(/nothing was written/)})
    expect(readFileSync(dir.file('plain'), 'utf8')).toBe('keep')
  })

  it('never creates a missing folder: a typo in the path is refused', async () => {
    const missing = await brokerFailure(() =>
      writeOutputFile(join(dir.file('no-such'), 'deeper', 'report.md'), 'x', {force: true}),
    )
    expect(missing).toMatchObject({
      kind: 'invalid-input',
      exitCode: 3,
      message: stringMatching(/there is no folder .*deeper; nothing was written/),
    })
    expect(existsSync(dir.file('no-such'))).toBe(false)
  })
})
