import type {Kysely} from 'kysely'

/**
 * School performance results (DfE performance tables), one row per school, year and key stage.
 *
 * - `year` is the calendar year the exams were sat (2019 for 2018/19); the published files do not
 *   carry it, so the import is told.
 * - `release` is provisional or revised: a revised release replaces a provisional one for the same
 *   year, never the other way round.
 * - Every measure is nullable: the publisher's markers (SUPP, NE, NA, LOWCOV ...) are missing
 *   values, never zero.
 * - No foreign key to `schools`: the tables list schools that closed or converted before the
 *   registry was filled, and a converted academy's predecessor results are what its baseline is.
 * - Built with the schema builder only (no SQL text), so it runs unchanged on PostgreSQL; the
 *   import checks key stages and releases.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('school_results')
    .addColumn('urn', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('key_stage', 'text', (c) => c.notNull())
    .addColumn('release', 'text', (c) => c.notNull())
    .addColumn('cohort', 'integer')
    .addColumn('ks2_rwm_expected_pct', 'real')
    .addColumn('ks2_reading_score', 'real')
    .addColumn('ks2_maths_score', 'real')
    .addColumn('ks4_attainment8', 'real')
    .addColumn('ks4_progress8', 'real')
    .addColumn('ks4_basics_grade5_pct', 'real')
    .addColumn('import_id', 'integer', (c) => c.references('import_runs.id'))
    .addPrimaryKeyConstraint('school_results_pk', ['urn', 'year', 'key_stage'])
    .execute()
  await db.schema.createIndex('school_results_year').on('school_results').columns(['year', 'key_stage']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('school_results').execute()
}
