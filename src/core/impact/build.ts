import {groupBy, reportGlossary, type ReportBase} from '../reports/common.js'
import {MEASURES, type Measure, UNPUBLISHED_YEARS} from '../results.js'
import {type Covariates, estimateEffect, standardisedDifference} from './estimate.js'
import {compareInspections, type InspectionFindings} from './inspections.js'
import {ComparisonFinder, type MeasuredSchool, measuresFor, type MeasureStatus} from './matching.js'
import {
  aimsAtAttainment,
  type GroupEstimate,
  type ImpactDeployment,
  type ImpactGrouping,
  type ImpactInput,
  type ImpactSchool,
  SUPPRESS_BELOW,
} from './model.js'
import {ResultIndex} from './outcomes.js'

/**
 * The impact report: did supported schools improve more than similar schools that had no support?
 * Pure: the service gathers schools, deployments, results and inspections; this matches, estimates,
 * suppresses small groups and says in plain words what the comparison can and cannot show.
 */

export interface MeasureCounts {
  measure: Measure
  /** Supported schools by what became of them for this measure. */
  byStatus: Record<MeasureStatus, number>
}

export interface BalanceRow {
  measure: Measure
  characteristic: 'Baseline result' | 'FSM-ever %' | 'Cohort size'
  supportedMean: number | null
  before: number | null
  after: number | null
}

export interface ImpactReport extends ReportBase {
  settings: {
    afterMonths: number
    k: number
    caliper: number
    resamples: number
    seed: number
    by: ImpactGrouping | null
  }
  counts: {
    completedSchools: number
    endedEarlySchools: number
    notAimedAtAttainment: number
    /** Schools with more than one deployment ending in the period: counted once, from their first. */
    repeatSupport: number
  }
  /** Attainment headlines: completed support aimed at attainment. */
  headline: GroupEstimate[]
  byMeasure: MeasureCounts[]
  groups: {grouping: ImpactGrouping; rows: GroupEstimate[]} | null
  /** Support not aimed at attainment (governance, financial health), reported apart. */
  apart: GroupEstimate[]
  endedEarly: GroupEstimate[]
  balance: BalanceRow[]
  inspections: InspectionFindings
  suppressedGroups: number
  unpublished: string[]
  caveats: string[]
}

export const CAVEATS = [
  'This is not a randomised trial. Schools are chosen for support because of their circumstances, and they can differ from the comparison schools in ways the data does not show (a new headteacher, a falling roll, a local crisis). The comparison makes like with like as far as published data allows; it cannot prove that support caused a difference, only show whether supported schools moved more or less than similar schools did.',
  'Comparison schools are alike on phase, region, results in the two years before support, FSM-ever and cohort size, and on nothing else. Support from trusts, local authorities or other programmes is unknown to broker and may have reached comparison schools too.',
  'The interval shows how much the estimate could move with a different set of supported schools; it does not cover every source of error. An interval that spans zero is consistent with no effect at all.',
  'Support not aimed at attainment (governance, financial health) is reported apart, since a change in results is not what it set out to make; deployments that ended early are reported apart too.',
  'Groups with fewer than 5 supported schools measured show no figures.',
]

function groupKey(
  grouping: ImpactGrouping,
  deployment: ImpactDeployment,
  school: ImpactSchool,
  redact: boolean,
): string {
  switch (grouping) {
    case 'support-type':
      return deployment.supportType
    case 'designation':
      return deployment.designation ?? 'designation not recorded'
    case 'area':
      return school.region ?? 'region not recorded'
    case 'programme':
      return deployment.programme ?? 'no programme recorded'
    case 'leader':
      return deployment.leader.name && !redact
        ? `${deployment.leader.name} (${deployment.leader.ref})`
        : deployment.leader.ref
  }
}

