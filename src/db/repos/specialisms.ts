import type {Kysely} from 'kysely'

import {fromBit} from '../codec.js'
import type {RegistrySchema} from '../schema.js'

export interface SpecialismNode {
  code: string
  name: string
  kind: 'focus' | 'area'
  parentCode: string | null
  wholeSchool: boolean
  retired: boolean
}

export class SpecialismsRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  async all(): Promise<SpecialismNode[]> {
    const rows = await this.db
      .selectFrom('specialisms as s')
      .leftJoin('specialisms as p', 'p.id', 's.parent_id')
      .select(['s.code', 's.name', 's.kind', 's.whole_school', 's.retired', 'p.code as parent_code'])
      .orderBy('s.sort_order')
      .execute()
    return rows.map((row) => ({
      code: row.code,
      name: row.name,
      kind: row.kind,
      parentCode: row.parent_code,
      wholeSchool: fromBit(row.whole_school),
      retired: fromBit(row.retired),
    }))
  }
}
