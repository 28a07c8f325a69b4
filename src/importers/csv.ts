import {parse} from 'csv-parse/sync'

import type {RawRecord} from './table.js'

const DELIMITERS = [',', ';', '\t', '|'] as const

/** The delimiter used most in the first line, counting only outside quotes; a comma by default. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((delimiter) => [delimiter, 0]))
  let quoted = false
  for (const character of text.slice(0, 64 * 1024)) {
    if (character === '"') quoted = !quoted
    else if (!quoted && (character === '\n' || character === '\r')) break
    else if (!quoted && counts.has(character)) counts.set(character, counts.get(character)! + 1)
  }
  let best = ','
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter
  return best
}

/**
 * Parses CSV text into records with the line each starts on. Headers are not interpreted here
 * (csv-parse's own header handling mishandles duplicate and `__proto__` headers).
 */
export function parseCsv(text: string, delimiter: string): RawRecord[] {
  const parsed = parse(text, {
    delimiter,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: true,
  }) as unknown as {record: string[]; info: {lines: number}}[]
  const records: RawRecord[] = []
  let nextLine = 1
  for (const {record, info} of parsed) {
    records.push({line: nextLine, cells: record})
    nextLine = info.lines + 1
  }
  return records
}
