import type {Kysely} from 'kysely'

import type {RegistrySchema} from '../schema.js'

/** Registry-wide settings and bookkeeping (hub name, reference-data hashes). */
export class MetaRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst()
    return row?.value
  }

  async set(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('meta')
      .values({key, value})
      .onConflict((oc) => oc.column('key').doUpdateSet({value}))
      .execute()
  }
}
