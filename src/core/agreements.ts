import {daysInWords, designationTitleOf, longDate, type Party} from './correspondence.js'
import {type Deployment, deliveredCostPence, formatPounds, type Objective, type PlannedVisit} from './deployments.js'
import {refused} from './errors.js'
import type {FundingSource} from './lifecycle.js'

/**
 * The agreement between the parties to a deployment, for signature: the supported school's
 * governing body or trust and the leader's home school or trust, the leader, the objectives with
 * their success criteria, days and dates, the mid-point review, the money, the clauses a hub
 * completes, and the signature blocks. `agreementTags` is what a Word template (docxtemplater)
 * is filled with; the PDF lays out the same model (agreement-layout.ts).
 */

export interface AgreementModel {
  hub: string
  /** The day it was drawn up. */
  drawnUpOn: string
  deploymentId: number
  needReference: string | null
  supported: Party
  home: Party
  leader: {name: string; ref: string; designation: string | null}
  objectives: {position: number; objective: string; successCriteria: string}[]
  halfDays: number
  startsOn: string
  endsOn: string
  midReviewOn: string
  plannedVisits: {date: string; activity: string; halfDays: number}[]
  dayRatePence: number
  totalPence: number
  fundingSource: FundingSource
  fundingProgramme: string | null
  grantReference: string | null
  payer: string | null
  /** Sign-offs recorded when the deployment was agreed. */
  signoffs: {supportedHead: string | null; homeHead: string | null; broker: string | null}
}

/** What an agreement cannot be drawn up without, as the refusal names them. */
export type AgreementPart =
  'objectives' | 'success criteria' | 'dates' | 'mid-point review' | 'day rate' | 'funding source'

export interface AgreementInput {
  hub: string
  today: string
  deployment: Deployment
  needReference: string | null
  objectives: readonly Objective[]
  plannedVisits: readonly PlannedVisit[]
  supported: Party
  home: Party
  /** The leader's best active designation. */
  designation: string | null
}

/** The model, or a refusal naming everything still missing (a proposal not yet agreed). */
export function buildAgreement(input: AgreementInput): AgreementModel {
  const d = input.deployment
  if (d.leaderName === null)
    throw refused(`Deployment ${d.id}: the leader's personal data was erased, so no agreement can name them.`)
  const missing: AgreementPart[] = []
  if (input.objectives.length === 0) missing.push('objectives')
  else if (input.objectives.some((objective) => !objective.successCriteria?.trim())) missing.push('success criteria')
  if (d.startsOn === null || d.endsOn === null) missing.push('dates')
  if (d.midReviewOn === null) missing.push('mid-point review')
  if (d.dayRatePence === null) missing.push('day rate')
  if (d.fundingSource === null) missing.push('funding source')
  if (missing.length > 0) {
    throw refused(
      `Deployment ${d.id} (${d.status}) has no finished agreement to draw up: it has no ${missing.join(', no ')} yet.`,
      {code: 'agreement.unfinished', data: {deploymentId: d.id, status: d.status, missing}},
    )
  }
  return {
    hub: input.hub,
    drawnUpOn: input.today,
    deploymentId: d.id,
    needReference: input.needReference,
    supported: input.supported,
    home: input.home,
    leader: {name: d.leaderName, ref: d.leaderRef, designation: input.designation},
    objectives: input.objectives.map((objective) => ({
      position: objective.position,
      objective: objective.objective,
      successCriteria: objective.successCriteria!,
    })),
    halfDays: d.halfDays,
    startsOn: d.startsOn!,
    endsOn: d.endsOn!,
    midReviewOn: d.midReviewOn!,
    plannedVisits: input.plannedVisits.map((visit) => ({
      date: visit.entry.onDate,
      activity: visit.entry.activity,
      halfDays: visit.entry.halfDays,
    })),
    dayRatePence: d.dayRatePence!,
    totalPence: deliveredCostPence(d.halfDays, d.dayRatePence)!,
    fundingSource: d.fundingSource!,
    fundingProgramme: d.fundingProgramme,
    grantReference: d.grantReference,
    payer: d.payer,
    signoffs: {...d.signoffs},
  }
}

export const FUNDING_WORDS: Record<FundingSource, string> = {
  'dfe-grant': 'DfE grant',
  'school-budget': "the supported school's budget",
  trust: 'the trust',
  'local-authority': 'the local authority',
  hub: 'the hub',
  'pro-bono': 'none: the support is given without charge',
  other: 'other (see the programme)',
}

