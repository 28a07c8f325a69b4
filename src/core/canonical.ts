import {createHash} from 'node:crypto'

/**
 * A stable JSON form: object keys sorted, Maps as [key, value] pairs sorted by key, Sets as
 * sorted arrays, so equal inputs hash equally whatever order they were gathered in. Written
 * straight to text (no intermediate copies): a national match hashes thousands of leaders.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = []
  write(value, parts)
  return parts.join('')
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

function write(value: unknown, parts: string[]): void {
  if (value === null || value === undefined || typeof value === 'function') {
    parts.push('null')
    return
  }
  if (typeof value !== 'object') {
    parts.push(JSON.stringify(value))
    return
  }
  if (Array.isArray(value)) {
    parts.push('[')
    value.forEach((item, index) => {
      if (index > 0) parts.push(',')
      write(item, parts)
    })
    parts.push(']')
    return
  }
  if (value instanceof Map) {
    writeSorted(
      [...value.entries()].map(([key, entry]) => ({key: sortKey(key), text: canonicalJson([key, entry])})),
      parts,
    )
    return
  }
  if (value instanceof Set) {
    writeSorted(
      [...value].map((item) => ({key: sortKey(item), text: canonicalJson(item)})),
      parts,
    )
    return
  }
  parts.push('{')
  let first = true
  for (const key of Object.keys(value).sort()) {
    const entry = (value as Record<string, unknown>)[key]
    if (entry === undefined || typeof entry === 'function') continue
    if (!first) parts.push(',')
    first = false
    parts.push(JSON.stringify(key), ':')
    write(entry, parts)
  }
  parts.push('}')
}

/** Numbers in numeric order before everything else, which sorts by its canonical text. */
function sortKey(value: unknown): number | string {
  return typeof value === 'number' ? value : `~${typeof value === 'string' ? value : canonicalJson(value)}`
}

function writeSorted(items: {key: number | string; text: string}[], parts: string[]): void {
  items.sort((a, b) => {
    if (typeof a.key === 'number' && typeof b.key === 'number') return a.key - b.key
    if (typeof a.key === 'number') return -1
    if (typeof b.key === 'number') return 1
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0
  })
  parts.push('[')
  items.forEach((item, index) => {
    if (index > 0) parts.push(',')
    parts.push(item.text)
  })
  parts.push(']')
}

/**
 * A fast fingerprint of data built by our own code: native JSON with Maps and Sets as sorted
 * arrays. Unlike canonicalJson it keeps object keys in the order the objects were built, which is
 * fixed for objects made by the same code (the match inputs), and it is several times faster.
 */
export function fingerprint(value: unknown): string {
  return sha256(JSON.stringify(value, fingerprintReplacer))
}

function fingerprintReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return [...value.entries()].sort((a, b) => compareKeys(a[0], b[0]))
  if (value instanceof Set) return [...value].sort(compareKeys)
  if (typeof value === 'function') return undefined
  return value
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const left = String(a)
  const right = String(b)
  return left < right ? -1 : left > right ? 1 : 0
}
