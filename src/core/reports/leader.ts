import {academicYearLabel} from '../calendar.js'
import type {YearCapacity} from '../capacity.js'
import {type Deployment, type LegacyLink, subjectLabel} from '../deployments.js'
import type {LeaderRecord} from '../impact/record.js'
import type {DeploymentStatus, FundingSource} from '../lifecycle.js'
import type {Leader} from '../model.js'
import {
  countOutcomes,
  legacyRow,
  type OutcomeCounts,
  personName,
  type ReportBase,
  reportGlossary,
  sum,
  wasAgreed,
  type LegacyLinkFacts,
} from './common.js'

/** `broker reports leader REF`: a leader's deployments, days by academic year and utilisation. */

export interface CapacityYearRow {
  academicYear: number
  label: string
  releasedHalfDays: number
  heldHalfDays: number
  committedHalfDays: number
  deliveredHalfDays: number
  legacyHalfDays: number
  freeHalfDays: number
  /** (delivered + committed) ÷ released; null when nothing was released. */
  utilisation: number | null
}

export interface LeaderReport extends ReportBase {
  leader: {
    ref: string
    name: string | null
    email: string | null
    home: {urn: number; name: string | null} | null
    designations: {kind: string; status: string; designatedOn: string | null; reviewOn: string | null}[]
    specialisms: string[]
    phases: string[]
  }
  years: CapacityYearRow[]
  deployments: {
    id: number
    status: DeploymentStatus
    school: string
    startsOn: string | null
    endsOn: string | null
    agreedHalfDays: number
    deliveredHalfDays: number
    fundingSource: FundingSource | null
    outcomes: OutcomeCounts
  }[]
  legacy: (LegacyLinkFacts & {school: string})[]
  outcomes: OutcomeCounts
  /** The leader's own record of outcomes: for directors only (null otherwise, and when redacted). */
  record: LeaderRecord | null
  totals: {deployments: number; agreedHalfDays: number; deliveredHalfDays: number; legacyUsedHalfDays: number}
}

export interface LeaderReportInput {
  hub: string
  asOf: string
  redact: boolean
  leader: Leader
  homeSchoolName: string | null
  capacity: ReadonlyMap<number, YearCapacity>
  deployments: readonly Deployment[]
  deliveredByDeployment: ReadonlyMap<number, number>
  outcomesByDeployment: ReadonlyMap<number, readonly (number | null)[]>
  legacy: readonly (LegacyLink & {usedHalfDays: number})[]
  record: LeaderRecord | null
}

export function utilisationOf(year: Pick<YearCapacity, 'released' | 'delivered' | 'committed'>): number | null {
  return year.released > 0 ? (year.delivered + year.committed) / year.released : null
}

export function capacityRows(capacity: ReadonlyMap<number, YearCapacity>): CapacityYearRow[] {
  return [...capacity.values()].map((year) => ({
    academicYear: year.academicYear,
    label: academicYearLabel(year.academicYear),
    releasedHalfDays: year.released,
    heldHalfDays: year.held,
    committedHalfDays: year.committed,
    deliveredHalfDays: year.delivered,
    legacyHalfDays: year.legacy,
    freeHalfDays: year.free,
    utilisation: utilisationOf(year),
  }))
}

export function buildLeaderReport(input: LeaderReportInput): LeaderReport {
  const {leader, redact} = input
  const deployments = input.deployments.map((deployment) => ({
    id: deployment.id,
    status: deployment.status,
    school: subjectLabel(deployment),
    startsOn: deployment.startsOn,
    endsOn: deployment.endsOn,
    agreedHalfDays: deployment.halfDays,
    deliveredHalfDays: input.deliveredByDeployment.get(deployment.id) ?? 0,
    fundingSource: deployment.fundingSource,
    outcomes: countOutcomes(input.outcomesByDeployment.get(deployment.id) ?? []),
  }))
  const agreed = deployments.filter((deployment) => wasAgreed(deployment.status))
  const legacy = input.legacy.map((link) => ({...legacyRow(link), school: subjectLabel(link)}))
  const name = personName(leader.name, redact)
  return {
    cover: {
      kind: 'leader',
      title: 'Leader report',
      subject: name ? `${name} (${leader.ref})` : leader.ref,
      hub: input.hub,
      asOf: input.asOf,
      period: null,
      redacted: redact,
    },
    leader: {
      ref: leader.ref,
      name,
      email: redact ? null : leader.email,
      home: leader.homeUrn === null ? null : {urn: leader.homeUrn, name: input.homeSchoolName},
      designations: leader.designations.map((designation) => ({
        kind: designation.kind,
        status: designation.status,
        designatedOn: designation.designatedOn,
        reviewOn: designation.reviewOn,
      })),
      specialisms: leader.specialisms.map((specialism) => specialism.name),
      phases: [...leader.phases],
    },
    years: capacityRows(input.capacity),
    deployments,
    legacy,
    outcomes: countOutcomes(agreed.flatMap((deployment) => input.outcomesByDeployment.get(deployment.id) ?? [])),
    record: redact ? null : input.record,
    totals: {
      deployments: agreed.length,
      agreedHalfDays: sum(agreed.map((deployment) => deployment.agreedHalfDays)),
      deliveredHalfDays: sum(deployments.map((deployment) => deployment.deliveredHalfDays)),
      legacyUsedHalfDays: sum(legacy.map((link) => link.usedHalfDays)),
    },
    glossary: reportGlossary(
      [
        'as-of',
        'agreed-days',
        'delivered-to-date',
        'released',
        'held',
        'committed',
        'legacy-days',
        'free',
        'utilisation',
        'outcomes',
        ...(input.record && !redact ? (['own-record'] as const) : []),
      ],
      redact,
    ),
  }
}
