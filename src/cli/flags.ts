import {Flags} from '@oclif/core'

import {parseAcademicYear, isIsoDate, parsePeriod} from '../core/calendar.js'
import {parseDays} from '../core/days.js'

/** Flags that mean the same on every command. Short flags keep one meaning everywhere. */

export const limitFlag = Flags.integer({
  char: 'n',
  description: 'Show at most N rows; 0 shows every row.',
  default: 50,
  min: 0,
})

/** Tables fit the terminal's width by default (names shortened, the least useful columns left out). */
export const wideFlag = Flags.boolean({
  description: 'Print every table column in full, however wide the terminal (tables otherwise fit its width).',
})

/**
 * A hub director's declaration: outcomes by leader (`reports impact --by leader`) and a leader's
 * own record (`leaders show`, `reports leader`) are theirs alone to read. broker has no user roles.
 */
export const directorFlag = (what: string) =>
  Flags.boolean({
    description: `Say you are a hub director, who alone may see ${what}. broker has no user roles: this is your declaration, and it is recorded nowhere.`,
  })

export const isoDateFlag = Flags.custom<string>({
  async parse(input) {
    const text = input.trim()
    if (!isIsoDate(text)) throw new Error(`Expected a date like 2027-01-15, got "${input}".`)
    return text
  },
})

/** Days as people write them (2, 2.5); parsed to half-day units. */
export const daysFlag = Flags.custom<number>({
  async parse(input) {
    const halfDays = parseDays(input)
    if (halfDays === null) throw new Error(`Expected a number of days in halves (2, 2.5), got "${input}".`)
    return halfDays
  },
})

export const academicYearFlag = Flags.custom<number>({
  description: 'Academic year (September-August), e.g. 2026/27. Default: the current one.',
  async parse(input) {
    const year = parseAcademicYear(input)
    if (year === null) throw new Error(`Expected an academic year like 2026/27, got "${input}".`)
    return year
  },
})

/** A period as FROM..TO (or one date). */
export const periodFlag = Flags.custom<{startsOn: string; endsOn: string}>({
  async parse(input) {
    const period = parsePeriod(input)
    if (!period) throw new Error(`Expected a period like 2027-01-04..2027-02-12 (first and last day), got "${input}".`)
    return period
  },
})
