import type {KeyStage, Measure} from './results.js'
import {type RowOutcome, RowReader} from './row-reader.js'
import {parseUrn} from './validation.js'

/**
 * One row of a DfE performance-tables file (england_ks2final.csv, england_ks4provisional.csv ...)
 * as published: school rows only. RECTYPE 1 (mainstream) and 2 (special) are schools; 4, 5 and 7
 * are local-authority and national totals; independent schools (NFTYPE IND, INDSPEC) have no
 * published results and are counted and skipped. Percentages come as "70.8%"; the publisher's
 * markers (SUPP, NE, NA, LOWCOV ...) are missing values, never zero.
 */

export interface ResultRow {
  urn: number
  cohort: number | null
  measures: Partial<Record<Measure, number | null>>
}

/** Import field -> measure, per key stage, with its bounds. */
export const MEASURE_FIELDS: Record<KeyStage, {field: string; measure: Measure; min: number; max: number}[]> = {
  ks2: [
    {field: 'rwmExpectedPct', measure: 'ks2-rwm-expected', min: 0, max: 100},
    {field: 'readingScore', measure: 'ks2-reading-score', min: 80, max: 120},
    {field: 'mathsScore', measure: 'ks2-maths-score', min: 80, max: 120},
  ],
  ks4: [
    {field: 'attainment8', measure: 'ks4-attainment8', min: 0, max: 90},
    {field: 'progress8', measure: 'ks4-progress8', min: -10, max: 10},
    {field: 'basicsGrade5Pct', measure: 'ks4-basics-grade5', min: 0, max: 100},
  ],
}

export const SCHOOL_RECORD_TYPES = new Set(['1', '2'])
export const TOTAL_ROW = 'local-authority or national total (RECTYPE 4, 5 or 7), not a school'
export const INDEPENDENT_ROW = 'independent school (NFTYPE IND or INDSPEC): no published results'
const INDEPENDENT_TYPES = new Set(['ind', 'indspec'])

export function readResultRow(cells: ReadonlyMap<string, string>, keyStage: KeyStage): RowOutcome<ResultRow> {
  const row = new RowReader(cells)
  const recordType = row.text('recordType')
  if (recordType !== null && !SCHOOL_RECORD_TYPES.has(recordType)) return {kind: 'skip', reason: TOTAL_ROW}
  const schoolType = row.text('schoolType')
  if (schoolType !== null && INDEPENDENT_TYPES.has(schoolType.toLowerCase()))
    return {kind: 'skip', reason: INDEPENDENT_ROW}
  const urnText = row.required('urn', 'URN')
  const urn = urnText === null ? null : parseUrn(urnText)
  if (urnText !== null && urn === null) row.problem('urn', `"${urnText}" is not a six-digit URN`)
  const cohort = row.number('cohort', {min: 0, integer: true})
  const measures: Partial<Record<Measure, number | null>> = {}
  for (const {field, measure, min, max} of MEASURE_FIELDS[keyStage]) measures[measure] = row.number(field, {min, max})
  return row.outcome(() => ({urn: urn!, cohort, measures}))
}
