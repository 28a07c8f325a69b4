import {academicYearLabel} from '../calendar.js'
import {type KeyStage, MEASURE_INFO, type Measure, type SchoolResult} from '../results.js'
import {measuresFor} from './matching.js'
import type {ImpactDeployment, ImpactSchool} from './model.js'
import {beforeAndAfter, ResultIndex} from './outcomes.js'

/**
 * A leader's own record: each deployment they completed (or that ended early) and what the
 * supported school's published results did from before support to after it, measured as the impact
 * report measures them (the latest result before the agreed start, the first at least N months
 * after the close). No comparison schools, no total, no score and no rank: one school's results
 * move for many reasons, and the impact report is where supported schools are compared with
 * similar ones. Shown to directors only, and never read by the matching engine.
 */

export type RecordStatus = 'followed-up' | 'awaiting-follow-up' | 'no-follow-up-result'

export interface RecordOutcome {
  measure: Measure
  status: RecordStatus
  before: {year: number; value: number}
  /** The follow-up year's result; null while awaited or when the school has none that year. */
  after: {year: number; value: number | null}
  change: number | null
}

export interface RecordEntry {
  deploymentId: number
  urn: number
  school: string
  status: ImpactDeployment['status']
  startsOn: string
  closedOn: string
  /** Measures with a result before support (none: the school had no published result before it). */
  outcomes: RecordOutcome[]
}

export interface LeaderRecord {
  afterMonths: number
  entries: RecordEntry[]
  notes: string[]
}

export interface LeaderRecordInput {
  asOf: string
  afterMonths: number
  deployments: readonly Pick<ImpactDeployment, 'id' | 'urn' | 'status' | 'startsOn' | 'closedOn'>[]
  /** The supported schools and the schools linked to them (predecessors, successors). */
  schools: readonly ImpactSchool[]
  results: readonly SchoolResult[]
  /** Years and key stages with any result in the registry (a follow-up year not among them is awaited). */
  yearsOnRecord: readonly {year: number; keyStage: KeyStage}[]
}

export const RECORD_NOTES = [
  "What each supported school's published results did from before support to after it. It is not a comparison with similar schools, not a measure of the leader and not a score: results move for many reasons, and one school's cohort changes from year to year.",
  'Shown to directors only; the matching engine never reads it.',
]

export function leaderRecordOf(input: LeaderRecordInput): LeaderRecord {
  const schools = new Map(input.schools.map((school) => [school.urn, school]))
  const index = new ResultIndex(input.results, schools, input.yearsOnRecord)
  const entries = [...input.deployments]
    .sort((a, b) => a.closedOn.localeCompare(b.closedOn) || a.id - b.id)
    .map((deployment): RecordEntry => {
      const school = schools.get(deployment.urn)
      const outcomes: RecordOutcome[] = []
      for (const measure of school ? measuresFor(school) : []) {
        const found = beforeAndAfter(index, deployment.urn, measure, deployment, input.afterMonths, input.asOf)
        if (found.status === 'no-baseline') continue
        const after = found.status === 'followed-up' ? found.followUp.value : null
        outcomes.push({
          measure,
          status: found.status,
          before: {year: found.baseline.year, value: found.baseline.value},
          after: {year: found.followUpYear, value: after},
          change: after === null ? null : after - found.baseline.value,
        })
      }
      return {
        deploymentId: deployment.id,
        urn: deployment.urn,
        school: school?.name ?? String(deployment.urn),
        status: deployment.status,
        startsOn: deployment.startsOn,
        closedOn: deployment.closedOn,
        outcomes,
      }
    })
  return {afterMonths: input.afterMonths, entries, notes: RECORD_NOTES}
}

/** A result as people read it: a percentage (a change in percentage points), Progress 8 to two places, other scores to one. */
export function formatMeasure(measure: Measure, value: number, sign = false): string {
  const digits = measure === 'ks4-progress8' ? 2 : 1
  const shown = `${sign && value > 0 ? '+' : ''}${value.toFixed(digits)}`
  if (MEASURE_INFO[measure].unit !== 'percent') return shown
  return sign ? `${shown} points` : `${shown}%`
}

/** The exam year as its academic year: results of exams sat in 2024 are 2023/24's. */
const examYear = (year: number) => academicYearLabel(year - 1)

export interface RecordLine {
  deploymentId: number
  school: string
  status: string
  support: string
  measure: string
  before: string
  after: string
  change: string
}

const AFTER_WORDS: Record<RecordStatus, string> = {
  'followed-up': '',
  'awaiting-follow-up': 'awaited',
  'no-follow-up-result': 'no result',
}

/** One line per deployment and measure, worded for a table (a deployment without results gets one line). */
export function recordLines(record: LeaderRecord): RecordLine[] {
  return record.entries.flatMap((entry) => {
    const common = {
      deploymentId: entry.deploymentId,
      school: `${entry.school} (${entry.urn})`,
      status: entry.status,
      support: `${entry.startsOn} to ${entry.closedOn}`,
    }
    if (entry.outcomes.length === 0)
      return [{...common, measure: 'no published result before support', before: '', after: '', change: ''}]
    return entry.outcomes.map((outcome) => ({
      ...common,
      measure: MEASURE_INFO[outcome.measure].label,
      before: `${examYear(outcome.before.year)}: ${formatMeasure(outcome.measure, outcome.before.value)}`,
      after: `${examYear(outcome.after.year)}: ${
        outcome.after.value === null ? AFTER_WORDS[outcome.status] : formatMeasure(outcome.measure, outcome.after.value)
      }`,
      change: outcome.change === null ? '' : formatMeasure(outcome.measure, outcome.change, true),
    }))
  })
}
