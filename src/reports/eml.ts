/**
 * A draft e-mail as an RFC 5322 message (.eml) that Outlook opens as an unsent draft
 * (`X-Unsent: 1`) and any mail program can read: headers in ASCII with non-ASCII names and
 * subjects as RFC 2047 encoded-words, a UTF-8 plain-text body in quoted-printable, CRLF line
 * ends, no line longer than 78 characters. Nothing is sent.
 */

export interface EmlMessage {
  from: {name: string; address: string}
  to: {name: string; address: string} | null
  subject: string
  /** The body as plain text (LF or CRLF line ends). */
  text: string
  /** The ISO date the draft is dated (midnight UTC). */
  date: string
  /** A stable Message-ID without the angle brackets. */
  messageId: string
}

export function renderEml(message: EmlMessage): string {
  const headers = [
    `From: ${mailbox(message.from)}`,
    ...(message.to ? [`To: ${mailbox(message.to)}`] : []),
    `Subject: ${headerText(message.subject, 'Subject: '.length)}`,
    `Date: ${rfc5322Date(message.date)}`,
    `Message-ID: <${oneLine(message.messageId)}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: quoted-printable',
    'X-Unsent: 1',
  ]
  return `${headers.join('\r\n')}\r\n\r\n${quotedPrintable(message.text)}\r\n`
}

const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').trim()

const isPrintableAscii = (text: string) => /^[\x20-\x7e]*$/.test(text)

/** Characters that force a display name into a quoted string (RFC 5322 "specials"). */
const SPECIALS = /[()<>[\]:;@\\,."]/

/** `Name <address>`: the name as atoms, a quoted string, or encoded-words. */
export function mailbox(box: {name: string; address: string}): string {
  const name = oneLine(box.name)
  const address = oneLine(box.address).replace(/[<>\s]/g, '')
  if (name === '') return `<${address}>`
  const phrase = !isPrintableAscii(name)
    ? encodedWords(name).join('\r\n ')
    : SPECIALS.test(name)
      ? `"${name.replace(/["\\]/g, (char) => `\\${char}`)}"`
      : name
  return `${phrase} <${address}>`
}

/**
 * Unstructured header text: as it is when it is plain ASCII (folded at spaces), else UTF-8
 * encoded-words of at most 75 characters each, one per folded line.
 */
export function headerText(text: string, used: number): string {
  const value = oneLine(text)
  if (isPrintableAscii(value) && !/=\?/.test(value)) return foldAscii(value, used)
  return encodedWords(value).join('\r\n ')
}

function foldAscii(value: string, used: number): string {
  const lines: string[] = []
  let line = ''
  let room = 78 - used
  for (const word of value.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line)
      line = word
      room = 77
    } else line = line === '' ? word : `${line} ${word}`
  }
  lines.push(line)
  return lines.join('\r\n ')
}

/** Bytes of UTF-8 in each encoded-word: 36 make 48 base64 characters, 60 with the wrapping (a header line stays under 78). */
const WORD_BYTES = 36

/** RFC 2047 B encoding, split between characters (never inside one) so each word decodes alone. */
export function encodedWords(text: string): string[] {
  const words: string[] = []
  let chunk = ''
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, 'utf8') > WORD_BYTES) {
      words.push(chunk)
      chunk = ''
    }
    chunk += char
  }
  if (chunk !== '' || words.length === 0) words.push(chunk)
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`)
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "Tue, 01 Dec 2026 00:00:00 +0000" from an ISO date. */
export function rfc5322Date(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number]
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay()
  return `${DAYS[weekday]}, ${String(day).padStart(2, '0')} ${MONTHS[month - 1]} ${year} 00:00:00 +0000`
}

/** Quoted-printable (RFC 2045) of the text's UTF-8 bytes, lines of at most 76 characters, CRLF. */
export function quotedPrintable(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n')
  return lines.map(encodeLine).join('\r\n')
}

function encodeLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8')
  const tokens: string[] = []
  bytes.forEach((byte, index) => {
    const last = index === bytes.length - 1
    const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last)
    tokens.push(literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`)
  })
  const out: string[] = []
  let current = ''
  for (const token of tokens) {
    // 75 characters and a soft break "=" make the 76 the standard allows.
    if (current.length + token.length > 75) {
      out.push(`${current}=`)
      current = ''
    }
    current += token
  }
  out.push(current)
  return out.join('\r\n')
}
