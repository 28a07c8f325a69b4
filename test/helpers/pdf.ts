import {readFileSync} from 'node:fs'

/**
 * Reads a PDF the way a checker would, with pdfjs-dist (no Chromium or poppler needed): each
 * page's size and every run of text with its position, width and font size, in points.
 */

export interface PdfText {
  text: string
  x: number
  y: number
  width: number
  fontSize: number
}

export interface PdfPage {
  width: number
  height: number
  texts: PdfText[]
}

export async function readPdf(path: string): Promise<PdfPage[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const document = await pdfjs.getDocument({
    data: new Uint8Array(readFileSync(path)),
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise
  const pages: PdfPage[] = []
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number)
    const [x0, y0, x1, y1] = page.view as [number, number, number, number]
    const content = await page.getTextContent()
    const texts: PdfText[] = []
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue
      const [a, b, , , e, f] = item.transform as number[]
      texts.push({text: item.str, x: e!, y: f!, width: item.width, fontSize: Math.hypot(a!, b!)})
    }
    pages.push({width: x1 - x0, height: y1 - y0, texts})
  }
  await document.destroy()
  return pages
}

/** All the text of the document, page after page. */
export const pdfText = (pages: readonly PdfPage[]): string =>
  pages.map((page) => page.texts.map((text) => text.text).join(' ')).join('\n')
