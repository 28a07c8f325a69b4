import type {InspectionFramework} from './model.js'
import {spellingKey, spellings} from './row-reader.js'

/**
 * Ofsted's two incompatible scales, each read on its own terms and never mapped onto the other:
 * the legacy 1-4 grades (overall and sub-judgements; since September 2024 no overall grade), and
 * the November 2025 report cards (five points per area; safeguarding met or not met).
 */

export const REPORT_CARD_OUTCOMES = ['exceptional', 'strong-standard', 'expected-standard', 'needs-attention', 'urgent-improvement'] as const
export type ReportCardOutcome = (typeof REPORT_CARD_OUTCOMES)[number]

/** Judgement areas as stored (inspection_judgements.area). */
export const LEGACY_AREAS = [
  'quality-of-education',
  'behaviour-and-attitudes',
  'personal-development',
  'leadership-and-management',
  'early-years',
  'sixth-form',
] as const
export const REPORT_CARD_AREAS = [
  'inclusion',
  'curriculum-and-teaching',
  'achievement',
  'attendance-and-behaviour',
  'personal-development-and-well-being',
  'leadership-and-governance',
  'early-years',
  'post-16',
] as const
export const SAFEGUARDING_AREA = 'safeguarding'

const LEGACY_GRADES = spellings<number>([
  [1, ['1', 'outstanding']],
  [2, ['2', 'good']],
  [3, ['3', 'requires improvement', 'satisfactory']],
  [4, ['4', 'inadequate', 'serious weaknesses', 'special measures']],
])

/** Cells that mean "no grade given" (2024-25 inspections, areas not inspected). */
const NOT_GRADED = new Set(['', '0', '9', 'null', 'na', 'n/a', 'not judged', 'not applicable', 'not graded', 'none', 'no judgement', '-'])

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
  ['legacy-1-4', ['education inspection framework', 'eif', 'common inspection framework', 'cif', 'section 5', 'section 8', 'legacy', 'legacy 1 4', 'graded', 'ungraded']],
  ['report-card-2025', ['report card', 'report card 2025', 'report cards', 'renewed framework', 'renewed education inspection framework', '2025 framework', 'report card 2025']],
])

export function isNotGraded(text: string): boolean {
  return NOT_GRADED.has(spellingKey(text))
}

/** "Good" or "2" -> 2; null when the cell is not a legacy grade. */
export function legacyGrade(text: string): number | null {
  return LEGACY_GRADES.get(spellingKey(text)) ?? null
}

export function reportCardOutcome(text: string): ReportCardOutcome | null {
  return REPORT_CARD.get(spellingKey(text)) ?? null
}

export function safeguardingOutcome(text: string): 'met' | 'not-met' | null {
  return SAFEGUARDING.get(spellingKey(text)) ?? null
}

export function frameworkOf(text: string): InspectionFramework | null {
  const key = spellingKey(text)
  const exact = FRAMEWORKS.get(key)
  if (exact) return exact
  if (key.includes('report card') || key.includes('renewed')) return 'report-card-2025'
  if (key.includes('inspection framework') || key.includes('section')) return 'legacy-1-4'
  return null
}

/** Report cards began in November 2025; inspections before then are on the legacy scale. */
export const REPORT_CARDS_FROM = '2025-11-01'
