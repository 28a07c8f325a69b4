import {type RowOutcome, RowReader, spellingKey} from './row-reader.js'
import type {SchoolLink, SchoolLinkType} from './school-links.js'
import {parseUrn} from './validation.js'

/**
 * One row of a GIAS links file (URN, LinkURN, LinkName, LinkType, LinkEstablishedDate). GIAS
 * qualifies its link types ("Predecessor - amalgamated", "Successor - Split School"); only the
 * predecessor and successor kinds say where a closed school's work went, so the other kinds
 * ("Sixth Form Centre Link", "Other" ...) are skipped, counted by type.
 */
export function readSchoolLinkRow(
  cells: ReadonlyMap<string, string>,
  options: {date1904?: boolean},
): RowOutcome<SchoolLink> {
  const row = new RowReader(cells, options)
  const typeText = row.required('linkType', 'the link type')
  const linkType = typeText === null ? null : linkTypeOf(typeText)
  if (typeText !== null && linkType === null)
    return {kind: 'skip', reason: `link type "${typeText}" (neither a predecessor nor a successor)`}
  const urn = urnIn(row, 'urn', 'URN')
  const linkedUrn = urnIn(row, 'linkedUrn', 'the linked URN')
  if (urn !== null && urn === linkedUrn) row.problem('linkedUrn', `links school ${urn} to itself`)
  const linkedOn = row.date('linkedOn')
  return row.outcome(() => ({urn: urn!, linkedUrn: linkedUrn!, linkType: linkType!, linkedOn}))
}

function linkTypeOf(text: string): SchoolLinkType | null {
  const key = spellingKey(text)
  if (/^predecessors?\b/.test(key)) return 'predecessor'
  if (/^successors?\b/.test(key)) return 'successor'
  return null
}

function urnIn(row: RowReader, field: string, label: string): number | null {
  const text = row.required(field, label)
  if (text === null) return null
  const urn = parseUrn(text)
  if (urn === null) row.problem(field, `"${text}" is not a six-digit URN`)
  return urn
}
