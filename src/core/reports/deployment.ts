import {
  type AgreementTerms,
  changedTerms,
  type Deployment,
  deliveredCostPence,
  deliveredHalfDays,
  type Evaluation,
  type LedgerEntry,
  type LegacyCheckin,
  type LegacyLink,
  type Objective,
  type PlannedVisit,
  type Review,
  subjectLabel,
  type Variation,
} from '../deployments.js'
import type {DeploymentStatus, FundingSource, ReviewKind, ReviewOutcome} from '../lifecycle.js'
import {outcomeLabel} from '../lifecycle.js'
import type {Need} from '../model.js'
import {
  countOutcomes,
  freeText,
  legacyRow,
  type OutcomeCounts,
  personName,
  type ReportBase,
  reportGlossary,
  signoff,
  type LegacyLinkFacts,
} from './common.js'

/** `broker reports deployment ID`: one deployment from agreement to legacy, for a board or a funder. */

export interface DeploymentReport extends ReportBase {
  deployment: {
    id: number
    status: DeploymentStatus
    statusReasonCode: string | null
    statusNote: string | null
    leader: {ref: string; name: string | null}
    school: {urn: number | null; trustCode: string | null; name: string | null; label: string}
    need: {id: number; reference: string | null; areas: string[]; supportType: string; receivedOn: string} | null
    matchRunId: number | null
    startsOn: string | null
    endsOn: string | null
    midReviewOn: string | null
    funding: {
      source: FundingSource | null
      programme: string | null
      grantReference: string | null
      payer: string | null
    }
    dayRatePence: number | null
    signoffs: {supportedHead: string | null; homeHead: string | null; broker: string | null}
  }
  objectives: {
    position: number
    objective: string
    successCriteria: string | null
    outcome: number | null
    outcomeLabel: string | null
    evidence: string | null
  }[]
  days: {
    agreedHalfDays: number
    deliveredHalfDays: number
    remainingHalfDays: number
    plannedNotRecordedHalfDays: number
  }
  cost: {agreedPence: number; deliveredPence: number} | null
  visits: {
    date: string
    entry: 'planned' | 'delivered'
    activity: string
    halfDays: number
    recorded: boolean | null
    note: string | null
  }[]
  reviews: {
    kind: ReviewKind
    dueOn: string
    heldOn: string | null
    outcome: ReviewOutcome | null
    notes: string | null
  }[]
  /** `changed` names the terms by field (data); layouts print them as TERM_LABELS words. */
  variations: {
    date: string
    kind: 'agreement' | 'variation'
    halfDays: number
    startsOn: string
    endsOn: string
    dayRatePence: number
    changed: (keyof AgreementTerms)[]
    reason: string | null
  }[]
  evaluation: {evaluatedOn: string; supportedHead: string | null; leaderReflection: string | null} | null
  outcomes: OutcomeCounts
  legacy: (LegacyLinkFacts & {
    nextCheckinDue: string | null
    checkins: {dueOn: string | null; heldOn: string | null; note: string | null}[]
  })[]
}

export interface DeploymentReportInput {
  hub: string
  asOf: string
  redact: boolean
  deployment: Deployment
  need: Need | null
  /** Area code -> name, for the need's areas. */
  areaNames: ReadonlyMap<string, string>
  objectives: readonly Objective[]
  ledger: readonly LedgerEntry[]
  plannedVisits: readonly PlannedVisit[]
  reviews: readonly Review[]
  variations: readonly Variation[]
  evaluation: Evaluation | null
  legacy: readonly (LegacyLink & {
    usedHalfDays: number
    nextCheckinDue: string | null
    checkins: readonly LegacyCheckin[]
  })[]
}

