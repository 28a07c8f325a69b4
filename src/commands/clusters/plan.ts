import {Flags} from '@oclif/core'

import {BaseCommand, currentDate} from '../../cli/base-command.js'
import {renderApplied, renderClusterPlan} from '../../cli/clusters-report.js'
import {daysFlag, isoDateFlag, wideFlag} from '../../cli/flags.js'
import {academicYearOf} from '../../core/calendar.js'
import {notFound, usage} from '../../core/errors.js'
import {DESIGNATION_KINDS, type DesignationKind} from '../../core/model.js'
import {applyClusterPlan, type ClustersApplied} from '../../services/clusters-apply.js'
import {type ClusterPlanReport, planClusters} from '../../services/clusters.js'

/** What `broker clusters plan --json` prints: the plan, and what --apply recorded. */
export type ClusterPlanResult = ClusterPlanReport & {applied?: ClustersApplied}

export default class ClustersPlan extends BaseCommand<typeof ClustersPlan> {
  static override summary = 'Group schools into clusters of five or six nearby schools with one fitting leader each.'

  static override description = `The schools are the open needs of one area (--area) or a programme's applicants (--urns FILE);
--programme leading-together keeps those its eligibility rule admits and lists the rest with the
reason (undetermined where the IDACI is missing). Each cluster holds --min to --max schools within
--max-km of its centre school, of one phase unless --mixed-phase, and gets one leader: a named
designation, the area's expertise (whole-school leadership without --area), phase cover, every
school within the leader's radius, not at a school of the cluster, not of the same trust, and free
days for --days-per-school times the cluster's size in every academic year of --from..--to. Each
leader leads at most one cluster.

The objective, in order: the most schools placed; then the least travel (each school to its
centre school); then the highest summed match score of each leader with their schools. Up to 80
schools it is solved exactly with HiGHS; beyond, a narrowed model is solved within a fixed number of
steps and its travel is set beside a proven (Lagrangian) bound, with the gap. The plan is compared
with grouping by hand: each local authority's schools in postcode order. Nothing is recorded
unless --apply: then each cluster, a need per school (its open need of the area, or a new one) and a
proposed deployment per school to the cluster's leader, holding the days. \`broker match\` never
re-plans a cluster's needs; each deployment follows the usual lifecycle.`

  static override examples = [
    '<%= config.bin %> clusters plan --urns applicants.csv --programme leading-together',
    '<%= config.bin %> clusters plan --area phonics --designation SLE --min 4 --max 5 --days-per-school 3',
    '<%= config.bin %> clusters plan --urns applicants.csv --max-km 15 --mixed-phase --json',
    '<%= config.bin %> clusters plan --urns applicants.csv --explain C3',
    '<%= config.bin %> clusters plan --urns applicants.csv --programme leading-together --apply',
  ]

  static override flags = {
    wide: wideFlag,
    area: Flags.string({description: 'The schools with open needs in this area (code or name).', exclusive: ['urns']}),
    urns: Flags.string({description: 'A CSV or XLSX file of URNs (a URN column, or one a line): the applicants.'}),
    programme: Flags.string({
      description: 'Keep only the schools this programme admits.',
      options: ['leading-together'],
    }),
    min: Flags.integer({description: 'Fewest schools in a cluster.', default: 5}),
    max: Flags.integer({description: 'Most schools in a cluster.', default: 6}),
    'max-km': Flags.integer({
      description: "Every school within this many km of its cluster's centre school.",
      default: 25,
    }),
    'mixed-phase': Flags.boolean({description: 'Let one cluster hold schools of different phases.'}),
    'days-per-school': daysFlag({description: "The leader's days for each school of the cluster (default 2)."}),
    from: isoDateFlag({description: 'Start of the programme. Default: today.'}),
    to: isoDateFlag({
      description:
        'End of the programme. Default: 31 August two academic years on for Leading Together (a two-year programme), else the end of this academic year.',
    }),
    designation: Flags.string({
      description: 'A designation that may lead a cluster; repeatable. Default: NLE and LLE.',
      options: [...DESIGNATION_KINDS],
      multiple: true,
    }),
    radius: Flags.integer({description: "The leaders' in-person radius in km from their base (default 50)."}),
    'as-of': isoDateFlag({description: 'Treat this date as today (capacity, designations). Default: today.'}),
    method: Flags.string({
      description:
        'exact (HiGHS, proven optimal), heuristic (fast, with a proven bound), or auto: exact up to 80 schools.',
      options: ['auto', 'exact', 'heuristic'],
      default: 'auto',
    }),
    apply: Flags.boolean({
      description:
        "Record the clusters, a need per school and a proposed deployment per school to the cluster's leader, holding the days.",
    }),
    explain: Flags.string({
      description: 'Show one cluster of the plan (C1, C2 ...): its schools, leader and distances.',
    }),
  }

  async run(): Promise<ClusterPlanResult> {
    const flags = this.flags
    const asOf = flags['as-of'] ?? currentDate()
    const from = flags.from ?? asOf
    const programme = flags.programme as 'leading-together' | undefined
    const years = programme === 'leading-together' ? 2 : 1
    const to = flags.to ?? `${academicYearOf(from) + years}-08-31`
    if (flags.apply && flags.explain !== undefined)
      throw usage('--explain shows a plan; it cannot be combined with --apply.')
    const {report, applied} = await this.withContext(async (context) => {
      const planned = await planClusters(context, {
        area: flags.area,
        urnsFile: flags.urns,
        programme,
        minSize: flags.min,
        maxSize: flags.max,
        maxKm: flags['max-km'],
        mixedPhase: flags['mixed-phase'],
        halfDaysPerSchool: flags['days-per-school'] ?? 4,
        from,
        to,
        designations: (flags.designation as DesignationKind[] | undefined) ?? ['NLE', 'LLE'],
        radiusKm: flags.radius ?? 50,
        asOf,
        method: flags.method as 'auto' | 'exact' | 'heuristic',
      })
      return {report: planned, applied: flags.apply ? await applyClusterPlan(context, planned) : undefined}
    })
    if (
      flags.explain !== undefined &&
      !report.clusters.some((c) => c.id.toLowerCase() === flags.explain!.trim().toLowerCase())
    )
      throw notFound(
        `The plan has no cluster ${flags.explain}: it has ${report.clusters.map((c) => c.id).join(', ') || 'none'}.`,
      )
    this.say(() => renderClusterPlan(report, flags.explain))
    if (applied) {
      for (const warning of applied.warnings) this.warn(warning)
      this.say(() => renderApplied(applied))
      return {...report, applied}
    }
    return report
  }
}
