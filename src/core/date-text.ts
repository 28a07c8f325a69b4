import {isIsoDate} from './calendar.js'

/**
 * Dates as spreadsheets hold them: ISO, text ("31 Aug 2028", "1 April 2024"), Excel serial
 * numbers, and slash dates read as dd/mm/yyyy only (a hub list in England never means mm/dd).
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
}

// Serials outside these bounds are not dates anyone means (1954 .. 2118).
const FIRST_PLAUSIBLE_SERIAL = 20_000
const LAST_PLAUSIBLE_SERIAL = 80_000

const iso = (year: number, month: number, day: number): string | null => {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  return isIsoDate(text) ? text : null
}

/**
 * An Excel serial day number as an ISO date. In the 1900 system Excel counts the non-existent
 * 29 February 1900 (serial 60), so serials from 61 on are one day later than a plain count from
 * 31 December 1899; serial 60 itself is not a real date. The 1904 system counts from 1 January 1904.
 */
export function excelSerialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < (date1904 ? 0 : 1)) return null
  const whole = Math.floor(serial)
  let epochDay: number
  if (date1904) {
    epochDay = Date.UTC(1904, 0, 1) / 86_400_000 + whole
  } else {
    if (whole === 60) return null
    epochDay = Date.UTC(1899, 11, 31) / 86_400_000 + (whole > 60 ? whole - 1 : whole)
  }
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10)
}

export interface DateTextOptions {
  /** The workbook uses the 1904 date system (old Mac Excel). */
  date1904?: boolean
}

/** Reads one date cell; null when the text is not a date (the caller reports it). */
export function parseDateText(text: string, options: DateTextOptions = {}): string | null {
  const cleaned = text.trim().replace(/\s+/g, ' ')
  if (cleaned === '') return null

  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(cleaned)
  if (match) return iso(Number(match[1]), Number(match[2]), Number(match[3]))

  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: [\d:]+)?$/.exec(cleaned)
  if (match) return iso(Number(match[3]), Number(match[2]), Number(match[1]))

  match = /^(?:[a-z]+,? )?(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? (\d{4})$/i.exec(cleaned)
  if (match) {
    const month = MONTHS[match[2]!.toLowerCase()]
    return month ? iso(Number(match[3]), month, Number(match[1])) : null
  }

  match = /^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/i.exec(cleaned)
  if (match) {
    const month = MONTHS[match[1]!.toLowerCase()]
    return month ? iso(Number(match[3]), month, Number(match[2])) : null
  }

  if (/^\d+(\.\d+)?$/.test(cleaned)) {
    const serial = Number(cleaned)
    if (serial >= FIRST_PLAUSIBLE_SERIAL && serial <= LAST_PLAUSIBLE_SERIAL)
      return excelSerialToIso(serial, options.date1904)
  }
  return null
}
