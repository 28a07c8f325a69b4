// Builds the Word templates broker ships in data/ (agreement-template.docx, letter-template.docx)
// from plain WordprocessingML, byte for byte the same on every run (fixed dates, fixed order):
//
//   npx tsx scripts/docx-templates.ts
//
// test/reports/docx-templates.test.ts checks the committed files are what this script makes. The
// tags are docxtemplater's syntax, filled from src/core/agreements.ts (agreementTags) and
// src/core/letters.ts (letterTags); the README lists them for hubs writing their own template.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import PizZip from 'pizzip'

// Zip entries carry local (DOS) times: local midnight keeps them the same in every time zone.
const FIXED_DATE = new Date(2026, 0, 1)

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

interface RunStyle {
  bold?: boolean
  italic?: boolean
  highlight?: boolean
}

/** A run of text (tags stay whole inside one run, so Word and docxtemplater read them alike). */
function run(text: string, style: RunStyle = {}): string {
  const props = [
    style.bold ? '<w:b/>' : '',
    style.italic ? '<w:i/>' : '',
    style.highlight ? '<w:highlight w:val="yellow"/>' : '',
  ].join('')
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`
}

/** A paragraph of runs (strings are plain runs), with an optional paragraph style and alignment. */
function paragraph(runs: (string | [string, RunStyle])[], options: {style?: string; align?: string} = {}): string {
  const props = [
    options.style ? `<w:pStyle w:val="${options.style}"/>` : '',
    options.align ? `<w:jc w:val="${options.align}"/>` : '',
  ].join('')
  const body = runs.map((part) => (typeof part === 'string' ? run(part) : run(part[0], part[1]))).join('')
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${body}</w:p>`
}

const heading = (text: string) => paragraph([text], {style: 'Heading1'})
const plain = (...runs: (string | [string, RunStyle])[]) => paragraph(runs)
const bold = (text: string): [string, RunStyle] => [text, {bold: true}]

function cell(content: string, width: number, header = false): string {
  const shade = header ? '<w:shd w:val="clear" w:color="auto" w:fill="EEF2F5"/>' : ''
  return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${shade}</w:tcPr>${content}</w:tc>`
}

function tableXml(widths: number[], rows: string[][], headerRows = 1): string {
  const borders = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV']
    .map((side) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="B9C4CC"/>`)
    .join('')
  const grid = widths.map((width) => `<w:gridCol w:w="${width}"/>`).join('')
  const body = rows
    .map(
      (row, index) =>
        `<w:tr>${index < headerRows ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${row.map((content, column) => cell(content, widths[column]!, index < headerRows)).join('')}</w:tr>`,
    )
    .join('')
  return `<w:tbl><w:tblPr><w:tblW w:w="${widths.reduce((a, b) => a + b, 0)}" w:type="dxa"/><w:tblBorders>${borders}</w:tblBorders></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${body}</w:tbl>`
}

const NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

/** A4 portrait, 2 cm margins. */
const SECTION =
  '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>'

const STYLES = `${XML_HEAD}<w:styles ${NS}>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:color w:val="1F5F8B"/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="280" w:after="100"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="1F5F8B"/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>
</w:styles>
`

function documentXml(body: string[]): string {
  return `${XML_HEAD}<w:document ${NS}><w:body>${body.join('')}${SECTION}</w:body></w:document>\n`
}

const CONTENT_TYPES = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>\n`

const PACKAGE_RELS = `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>\n`

const DOCUMENT_RELS = `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>\n`

const coreXml = (title: string) =>
  `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${escapeXml(title)}</dc:title><dc:creator>broker</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created></cp:coreProperties>\n`

const APP_XML = `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>broker</Application></Properties>\n`

/** The package: the same parts in the same order with the same dates, so the bytes never drift. */
function docx(title: string, body: string[]): Buffer {
  const zip = new PizZip()
  const parts: [string, string][] = [
    ['[Content_Types].xml', CONTENT_TYPES],
    ['_rels/.rels', PACKAGE_RELS],
    ['docProps/core.xml', coreXml(title)],
    ['docProps/app.xml', APP_XML],
    ['word/_rels/document.xml.rels', DOCUMENT_RELS],
    ['word/styles.xml', STYLES],
    ['word/document.xml', documentXml(body)],
  ]
  for (const [name, content] of parts) zip.file(name, content, {date: FIXED_DATE, createFolders: false})
  return zip.generate({type: 'nodebuffer', compression: 'DEFLATE'})
}

function partyBlock(label: string, tag: 'supported' | 'home'): string[] {
  return [
    plain(bold(`${label}: `), `{${tag}Body}`),
    plain(`{#${tag}School}`, 'School: ', `{${tag}School}`, ' (URN ', `{${tag}Urn}`, ')', `{/${tag}School}`),
    plain(`{#${tag}Address}`, 'Address: ', `{${tag}Address}`, `{/${tag}Address}`),
    plain('Signs for it: ', `{${tag}SignatoryRole}`, ', ', `{${tag}Signatory}`),
  ]
}

