import type {Kysely} from 'kysely'

import {chunks} from '../codec.js'
import type {RegistrySchema} from '../schema.js'
import {writeInBatches} from './bulk.js'

/** What the last calendar export said of each event (by UID): its fingerprint and SEQUENCE. */
export interface ExportedEvent {
  fingerprint: string
  sequence: number
}

export class CalendarRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  async exported(uids: readonly string[]): Promise<Map<string, ExportedEvent>> {
    const found = new Map<string, ExportedEvent>()
    for (const batch of chunks([...new Set(uids)])) {
      const rows = await this.db.selectFrom('calendar_events').selectAll().where('uid', 'in', batch).execute()
      for (const row of rows) found.set(row.uid, {fingerprint: row.fingerprint, sequence: row.sequence})
    }
    return found
  }

  async save(events: readonly ({uid: string} & ExportedEvent)[], now: string): Promise<void> {
    // One row per UID (the last one given): a statement may not upsert the same row twice.
    const byUid = new Map(
      events.map((event) => [
        event.uid,
        {uid: event.uid, fingerprint: event.fingerprint, sequence: event.sequence, updated_at: now},
      ]),
    )
    const rows = [...byUid.values()]
    await writeInBatches(this.db, rows, 250, (batch) =>
      this.db
        .insertInto('calendar_events')
        .values(batch)
        .onConflict((conflict) =>
          conflict.column('uid').doUpdateSet((eb) => ({
            fingerprint: eb.ref('excluded.fingerprint'),
            sequence: eb.ref('excluded.sequence'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        ),
    )
  }
}
