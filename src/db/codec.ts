/**
 * The one place where values cross between JavaScript and SQLite: better-sqlite3 binds neither
 * booleans nor Dates, so booleans are stored 0/1 and instants as ISO-8601 UTC text.
 */

export const toBit = (value: boolean): number => (value ? 1 : 0)

export const fromBit = (value: number | null | undefined): boolean => value === 1

export const toBitOrNull = (value: boolean | null | undefined): number | null =>
  value === null || value === undefined ? null : toBit(value)

export const fromBitOrNull = (value: number | null | undefined): boolean | null =>
  value === null || value === undefined ? null : value === 1

export const nowInstant = (): string => new Date().toISOString()

export function toJson(value: unknown): string {
  return JSON.stringify(value)
}

export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback
  return JSON.parse(text) as T
}

/** Splits an id list into chunks that stay well under any engine's bound-parameter limit. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const result: T[][] = []
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size))
  return result
}
