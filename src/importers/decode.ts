import iconv from 'iconv-lite'

/**
 * Text encodings users' files arrive in: UTF-8 with or without a BOM, UTF-16 (Excel's "Unicode
 * text") and Windows-1252 (GIAS downloads). Windows-1252 goes through iconv-lite: Node's own
 * latin1 decoder turns ’ – € into control characters.
 */

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252'

export interface DecodedText {
  text: string
  encoding: TextEncoding
}

const strictUtf8 = new TextDecoder('utf-8', {fatal: true})

export function decodeText(bytes: Buffer): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {text: strictUtf8.decode(bytes.subarray(3)), encoding: 'utf-8-bom'}
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return {text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le'}
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return {text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be'}
  const bomless16 = utf16WithoutBom(bytes)
  if (bomless16) return {text: iconv.decode(bytes, bomless16), encoding: bomless16}
  try {
    return {text: strictUtf8.decode(bytes), encoding: 'utf-8'}
  } catch {
    return {text: iconv.decode(bytes, 'windows-1252'), encoding: 'windows-1252'}
  }
}

/** Text in UTF-16 without a BOM has a zero byte beside most ASCII characters. */
function utf16WithoutBom(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  const sample = Math.min(bytes.length - (bytes.length % 2), 4096)
  if (sample < 4) return null
  let zeroOdd = 0
  let zeroEven = 0
  for (let index = 0; index < sample; index += 2) {
    if (bytes[index] === 0) zeroEven += 1
    if (bytes[index + 1] === 0) zeroOdd += 1
  }
  const pairs = sample / 2
  if (zeroOdd > pairs * 0.4 && zeroEven < pairs * 0.05) return 'utf-16le'
  if (zeroEven > pairs * 0.4 && zeroOdd < pairs * 0.05) return 'utf-16be'
  return null
}
