import type {Kysely} from 'kysely'

import type {RegistrySchema} from '../schema.js'

export interface Objection {
  urn: number
  leaderId: number
  reason: string | null
  objectedOn: string
}

/** Schools' objections to named leaders: the matching engine never proposes those pairs. */
export class ObjectionsRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  /** Records an objection; one already on record is kept as it is. Returns whether it was new. */
  async add(objection: Objection): Promise<boolean> {
    const result = await this.db
      .insertInto('objections')
      .values({urn: objection.urn, leader_id: objection.leaderId, reason: objection.reason, objected_on: objection.objectedOn})
      .onConflict((oc) => oc.columns(['urn', 'leader_id']).doNothing())
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
  }

  async exists(urn: number, leaderId: number): Promise<boolean> {
    const row = await this.db.selectFrom('objections').select('id').where('urn', '=', urn).where('leader_id', '=', leaderId).executeTakeFirst()
    return row !== undefined
  }

  async forSchool(urn: number): Promise<Objection[]> {
    const rows = await this.db.selectFrom('objections').selectAll().where('urn', '=', urn).orderBy('id').execute()
    return rows.map((row) => ({urn: row.urn, leaderId: row.leader_id, reason: row.reason, objectedOn: row.objected_on}))
  }
}
