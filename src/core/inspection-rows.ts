import {
  frameworkOf,
  isNotGraded,
  legacyGrade,
  REPORT_CARDS_FROM,
  reportCardOutcome,
  SAFEGUARDING_AREA,
  safeguardingOutcome,
} from './inspections.js'
import type {InspectionFramework} from './model.js'
import {type RowOutcome, RowReader} from './row-reader.js'
import {parseUrn} from './validation.js'

/**
 * One row of an Ofsted inspection outcomes file (management information) into the inspection
 * history, read on its own framework's scale: legacy rows carry 1-4 grades (an overall grade
 * until September 2024, none after), report-card rows a five-point outcome per area.
 */

export interface InspectionRow {
  urn: number
  inspectedOn: string
  publishedOn: string | null
  framework: InspectionFramework
  overallGrade: number | null
  judgements: Record<string, string>
}

/** Import field -> stored area, for each framework's own columns. */
export const LEGACY_AREA_FIELDS: Record<string, string> = {
  qualityOfEducation: 'quality-of-education',
  behaviourAndAttitudes: 'behaviour-and-attitudes',
  personalDevelopment: 'personal-development',
  leadershipAndManagement: 'leadership-and-management',
}
export const REPORT_CARD_AREA_FIELDS: Record<string, string> = {
  inclusion: 'inclusion',
  curriculumAndTeaching: 'curriculum-and-teaching',
  achievement: 'achievement',
  attendanceAndBehaviour: 'attendance-and-behaviour',
  personalDevelopmentAndWellBeing: 'personal-development-and-well-being',
  leadershipAndGovernance: 'leadership-and-governance',
  post16: 'post-16',
}
/** Judged under both frameworks, each on its own scale. */
export const SHARED_AREA_FIELDS: Record<string, string> = {
  earlyYears: 'early-years',
  sixthForm: 'sixth-form',
}

export function readInspectionRow(
  cells: ReadonlyMap<string, string>,
  options: {date1904?: boolean} = {},
): RowOutcome<InspectionRow> {
  const row = new RowReader(cells, options)
  const urnText = row.required('urn', 'URN')
  const urn = urnText === null ? null : parseUrn(urnText)
  if (urnText !== null && urn === null) row.problem('urn', `"${urnText}" is not a six-digit URN`)
  const inspectedOn = row.date('inspectedOn')
  if (row.text('inspectedOn') === null) row.problem('inspectedOn', 'the inspection date is required')
  const publishedOn = row.date('publishedOn')

  const filled = (fields: Record<string, string>) =>
    Object.keys(fields).filter((field) => {
      const text = row.text(field)
      return text !== null && !isNotGraded(text)
    })
  const legacyOnly = [
    ...filled(LEGACY_AREA_FIELDS),
    ...(row.text('overall') !== null && !isNotGraded(row.text('overall')!) ? ['overall'] : []),
  ]
  const reportCardOnly = filled(REPORT_CARD_AREA_FIELDS)

  let framework: InspectionFramework | null = null
  const frameworkText = row.text('framework')
  if (frameworkText !== null) {
    framework = frameworkOf(frameworkText)
    if (framework === null)
      row.problem(
        'framework',
        `"${frameworkText}" is not a framework broker knows (legacy grades, or the 2025 report cards)`,
      )
  } else if (reportCardOnly.length > 0 && legacyOnly.length === 0) framework = 'report-card-2025'
  else if (legacyOnly.length > 0 && reportCardOnly.length === 0) framework = 'legacy-1-4'
  else if (legacyOnly.length === 0 && reportCardOnly.length === 0 && inspectedOn !== null)
    framework = inspectedOn >= REPORT_CARDS_FROM ? 'report-card-2025' : 'legacy-1-4'
  else if (legacyOnly.length > 0 && reportCardOnly.length > 0) {
    row.problem(
      'framework',
      'the row has both legacy grades and report-card outcomes; one inspection is judged on one scale (add a Framework column to say which)',
    )
  }

  const judgements: Record<string, string> = {}
  let overallGrade: number | null = null
  if (framework === 'legacy-1-4') {
    for (const field of reportCardOnly)
      row.problem(field, 'a legacy-framework inspection has no report-card areas; the scales are never mixed')
    const overall = row.text('overall')
    if (overall !== null && !isNotGraded(overall)) {
      overallGrade = legacyGrade(overall)
      if (overallGrade === null)
        row.problem('overall', `"${overall}" is not a legacy grade (1-4, Outstanding .. Inadequate)`)
    }
    for (const [field, area] of Object.entries({...LEGACY_AREA_FIELDS, ...SHARED_AREA_FIELDS})) {
      const text = row.text(field)
      if (text === null || isNotGraded(text)) continue
      const grade = legacyGrade(text)
      if (grade === null) row.problem(field, `"${text}" is not a legacy grade (1-4, Outstanding .. Inadequate)`)
      else judgements[area] = String(grade)
    }
  } else if (framework === 'report-card-2025') {
    for (const field of legacyOnly) {
      row.problem(
        field,
        field === 'overall'
          ? 'report cards have no overall grade'
          : 'a report-card inspection has no legacy 1-4 judgements; the scales are never mixed',
      )
    }
    for (const [field, area] of Object.entries({...REPORT_CARD_AREA_FIELDS, ...SHARED_AREA_FIELDS})) {
      const text = row.text(field)
      if (text === null || isNotGraded(text)) continue
      const outcome = reportCardOutcome(text)
      if (outcome === null)
        row.problem(
          field,
          `"${text}" is not a report-card outcome (Exceptional, Strong standard, Expected standard, Needs attention, Urgent improvement)`,
        )
      else judgements[area] = outcome
    }
    if (inspectedOn !== null && inspectedOn < REPORT_CARDS_FROM)
      row.warn('inspectedOn', `report cards began on ${REPORT_CARDS_FROM}; this one is dated ${inspectedOn}`)
  }
  const safeguarding = row.text('safeguarding')
  if (safeguarding !== null && !isNotGraded(safeguarding)) {
    const outcome = safeguardingOutcome(safeguarding)
    if (outcome === null)
      row.problem('safeguarding', `"${safeguarding}" is not a safeguarding outcome (Met / Not met, Yes / No)`)
    else judgements[SAFEGUARDING_AREA] = outcome
  }
  return row.outcome(() => ({
    urn: urn!,
    inspectedOn: inspectedOn!,
    publishedOn,
    framework: framework!,
    overallGrade,
    judgements,
  }))
}
