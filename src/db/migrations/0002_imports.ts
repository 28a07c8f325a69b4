import type {Kysely} from 'kysely'

/**
 * Imports remember the header mappings users confirm (`--save-map`), per kind of import, so next
 * term's file with the same columns imports without questions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_header_maps')
    .addColumn('kind', 'text', (c) => c.notNull())
    // The header as folded for matching (case, spacing, punctuation and years removed).
    .addColumn('header_key', 'text', (c) => c.notNull())
    // The field it feeds; null means "ignore this column".
    .addColumn('field', 'text')
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_header_maps_pk', ['kind', 'header_key'])
    .execute()
  await db.schema.createIndex('import_runs_kind').on('import_runs').columns(['kind', 'id']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('import_runs_kind').execute()
  await db.schema.dropTable('import_header_maps').execute()
}
