import {deliveredCostPence, type Deployment, type LegacyLink} from '../deployments.js'
import type {DeploymentStatus, FundingSource} from '../lifecycle.js'
import {outcomeLabel} from '../lifecycle.js'
import {addressLines, headName, type Inspection, type Need, type School} from '../model.js'
import {
  countOutcomes,
  freeText,
  legacyRow,
  type OutcomeCounts,
  personName,
  type ReportBase,
  reportGlossary,
  sum,
  wasAgreed,
  type LegacyLinkFacts,
} from './common.js'

/** `broker reports school URN`: all the support a school has received, and what came of it. */

export interface SchoolReport extends ReportBase {
  school: {
    urn: number
    name: string
    phase: string | null
    type: string | null
    trust: {code: string; name: string | null} | null
    la: {code: string; name: string | null} | null
    region: string | null
    town: string | null
    /** The postal address, one line per part. */
    address: string[]
    /** "Mrs Jo Bloggs"; null when GIAS names no head or under --redact (personal data). */
    head: string | null
    pupils: number | null
    fsmEverPct: number | null
    idaciPct: number | null
    latestInspection: {inspectedOn: string; framework: string; summary: string} | null
  }
  needs: {
    id: number
    reference: string | null
    receivedOn: string
    areas: string[]
    supportType: string
    requestedHalfDays: number
    priority: string
    status: string
  }[]
  support: {
    deploymentId: number
    status: DeploymentStatus
    leader: {ref: string; name: string | null}
    startsOn: string | null
    endsOn: string | null
    agreedHalfDays: number
    deliveredHalfDays: number
    fundingSource: FundingSource | null
    deliveredCostPence: number | null
    evaluatedOn: string | null
    outcomes: OutcomeCounts
  }[]
  objectives: {
    deploymentId: number
    position: number
    objective: string
    outcomeLabel: string | null
    evidence: string | null
  }[]
  legacy: (LegacyLinkFacts & {leader: {ref: string; name: string | null}})[]
  outcomes: OutcomeCounts
  totals: {
    needs: number
    deployments: number
    agreedHalfDays: number
    deliveredHalfDays: number
    deliveredCostPence: number
    legacyUsedHalfDays: number
  }
}

export interface SchoolReportInput {
  hub: string
  asOf: string
  redact: boolean
  school: School
  inspections: readonly Inspection[]
  needs: readonly Need[]
  deployments: readonly Deployment[]
  deliveredByDeployment: ReadonlyMap<number, number>
  objectivesByDeployment: ReadonlyMap<
    number,
    readonly {position: number; objective: string; outcome: number | null; evidence: string | null}[]
  >
  evaluatedOn: ReadonlyMap<number, string>
  legacy: readonly (LegacyLink & {usedHalfDays: number})[]
  areaNames: ReadonlyMap<string, string>
}

export function buildSchoolReport(input: SchoolReportInput): SchoolReport {
  const {school, redact} = input
  const received = input.deployments.filter((deployment) => wasAgreed(deployment.status))
  const support = received.map((deployment) => {
    const delivered = input.deliveredByDeployment.get(deployment.id) ?? 0
    return {
      deploymentId: deployment.id,
      status: deployment.status,
      leader: {ref: deployment.leaderRef, name: personName(deployment.leaderName, redact)},
      startsOn: deployment.startsOn,
      endsOn: deployment.endsOn,
      agreedHalfDays: deployment.halfDays,
      deliveredHalfDays: delivered,
      fundingSource: deployment.fundingSource,
      deliveredCostPence: deliveredCostPence(delivered, deployment.dayRatePence),
      evaluatedOn: input.evaluatedOn.get(deployment.id) ?? null,
      outcomes: countOutcomes(
        (input.objectivesByDeployment.get(deployment.id) ?? []).map((objective) => objective.outcome),
      ),
    }
  })
  const objectives = received.flatMap((deployment) =>
    (input.objectivesByDeployment.get(deployment.id) ?? []).map((objective) => ({
      deploymentId: deployment.id,
      position: objective.position,
      objective: objective.objective,
      outcomeLabel: outcomeLabel(objective.outcome),
      evidence: freeText(objective.evidence, redact),
    })),
  )
  const legacy = input.legacy.map((link) => ({
    ...legacyRow(link),
    leader: {ref: link.leaderRef, name: personName(link.leaderName, redact)},
  }))
  return {
    cover: {
      kind: 'school',
      title: 'School support report',
      subject: `${school.name} (URN ${school.urn})`,
      hub: input.hub,
      asOf: input.asOf,
      period: null,
      redacted: redact,
    },
    school: {
      urn: school.urn,
      name: school.name,
      phase: school.phase,
      type: school.type,
      trust: school.trust,
      la: school.la,
      region: school.region,
      town: school.town,
      address: addressLines(school.address),
      head: redact ? null : headName(school.head),
      pupils: school.pupils,
      fsmEverPct: school.fsmEverPct,
      idaciPct: school.idaciPct,
      latestInspection: latestInspection(input.inspections),
    },
    needs: input.needs.map((need) => ({
      id: need.id,
      reference: need.reference,
      receivedOn: need.receivedOn,
      areas: need.specialisms.map((code) => input.areaNames.get(code) ?? code),
      supportType: need.supportType,
      requestedHalfDays: need.requestedHalfDays,
      priority: need.priority,
      status: need.status,
    })),
    support,
    objectives,
    legacy,
    outcomes: countOutcomes(
      received.flatMap((deployment) =>
        (input.objectivesByDeployment.get(deployment.id) ?? []).map((objective) => objective.outcome),
      ),
    ),
    totals: {
      needs: input.needs.length,
      deployments: support.length,
      agreedHalfDays: sum(support.map((row) => row.agreedHalfDays)),
      deliveredHalfDays: sum(support.map((row) => row.deliveredHalfDays)),
      deliveredCostPence: sum(support.map((row) => row.deliveredCostPence ?? 0)),
      legacyUsedHalfDays: sum(legacy.map((link) => link.usedHalfDays)),
    },
    glossary: reportGlossary(['as-of', 'agreed-days', 'delivered-to-date', 'delivered-cost', 'outcomes'], redact),
  }
}

const LEGACY_GRADE_LABELS: Record<number, string> = {
  1: 'Outstanding',
  2: 'Good',
  3: 'Requires improvement',
  4: 'Inadequate',
}

/** The latest inspection in its own framework's words (the two frameworks are never mapped). */
function latestInspection(inspections: readonly Inspection[]): SchoolReport['school']['latestInspection'] {
  const latest = [...inspections].sort((a, b) => b.inspectedOn.localeCompare(a.inspectedOn))[0]
  if (!latest) return null
  if (latest.framework === 'legacy-1-4') {
    const summary =
      latest.overallGrade === null
        ? 'no overall grade'
        : `grade ${latest.overallGrade} (${LEGACY_GRADE_LABELS[latest.overallGrade]})`
    return {inspectedOn: latest.inspectedOn, framework: 'Ofsted grades 1-4', summary}
  }
  const areas = Object.entries(latest.judgements).map(
    ([area, value]) => `${area.replace(/-/g, ' ')}: ${value.replace(/-/g, ' ')}`,
  )
  return {
    inspectedOn: latest.inspectedOn,
    framework: 'Ofsted report card (2025)',
    summary: areas.join('; ') || 'no judgements recorded',
  }
}
