import {spawnSync} from 'node:child_process'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'

import Database from 'better-sqlite3'
import JSZip from 'jszip'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'

import type {AgreementResult} from '../../src/commands/deployments/agreement.js'
import type {InitResult} from '../../src/services/registry-admin.js'
import {jsonFailure, runCli, runJson, tempDir, type TempDir} from '../helpers/cli.js'
import {pdfText, readPdf} from '../helpers/pdf.js'
import {sampleHubRegistry} from '../helpers/seed.js'

/**
 * `broker deployments agreement`, opened as Word and a PDF reader would: the .docx unzipped and
 * its document.xml read, the PDF's text read with pdfjs, and (where LibreOffice is installed) the
 * .docx converted to PDF by LibreOffice and read back.
 */

vi.setConfig({testTimeout: 90_000})

let dir: TempDir
let db: string

const env = () => ({cwd: dir.path, env: {BROKER_DB: db, BROKER_TODAY: '2026-12-10', BROKER_USER: 'hub-director'}})
const broker = (args: string[]) => runCli(args, env())
const brokerJson = <T>(args: string[]) => runJson<T>(args, env())

const LEADER = 'Siân O’Brien'
const OBJECTIVE = 'Phonics {x} <b>bold</b> & more'
const CRITERIA = 'Zoë’s {#loop} plan'

/** Which LibreOffice command runs here, if any. */
const SOFFICE = ['soffice', 'libreoffice'].find(
  (command) => spawnSync(command, ['--version'], {encoding: 'utf8'}).status === 0,
)

beforeAll(async () => {
  dir = tempDir('broker-agreement-')
  db = await sampleHubRegistry(dir)
  const database = new Database(db)
  database
    .prepare(
      "update schools set head_title = 'Mr', head_first_name = 'Zoë', head_last_name = 'Ng' where urn in (select subject_urn from needs where id = 8)",
    )
    .run()
  database.close()
  brokerJson<InitResult>(['init', '--hub', 'Sample Teaching School Hub'])
  expect(broker(['deployments', 'create', '--leader', 'SH-0001', '--need', '8']).status).toBe(0)
  expect(broker(['leaders', 'update', 'SH-0001', '--name', LEADER]).status).toBe(0)
}, 180_000)
afterAll(() => dir.remove())

