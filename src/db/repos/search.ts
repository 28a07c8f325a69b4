import {type Kysely, sql} from 'kysely'

import {chunks} from '../codec.js'
import type {RegistryEngine} from '../location.js'
import type {RegistrySchema} from '../schema.js'

/**
 * The trigram indexes created by migration 0003 (see migrations/engines.ts for PostgreSQL's); the
 * row id (SQLite's rowid, PostgreSQL's id) is the school's URN or the leader's id.
 */
export type SearchIndex = 'school_search' | 'leader_search'

export interface TrigramFrequency {
  trigram: string
  documents: number
}

/**
 * Shortlisting through the trigram indexes: FTS5 on SQLite, pg_trgm on PostgreSQL. Ranking is not
 * done here: the index only says which rows share the most informative trigrams with the query
 * (bm25 on SQLite; on PostgreSQL the same idea, each shared trigram weighing ln(rows / rows
 * holding it), shorter entries first), and the caller ranks that shortlist properly.
 */
export class SearchRepo {
  constructor(
    private readonly db: Kysely<RegistrySchema>,
    private readonly engine: RegistryEngine,
  ) {}

  /** How many indexed rows hold each trigram (trigrams held by none are left out). */
  async frequencies(index: SearchIndex, trigrams: readonly string[]): Promise<TrigramFrequency[]> {
    if (this.engine === 'postgres') return this.postgresFrequencies(index, trigrams)
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
    if (this.engine === 'postgres') return this.postgresShortlist(index, trigrams, limit)
    // Each trigram is quoted as an FTS5 string; the folded query holds only [a-z0-9 ].
    const expression = trigrams.map((trigram) => `"${trigram.replace(/"/g, '""')}"`).join(' OR ')
    const rows = await sql<{
      rowid: number
    }>`select rowid from ${sql.table(index)} where ${sql.table(index)} match ${expression} order by rank limit ${limit}`.execute(
      this.db,
    )
    return rows.rows.map((row) => Number(row.rowid))
  }

  /** The folded query holds only [a-z0-9 ], so a trigram needs no LIKE escaping. */
  private async postgresFrequencies(index: SearchIndex, trigrams: readonly string[]): Promise<TrigramFrequency[]> {
    const terms = [...new Set(trigrams)]
    if (terms.length === 0) return []
    const rows = await sql<{term: string; doc: number}>`select t.term,
        (select count(*) from ${sql.table(index)} s where broker_search_fold(s.body) like '%' || t.term || '%') as doc
      from unnest(${terms}::text[]) as t(term)`.execute(this.db)
    return rows.rows
      .filter((row) => Number(row.doc) > 0)
      .map((row) => ({trigram: row.term, documents: Number(row.doc)}))
  }

  private async postgresShortlist(index: SearchIndex, trigrams: readonly string[], limit: number): Promise<number[]> {
    const rows = await sql<{id: number}>`with hits as (
        select s.id, length(s.body) as size, t.term
        from unnest(${[...new Set(trigrams)]}::text[]) as t(term)
        join ${sql.table(index)} s on broker_search_fold(s.body) like '%' || t.term || '%'
      ),
      weights as (
        select term, ln(greatest((select count(*) from ${sql.table(index)}), 1)::float8 / count(*)) as weight
        from hits group by term
      )
      select hits.id from hits join weights using (term)
      group by hits.id, hits.size order by sum(weights.weight) desc, hits.size, hits.id limit ${limit}`.execute(this.db)
    return rows.rows.map((row) => Number(row.id))
  }
}
