import {academicYearBounds, academicYearOf, addDays, toDayNumber} from './calendar.js'

/**
 * Working days: Monday to Friday, excluding England and Wales bank holidays (from data/). Used for
 * "a visit record within 5 working days" and for charging a window's days to academic years.
 */
export class WorkingCalendar {
  private readonly holidays: ReadonlySet<string>
  /** Bank holidays that fall Monday to Friday, as day numbers. */
  private readonly weekdayHolidays: readonly number[]

  constructor(bankHolidays: Iterable<string>) {
    this.holidays = new Set(bankHolidays)
    this.weekdayHolidays = [...this.holidays].map(toDayNumber).filter(isWeekday)
  }

  isWorkingDay(isoDate: string): boolean {
    return isWeekday(toDayNumber(isoDate)) && !this.holidays.has(isoDate)
  }

  /** Working days in [start, end], both included (by arithmetic: capacity accounting calls it a lot). */
  countWorkingDays(start: string, end: string): number {
    const first = toDayNumber(start)
    const last = toDayNumber(end)
    if (last < first) return 0
    const fullWeeks = Math.floor((last - first + 1) / 7)
    let count = fullWeeks * 5
    for (let day = first + fullWeeks * 7; day <= last; day += 1) if (isWeekday(day)) count += 1
    for (const holiday of this.weekdayHolidays) if (holiday >= first && holiday <= last) count -= 1
    return count
  }

  /** The date `count` working days after `isoDate` (not counting isoDate itself). */
  addWorkingDays(isoDate: string, count: number): string {
    let date = isoDate
    let remaining = count
    while (remaining > 0) {
      date = addDays(date, 1)
      if (this.isWorkingDay(date)) remaining -= 1
    }
    return date
  }

  /**
   * Charges `halfDays` to the academic years a window spans, in proportion to its working days in
   * each, in whole half days (largest remainder, ties to the earlier year). A window with no
   * working days is charged by calendar days instead.
   */
  splitAcrossYears(halfDays: number, start: string, end: string): Map<number, number> {
    const shares: {year: number; weight: number}[] = []
    for (let year = academicYearOf(start); year <= academicYearOf(end); year += 1) {
      const bounds = academicYearBounds(year)
      const from = start > bounds.start ? start : bounds.start
      const to = end < bounds.end ? end : bounds.end
      if (from <= to) shares.push({year, weight: this.countWorkingDays(from, to) || 0})
    }
    if (shares.every((share) => share.weight === 0)) {
      for (const share of shares) {
        const bounds = academicYearBounds(share.year)
        share.weight =
          toDayNumber(end < bounds.end ? end : bounds.end) -
          toDayNumber(start > bounds.start ? start : bounds.start) +
          1
      }
    }
    return apportion(halfDays, shares)
  }
}

/** 1970-01-01 (day 0) was a Thursday. */
function isWeekday(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7 // 0 = Sunday
  return weekday !== 0 && weekday !== 6
}

/** Splits a whole number over weighted shares exactly (largest remainder method). */
export function apportion(total: number, shares: readonly {year: number; weight: number}[]): Map<number, number> {
  const result = new Map<number, number>()
  const weightSum = shares.reduce((sum, share) => sum + share.weight, 0)
  if (shares.length === 0) return result
  if (weightSum <= 0) {
    result.set(shares[0]!.year, total)
    return result
  }
  const exact = shares.map((share) => ({year: share.year, value: (total * share.weight) / weightSum}))
  let assigned = 0
  for (const part of exact) {
    const floor = Math.floor(part.value)
    result.set(part.year, floor)
    assigned += floor
  }
  const byRemainder = [...exact].sort(
    (a, b) => b.value - Math.floor(b.value) - (a.value - Math.floor(a.value)) || a.year - b.year,
  )
  for (let index = 0; index < total - assigned; index += 1) {
    const part = byRemainder[index % byRemainder.length]!
    result.set(part.year, (result.get(part.year) ?? 0) + 1)
  }
  return result
}
