import {type Kysely, sql} from 'kysely'

/**
 * Deployments in use: indexes for the due-work and legacy queries, and one live deployment per
 * need at most (a partial unique index, which PostgreSQL has too), so two proposals can never hold
 * days for the same need.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('deployments_status').on('deployments').column('status').execute()
  await db.schema
    .createIndex('deployments_one_live_per_need')
    .on('deployments')
    .column('need_id')
    .unique()
    .where(sql.ref('status'), 'in', ['proposed', 'agreed', 'active'])
    .execute()
  await db.schema.createIndex('ledger_entries_legacy_link').on('ledger_entries').column('legacy_link_id').execute()
  await db.schema.createIndex('reviews_deployment').on('reviews').columns(['deployment_id', 'kind']).execute()
  await db.schema.createIndex('legacy_links_leader').on('legacy_links').columns(['leader_id', 'status']).execute()
  await db.schema.createIndex('legacy_links_deployment').on('legacy_links').column('deployment_id').execute()
  await db.schema.createIndex('legacy_checkins_link').on('legacy_checkins').column('legacy_link_id').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'legacy_checkins_link',
    'legacy_links_deployment',
    'legacy_links_leader',
    'reviews_deployment',
    'ledger_entries_legacy_link',
    'deployments_one_live_per_need',
    'deployments_status',
  ]) {
    await db.schema.dropIndex(index).execute()
  }
}
