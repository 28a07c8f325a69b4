import {formatDays} from '../core/days.js'
import {PROGRAMME_NAMES} from '../core/eligibility.js'
import type {ClusterSummary} from '../services/cluster-list.js'
import type {ClustersApplied} from '../services/clusters-apply.js'
import type {ClusterPlanReport} from '../services/clusters.js'
import {wrap} from './report-terminal.js'
import {paint} from './style.js'
import {plural, renderTable, terminalWidth} from './table.js'

/** How a cluster plan reads on a terminal (`broker clusters plan`). */

const LISTED = 20
/** "1 day", "2.5 days". */
export const daysText = (halfDays: number) => `${formatDays(halfDays)} ${halfDays === 2 ? 'day' : 'days'}`
const wrapped = (text: string, indent = '') => wrap(text, terminalWidth(), indent)
const dimWrapped = (text: string) => paint.dim(wrapped(text))
const km = (value: number) => value.toFixed(1)
const percent = (value: number) => `${(value * 100).toFixed(2)}%`

export function renderClusterPlan(report: ClusterPlanReport, explain: string | undefined): string {
  const {plan, settings} = report
  const programme = settings.programme ? `${PROGRAMME_NAMES[settings.programme]} ` : ''
  const proof =
    plan.method === 'exact'
      ? plan.optimal
        ? 'exact (HiGHS), proven optimal'
        : 'exact (HiGHS), stopped before proving the optimum'
      : `greedy and local search; travel within ${percent(plan.gap)} of a proven lower bound`
  const lines = [
    paint.heading(
      wrapped(
        `${programme}clusters from ${settings.source}: ${plural(plan.clusters, 'cluster')}, ${plan.placed} of ${plan.schools} eligible schools placed`,
      ),
    ),
    dimWrapped(
      `${report.considered} considered, ${report.excluded.length} excluded; sizes ${settings.minSize}-${settings.maxSize} within ${settings.maxKm} km of the centre school; ${daysText(settings.halfDaysPerSchool)} a school ${settings.from}..${settings.to}; ${settings.designations.join('/')} within ${settings.radiusKm} km; ${plan.leaders} fitting leaders`,
    ),
    wrapped(
      `Objective: ${plan.placed} placed (at most ${plan.placedBound}); travel ${km(plan.travelKm)} km (bound ${km(plan.travelBoundKm)} km, gap ${percent(plan.gap)}); score ${plan.score.toFixed(4)}; ${proof}.`,
    ),
  ]
  if (explain !== undefined) return [...lines, '', explainCluster(report, explain)].join('\n')
  if (report.clusters.length > 0) {
    lines.push(
      '',
      renderTable(report.clusters, [
        {header: 'Cluster', value: (cluster) => `${cluster.id} ${cluster.name}`, shrinkTo: 18},
        {header: 'Centre school', value: (cluster) => `${cluster.centre.name} (${cluster.centre.urn})`, shrinkTo: 22},
        {header: 'Schools', value: (cluster) => cluster.schools.length, align: 'right'},
        {
          header: 'Leader',
          value: (cluster) => `${cluster.leader.name ?? '(erased)'} (${cluster.leader.ref})`,
          shrinkTo: 18,
        },
        {header: 'Days', value: (cluster) => formatDays(cluster.halfDays), align: 'right'},
        {header: 'Travel km', value: (cluster) => km(cluster.travelKm), align: 'right'},
        {header: 'Score', value: (cluster) => cluster.score.toFixed(3), align: 'right', dropOrder: 1},
      ]),
      paint.dim("`--explain C1` lists a cluster's schools; --json gives every school of every cluster."),
    )
  }
  lines.push('', paint.heading('Against grouping by hand'), comparison(report))
  if (report.leftOut.length > 0) {
    lines.push('', paint.heading(`Left out (${report.leftOut.length})`))
    for (const entry of report.leftOut.slice(0, LISTED))
      lines.push(wrapped(`- ${entry.name} (${entry.urn}): ${entry.reason}. Would help: ${entry.help}.`, '  '))
    if (report.leftOut.length > LISTED)
      lines.push(paint.dim(`... and ${report.leftOut.length - LISTED} more (see --json).`))
  }
  if (report.excluded.length > 0) {
    lines.push('', paint.heading(`Excluded (${report.excluded.length})`))
    lines.push(
      renderTable(report.excluded.slice(0, LISTED), [
        {header: 'School', value: (entry) => `${entry.name ?? 'unknown'} (${entry.urn})`, shrinkTo: 24},
        {
          header: 'Verdict',
          value: (entry) => (entry.verdict === 'undetermined' ? paint.warning('undetermined') : entry.verdict),
        },
        {header: 'Why', value: (entry) => entry.reason, shrinkTo: 30},
      ]),
    )
    if (report.excluded.length > LISTED)
      lines.push(paint.dim(`... and ${report.excluded.length - LISTED} more (see --json).`))
  }
  return lines.join('\n')
}