/** The clauses a hub completes: each marked as such in every format, with what the hub must settle. */
export const HUB_CLAUSES: readonly {heading: string; text: string}[] = [
  {
    heading: 'Safeguarding and DBS checks',
    text: "The home school confirms that the leader holds an enhanced DBS check with barred list check, recorded on its single central record, and will confirm this in writing to the supported school before the first visit. The leader follows the supported school's safeguarding policy and reports any concern to its designated safeguarding lead the same day. [Hub to complete: the date of the DBS check and who confirms it.]",
  },
  {
    heading: 'Insurance',
    text: "The home school's (or trust's) employer's liability and the supported school's public liability cover apply while the leader works at the supported school. [Hub to complete: the policies or the risk protection arrangement (RPA) that cover each party.]",
  },
  {
    heading: 'Data protection',
    text: "Each party is a controller of the personal data it holds. The leader sees pupils' and staff's personal data only as far as the objectives need it, keeps it on the supported school's systems, and returns or deletes it when the support ends, under UK GDPR and the Data Protection Act 2018. [Hub to complete: any data sharing agreement and its contacts.]",
  },
  {
    heading: 'Termination',
    text: 'Either school may end this agreement by giving notice in writing to the other and to the hub; days delivered before the end are paid at the day rate. The hub may end it at once where safeguarding requires. [Hub to complete: the notice period.]',
  },
  {
    heading: 'Invoicing and VAT',
    text: "The home school (or trust) invoices the payer for the days delivered, as recorded with the hub, at the day rate. [Hub to complete: when invoices are raised, the purchase order or grant reference to quote, and whether VAT is charged (a school's supply of staff may be a taxable supply).]",
  },
]

/**
 * The data a Word template is filled with: the tag names the README lists for hubs writing their
 * own template. Every value is plain text (docxtemplater escapes it); `objectives`,
 * `plannedVisits` and `clauses` are lists for loops.
 */
export function agreementTags(model: AgreementModel) {
  const party = <Side extends 'supported' | 'home'>(side: Side, p: Party) =>
    ({
      [`${side}Body`]: p.body,
      [`${side}School`]: p.school ?? '',
      [`${side}Urn`]: p.urn === null ? '' : String(p.urn),
      [`${side}Address`]: p.address.join(', '),
      [`${side}Signatory`]: p.signatory ?? SIGNATORY_BLANK,
      [`${side}SignatoryRole`]: p.signatoryRole,
    }) as Record<`${Side}${'Body' | 'School' | 'Urn' | 'Address' | 'Signatory' | 'SignatoryRole'}`, string>
  return {
    hub: model.hub,
    drawnUpOn: longDate(model.drawnUpOn),
    deploymentId: String(model.deploymentId),
    needReference: model.needReference ?? '',
    ...party('supported', model.supported),
    ...party('home', model.home),
    leaderName: model.leader.name,
    leaderRef: model.leader.ref,
    leaderDesignation: designationTitleOf(model.leader.designation) ?? '',
    objectives: model.objectives.map((objective) => ({
      number: String(objective.position),
      objective: objective.objective,
      successCriteria: objective.successCriteria,
    })),
    days: daysInWords(model.halfDays),
    startsOn: longDate(model.startsOn),
    endsOn: longDate(model.endsOn),
    midReviewOn: longDate(model.midReviewOn),
    plannedVisits: model.plannedVisits.map((visit) => ({
      date: longDate(visit.date),
      activity: visit.activity,
      days: daysInWords(visit.halfDays),
    })),
    hasPlannedVisits: model.plannedVisits.length > 0,
    dayRate: formatPounds(model.dayRatePence),
    totalCost: formatPounds(model.totalPence),
    fundingSource: FUNDING_WORDS[model.fundingSource],
    fundingProgramme: model.fundingProgramme ?? '',
    grantReference: model.grantReference ?? '',
    payer: model.payer ?? 'to be agreed',
    clauses: HUB_CLAUSES.map((clause, index) => ({
      number: String(index + FIRST_CLAUSE),
      heading: clause.heading,
      text: clause.text,
    })),
    supportedHeadSignoff: model.signoffs.supportedHead ?? '',
    homeHeadSignoff: model.signoffs.homeHead ?? '',
    brokerSignoff: model.signoffs.broker ?? '',
  }
}

export type AgreementTags = ReturnType<typeof agreementTags>

/** Where the registry does not know who signs (a trust's CEO, a school without a head on GIAS). */
export const SIGNATORY_BLANK = '____________________'

/** The numbered sections before the hub's clauses: parties, leader, objectives, days, money. */
export const FIRST_CLAUSE = 6
