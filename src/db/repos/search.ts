import {type Kysely, sql} from 'kysely'

import {chunks} from '../codec.js'
import type {RegistrySchema} from '../schema.js'

/** The trigram indexes created by migration 0003; rowid is the school's URN or the leader's id. */
export type SearchIndex = 'school_search' | 'leader_search'

export interface TrigramFrequency {
  trigram: string
  documents: number
}

/**
 * Shortlisting through the FTS5 trigram indexes. Ranking is not done here: the index only says
 * which rows share the most informative trigrams with the query (bm25), and the caller ranks that
 * shortlist properly.
 */
export class SearchRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  /** How many indexed rows hold each trigram (trigrams held by none are left out). */
  async frequencies(index: SearchIndex, trigrams: readonly string[]): Promise<TrigramFrequency[]> {
    const found: TrigramFrequency[] = []
    for (const batch of chunks([...new Set(trigrams)])) {
      if (batch.length === 0) continue
      const rows = await sql<{
        term: string
        doc: number
      }>`select term, doc from ${sql.table(`${index}_terms`)} where term in (${sql.join(batch)})`.execute(this.db)
      for (const row of rows.rows) found.push({trigram: row.term, documents: Number(row.doc)})
    }
    return found
  }

  /** Rows the index covers (one per school or leader). */
  async size(index: SearchIndex): Promise<number> {
    const table = index === 'school_search' ? 'schools' : 'leaders'
    const row = await this.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  /** Row ids holding any of the trigrams, best bm25 first. */
  async shortlist(index: SearchIndex, trigrams: readonly string[], limit: number): Promise<number[]> {
    if (trigrams.length === 0) return []
    // Each trigram is quoted as an FTS5 string; the folded query holds only [a-z0-9 ].
    const expression = trigrams.map((trigram) => `"${trigram.replace(/"/g, '""')}"`).join(' OR ')
    const rows = await sql<{
      rowid: number
    }>`select rowid from ${sql.table(index)} where ${sql.table(index)} match ${expression} order by rank limit ${limit}`.execute(
      this.db,
    )
    return rows.rows.map((row) => Number(row.rowid))
  }
}
