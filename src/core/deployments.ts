import {addDays, addMonths, toDayNumber} from './calendar.js'
import type {DeploymentStatus, FundingSource, ReviewKind, ReviewOutcome} from './lifecycle.js'
import type {WorkingCalendar} from './working-days.js'

/** A leader and the school (or trust) they work with, as deployments and legacy links name them. */
export interface Pairing {
  leaderId: number
  leaderRef: string
  /** Null once the leader's personal data has been erased. */
  leaderName: string | null
  urn: number | null
  trustCode: string | null
  schoolName: string | null
}

/** A leader's piece of work for a school or trust, from proposal to completion. */
export interface Deployment extends Pairing {
  id: number
  needId: number | null
  status: DeploymentStatus
  statusReasonCode: string | null
  statusReason: string | null
  matchRunId: number | null
  score: number | null
  /** Days held while proposed; the agreed days from agreement on. */
  halfDays: number
  holdExpiresOn: string | null
  startsOn: string | null
  endsOn: string | null
  midReviewOn: string | null
  dayRatePence: number | null
  fundingSource: FundingSource | null
  fundingProgramme: string | null
  grantReference: string | null
  payer: string | null
  signoffs: Signoffs
  /**
   * The days each step was recorded: the service's today, so they agree with BROKER_TODAY and
   * --as-of like every other date the user sees (the audit log keeps the instants).
   */
  proposedOn: string | null
  agreedOn: string | null
  startedOn: string | null
  closedOn: string | null
}

/** Who signed the agreement for each party (as the broker recorded it). */
export interface Signoffs {
  supportedHead: string | null
  homeHead: string | null
  broker: string | null
}

export interface Objective {
  position: number
  objective: string
  successCriteria: string | null
  /** 1..4 on OUTCOME_SCALE, set at completion. */
  outcome: number | null
  evidence: string | null
}

export interface LedgerEntry {
  id: number
  deploymentId: number | null
  legacyLinkId: number | null
  leaderId: number
  entry: 'planned' | 'delivered'
  activity: string
  onDate: string
  halfDays: number
  note: string | null
  createdAt: string
}

export interface Review {
  id: number
  deploymentId: number
  kind: ReviewKind
  dueOn: string
  heldOn: string | null
  outcome: ReviewOutcome | null
  notes: string | null
}

export interface Evaluation {
  evaluatedOn: string
  supportedHeadEvaluation: string | null
  leaderReflection: string | null
}

/** What the parties agreed: the agreement, then each variation, is kept as a snapshot of these. */
export interface AgreementTerms {
  halfDays: number
  startsOn: string
  endsOn: string
  midReviewOn: string
  dayRatePence: number
  fundingSource: FundingSource
  fundingProgramme: string | null
  grantReference: string | null
  payer: string | null
  objectives: {objective: string; successCriteria: string}[]
}

export interface Variation {
  id: number
  /** The day the agreement or variation was recorded (the service's today). */
  variedOn: string
  kind: 'agreement' | 'variation'
  reason: string | null
  before: AgreementTerms | null
  after: AgreementTerms
}

/** The light-touch relationship a completed deployment can leave behind. */
export interface LegacyLink extends Pairing {
  id: number
  deploymentId: number | null
  status: 'open' | 'ended'
  openedOn: string
  endsOn: string | null
  checkinEveryMonths: number | null
  budgetHalfDays: number
  endedOn: string | null
  endReason: string | null
}

export interface LegacyCheckin {
  id: number
  legacyLinkId: number
  dueOn: string | null
  heldOn: string | null
  note: string | null
}

/** "Carr Hill Primary (910083)" or "trust 4000". */
export function subjectLabel(subject: Pick<Pairing, 'urn' | 'trustCode' | 'schoolName'>): string {
  if (subject.urn === null) return `trust ${subject.trustCode}`
  return subject.schoolName ? `${subject.schoolName} (${subject.urn})` : String(subject.urn)
}

export function termsOf(deployment: Deployment, objectives: readonly Objective[]): AgreementTerms {
  return {
    halfDays: deployment.halfDays,
    startsOn: deployment.startsOn ?? '',
    endsOn: deployment.endsOn ?? '',
    midReviewOn: deployment.midReviewOn ?? '',
    dayRatePence: deployment.dayRatePence ?? 0,
    fundingSource: deployment.fundingSource ?? 'other',
    fundingProgramme: deployment.fundingProgramme,
    grantReference: deployment.grantReference,
    payer: deployment.payer,
    objectives: objectives.map((objective) => ({
      objective: objective.objective,
      successCriteria: objective.successCriteria ?? '',
    })),
  }
}

