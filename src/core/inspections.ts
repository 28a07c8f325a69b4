import type {InspectionFramework} from './model.js'

/**
 * Inspection outcomes stay on their own framework's scale: legacy grades 1-4 and the 2025 report
 * card's five-point scale are never mapped onto each other. Comparisons happen within one framework.
 */

export const REPORT_CARD_OUTCOMES = ['exceptional', 'strong-standard', 'expected-standard', 'needs-attention', 'urgent-improvement'] as const
export type ReportCardOutcome = (typeof REPORT_CARD_OUTCOMES)[number]

const LEGACY_GRADE_NAMES: Record<string, number> = {outstanding: 1, good: 2, 'requires improvement': 3, inadequate: 4}

/** A legacy grade from '1'..'4' or its name; null otherwise. */
export function legacyGrade(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return value >= 1 && value <= 4 ? value : null
  const text = value.trim().toLowerCase()
  if (/^[1-4]$/.test(text)) return Number(text)
  return LEGACY_GRADE_NAMES[text] ?? null
}

/** A report-card outcome from its slug or words ("Strong standard"); null otherwise. */
export function reportCardOutcome(value: string | null | undefined): ReportCardOutcome | null {
  if (!value) return null
  const slug = value.trim().toLowerCase().replace(/\s+/g, '-')
  return (REPORT_CARD_OUTCOMES as readonly string[]).includes(slug) ? (slug as ReportCardOutcome) : null
}

export interface InspectionOutcome {
  inspectedOn: string
  framework: InspectionFramework | string
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
  return now !== null && !weak.has(now) && earlier.some((inspection) => weak.has(reportCardOutcome(inspection.leadership) ?? ''))
}
