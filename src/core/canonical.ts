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
    return [...value.entries()].map(([key, entry]) => [normalise(key), normalise(entry)]).sort(compareJson)
  }
  if (value instanceof Set) return [...value].map(normalise).sort(compareJson)
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

function compareJson(a: unknown, b: unknown): number {
  const left = JSON.stringify(a)
  const right = JSON.stringify(b)
  return left < right ? -1 : left > right ? 1 : 0
}
