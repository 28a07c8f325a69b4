import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {belowMinimum, daysText} from '../../cli/clusters-report.js'
import {wideFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {renderTable} from '../../cli/table.js'
import {type ClusterSummary, listClusters} from '../../services/cluster-list.js'

export default class ClustersShow extends BaseCommand<typeof ClustersShow> {
  static override summary = "Show one cluster: its leader, and each school's need and deployment."

  static override examples = ['<%= config.bin %> clusters show 1', '<%= config.bin %> clusters show 1 --json']

  static override args = {id: Args.integer({description: 'Cluster id (see `broker clusters list`).', required: true})}

  static override flags = {wide: wideFlag}

  async run(): Promise<ClusterSummary> {
    const {clusters} = await this.withContext((context) => listClusters(context, [this.args.id]))
    const cluster = clusters[0]!
    this.say(() =>
      [
        paint.heading(`Cluster ${cluster.id}: ${cluster.name}`),
        `Leader: ${cluster.leader.name ?? '(erased)'} (${cluster.leader.ref}); ${daysText(cluster.halfDaysPerSchool)} a school, ${cluster.windowStart}..${cluster.windowEnd}; area ${cluster.area}${cluster.programme ? `; ${cluster.programme}` : ''}`,
        renderTable(cluster.schools, [
          {header: 'School', value: (school) => `${school.name ?? 'unknown'} (${school.urn ?? '–'})`, shrinkTo: 30},
          {header: 'Need', value: (school) => `${school.needId} ${school.needStatus}`},
          {
            header: 'Deployment',
            value: (school) => (school.deploymentId === null ? null : `${school.deploymentId} ${school.status}`),
          },
        ]),
        ...belowMinimum([cluster]),
      ].join('\n'),
    )
    return cluster
  }
}