export function buildImpactReport(input: ImpactInput): ImpactReport {
  const schools = new Map(input.schools.map((school) => [school.urn, school]))
  const index = new ResultIndex(input.results, schools)
  const finder = new ComparisonFinder(input, index)

  // One unit per school: its first completed deployment in the period, else its first ended early.
  const inPeriod = input.deployments
    .filter((deployment) => deployment.closedOn >= input.period.from && deployment.closedOn <= input.period.to)
    .sort(
      (a, b) =>
        (a.status === 'completed' ? 0 : 1) - (b.status === 'completed' ? 0 : 1) ||
        a.closedOn.localeCompare(b.closedOn) ||
        a.id - b.id,
    )
  const first = new Map<number, ImpactDeployment>()
  const perSchool = new Map<number, number>()
  for (const deployment of inPeriod) {
    perSchool.set(deployment.urn, (perSchool.get(deployment.urn) ?? 0) + 1)
    if (!first.has(deployment.urn) && schools.has(deployment.urn)) first.set(deployment.urn, deployment)
  }
  const units = [...first.values()]
  const measured: MeasuredSchool[] = units.flatMap((deployment) => {
    const school = schools.get(deployment.urn)!
    return measuresFor(school).map((measure) => finder.measure(deployment, school, measure))
  })

  const options = {resamples: input.resamples, seed: input.seed}
  let suppressedGroups = 0
  const estimate = (group: string, rows: readonly MeasuredSchool[], measure: Measure): GroupEstimate | null => {
    const found = rows.filter((row) => row.measure === measure && row.unit !== null).map((row) => row.unit!)
    if (found.length === 0) return null
    if (found.length < SUPPRESS_BELOW) {
      suppressedGroups += 1
      return {group, suppressed: true, measure, supported: found.length}
    }
    return {group, suppressed: false, ...estimateEffect(measure, found, options)!}
  }
  const estimates = (group: string, rows: readonly MeasuredSchool[]) =>
    MEASURES.map((measure) => estimate(group, rows, measure)).filter((row): row is GroupEstimate => row !== null)

  const completed = measured.filter((row) => row.deployment.status === 'completed')
  const attainment = completed.filter((row) => aimsAtAttainment(row.deployment))
  const headline = estimates('All supported schools', attainment)
  const groups =
    input.by === null
      ? null
      : {
          grouping: input.by,
          rows: [
            ...groupBy(attainment, (row) =>
              groupKey(input.by!, row.deployment, schools.get(row.deployment.urn)!, input.redact),
            ),
          ]
            .sort(([a], [b]) => a.localeCompare(b))
            .flatMap(([group, rows]) => estimates(group, rows)),
        }

  const byMeasure: MeasureCounts[] = MEASURES.map((measure) => {
    const byStatus: Record<MeasureStatus, number> = {
      measured: 0,
      'awaiting-follow-up': 0,
      'no-follow-up-result': 0,
      'no-baseline': 0,
      'missing-context': 0,
      'no-comparison': 0,
    }
    for (const row of attainment) if (row.measure === measure) byStatus[row.status] += 1
    return {measure, byStatus}
  }).filter((row) => Object.values(row.byStatus).some((count) => count > 0))
  const measuredBy = groupBy(measured, (row) => row.deployment)
  const completedUnits = units.filter((deployment) => deployment.status === 'completed')

  return {
    cover: {
      kind: 'impact',
      title: 'Impact of support',
      subject: 'Supported schools against similar schools without support',
      hub: input.hub,
      asOf: input.asOf,
      period: input.period,
      redacted: input.redact,
    },
    glossary: reportGlossary(
      [
        'as-of',
        'impact-supported',
        'impact-comparison',
        'impact-effect',
        'impact-interval',
        'impact-balance',
        'impact-suppressed',
        'impact-inspections',
      ],
      input.redact,
    ),
    settings: {
      afterMonths: input.afterMonths,
      k: input.k,
      caliper: input.caliper,
      resamples: input.resamples,
      seed: input.seed,
      by: input.by,
    },
    counts: {
      completedSchools: units.filter((deployment) => deployment.status === 'completed').length,
      endedEarlySchools: units.filter((deployment) => deployment.status === 'ended-early').length,
      notAimedAtAttainment: units.filter(
        (deployment) => deployment.status === 'completed' && !aimsAtAttainment(deployment),
      ).length,
      repeatSupport: [...perSchool.values()].filter((count) => count > 1).length,
    },
    headline,
    byMeasure,
    groups,
    apart: estimates(
      'Governance and financial health',
      completed.filter((row) => !aimsAtAttainment(row.deployment)),
    ),
    endedEarly: estimates(
      'Ended early',
      measured.filter((row) => row.deployment.status === 'ended-early'),
    ),
    balance: balanceRows(attainment, finder),
    inspections: compareInspections(
      completedUnits.map((deployment) => ({
        urn: deployment.urn,
        startsOn: deployment.startsOn,
        closedOn: deployment.closedOn,
        comparisonUrns: [
          ...new Set(
            (measuredBy.get(deployment) ?? [])
              .filter((row) => row.unit !== null)
              .flatMap((row) => row.unit!.comparisons.map((comparison) => comparison.urn)),
          ),
        ],
      })),
      input.inspections,
    ),
    suppressedGroups,
    unpublished: UNPUBLISHED_YEARS.map((gap) => gap.why),
    caveats: CAVEATS,
  }
}

const CHARACTERISTICS: [BalanceRow['characteristic'], keyof Covariates][] = [
  ['Baseline result', 'baseline'],
  ['FSM-ever %', 'fsmEverPct'],
  ['Cohort size', 'cohort'],
]

/** Standardised differences before matching (against every eligible school) and after (against the comparison schools). */
function balanceRows(rows: readonly MeasuredSchool[], finder: ComparisonFinder): BalanceRow[] {
  const balance: BalanceRow[] = []
  for (const measure of MEASURES) {
    const units = rows.filter((row) => row.measure === measure && row.unit !== null)
    if (units.length === 0) continue
    const pools = new Map<string, Covariates[]>()
    for (const row of units) {
      const key = `${row.baseline!.year}|${row.baseline!.previousYear}`
      if (!pools.has(key)) pools.set(key, finder.poolFor(measure, row.baseline!.year, row.baseline!.previousYear))
    }
    const pool = [...pools.values()].flat()
    for (const [characteristic, key] of CHARACTERISTICS) {
      const supported = units.map((row) => row.unit!.covariates[key])
      const matched = units.flatMap((row) =>
        row.unit!.comparisons.map((comparison) => ({
          value: comparison.covariates[key],
          weight: 1 / row.unit!.comparisons.length,
        })),
      )
      const everyone = pool.map((covariates) => covariates[key])
      balance.push({
        measure,
        characteristic,
        supportedMean: supported.reduce((sum, value) => sum + value, 0) / supported.length,
        before: standardisedDifference(
          supported,
          everyone.map((value) => ({value, weight: 1})),
          everyone,
        ),
        after: standardisedDifference(supported, matched, everyone),
      })
    }
  }
  return balance
}
