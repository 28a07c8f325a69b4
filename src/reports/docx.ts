import Docxtemplater from 'docxtemplater'
import PizZip from 'pizzip'

import {invalidInput} from '../core/errors.js'

/**
 * A Word document (.docx) filled from a template in docxtemplater's syntax: `{tag}` for a value,
 * `{#list}...{/list}` for a loop (a loop alone in its paragraphs repeats those paragraphs), a
 * line break in a value becomes a line break in Word. Values are inserted as text: a value that
 * looks like a tag or XML (`{x}`, `<b>`, `&`) stays as it is. Loaded only when a .docx is asked for.
 */

export interface FilledDocx {
  bytes: Buffer
  /** Tags in the template that the data does not fill (left empty). */
  unfilled: string[]
}

/** Fills `template` (the bytes of a .docx); `name` names it in errors (a hub's own file, or ours). */
export function fillDocx(template: Uint8Array, data: object, name: string): FilledDocx {
  let zip: PizZip
  try {
    zip = new PizZip(template)
  } catch (error) {
    throw templateInvalid(name, [`it is not a Word (.docx) file: ${(error as Error).message}`])
  }
  if (zip.file('word/document.xml') === null)
    throw templateInvalid(name, ['it has no word/document.xml: not a Word document'])
  const unfilled = new Set<string>()
  let document: Docxtemplater<PizZip>
  try {
    document = new Docxtemplater<PizZip>(zip, {
      paragraphLoop: true,
      linebreaks: true,
      nullGetter(part) {
        if (part.module !== 'loop' && typeof part.value === 'string') unfilled.add(part.value)
        return ''
      },
    })
    document.render(data)
  } catch (error) {
    throw templateInvalid(name, problemsOf(error))
  }
  const bytes = document.getZip().generate({type: 'nodebuffer', compression: 'DEFLATE'})
  return {bytes, unfilled: [...unfilled].sort()}
}

interface TemplateErrorDetail {
  message?: string
  properties?: {explanation?: string; xtag?: string; errors?: TemplateErrorDetail[]}
}

/** docxtemplater's errors (one, or many in `properties.errors`) in a few plain lines. */
function problemsOf(error: unknown): string[] {
  const detail = error as TemplateErrorDetail
  const each = detail.properties?.errors ?? [detail]
  return each.map((one) => one.properties?.explanation ?? one.message ?? 'unreadable template').slice(0, 10)
}

function templateInvalid(name: string, problems: string[]) {
  return invalidInput(`The Word template ${name} cannot be filled: ${problems.join('; ')}. Nothing was written.`, {
    code: 'agreement.template-invalid',
    data: {file: name, problems},
  })
}
