import type {Kysely} from 'kysely'

/**
 * Clusters applied from `broker clusters plan --apply` (issue 16): a cluster (name, centre school,
 * leader, days a school, window) and its needs, one per school. A need in a cluster is never
 * re-planned by `broker match`. Numbered after its issue: numbers are handed out ahead of time.
 *
 * Written with kysely's schema builder only (no SQL text), so it runs unchanged on PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clusters')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('programme', 'text')
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('centre_urn', 'integer', (c) => c.notNull().references('schools.urn'))
    .addColumn('leader_id', 'integer', (c) => c.notNull().references('leaders.id'))
    .addColumn('half_days_per_school', 'integer', (c) => c.notNull())
    .addColumn('min_size', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('window_end', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('cluster_needs')
    .addColumn('cluster_id', 'integer', (c) => c.notNull().references('clusters.id').onDelete('cascade'))
    .addColumn('need_id', 'integer', (c) => c.notNull().unique().references('needs.id').onDelete('cascade'))
    .execute()
  await db.schema.createIndex('cluster_needs_cluster').on('cluster_needs').column('cluster_id').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cluster_needs').execute()
  await db.schema.dropTable('clusters').execute()
}
