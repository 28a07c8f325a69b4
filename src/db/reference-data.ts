import type {Kysely} from 'kysely'

import {parseTaxonomy} from '../core/taxonomy.js'
import {readDataCsv} from '../data-files.js'
import {toBit} from './codec.js'
import type {RegistrySchema} from './schema.js'

const TAXONOMY_HASH_KEY = 'taxonomy_sha256'

/** True when the registry's taxonomy is the one in `data/taxonomy.csv` (false for a registry without one yet). */
export async function referenceDataCurrent(db: Kysely<RegistrySchema>): Promise<boolean> {
  try {
    const stored = await db.selectFrom('meta').select('value').where('key', '=', TAXONOMY_HASH_KEY).executeTakeFirst()
    return stored?.value === readDataCsv('taxonomy.csv').sha256
  } catch (error) {
    if (/no such table/i.test(String((error as Error).message))) return false
    throw error
  }
}

/**
 * Brings the registry's taxonomy in line with `data/taxonomy.csv` whenever the file changes:
 * upsert by code, never delete (leaders and needs refer to areas), flag codes no longer listed.
 */
export async function syncReferenceData(db: Kysely<RegistrySchema>): Promise<void> {
  if (await referenceDataCurrent(db)) return
  const {rows, sha256} = readDataCsv('taxonomy.csv')
  const nodes = parseTaxonomy(rows)
  await db.transaction().execute(async (trx) => {
    const again = await trx.selectFrom('meta').select('value').where('key', '=', TAXONOMY_HASH_KEY).executeTakeFirst()
    if (again?.value === sha256) return
    const idByCode = new Map<string, number>()
    for (const node of nodes) {
      const parentId = node.parentCode === null ? null : (idByCode.get(node.parentCode) ?? null)
      const values = {
        code: node.code,
        name: node.name,
        kind: node.kind,
        parent_id: parentId,
        whole_school: toBit(node.wholeSchool),
        sort_order: node.sortOrder,
        retired: 0,
      }
      const row = await trx
        .insertInto('specialisms')
        .values(values)
        .onConflict((oc) => oc.column('code').doUpdateSet({...values}))
        .returning('id')
        .executeTakeFirstOrThrow()
      idByCode.set(node.code, row.id)
    }
    await trx
      .updateTable('specialisms')
      .set({retired: 1})
      .where('code', 'not in', [...idByCode.keys()])
      .execute()
    await trx
      .insertInto('meta')
      .values({key: TAXONOMY_HASH_KEY, value: sha256})
      .onConflict((oc) => oc.column('key').doUpdateSet({value: sha256}))
      .execute()
  })
}
