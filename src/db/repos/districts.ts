import type {Kysely} from 'kysely'

import {chunks} from '../codec.js'
import type {RegistrySchema} from '../schema.js'

export interface District {
  code: string
  name: string
  laCode: string | null
  /** Achieving Excellence Areas category, 1 (best outcomes) to 6; null when not known. */
  aeaCategory: number | null
}

/** Local authority districts (GSS codes), which carry the AEA category schools inherit. */
export class DistrictsRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  async getMany(codes: readonly string[]): Promise<Map<string, District>> {
    const found = new Map<string, District>()
    for (const batch of chunks([...new Set(codes)])) {
      const rows = await this.db.selectFrom('districts').selectAll().where('code', 'in', batch).execute()
      for (const row of rows)
        found.set(row.code, {code: row.code, name: row.name, laCode: row.la_code, aeaCategory: row.aea_category})
    }
    return found
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('districts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  /** How many schools lie in these districts. */
  async schoolsIn(codes: readonly string[]): Promise<number> {
    let total = 0
    for (const batch of chunks([...new Set(codes)])) {
      const row = await this.db
        .selectFrom('schools')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('district_code', 'in', batch)
        .executeTakeFirstOrThrow()
      total += Number(row.n)
    }
    return total
  }

  async upsertMany(districts: readonly District[]): Promise<void> {
    for (const district of districts) {
      const values = {name: district.name, la_code: district.laCode, aea_category: district.aeaCategory}
      await this.db
        .insertInto('districts')
        .values({code: district.code, ...values})
        .onConflict((oc) => oc.column('code').doUpdateSet(values))
        .execute()
    }
  }
}