async function documentText(path: string): Promise<{xml: string; text: string}> {
  const zip = await JSZip.loadAsync(readFileSync(path))
  const xml = await zip.file('word/document.xml')!.async('string')
  const text = xml
    .split('</w:p>')
    .map((paragraph) => paragraph.replace(/<[^>]+>/g, ''))
    .join('\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
  return {xml, text}
}

describe('deployments agreement', () => {
  it('refuses a proposal not yet agreed, saying what it lacks, and writes nothing', () => {
    const result = broker(['deployments', 'agreement', '1', '--out', 'early.docx', '--json'])
    expect(result.status).toBe(1)
    const failure = jsonFailure<{missing: string[]}>(result)
    expect(failure.code).toBe('agreement.unfinished')
    expect(failure.data!.missing).toEqual(['objectives', 'mid-point review', 'day rate', 'funding source'])
    expect(failure.suggestion).toContain('broker deployments agree 1')
    expect(existsSync(dir.file('early.docx'))).toBe(false)
  })

  it('writes the Word agreement: parties, leader, objectives, days, money, hub clauses, signatures', async () => {
    const agree = broker([
      'deployments',
      'agree',
      '1',
      '--objective',
      OBJECTIVE,
      '--criteria',
      CRITERIA,
      '--objective',
      'Leaders check phonics weekly',
      '--criteria',
      'Weekly checks recorded',
      '--rate',
      '450.50',
      '--funding',
      'dfe-grant',
      '--payer',
      'DfE & "partners"',
      '--supported-head-signoff',
      'Zoë Ng, 2026-12-10',
      '--home-head-signoff',
      'B. Head, 2026-12-10',
    ])
    expect(agree.status, agree.stderr).toBe(0)
    expect(broker(['deployments', 'log', '1', '--planned', '2027-01-20', '--days', '1']).status).toBe(0)
    const result = brokerJson<AgreementResult>(['deployments', 'agreement', '1', '--out', 'agreement.docx'])
    expect(result).toMatchObject({format: 'docx', template: 'default', objectives: 2, unfilledTags: []})
    const {xml, text} = await documentText(dir.file('agreement.docx'))
    expect(text).toContain(`Leader: ${LEADER} (SH-0001)`)
    // Riverside Primary is maintained: its governing body is the party, signed for by its head.
    expect(text).toContain('The supported party: The governing body of Riverside Primary School')
    expect(text).toContain('Signs for it: Headteacher, Mr Zoë Ng')
    expect(text).toContain(OBJECTIVE)
    expect(text).toContain(CRITERIA)
    expect(xml).toContain('Phonics {x} &lt;b&gt;bold&lt;/b&gt; &amp; more')
    expect(text).toContain('Day rate: £450.50')
    expect(text).toContain('Payer: DfE & "partners"')
    expect(text).toMatch(/Mid-point review: \d{1,2} [A-Z][a-z]+ 2027/)
    expect(text).toContain('20 January 2027: ')
    for (const clause of [
      'Safeguarding and DBS checks',
      'Insurance',
      'Data protection',
      'Termination',
      'Invoicing and VAT',
    ])
      expect(text).toMatch(new RegExp(`\\d+\\. ${clause} \\(to be completed by the hub\\)`))
    expect(xml.match(/<w:highlight w:val="yellow"\/>/g)).toHaveLength(5)
    expect(text.match(/^Signature: _+ {4}Date: _+$/gm)).toHaveLength(3)
    // Every tag was filled: the only braces left are the objective's own.
    expect(text.replace(OBJECTIVE, '').replace(CRITERIA, '')).not.toMatch(/[{}]/)
  })

  it('prints the default layout as a PDF with the names and text intact', async () => {
    const result = brokerJson<AgreementResult>(['deployments', 'agreement', '1', '--out', 'agreement.pdf'])
    expect(result.format).toBe('pdf')
    const text = pdfText(await readPdf(dir.file('agreement.pdf'))).replace(/\s+/g, ' ')
    for (const expected of [
      'Agreement for school-to-school support',
      LEADER,
      'Mr Zoë Ng',
      OBJECTIVE,
      CRITERIA,
      '£450.50',
      'Safeguarding and DBS checks (to be completed by the hub)',
      'Invoicing and VAT (to be completed by the hub)',
      'Signatures',
    ])
      expect(text).toContain(expected)
  })

  it("fills a hub's own template, naming the tags it does not fill; a PDF from a template is refused", async () => {
    const zip = await JSZip.loadAsync(readFileSync(dir.file('agreement.docx')))
    const xml = await zip.file('word/document.xml')!.async('string')
    const body =
      '<w:p><w:r><w:t xml:space="preserve">For {supportedBody}: {leaderName}; {#objectives}[{objective}] {/objectives}{hubLogo}</w:t></w:r></w:p>'
    zip.file('word/document.xml', xml.replace(/<w:body>.*<\/w:body>/s, `<w:body>${body}</w:body>`))
    writeFileSync(dir.file('ours.docx'), await zip.generateAsync({type: 'nodebuffer'}))
    const result = broker(['deployments', 'agreement', '1', '--template', 'ours.docx', '--out', 'ours-1.docx'])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stderr).toContain('tags broker does not fill, left empty: hubLogo')
    const {text} = await documentText(dir.file('ours-1.docx'))
    expect(text).toMatch(
      new RegExp(
        `^For .+: ${LEADER}; \\[Phonics \\{x\\} <b>bold</b> & more\\] \\[Leaders check phonics weekly\\] $`,
        'm',
      ),
    )

    const pdf = broker(['deployments', 'agreement', '1', '--template', 'ours.docx', '--out', 'ours.pdf'])
    expect(pdf.status).toBe(2)
    expect(pdf.stderr).toContain('--template gives a Word document only')
    writeFileSync(dir.file('not-a-template.docx'), 'plain text')
    const bad = broker([
      'deployments',
      'agreement',
      '1',
      '--template',
      'not-a-template.docx',
      '--out',
      'x.docx',
      '--json',
    ])
    expect(bad.status).toBe(3)
    expect(jsonFailure(bad).code).toBe('agreement.template-invalid')
    expect(existsSync(dir.file('x.docx'))).toBe(false)
  })

  it.skipIf(!SOFFICE)(
    SOFFICE
      ? 'opens in LibreOffice: the .docx converted to PDF keeps its text'
      : 'LibreOffice (soffice) is not installed here: the .docx to PDF conversion check did not run',
    async () => {
      const converted = spawnSync(
        SOFFICE!,
        ['--headless', '--convert-to', 'pdf', '--outdir', dir.file('lo'), dir.file('agreement.docx')],
        {encoding: 'utf8', timeout: 80_000, env: {...process.env, HOME: dir.path}},
      )
      expect(converted.status, converted.stderr).toBe(0)
      const text = pdfText(await readPdf(dir.file('lo/agreement.pdf'))).replace(/\s+/g, ' ')
      for (const expected of [LEADER, OBJECTIVE, CRITERIA, 'Insurance (to be completed by the hub)'])
        expect(text).toContain(expected)
    },
  )
})
