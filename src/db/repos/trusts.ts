import type {Kysely} from 'kysely'

import {chunks, fromBitOrNull, nowInstant, toBitOrNull} from '../codec.js'
import type {RegistrySchema} from '../schema.js'

export interface Trust {
  code: string
  name: string
  /** Eligible for the Trust and School Improvement offer; null when not known. */
  tsiEligible: boolean | null
  /** When that eligibility was stated. */
  tsiAsOf: string | null
}

export class TrustsRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  async get(code: string): Promise<Trust | undefined> {
    return (await this.getMany([code])).get(code)
  }

  async getMany(codes: readonly string[]): Promise<Map<string, Trust>> {
    const found = new Map<string, Trust>()
    for (const batch of chunks([...new Set(codes)])) {
      const rows = await this.db.selectFrom('trusts').selectAll().where('code', 'in', batch).execute()
      for (const row of rows) {
        found.set(row.code, {
          code: row.code,
          name: row.name,
          tsiEligible: fromBitOrNull(row.tsi_eligible),
          tsiAsOf: row.tsi_as_of,
        })
      }
    }
    return found
  }

  /** The name schools give a trust, for a trust known only from school rows. */
  async nameFromSchools(code: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('schools')
      .select('trust_name')
      .where('trust_code', '=', code)
      .where('trust_name', 'is not', null)
      .executeTakeFirst()
    return row?.trust_name ?? undefined
  }

  /**
   * Records trusts named by a school list: new ones are added, a changed name is updated, and
   * what else is known about a trust (TSI eligibility) is left as it is.
   */
  async upsertNames(trusts: readonly {code: string; name: string}[], now: string): Promise<void> {
    for (const batch of chunks(trusts, 300)) {
      await this.db
        .insertInto('trusts')
        .values(
          batch.map((trust) => ({
            code: trust.code,
            name: trust.name,
            tsi_eligible: null,
            tsi_as_of: null,
            updated_at: now,
          })),
        )
        .onConflict((oc) =>
          oc
            .column('code')
            .doUpdateSet((eb) => ({name: eb.ref('excluded.name'), updated_at: eb.ref('excluded.updated_at')}))
            .where((eb) => eb('trusts.name', '!=', eb.ref('excluded.name'))),
        )
        .execute()
    }
  }

  async upsert(trust: Trust): Promise<void> {
    const values = {
      name: trust.name,
      tsi_eligible: toBitOrNull(trust.tsiEligible),
      tsi_as_of: trust.tsiAsOf,
      updated_at: nowInstant(),
    }
    await this.db
      .insertInto('trusts')
      .values({code: trust.code, ...values})
      .onConflict((oc) => oc.column('code').doUpdateSet(values))
      .execute()
  }
}
