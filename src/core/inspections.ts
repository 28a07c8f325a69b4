import type {InspectionFramework} from './model.js'
import {spellingKey, spellings} from './row-reader.js'

/**
 * Inspection outcomes stay on their own framework's scale: legacy grades 1-4 and the 2025 report
 * card's five-point scale are never mapped onto each other. Comparisons happen within one framework.
 * Stored judgements: legacy areas hold '1'..'4', report-card areas an outcome slug, safeguarding
 * 'met' or 'not-met'.
 */

export const REPORT_CARD_OUTCOMES = [
  'exceptional',
  'strong-standard',
  'expected-standard',
  'needs-attention',
  'urgent-improvement',
] as const
export type ReportCardOutcome = (typeof REPORT_CARD_OUTCOMES)[number]

export const SAFEGUARDING_AREA = 'safeguarding'

/** Report cards began in November 2025; inspections before then are on the legacy scale. */
export const REPORT_CARDS_FROM = '2025-11-01'

const LEGACY_GRADES = spellings<number>([
  [1, ['1', 'outstanding']],
  [2, ['2', 'good']],
  [3, ['3', 'requires improvement', 'satisfactory']],
  [4, ['4', 'inadequate', 'serious weaknesses', 'special measures']],
])

const REPORT_CARD = spellings<ReportCardOutcome>([
  ['exceptional', ['exceptional', '1']],
  ['strong-standard', ['strong standard', 'strong', '2']],
  ['expected-standard', ['expected standard', 'expected', '3']],
  ['needs-attention', ['needs attention', '4']],
  ['urgent-improvement', ['urgent improvement', '5']],
])

const SAFEGUARDING = spellings<'met' | 'not-met'>([
  ['met', ['met', 'yes', 'effective', 'y', 'true']],
  ['not-met', ['not met', 'no', 'not effective', 'ineffective', 'n', 'false']],
])

const FRAMEWORKS = spellings<InspectionFramework>([
  [
    'legacy-1-4',
    [
      'education inspection framework',
      'eif',
      'common inspection framework',
      'cif',
      'section 5',
      'section 8',
      'legacy',
      'legacy 1 4',
      'graded',
      'ungraded',
    ],
  ],
  [
    'report-card-2025',
    [
      'report card',
      'report card 2025',
      'report cards',
      'renewed framework',
      'renewed education inspection framework',
      '2025 framework',
    ],
  ],
])

/** Cells that mean "no grade given" (2024-25 inspections, areas not inspected). */
const NOT_GRADED = new Set([
  '',
  '0',
  '9',
  'null',
  'na',
  'n/a',
  'not judged',
  'not applicable',
  'not graded',
  'none',
  'no judgement',
])

export function isNotGraded(text: string): boolean {
  return text.trim() === '-' || NOT_GRADED.has(spellingKey(text))
}

/** A legacy grade from 1..4 or its name ("Good", "Special measures"); null otherwise. */
export function legacyGrade(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 4 ? value : null
  return LEGACY_GRADES.get(spellingKey(value)) ?? null
}

/** A report-card outcome from its slug, words ("Strong standard") or position 1..5; null otherwise. */
export function reportCardOutcome(value: string | null | undefined): ReportCardOutcome | null {
  if (!value) return null
  return REPORT_CARD.get(spellingKey(value)) ?? null
}

export function safeguardingOutcome(text: string): 'met' | 'not-met' | null {
  return SAFEGUARDING.get(spellingKey(text)) ?? null
}

/** The framework a file names ("Education inspection framework", "Report card 2025"); null when unknown. */
export function frameworkOf(text: string): InspectionFramework | null {
  const key = spellingKey(text)
  const named = FRAMEWORKS.get(key)
  if (named) return named
  if (key.includes('report card') || key.includes('renewed')) return 'report-card-2025'
  if (key.includes('inspection framework') || key.includes('section')) return 'legacy-1-4'
  return null
}

export interface InspectionOutcome {
  inspectedOn: string
  framework: string
  overallGrade: number | null
  /** The leadership judgement on the framework's scale, if recorded. */
  leadership: string | null
}

/**
 * Whether a school improved from "requires improvement" or "inadequate" (or, on report cards,
 * from "needs attention" or "urgent improvement" in leadership) to better, within one framework.
 * Null when the school has no inspections.
 */
export function improvedFromWeak(inspections: readonly InspectionOutcome[]): boolean | null {
  if (inspections.length === 0) return null
  const newestFirst = [...inspections].sort((a, b) => (a.inspectedOn < b.inspectedOn ? 1 : -1))
  const latest = newestFirst[0]!
  const earlier = newestFirst.slice(1).filter((inspection) => inspection.framework === latest.framework)
  if (latest.framework === 'legacy-1-4') {
    const grade = (inspection: InspectionOutcome) => inspection.overallGrade ?? legacyGrade(inspection.leadership)
    const now = grade(latest)
    return now !== null && now <= 2 && earlier.some((inspection) => (grade(inspection) ?? 0) >= 3)
  }
  const weak = new Set<string>(['needs-attention', 'urgent-improvement'])
  const now = reportCardOutcome(latest.leadership)
  return (
    now !== null &&
    !weak.has(now) &&
    earlier.some((inspection) => weak.has(reportCardOutcome(inspection.leadership) ?? ''))
  )
}
