import type {Kysely, Selectable} from 'kysely'

import type {LedgerEntry} from '../../core/deployments.js'
import {chunks, nowInstant} from '../codec.js'
import type {LedgerEntriesTable, RegistrySchema} from '../schema.js'

export type NewLedgerEntry = Omit<LedgerEntry, 'id' | 'createdAt'>

function entryFromRow(row: Selectable<LedgerEntriesTable>): LedgerEntry {
  return {
    id: row.id,
    deploymentId: row.deployment_id,
    legacyLinkId: row.legacy_link_id,
    leaderId: row.leader_id,
    entry: row.entry,
    activity: row.activity,
    onDate: row.on_date,
    halfDays: row.half_days,
    note: row.note,
    createdAt: row.created_at,
  }
}

/** The days ledger: planned visits and delivered days, against a deployment or a legacy link. */
export class LedgerRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  async insert(entry: NewLedgerEntry): Promise<number> {
    const row = await this.db
      .insertInto('ledger_entries')
      .values({
        deployment_id: entry.deploymentId,
        legacy_link_id: entry.legacyLinkId,
        leader_id: entry.leaderId,
        entry: entry.entry,
        activity: entry.activity,
        on_date: entry.onDate,
        half_days: entry.halfDays,
        note: entry.note,
        created_at: nowInstant(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async forDeployments(deploymentIds: readonly number[]): Promise<Map<number, LedgerEntry[]>> {
    return this.grouped('deployment_id', deploymentIds)
  }

  async forLegacyLinks(linkIds: readonly number[]): Promise<Map<number, LedgerEntry[]>> {
    return this.grouped('legacy_link_id', linkIds)
  }

  private async grouped(
    owner: 'deployment_id' | 'legacy_link_id',
    ids: readonly number[],
  ): Promise<Map<number, LedgerEntry[]>> {
    const result = new Map<number, LedgerEntry[]>(ids.map((id) => [id, []]))
    for (const batch of chunks(ids)) {
      const rows = await this.db
        .selectFrom('ledger_entries')
        .selectAll()
        .where(owner, 'in', batch)
        .orderBy('on_date')
        .orderBy('id')
        .execute()
      for (const row of rows) result.get(row[owner]!)?.push(entryFromRow(row))
    }
    return result
  }
}
