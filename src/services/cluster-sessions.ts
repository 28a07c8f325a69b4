import {shareHalfDays} from '../core/clusters/sessions.js'
import {notFound, refused} from '../core/errors.js'
import type {ServiceContext} from './context.js'
import {logWorkIn} from './deployment-work.js'

/**
 * `broker clusters log`: one session with the whole cluster, its days shared out in half days
 * across the schools whose deployment is active (core/clusters/sessions.ts), each share logged on
 * that school's deployment, all in one transaction.
 */

export interface SessionInput {
  clusterId: number
  halfDays: number
  date?: string
  note?: string | null
}

export interface SessionLogged {
  clusterId: number
  halfDays: number
  /** Half days left over after equal shares, given one each to the first schools. */
  remainder: number
  shares: {deploymentId: number; urn: number | null; halfDays: number}[]
  warnings: string[]
}

export async function logClusterSession(context: ServiceContext, input: SessionInput): Promise<SessionLogged> {
  return context.registry.write(async (repos) => {
    const [cluster] = await repos.clusters.list([input.clusterId])
    if (!cluster)
      throw notFound(`There is no cluster ${input.clusterId}.`, {
        code: 'clusters.unknown',
        data: {ids: [input.clusterId]},
      })
    const active: {deploymentId: number; urn: number | null}[] = []
    for (const needId of cluster.needIds) {
      const {deployments} = await repos.deployments.list({needId, status: 'active'})
      const deployment = deployments.find((entry) => entry.leaderId === cluster.leaderId)
      if (deployment) active.push({deploymentId: deployment.id, urn: deployment.urn})
    }
    if (active.length === 0)
      throw refused(
        `No school of cluster ${cluster.id} has an active deployment: a session is logged once they have started.`,
      )
    active.sort((a, b) => a.deploymentId - b.deploymentId)
    const {shares, remainder} = shareHalfDays(input.halfDays, active.length)
    const warnings: string[] = []
    const logged: SessionLogged['shares'] = []
    for (const [index, entry] of active.entries()) {
      const result = await logWorkIn(repos, context, {
        id: entry.deploymentId,
        kind: 'visit',
        ...(input.date === undefined ? {} : {date: input.date}),
        halfDays: shares[index]!,
        note: `Cluster session (${cluster.name}): a share of ${input.halfDays / 2} days across ${active.length} schools${input.note ? `. ${input.note}` : ''}`,
      })
      warnings.push(...result.warnings)
      logged.push({...entry, halfDays: shares[index]!})
    }
    return {
      clusterId: cluster.id,
      halfDays: input.halfDays,
      remainder,
      shares: logged,
      warnings: [...new Set(warnings)],
    }
  })
}
