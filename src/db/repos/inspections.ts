import type {Kysely} from 'kysely'

import type {InspectionFramework} from '../../core/model.js'
import {chunks} from '../codec.js'
import type {RegistrySchema} from '../schema.js'

export interface InspectionRecord {
  urn: number
  inspectedOn: string
  framework: InspectionFramework
  overallGrade: number | null
  publishedOn: string | null
  /** Area -> value on the framework's own scale. */
  judgements: Record<string, string>
  source: string | null
}

export interface StoredInspection extends InspectionRecord {
  id: number
}

/** Inspection history, one row per (URN, inspection date), with its judgements. */
export class InspectionsRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  /** Stored inspections of these schools, by `${urn}|${inspectedOn}`. */
  async forSchools(urns: readonly number[]): Promise<Map<string, StoredInspection>> {
    const found = new Map<string, StoredInspection>()
    for (const batch of chunks([...new Set(urns)])) {
      const rows = await this.db.selectFrom('inspections').selectAll().where('urn', 'in', batch).execute()
      if (rows.length === 0) continue
      const byId = new Map<number, StoredInspection>()
      for (const row of rows) {
        const inspection: StoredInspection = {
          id: row.id,
          urn: row.urn,
          inspectedOn: row.inspected_on,
          framework: row.framework as InspectionFramework,
          overallGrade: row.overall_grade,
          publishedOn: row.published_on,
          judgements: {},
          source: row.source,
        }
        byId.set(row.id, inspection)
        found.set(`${row.urn}|${row.inspected_on}`, inspection)
      }
      for (const ids of chunks([...byId.keys()])) {
        const judgements = await this.db
          .selectFrom('inspection_judgements')
          .selectAll()
          .where('inspection_id', 'in', ids)
          .execute()
        for (const judgement of judgements)
          byId.get(judgement.inspection_id)!.judgements[judgement.area] = judgement.value
      }
    }
    return found
  }

  async insert(inspection: InspectionRecord, importId: number | null): Promise<number> {
    const row = await this.db
      .insertInto('inspections')
      .values({
        urn: inspection.urn,
        inspected_on: inspection.inspectedOn,
        framework: inspection.framework,
        overall_grade: inspection.overallGrade,
        published_on: inspection.publishedOn,
        source: inspection.source,
        import_id: importId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await this.insertJudgements(row.id, inspection.judgements)
    return row.id
  }

  async update(id: number, inspection: InspectionRecord, importId: number | null): Promise<void> {
    await this.db
      .updateTable('inspections')
      .set({
        framework: inspection.framework,
        overall_grade: inspection.overallGrade,
        published_on: inspection.publishedOn,
        source: inspection.source,
        import_id: importId,
      })
      .where('id', '=', id)
      .execute()
    await this.db.deleteFrom('inspection_judgements').where('inspection_id', '=', id).execute()
    await this.insertJudgements(id, inspection.judgements)
  }

  private async insertJudgements(id: number, judgements: Record<string, string>): Promise<void> {
    const rows = Object.entries(judgements).map(([area, value]) => ({inspection_id: id, area, value}))
    if (rows.length > 0) await this.db.insertInto('inspection_judgements').values(rows).execute()
  }
}