/** The names of the terms a variation changes (field names: data, as JSON keeps them). */
export function changedTerms(before: AgreementTerms, after: AgreementTerms): (keyof AgreementTerms)[] {
  return (Object.keys(after) as (keyof AgreementTerms)[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  )
}

/** The words people use for each term of an agreement: every message and report that names terms uses this table. */
export const TERM_LABELS: Record<keyof AgreementTerms, string> = {
  halfDays: 'days',
  startsOn: 'start date',
  endsOn: 'end date',
  midReviewOn: 'mid-point review date',
  dayRatePence: 'day rate',
  fundingSource: 'funding source',
  fundingProgramme: 'funding programme',
  grantReference: 'grant reference',
  payer: 'payer',
  objectives: 'objectives',
}

/** "days, end date, day rate" for a list of terms. */
export function termLabels(terms: readonly (keyof AgreementTerms)[]): string {
  return terms.map((term) => TERM_LABELS[term]).join(', ')
}

/** Halfway through the agreed dates, moved to the next working day (or back, at the very end). */
export function midReviewDate(start: string, end: string, calendar: WorkingCalendar): string {
  const middle = addDays(start, Math.floor((toDayNumber(end) - toDayNumber(start)) / 2))
  for (let day = middle; day <= end; day = addDays(day, 1)) if (calendar.isWorkingDay(day)) return day
  for (let day = middle; day >= start; day = addDays(day, -1)) if (calendar.isWorkingDay(day)) return day
  return middle
}

/** Delivered cost in pence: delivered days × day rate, to the nearest penny. */
export function deliveredCostPence(deliveredHalfDays: number, dayRatePence: number | null): number | null {
  return dayRatePence === null ? null : Math.round((deliveredHalfDays * dayRatePence) / 2)
}

export function deliveredHalfDays(entries: readonly Pick<LedgerEntry, 'entry' | 'halfDays'>[]): number {
  return entries.reduce((sum, entry) => sum + (entry.entry === 'delivered' ? entry.halfDays : 0), 0)
}

/** Check-in dates every `everyMonths` after opening, up to and including the end. */
export function checkinSchedule(openedOn: string, endsOn: string, everyMonths: number): string[] {
  const dates: string[] = []
  for (let step = 1; ; step += 1) {
    const due = addMonths(openedOn, step * everyMonths)
    if (due > endsOn) return dates
    dates.push(due)
  }
}

export interface PlannedVisit {
  entry: Pick<LedgerEntry, 'id' | 'onDate' | 'halfDays' | 'activity'>
  /** The delivered entry that records it, if any. */
  recordedBy: number | null
}

/**
 * Pairs planned visits with the delivered records that follow them: each delivered entry, in date
 * order, records the latest planned visit on or before its date that no other entry recorded.
 */
export function pairPlannedVisits(
  entries: readonly Pick<LedgerEntry, 'id' | 'entry' | 'onDate' | 'halfDays' | 'activity'>[],
): PlannedVisit[] {
  const byDate = (a: {onDate: string; id: number}, b: {onDate: string; id: number}) =>
    a.onDate.localeCompare(b.onDate) || a.id - b.id
  const visits: PlannedVisit[] = entries
    .filter((entry) => entry.entry === 'planned')
    .sort(byDate)
    .map((entry) => ({
      entry: {id: entry.id, onDate: entry.onDate, halfDays: entry.halfDays, activity: entry.activity},
      recordedBy: null,
    }))
  for (const record of entries.filter((entry) => entry.entry === 'delivered').sort(byDate)) {
    const visit = visits.findLast(
      (candidate) => candidate.recordedBy === null && candidate.entry.onDate <= record.onDate,
    )
    if (visit) visit.recordedBy = record.id
  }
  return visits
}

/** "£1,234.50" from pence. */
export function formatPounds(pence: number): string {
  const pounds = Math.floor(Math.abs(pence) / 100).toLocaleString('en-GB')
  const rest = String(Math.abs(pence) % 100).padStart(2, '0')
  return `${pence < 0 ? '-' : ''}£${pounds}.${rest}`
}

/** Reads "450", "450.50" or "£1,200" as pence; null when it is not an amount of money. */
export function parsePounds(text: string): number | null {
  const cleaned = text.trim().replace(/^£/, '').replace(/,/g, '')
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null
  const [pounds, pence = ''] = cleaned.split('.')
  return Number(pounds) * 100 + Number(pence.padEnd(2, '0'))
}
