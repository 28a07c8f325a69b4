import {notFound} from '../core/errors.js'
import type {ServiceContext} from './context.js'

/** Clusters applied so far (`broker clusters list`): each with its leader and every school's deployment. */

export interface ClusterSummary {
  id: number
  name: string
  programme: string | null
  area: string
  centreUrn: number
  leader: {id: number; ref: string; name: string | null}
  halfDaysPerSchool: number
  minSize: number
  /** Schools whose deployment to the leader is still live or done (not cancelled or ended early). */
  staying: number
  windowStart: string
  windowEnd: string
  schools: {
    urn: number | null
    name: string | null
    needId: number
    needStatus: string
    deploymentId: number | null
    status: string | null
  }[]
}

const STAYING = new Set(['proposed', 'agreed', 'active', 'completed'])

export async function listClusters(
  context: ServiceContext,
  ids?: readonly number[],
): Promise<{clusters: ClusterSummary[]}> {
  return context.registry.read(async (repos) => {
    const records = await repos.clusters.list(ids)
    if (ids && records.length < ids.length) {
      const missing = ids.filter((id) => !records.some((record) => record.id === id))
      throw notFound(`There is no cluster ${missing.join(', ')}.`, {code: 'clusters.unknown', data: {ids: missing}})
    }
    const schoolNames = await repos.schools.getMany([
      ...new Set(
        (await Promise.all(records.flatMap((record) => record.needIds.map((id) => repos.needs.get(id))))).flatMap(
          (need) => (need?.subjectUrn ? [need.subjectUrn] : []),
        ),
      ),
    ])
    const leaders = new Map(
      (await repos.leaders.load([...new Set(records.map((record) => record.leaderId))])).map((leader) => [
        leader.id,
        leader,
      ]),
    )
    const clusters: ClusterSummary[] = []
    for (const record of records) {
      const schools: ClusterSummary['schools'] = []
      for (const needId of record.needIds) {
        const need = await repos.needs.get(needId)
        // The deployment of this need to the cluster's leader: the latest one.
        const {deployments} = await repos.deployments.list({needId, status: 'any'})
        const deployment = deployments
          .filter((entry) => entry.leaderId === record.leaderId)
          .sort((a, b) => b.id - a.id)[0]
        schools.push({
          urn: need?.subjectUrn ?? null,
          name: need?.subjectUrn ? (schoolNames.get(need.subjectUrn)?.name ?? null) : null,
          needId,
          needStatus: need?.status ?? 'unknown',
          deploymentId: deployment?.id ?? null,
          status: deployment?.status ?? null,
        })
      }
      const leader = leaders.get(record.leaderId)
      clusters.push({
        id: record.id,
        name: record.name,
        programme: record.programme,
        area: record.area,
        centreUrn: record.centreUrn,
        leader: {id: record.leaderId, ref: leader?.ref ?? String(record.leaderId), name: leader?.name ?? null},
        halfDaysPerSchool: record.halfDaysPerSchool,
        minSize: record.minSize,
        staying: schools.filter((school) => school.status !== null && STAYING.has(school.status)).length,
        windowStart: record.windowStart,
        windowEnd: record.windowEnd,
        schools,
      })
    }
    return {clusters}
  })
}