function comparison(report: ClusterPlanReport): string {
  const {plan, manual} = report
  const perSchool = (travel: number, placed: number) => (placed === 0 ? '–' : km(travel / placed))
  const rows = [
    {what: 'plan', groups: plan.clusters, placed: plan.placed, travel: plan.travelKm, breaking: 0},
    {
      what: `by hand (local authority, postcode order, groups of ${report.settings.maxSize})`,
      groups: manual.groups,
      placed: manual.placed,
      travel: manual.placedTravelKm,
      breaking: manual.breakingRules,
    },
  ]
  const table = renderTable(rows, [
    {header: '', value: (row) => row.what, shrinkTo: 20},
    {header: 'Groups', value: (row) => row.groups, align: 'right'},
    {header: 'Placed', value: (row) => row.placed, align: 'right'},
    {header: 'Travel km', value: (row) => km(row.travel), align: 'right'},
    {header: 'km a school', value: (row) => perSchool(row.travel, row.placed), align: 'right'},
    {header: 'Break rules', value: (row) => row.breaking, align: 'right'},
  ])
  return `${table}\n${dimWrapped('Placed: in a group of the smallest size or more with a fitting leader; travel of the placed groups, to their centre school.')}`
}

function explainCluster(report: ClusterPlanReport, id: string): string {
  const cluster = report.clusters.find((entry) => entry.id.toLowerCase() === id.trim().toLowerCase())!
  return [
    paint.heading(`${cluster.id} ${cluster.name}: ${plural(cluster.schools.length, 'school')}`),
    `Leader: ${cluster.leader.name ?? '(erased)'} (${cluster.leader.ref}), ${formatDays(cluster.halfDays)} days; farthest school ${cluster.leader.farthestKm === null ? 'unknown' : `${km(cluster.leader.farthestKm)} km`} from their base`,
    `Centre: ${cluster.centre.name} (${cluster.centre.urn}); travel ${km(cluster.travelKm)} km; score ${cluster.score.toFixed(4)}`,
    renderTable(cluster.schools, [
      {header: 'School', value: (school) => `${school.name} (${school.urn})`, shrinkTo: 30},
      {header: 'Postcode', value: (school) => school.postcode},
      {header: 'km to centre', value: (school) => km(school.km), align: 'right'},
      {header: 'Score', value: (school) => school.score.toFixed(3), align: 'right'},
    ]),
  ].join('\n')
}

export function renderApplied(applied: ClustersApplied): string {
  if (applied.clusters.length === 0) return paint.dim('No cluster to apply.')
  return [
    '',
    paint.heading(`Applied: ${plural(applied.clusters.length, 'cluster')}`),
    renderTable(applied.clusters, [
      {header: 'Id', value: (cluster) => cluster.id, align: 'right'},
      {header: 'Cluster', value: (cluster) => cluster.name, shrinkTo: 20},
      {header: 'Leader', value: (cluster) => cluster.leaderRef},
      {header: 'Needs', value: (cluster) => cluster.needIds.join(', '), shrinkTo: 20},
      {header: 'Proposed deployments', value: (cluster) => cluster.deploymentIds.join(', '), shrinkTo: 20},
    ]),
    dimWrapped(
      'Each deployment holds the days until agreed: `broker deployments agree ID`, then log visits as usual. `broker clusters list` shows them.',
    ),
  ].join('\n')
}

/** A warning for each cluster that schools leaving have taken below its smallest size. */
export function belowMinimum(clusters: readonly ClusterSummary[]): string[] {
  return clusters
    .filter((cluster) => cluster.staying < cluster.minSize)
    .map((cluster) =>
      paint.warning(
        `Cluster ${cluster.id} ${cluster.name} has ${cluster.staying} of its schools left, below its ${cluster.minSize}: plan its area again (\`broker clusters plan\`) to find schools to add.`,
      ),
    )
}
