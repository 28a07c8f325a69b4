import type {Kysely} from 'kysely'

import type {RegistrySchema} from '../schema.js'

export interface Objection {
  urn: number
  leaderId: number
  leaderRef: string
  reason: string | null
  objectedOn: string
}

/** A school's objection to a named leader: the matching engine never proposes that pair. */
export class ObjectionsRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  async record(urn: number, leaderId: number, reason: string | null, objectedOn: string): Promise<void> {
    await this.db
      .insertInto('objections')
      .values({urn, leader_id: leaderId, reason, objected_on: objectedOn})
      .onConflict((oc) => oc.columns(['urn', 'leader_id']).doUpdateSet({reason, objected_on: objectedOn}))
      .execute()
  }

  async exists(urn: number, leaderId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('objections')
      .select('id')
      .where('urn', '=', urn)
      .where('leader_id', '=', leaderId)
      .executeTakeFirst()
    return row !== undefined
  }

  async remove(urn: number, leaderId: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('objections')
      .where('urn', '=', urn)
      .where('leader_id', '=', leaderId)
      .executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  async forSchool(urn: number): Promise<Objection[]> {
    const rows = await this.db
      .selectFrom('objections')
      .innerJoin('leaders', 'leaders.id', 'objections.leader_id')
      .select(['objections.urn', 'objections.leader_id', 'leaders.ref', 'objections.reason', 'objections.objected_on'])
      .where('objections.urn', '=', urn)
      .orderBy('objections.objected_on')
      .execute()
    return rows.map((row) => ({
      urn: row.urn,
      leaderId: row.leader_id,
      leaderRef: row.ref,
      reason: row.reason,
      objectedOn: row.objected_on,
    }))
  }
}
