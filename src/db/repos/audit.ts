import type {Kysely} from 'kysely'

import {nowInstant, toJson} from '../codec.js'
import {withholdFreeText} from '../free-text.js'
import type {RegistrySchema} from '../schema.js'

export interface AuditEntry {
  actor: string
  action: string
  entity: string
  entityId: string | number
  /**
   * What changed. Refer to people by id and reference; free-text fields (notes, reasons, names ...,
   * see db/free-text) are never stored, only named under `textWithheld`.
   */
  before?: unknown
  after?: unknown
}

export interface AuditRecord {
  id: number
  at: string
  actor: string
  action: string
  entity: string
  entityId: string
  before: unknown
  after: unknown
}

export class AuditRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        at: nowInstant(),
        actor: entry.actor,
        action: entry.action,
        entity: entry.entity,
        entity_id: String(entry.entityId),
        before_json: entry.before === undefined ? null : toJson(withholdFreeText(entry.before)),
        after_json: entry.after === undefined ? null : toJson(withholdFreeText(entry.after)),
      })
      .execute()
  }

  async forEntity(entity: string, entityId: string | number): Promise<AuditRecord[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', entity)
      .where('entity_id', '=', String(entityId))
      .orderBy('id')
      .execute()
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor: row.actor,
      action: row.action,
      entity: row.entity,
      entityId: row.entity_id,
      before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
      after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
    }))
  }
}
