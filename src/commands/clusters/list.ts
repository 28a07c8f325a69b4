import {BaseCommand} from '../../cli/base-command.js'
import {belowMinimum} from '../../cli/clusters-report.js'
import {wideFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {plural, renderTable} from '../../cli/table.js'
import {formatDays} from '../../core/days.js'
import {type ClusterSummary, listClusters} from '../../services/cluster-list.js'

export default class ClustersList extends BaseCommand<typeof ClustersList> {
  static override summary = 'List the clusters applied, with their leader and how far each school has got.'

  static override examples = ['<%= config.bin %> clusters list', '<%= config.bin %> clusters list --json']

  static override flags = {wide: wideFlag}

  async run(): Promise<{clusters: ClusterSummary[]}> {
    const result = await this.withContext((context) => listClusters(context))
    this.say(() => render(result.clusters))
    return result
  }
}

function statuses(cluster: ClusterSummary): string {
  const counts = new Map<string, number>()
  for (const school of cluster.schools)
    counts.set(school.status ?? 'none', (counts.get(school.status ?? 'none') ?? 0) + 1)
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ')
}

function render(clusters: readonly ClusterSummary[]): string {
  if (clusters.length === 0) return paint.dim('No cluster yet: `broker clusters plan ... --apply` records one.')
  return [
    renderTable(clusters, [
      {header: 'Id', value: (cluster) => cluster.id, align: 'right'},
      {header: 'Cluster', value: (cluster) => cluster.name, shrinkTo: 18},
      {
        header: 'Leader',
        value: (cluster) => `${cluster.leader.name ?? '(erased)'} (${cluster.leader.ref})`,
        shrinkTo: 18,
      },
      {header: 'Schools', value: (cluster) => cluster.schools.length, align: 'right'},
      {header: 'Days each', value: (cluster) => formatDays(cluster.halfDaysPerSchool), align: 'right'},
      {header: 'Window', value: (cluster) => `${cluster.windowStart}..${cluster.windowEnd}`, dropOrder: 1},
      {header: 'Deployments', value: (cluster) => statuses(cluster), shrinkTo: 16},
    ]),
    paint.dim(`${plural(clusters.length, 'cluster')}; --json lists every school with its need and deployment.`),
    ...belowMinimum(clusters),
  ].join('\n')
}
