import type {Kysely} from 'kysely'

import type {RegistrySchema} from '../schema.js'

export interface NewCluster {
  name: string
  programme: string | null
  area: string
  centreUrn: number
  leaderId: number
  halfDaysPerSchool: number
  /** The fewest schools the plan allowed: a cluster that falls below it is flagged. */
  minSize: number
  windowStart: string
  windowEnd: string
  createdAt: string
  createdBy: string
}

export interface ClusterRecord extends NewCluster {
  id: number
  needIds: number[]
}

/** Clusters applied from a plan, and which needs belong to one. */
export class ClustersRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  async insert(cluster: NewCluster, needIds: readonly number[]): Promise<number> {
    const {id} = await this.db
      .insertInto('clusters')
      .values({
        name: cluster.name,
        programme: cluster.programme,
        area: cluster.area,
        centre_urn: cluster.centreUrn,
        leader_id: cluster.leaderId,
        half_days_per_school: cluster.halfDaysPerSchool,
        min_size: cluster.minSize,
        window_start: cluster.windowStart,
        window_end: cluster.windowEnd,
        created_at: cluster.createdAt,
        created_by: cluster.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (needIds.length > 0)
      await this.db
        .insertInto('cluster_needs')
        .values(needIds.map((needId) => ({cluster_id: id, need_id: needId})))
        .execute()
    return id
  }

  /** Every need that belongs to a cluster: `broker match` leaves them alone. */
  async needIds(): Promise<Set<number>> {
    const rows = await this.db.selectFrom('cluster_needs').select('need_id').execute()
    return new Set(rows.map((row) => row.need_id))
  }

  async list(ids?: readonly number[]): Promise<ClusterRecord[]> {
    let query = this.db.selectFrom('clusters').selectAll().orderBy('id')
    if (ids) query = query.where('id', 'in', ids.length > 0 ? ids : [-1])
    const rows = await query.execute()
    const links = await this.db
      .selectFrom('cluster_needs')
      .select(['cluster_id', 'need_id'])
      .where('cluster_id', 'in', rows.length > 0 ? rows.map((row) => row.id) : [-1])
      .orderBy('need_id')
      .execute()
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      programme: row.programme,
      area: row.area,
      centreUrn: row.centre_urn,
      leaderId: row.leader_id,
      halfDaysPerSchool: row.half_days_per_school,
      minSize: row.min_size,
      windowStart: row.window_start,
      windowEnd: row.window_end,
      createdAt: row.created_at,
      createdBy: row.created_by,
      needIds: links.filter((link) => link.cluster_id === row.id).map((link) => link.need_id),
    }))
  }
}