function signatureBlock(forWhom: string, name: string, role: string): string[] {
  return [
    plain(bold('Signed for '), [forWhom, {bold: true}]),
    plain('Name: ', name, '    Role: ', role),
    plain('Signature: ______________________________    Date: ______________'),
  ]
}

/** The default agreement: sections 1-5 from the registry, the hub's clauses (highlighted), signatures. */
export function agreementTemplate(): Buffer {
  const hubClause: [string, RunStyle] = [' (to be completed by the hub)', {highlight: true}]
  return docx('Agreement for school-to-school support', [
    paragraph(['{hub}'], {align: 'right'}),
    paragraph(['Agreement for school-to-school support'], {style: 'Title'}),
    plain('Deployment ', '{deploymentId}', '{#needReference} (need ', '{needReference}', '){/needReference}'),
    plain('Drawn up on ', '{drawnUpOn}'),
    heading('1. The parties'),
    plain('This agreement is made between:'),
    ...partyBlock('The supported party', 'supported'),
    ...partyBlock("The leader's employer", 'home'),
    plain('It is brokered by ', '{hub}', ', which keeps the record of the support.'),
    heading('2. The leader'),
    plain(bold('Leader: '), '{leaderName}', ' (', '{leaderRef}', ')'),
    plain('Designation: ', '{leaderDesignation}'),
    heading('3. Objectives and success criteria'),
    tableXml(
      [600, 4600, 4400],
      [
        [plain(bold('#')), plain(bold('Objective')), plain(bold('Success criteria'))],
        [plain('{#objectives}{number}'), plain('{objective}'), plain('{successCriteria}{/objectives}')],
      ],
    ),
    heading('4. Days and dates'),
    plain(bold('Days: '), '{days}', ', from ', '{startsOn}', ' to ', '{endsOn}', '.'),
    plain(bold('Mid-point review: '), '{midReviewOn}'),
    plain('{#hasPlannedVisits}'),
    plain('Planned visits:'),
    plain('{#plannedVisits}'),
    plain('{date}: ', '{activity}', ' (', '{days}', ')'),
    plain('{/plannedVisits}'),
    plain('{/hasPlannedVisits}'),
    heading('5. Money'),
    plain(bold('Day rate: '), '{dayRate}', '; total for the agreed days: ', '{totalCost}'),
    plain(bold('Funding source: '), '{fundingSource}'),
    plain('Programme: ', '{fundingProgramme}', '; grant reference: ', '{grantReference}'),
    plain(bold('Payer: '), '{payer}'),
    plain('{#clauses}'),
    paragraph(['{number}. ', '{heading}', hubClause], {style: 'Heading1'}),
    plain('{text}'),
    plain('{/clauses}'),
    heading('Signatures'),
    ...signatureBlock('{supportedBody}', '{supportedSignatory}', '{supportedSignatoryRole}'),
    ...signatureBlock('{homeBody}', '{homeSignatory}', '{homeSignatoryRole}'),
    ...signatureBlock('{hub}', '', 'Broker'),
  ])
}

/** The letter: the hub, the date, the recipient's lines, greeting, subject, paragraphs, sign-off. */
export function letterTemplate(): Buffer {
  return docx('Letter', [
    paragraph([['{hub}', {bold: true}]], {align: 'right'}),
    paragraph(['{date}'], {align: 'right'}),
    plain('{#recipient}'),
    plain('{line}'),
    plain('{/recipient}'),
    plain(''),
    plain('{salutation}'),
    plain(bold('{subject}')),
    plain('{#paragraphs}'),
    plain('{text}'),
    plain('{/paragraphs}'),
    plain('{signOff}'),
    plain(''),
    plain('{signature}'),
  ])
}

export const TEMPLATES = {
  'agreement-template.docx': agreementTemplate,
  'letter-template.docx': letterTemplate,
} as const

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const data = join(fileURLToPath(new URL('..', import.meta.url)), 'data')
  for (const [name, build] of Object.entries(TEMPLATES)) {
    writeFileSync(join(data, name), build())
    console.log(`wrote data/${name}`)
  }
}
