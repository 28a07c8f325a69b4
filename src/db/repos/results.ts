import type {Kysely, Selectable} from 'kysely'

import type {KeyStage, Measure, ResultRelease, SchoolResult} from '../../core/results.js'
import type {RegistrySchema, SchoolResultsTable} from '../schema.js'
import {writeInBatches} from './bulk.js'

/** Measure -> column, one place for both directions. */
const COLUMNS: Record<Measure, keyof SchoolResultsTable> = {
  'ks2-rwm-expected': 'ks2_rwm_expected_pct',
  'ks2-reading-score': 'ks2_reading_score',
  'ks2-maths-score': 'ks2_maths_score',
  'ks4-attainment8': 'ks4_attainment8',
  'ks4-progress8': 'ks4_progress8',
  'ks4-basics-grade5': 'ks4_basics_grade5_pct',
}

type ResultRow = Selectable<SchoolResultsTable>

function fromRow(row: ResultRow): SchoolResult {
  const measures: Partial<Record<Measure, number | null>> = {}
  for (const [measure, column] of Object.entries(COLUMNS) as [Measure, keyof SchoolResultsTable][]) {
    if (measure.slice(0, 3) === row.key_stage) measures[measure] = row[column] as number | null
  }
  return {
    urn: row.urn,
    year: row.year,
    keyStage: row.key_stage as KeyStage,
    release: row.release as ResultRelease,
    cohort: row.cohort,
    measures,
  }
}

/** School performance results, one row per (URN, exam year, key stage). */
export class ResultsRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  /** The stored results of one exam year and key stage, by URN. */
  async forYear(year: number, keyStage: KeyStage): Promise<Map<number, SchoolResult>> {
    const rows = await this.db
      .selectFrom('school_results')
      .selectAll()
      .where('year', '=', year)
      .where('key_stage', '=', keyStage)
      .execute()
    return new Map(rows.map((row) => [row.urn, fromRow(row)]))
  }

  /** Every stored result of these exam years (all key stages). */
  async forYears(years: readonly number[]): Promise<SchoolResult[]> {
    if (years.length === 0) return []
    const rows = await this.db
      .selectFrom('school_results')
      .selectAll()
      .where('year', 'in', [...years])
      .execute()
    return rows.map(fromRow)
  }

  /** Every stored result of these schools. */
  async forUrns(urns: readonly number[]): Promise<SchoolResult[]> {
    if (urns.length === 0) return []
    const rows = await this.db
      .selectFrom('school_results')
      .selectAll()
      .where('urn', 'in', [...urns])
      .execute()
    return rows.map(fromRow)
  }

  /** The exam years and key stages with any stored result. */
  async yearsOnRecord(): Promise<{year: number; keyStage: KeyStage}[]> {
    const rows = await this.db.selectFrom('school_results').select(['year', 'key_stage']).distinct().execute()
    return rows.map((row) => ({year: row.year, keyStage: row.key_stage as KeyStage}))
  }

  /** Writes results, replacing what is stored for the same school, year and key stage. */
  async upsertMany(results: readonly SchoolResult[], importId: number | null): Promise<void> {
    const rows = results.map((result) => {
      const row: SchoolResultsTable = {
        urn: result.urn,
        year: result.year,
        key_stage: result.keyStage,
        release: result.release,
        cohort: result.cohort,
        ks2_rwm_expected_pct: null,
        ks2_reading_score: null,
        ks2_maths_score: null,
        ks4_attainment8: null,
        ks4_progress8: null,
        ks4_basics_grade5_pct: null,
        import_id: importId,
      }
      for (const [measure, value] of Object.entries(result.measures) as [Measure, number | null][])
        (row as unknown as Record<string, number | null>)[COLUMNS[measure]] = value ?? null
      return row
    })
    const key: readonly string[] = ['urn', 'year', 'key_stage']
    const updated = (Object.keys(rows[0] ?? {}) as (keyof SchoolResultsTable)[]).filter(
      (column) => !key.includes(column),
    )
    await writeInBatches(this.db, rows, 200, (batch) =>
      this.db
        .insertInto('school_results')
        .values(batch)
        .onConflict((conflict) =>
          conflict
            .columns(['urn', 'year', 'key_stage'])
            .doUpdateSet((eb) => Object.fromEntries(updated.map((column) => [column, eb.ref(`excluded.${column}`)]))),
        ),
    )
  }
}
