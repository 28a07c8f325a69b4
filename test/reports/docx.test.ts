import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import JSZip from 'jszip'
import {describe, expect, it} from 'vitest'

import {TEMPLATES} from '../../scripts/docx-templates.js'
import {fillDocx} from '../../src/reports/docx.js'
import {REPO_ROOT} from '../helpers/cli.js'
import {brokerFailure} from '../helpers/errors.js'

/** Word files opened as Word does: the zip, then word/document.xml. */

async function documentXml(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes)
  return zip.file('word/document.xml')!.async('string')
}

/** The text of the paragraphs, tags and all, as Word shows it. */
const paragraphs = (xml: string) =>
  xml
    .split('</w:p>')
    .map((paragraph) =>
      paragraph
        .replace(/<[^>]+>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&apos;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    )
    .filter((text) => text !== '')

describe('the templates shipped in data/', () => {
  for (const [name, build] of Object.entries(TEMPLATES)) {
    it(`${name} is what scripts/docx-templates.ts makes, byte for byte`, () => {
      expect(Buffer.compare(readFileSync(join(REPO_ROOT, 'data', name)), build())).toBe(0)
    })
  }
})

describe('filling a Word template', () => {
  const letter = readFileSync(join(REPO_ROOT, 'data', 'letter-template.docx'))
  const data = {
    hub: 'Hub & Co',
    date: '1 December 2026',
    recipient: [{line: 'Mrs Siân O’Brien'}, {line: 'Zoë’s <b>School</b>'}],
    salutation: 'Dear Mrs O’Brien,',
    subject: 'Subject {x} {#loop}{/loop}',
    paragraphs: [{text: 'First & <w:t>not xml</w:t>'}, {text: 'Second\nwith a break'}],
    signOff: 'Yours sincerely,',
    signature: 'Hub & Co',
  }

  it('keeps values that look like tags or XML as literal text, and names survive', async () => {
    const {bytes, unfilled} = fillDocx(letter, data, 'letter-template.docx')
    expect(unfilled).toEqual([])
    const xml = await documentXml(bytes)
    expect(xml).toContain('Zoë’s &lt;b&gt;School&lt;/b&gt;')
    expect(xml).toContain('First &amp; &lt;w:t&gt;not xml&lt;/w:t&gt;')
    const text = paragraphs(xml)
    expect(text).toEqual(
      expect.arrayContaining([
        'Hub & Co',
        'Mrs Siân O’Brien',
        'Zoë’s <b>School</b>',
        'Dear Mrs O’Brien,',
        'Subject {x} {#loop}{/loop}',
        'First & <w:t>not xml</w:t>',
      ]),
    )
    // A line break in a value is a line break in Word, not a new paragraph.
    expect(xml).toMatch(/Second<\/w:t><\/w:r><w:r>(<w:rPr>.*?<\/w:rPr>)?<w:br\/>/)
    // The template's loop markers and their paragraphs are gone; only the subject's own text has braces.
    expect(text.filter((line) => /[{}]/.test(line))).toEqual(['Subject {x} {#loop}{/loop}'])
    expect(text.filter((line) => line === 'Mrs Siân O’Brien')).toHaveLength(1)
  })

  it('lists the tags it does not fill, and refuses a file that is not a template', async () => {
    const zip = await JSZip.loadAsync(letter)
    const xml = await zip.file('word/document.xml')!.async('string')
    zip.file('word/document.xml', xml.replace('{signature}', '{signature} {ourOwnTag}'))
    const own = await zip.generateAsync({type: 'nodebuffer'})
    expect(fillDocx(own, data, 'own.docx').unfilled).toEqual(['ourOwnTag'])

    const notZip = await brokerFailure(() => fillDocx(Buffer.from('plain text'), data, 'notes.txt'))
    expect(notZip.code).toBe('agreement.template-invalid')
    expect(notZip.message).toContain('not a Word (.docx) file')

    zip.file('word/document.xml', xml.replace('{signature}', '{#unclosed} {signature}'))
    const broken = await brokerFailure(async () =>
      fillDocx(await zip.generateAsync({type: 'nodebuffer'}), data, 'broken.docx'),
    )
    expect(broken.code).toBe('agreement.template-invalid')
    expect((broken.data as {problems: string[]}).problems.join(' ')).toMatch(/unclosed/)
  })
})
