import type {Kysely} from 'kysely'

import {nowInstant, toJson} from '../codec.js'
import type {RegistrySchema} from '../schema.js'

export interface ImportRunStart {
  kind: string
  fileName: string
  fileHash: string
  startedAt: string
  actor: string
}

export interface ImportRunRecord {
  id: number
  kind: string
  fileName: string
  fileHash: string
  startedAt: string
  finishedAt: string | null
  durationMs: number | null
  status: string
  counts: ImportRunCounts
  actor: string | null
}

/** What a run recorded of its rows: how many were inserted, updated ... and why rows were skipped. */
export interface ImportRunCounts {
  rows: number
  insert: number
  update: number
  unchanged: number
  rejected: number
  skipped: number
  skippedByReason?: Record<string, number>
}

/** The record of import runs, and the header mappings users saved for next time. */
export class ImportsRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  async startRun(run: ImportRunStart): Promise<number> {
    const row = await this.db
      .insertInto('import_runs')
      .values({
        kind: run.kind,
        file_name: run.fileName,
        file_hash: run.fileHash,
        started_at: run.startedAt,
        dry_run: 0,
        status: 'running',
        counts_json: '{}',
        actor: run.actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async finishRun(
    id: number,
    status: string,
    counts: ImportRunCounts,
    durationMs: number,
    rejectsPath: string | null = null,
  ): Promise<void> {
    await this.db
      .updateTable('import_runs')
      .set({
        status,
        counts_json: toJson(counts),
        finished_at: nowInstant(),
        duration_ms: durationMs,
        rejects_path: rejectsPath,
      })
      .where('id', '=', id)
      .execute()
  }

  async runs(kind?: string, limit = 20): Promise<ImportRunRecord[]> {
    const rows = await this.db
      .selectFrom('import_runs')
      .selectAll()
      .$if(kind !== undefined, (q) => q.where('kind', '=', kind!))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      fileName: row.file_name,
      fileHash: row.file_hash,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      durationMs: row.duration_ms,
      status: row.status,
      counts: JSON.parse(row.counts_json) as ImportRunCounts,
      actor: row.actor,
    }))
  }

  /** Saved header mappings of one kind of import: folded header -> field (null: ignore). */
  async headerMap(kind: string): Promise<Map<string, string | null>> {
    const rows = await this.db
      .selectFrom('import_header_maps')
      .select(['header_key', 'field'])
      .where('kind', '=', kind)
      .execute()
    return new Map(rows.map((row) => [row.header_key, row.field]))
  }

  async saveHeaderMap(kind: string, map: ReadonlyMap<string, string | null>): Promise<void> {
    const savedAt = nowInstant()
    for (const [headerKey, field] of map) {
      await this.db
        .insertInto('import_header_maps')
        .values({kind, header_key: headerKey, field, saved_at: savedAt})
        .onConflict((oc) => oc.columns(['kind', 'header_key']).doUpdateSet({field, saved_at: savedAt}))
        .execute()
    }
  }
}
