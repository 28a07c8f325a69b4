import {usage} from '../core/errors.js'
import {buildImpactReport, type ImpactReport} from '../core/impact/build.js'
import {DEFAULT_IMPACT, type ImpactGrouping} from '../core/impact/model.js'
import {requirePeriod} from '../core/reports/common.js'
import type {ServiceContext} from './context.js'
import {defaultBody} from './leaders.js'
import type {ReportOptions} from './reports.js'

export interface ImpactOptions extends ReportOptions {
  from: string
  to: string
  by?: ImpactGrouping
  afterMonths?: number
  /** The reader is a director: only they may see outcomes by leader (`--by leader`). */
  director?: boolean
}

/** Years of results read: enough before the earliest start for a two-year baseline, up to today. */
const BASELINE_YEARS_BEFORE = 6

export async function impactReport(context: ServiceContext, options: ImpactOptions): Promise<ImpactReport> {
  const period = requirePeriod(options.from, options.to)
  if (options.by === 'leader' && !options.director)
    throw usage("Outcomes by leader are for directors only: a leader's record is not a score for others to read.", {
      code: 'impact.by-leader-not-director',
      data: {},
    })
  const afterMonths = options.afterMonths ?? DEFAULT_IMPACT.afterMonths
  if (!Number.isInteger(afterMonths) || afterMonths < 0)
    throw usage(`${afterMonths} is not a number of months.`, {suggestion: 'Give whole months, 12 say.'})
  return context.registry.read(async (repos) => {
    const deployments = await repos.impact.endedDeployments({period})
    const earliest = Math.min(
      Number(period.from.slice(0, 4)),
      ...deployments.map((deployment) => Number(deployment.startsOn.slice(0, 4))),
    )
    const latest = Number(context.today.slice(0, 4))
    const years: number[] = []
    for (let year = earliest - BASELINE_YEARS_BEFORE; year <= latest; year += 1) years.push(year)
    return buildImpactReport({
      hub: await defaultBody(repos),
      asOf: context.today,
      period,
      afterMonths,
      k: DEFAULT_IMPACT.k,
      caliper: DEFAULT_IMPACT.caliper,
      resamples: DEFAULT_IMPACT.resamples,
      seed: DEFAULT_IMPACT.seed,
      by: options.by ?? null,
      redact: options.redact,
      schools: await repos.impact.schools(),
      deployments,
      supportedInPeriod: await repos.impact.supportedIn(period),
      results: await repos.results.forYears(years),
      inspections: await repos.impact.inspections(),
    })
  })
}
