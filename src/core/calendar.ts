/**
 * Dates are ISO `YYYY-MM-DD` strings handled as UTC calendar days, so no time zone or DST can
 * shift a day. Academic years run September to August and are named by their starting year.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000

export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text)
  if (!match) return false
  const [, y, m, d] = match
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d)
}

/** "2027-01-04..2027-02-12" as a period (a single date is a one-day period); null if it is not one. */
export function parsePeriod(text: string): {startsOn: string; endsOn: string} | null {
  const [startsOn = '', endsOn = startsOn, ...rest] = text.split('..').map((part) => part.trim())
  if (rest.length > 0 || !isIsoDate(startsOn) || !isIsoDate(endsOn) || endsOn < startsOn) return null
  return {startsOn, endsOn}
}

export function toDayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS)
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

export function addDays(isoDate: string, days: number): string {
  return fromDayNumber(toDayNumber(isoDate) + days)
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number]
  const targetMonth = m - 1 + months
  const year = y + Math.floor(targetMonth / 12)
  const month = ((targetMonth % 12) + 12) % 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10)
}

export function academicYearOf(isoDate: string): number {
  const [y, m] = isoDate.split('-').map(Number) as [number, number]
  return m >= 9 ? y : y - 1
}

/** 2026 -> "2026/27". */
export function academicYearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`
}

/** Reads "2026/27", "2026-27", "2026/2027", "2026-2027" or "2026" as the year starting in 2026. */
export function parseAcademicYear(text: string): number | null {
  const match = /^\s*(\d{4})\s*(?:[/-]\s*(\d{2}|\d{4}))?\s*$/.exec(text)
  if (!match) return null
  const start = Number(match[1])
  if (match[2] !== undefined) {
    const end = Number(match[2])
    const expected = match[2].length === 2 ? (start + 1) % 100 : start + 1
    if (end !== expected) return null
  }
  return start
}

export function academicYearBounds(startYear: number): {start: string; end: string} {
  return {start: `${startYear}-09-01`, end: `${startYear + 1}-08-31`}
}

export function daysBetweenInclusive(start: string, end: string): number {
  return toDayNumber(end) - toDayNumber(start) + 1
}

/** The local calendar date: a broker in London at 00:30 BST is already on the new day. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}
