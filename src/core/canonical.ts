import {createHash} from 'node:crypto'

/**
 * A stable JSON form: object keys sorted, Maps as sorted [key, value] pairs, Sets as sorted
 * arrays, so equal inputs hash equally whatever order they were gathered in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value))
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

function normalise(value: unknown): unknown {
  if (value instanceof Map) {
    const entries = [...value.entries()].map(([key, entry]) => [normalise(key), normalise(entry)] as [unknown, unknown])
    return entries.every(([key]) => isPrimitive(key)) ? entries.sort((a, b) => comparePrimitive(a[0], b[0])) : entries.sort(compareJson)
  }
  if (value instanceof Set) {
    const items = [...value].map(normalise)
    return items.every(isPrimitive) ? items.sort(comparePrimitive) : items.sort(compareJson)
  }
  if (Array.isArray(value)) return value.map(normalise)
  if (typeof value === 'function') return undefined
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, normalise((value as Record<string, unknown>)[key])]),
    )
  }
  return value
}

function isPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
}

/** Numbers before strings; each in natural order (keys of one Map or Set are of one kind in practice). */
function comparePrimitive(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const left = `${typeof a}:${String(a)}`
  const right = `${typeof b}:${String(b)}`
  return left < right ? -1 : left > right ? 1 : 0
}

function compareJson(a: unknown, b: unknown): number {
  const left = JSON.stringify(a)
  const right = JSON.stringify(b)
  return left < right ? -1 : left > right ? 1 : 0
}
