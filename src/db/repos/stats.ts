import type {Kysely} from 'kysely'

import type {RegistrySchema} from '../schema.js'

export const COUNTED_TABLES = [
  'schools',
  'inspections',
  'leaders',
  'designations',
  'needs',
  'deployments',
  'ledger_entries',
  'legacy_links',
  'match_runs',
  'import_runs',
  'audit_log',
] as const satisfies readonly (keyof RegistrySchema)[]

export type CountedTable = (typeof COUNTED_TABLES)[number]

export class StatsRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  async counts(): Promise<Record<CountedTable, number>> {
    const counts = {} as Record<CountedTable, number>
    for (const table of COUNTED_TABLES) {
      const row = await this.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      counts[table] = Number(row.n)
    }
    return counts
  }

  async migrations(): Promise<string[]> {
    const db = this.db as unknown as Kysely<{kysely_migration: {name: string}}>
    const rows = await db.selectFrom('kysely_migration').select('name').orderBy('name').execute()
    return rows.map((row) => row.name)
  }
}
