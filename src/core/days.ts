/** Days are counted in half-day units everywhere inside broker; users see days (6.5). */

export function halfDaysFromDays(days: number): number | null {
  if (!Number.isFinite(days) || days < 0) return null
  const halves = days * 2
  return Number.isInteger(halves) ? halves : null
}

export function daysFromHalfDays(halfDays: number): number {
  return halfDays / 2
}

/** "6.5" for 13 half days, "6" for 12. */
export function formatDays(halfDays: number): string {
  return String(daysFromHalfDays(halfDays))
}

/** Parses a user's day count ("2", "2.5", "2½"); null when it is not a whole or half day. */
export function parseDays(text: string): number | null {
  const cleaned = text.trim().replace('½', '.5').replace(/^\./, '0.')
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null
  return halfDaysFromDays(Number(cleaned))
}
