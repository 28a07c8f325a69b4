import {addDays} from './calendar.js'
/**
 * RFC 5545 iCalendar text for all-day events, written by hand because it is small and exact:
 * text values escaped (backslash, semicolon, comma, newline), lines of at most 75 octets folded
 * with CRLF and a space (never inside a UTF-8 character), CRLF line ends. Dates are the
 * Europe/London calendar days the registry keeps, as VALUE=DATE (all-day events have no time zone).
 */

export type EventStatus = 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED'

export interface CalendarEvent {
  /** Stable across exports: the same planned visit or review keeps it for ever. */
  uid: string
  /** ISO date of the all-day event. */
  date: string
  summary: string
  description: string
  location: string | null
  status: EventStatus
  /** Free-form groups Outlook and Google show as categories. */
  categories: string[]
}

export interface SequencedEvent extends CalendarEvent {
  /** Rises by one each time the event's content changes between exports. */
  sequence: number
}

/**
 * What identifies an event's content, for the sequence: everything a calendar shows. Two exports
 * of an unchanged event give the same fingerprint.
 */
export function eventFingerprint(event: CalendarEvent): string {
  return JSON.stringify([event.date, event.summary, event.description, event.location, event.status, event.categories])
}

export interface CalendarOptions {
  /** The calendar's name (X-WR-CALNAME), shown by Outlook and Google. */
  name: string
  /** When the file was made, as an ISO instant (DTSTAMP). */
  stamp: string
}

export function renderCalendar(events: readonly SequencedEvent[], options: CalendarOptions): string {
  const stamp = utcStamp(options.stamp)
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//broker//School-to-school support//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
  ]
  for (const event of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${stamp}`,
      `SEQUENCE:${event.sequence}`,
      `DTSTART;VALUE=DATE:${compactDate(event.date)}`,
      `DTEND;VALUE=DATE:${compactDate(addDays(event.date, 1))}`,
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
      ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
      ...(event.categories.length > 0 ? [`CATEGORIES:${event.categories.map(escapeText).join(',')}`] : []),
      `STATUS:${event.status}`,
      // All-day reminders and visits should not block the day as busy.
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    )
  }
  lines.push('END:VCALENDAR')
  return `${lines.map(foldLine).join('\r\n')}\r\n`
}

/** TEXT escaping (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
}

const MAX_OCTETS = 75

/** Folds a content line to lines of at most 75 octets (RFC 5545 3.1), never splitting a character. */
export function foldLine(line: string): string {
  if (utf8Length(line) <= MAX_OCTETS) return line
  const parts: string[] = []
  let current = ''
  let octets = 0
  // Continuation lines start with a space, which counts towards their 75 octets.
  let limit = MAX_OCTETS
  for (const character of line) {
    const size = utf8Length(character)
    if (octets + size > limit) {
      parts.push(current)
      current = ''
      octets = 0
      limit = MAX_OCTETS - 1
    }
    current += character
    octets += size
  }
  parts.push(current)
  return parts.join('\r\n ')
}

/** Octets of a string in UTF-8. */
function utf8Length(text: string): number {
  let octets = 0
  for (const character of text) {
    const point = character.codePointAt(0)!
    octets += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4
  }
  return octets
}

function compactDate(iso: string): string {
  return iso.replace(/-/g, '')
}

function utcStamp(instant: string): string {
  return `${new Date(instant).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`
}