export function buildDeploymentReport(input: DeploymentReportInput): DeploymentReport {
  const {deployment: d, redact} = input
  const delivered = deliveredHalfDays(input.ledger)
  const recordedBy = new Map(input.plannedVisits.map((visit) => [visit.entry.id, visit.recordedBy !== null]))
  const plannedNotRecorded = input.plannedVisits
    .filter((visit) => visit.recordedBy === null)
    .reduce((total, visit) => total + visit.entry.halfDays, 0)
  const label = subjectLabel(d)
  return {
    cover: {
      kind: 'deployment',
      title: 'Deployment report',
      subject: `Deployment ${d.id}: ${label}`,
      hub: input.hub,
      asOf: input.asOf,
      period: null,
      redacted: redact,
    },
    deployment: {
      id: d.id,
      status: d.status,
      statusReasonCode: d.statusReasonCode,
      statusNote: freeText(d.statusReason, redact),
      leader: {ref: d.leaderRef, name: personName(d.leaderName, redact)},
      school: {urn: d.urn, trustCode: d.trustCode, name: d.schoolName, label},
      need: input.need && {
        id: input.need.id,
        reference: input.need.reference,
        areas: input.need.specialisms.map((code) => input.areaNames.get(code) ?? code),
        supportType: input.need.supportType,
        receivedOn: input.need.receivedOn,
      },
      matchRunId: d.matchRunId,
      startsOn: d.startsOn,
      endsOn: d.endsOn,
      midReviewOn: d.midReviewOn,
      funding: {
        source: d.fundingSource,
        programme: d.fundingProgramme,
        grantReference: d.grantReference,
        payer: d.payer,
      },
      dayRatePence: d.dayRatePence,
      signoffs: {
        supportedHead: signoff(d.signoffs.supportedHead, redact),
        homeHead: signoff(d.signoffs.homeHead, redact),
        broker: signoff(d.signoffs.broker, redact),
      },
    },
    objectives: input.objectives.map((objective) => ({
      position: objective.position,
      objective: objective.objective,
      successCriteria: objective.successCriteria,
      outcome: objective.outcome,
      outcomeLabel: outcomeLabel(objective.outcome),
      evidence: freeText(objective.evidence, redact),
    })),
    days: {
      agreedHalfDays: d.halfDays,
      deliveredHalfDays: delivered,
      remainingHalfDays: Math.max(0, d.halfDays - delivered),
      plannedNotRecordedHalfDays: plannedNotRecorded,
    },
    cost:
      d.dayRatePence === null
        ? null
        : {
            agreedPence: deliveredCostPence(d.halfDays, d.dayRatePence)!,
            deliveredPence: deliveredCostPence(delivered, d.dayRatePence)!,
          },
    visits: input.ledger.map((entry) => ({
      date: entry.onDate,
      entry: entry.entry,
      activity: entry.activity,
      halfDays: entry.halfDays,
      recorded: entry.entry === 'planned' ? (recordedBy.get(entry.id) ?? false) : null,
      note: freeText(entry.note, redact),
    })),
    reviews: input.reviews.map((review) => ({
      kind: review.kind,
      dueOn: review.dueOn,
      heldOn: review.heldOn,
      outcome: review.outcome,
      notes: freeText(review.notes, redact),
    })),
    variations: input.variations.map((variation) => ({
      date: variation.variedOn,
      kind: variation.kind,
      halfDays: variation.after.halfDays,
      startsOn: variation.after.startsOn,
      endsOn: variation.after.endsOn,
      dayRatePence: variation.after.dayRatePence,
      changed: variation.before ? changedTerms(variation.before, variation.after) : [],
      reason: freeText(variation.reason, redact),
    })),
    evaluation: input.evaluation && {
      evaluatedOn: input.evaluation.evaluatedOn,
      supportedHead: freeText(input.evaluation.supportedHeadEvaluation, redact),
      leaderReflection: freeText(input.evaluation.leaderReflection, redact),
    },
    outcomes: countOutcomes(input.objectives.map((objective) => objective.outcome)),
    legacy: input.legacy.map((link) => ({
      ...legacyRow(link),
      nextCheckinDue: link.nextCheckinDue,
      checkins: link.checkins.map((checkin) => ({
        dueOn: checkin.dueOn,
        heldOn: checkin.heldOn,
        note: freeText(checkin.note, redact),
      })),
    })),
    glossary: reportGlossary(
      ['as-of', 'agreed-days', 'delivered-to-date', 'remaining', 'agreed-cost', 'delivered-cost', 'outcomes'],
      redact,
    ),
  }
}
