import {academicYearBounds, academicYearOf, addMonths} from '../calendar.js'
import {usage} from '../errors.js'
import {type DeploymentStatus, OUTCOME_SCALE} from '../lifecycle.js'
import type {WorkingCalendar} from '../working-days.js'
import {type GlossaryEntry, glossaryFor, type MetricKey} from './glossary.js'

/** What every report model shares: its cover, and the definitions of the figures it prints. */

export type ReportKind = 'deployment' | 'school' | 'leader' | 'hub' | 'coverage' | 'impact'

/** Deployments that reached agreement: their days were agreed, whatever happened next. */
export const AGREED_STATUSES = [
  'agreed',
  'active',
  'completed',
  'ended-early',
] as const satisfies readonly DeploymentStatus[]

export const wasAgreed = (status: DeploymentStatus): boolean =>
  (AGREED_STATUSES as readonly DeploymentStatus[]).includes(status)

export interface Period {
  from: string
  to: string
}

export interface ReportCover {
  kind: ReportKind
  title: string
  /** What the report is about ("Deployment 12", "Carr Hill Primary (910083)"). */
  subject: string | null
  hub: string
  asOf: string
  period: Period | null
  redacted: boolean
}

export interface ReportBase {
  cover: ReportCover
  glossary: GlossaryEntry[]
}

export function requirePeriod(from: string, to: string): Period {
  if (from > to) {
    throw usage(`The period starts on ${from}, after it ends on ${to}.`, {
      code: 'report.period-reversed',
      data: {from, to},
    })
  }
  return {from, to}
}

/** Default period: the academic year of the as-of date, up to that date. */
export function defaultPeriod(asOf: string, from?: string, to?: string): Period {
  const start = from ?? academicYearBounds(academicYearOf(to ?? asOf)).start
  return requirePeriod(start, to ?? (asOf >= start ? asOf : academicYearBounds(academicYearOf(start)).end))
}

export const inPeriod = (date: string, period: Period): boolean => date >= period.from && date <= period.to

export const overlapsPeriod = (start: string, end: string, period: Period): boolean =>
  start <= period.to && end >= period.from

/** The calendar months the period touches, as YYYY-MM. */
export function monthsOf(period: Period): string[] {
  const months: string[] = []
  for (
    let month = `${period.from.slice(0, 7)}-01`;
    month.slice(0, 7) <= period.to.slice(0, 7);
    month = addMonths(month, 1)
  ) {
    months.push(month.slice(0, 7))
  }
  return months
}

/**
 * The share of each academic year's working days that fall inside the period (0..1): how much of
 * a year's capacity figures a period report counts.
 */
export function academicYearWeights(period: Period, calendar: WorkingCalendar): Map<number, number> {
  const weights = new Map<number, number>()
  for (let year = academicYearOf(period.from); year <= academicYearOf(period.to); year += 1) {
    const bounds = academicYearBounds(year)
    const inside = calendar.countWorkingDays(
      period.from > bounds.start ? period.from : bounds.start,
      period.to < bounds.end ? period.to : bounds.end,
    )
    const all = calendar.countWorkingDays(bounds.start, bounds.end)
    if (all > 0 && inside > 0) weights.set(year, inside / all)
  }
  return weights
}

// ---- redaction ----------------------------------------------------------------------------------

export const REDACTED = '[redacted]'

/** Free text that may name people: kept, or replaced when redacting (blank stays blank). */
export function freeText(text: string | null | undefined, redact: boolean): string | null {
  const value = text?.trim() ? text.trim() : null
  return redact && value !== null ? REDACTED : value
}

/** A person's name: left out when redacting, so they appear by reference only. */
export function personName(name: string | null | undefined, redact: boolean): string | null {
  return redact ? null : (name ?? null)
}

/** A sign-off ("Chair of governors, 2027-01-08"): when redacting, only whether it was given. */
export function signoff(text: string | null | undefined, redact: boolean): string | null {
  if (!text?.trim()) return null
  return redact ? 'signed' : text.trim()
}

// ---- outcomes -----------------------------------------------------------------------------------

export interface OutcomeCounts {
  /** Objectives judged, per step of the four-point scale, in scale order. */
  byOutcome: {value: number; label: string; objectives: number}[]
  judged: number
  metOrExceeded: number
  /** metOrExceeded ÷ judged, or null when nothing was judged. */
  metOrExceededShare: number | null
}

export function countOutcomes(outcomes: readonly (number | null)[]): OutcomeCounts {
  const byOutcome = OUTCOME_SCALE.map((step) => ({
    value: step.value,
    label: step.label,
    objectives: outcomes.filter((outcome) => outcome === step.value).length,
  }))
  const judged = byOutcome.reduce((sum, step) => sum + step.objectives, 0)
  const metOrExceeded = byOutcome.filter((step) => step.value >= 3).reduce((sum, step) => sum + step.objectives, 0)
  return {byOutcome, judged, metOrExceeded, metOrExceededShare: judged === 0 ? null : metOrExceeded / judged}
}

export const sum = (values: Iterable<number>): number => {
  let total = 0
  for (const value of values) total += value
  return total
}

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = groups.get(k)
    if (list) list.push(item)
    else groups.set(k, [item])
  }
  return groups
}

/** What every report holds of a legacy link: its dates and its day budget against the days used. */
export interface LegacyLinkFacts {
  id: number
  status: 'open' | 'ended'
  openedOn: string
  endsOn: string | null
  endedOn: string | null
  budgetHalfDays: number
  usedHalfDays: number
}

/** A legacy link as every report lists it. */
export function legacyRow(link: LegacyLinkFacts) {
  return {
    id: link.id,
    status: link.status,
    openedOn: link.openedOn,
    endsOn: link.endsOn,
    endedOn: link.endedOn,
    budgetHalfDays: link.budgetHalfDays,
    usedHalfDays: link.usedHalfDays,
  }
}

/** A report's glossary: the figures it prints, and what --redact means when it was used. */
export function reportGlossary(keys: readonly MetricKey[], redact: boolean): GlossaryEntry[] {
  return glossaryFor(redact ? [...keys, 'redacted'] : keys)
}
