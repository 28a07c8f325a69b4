import {type Kysely, sql} from 'kysely'

/**
 * The whole registry as first designed. Landed migrations are never edited: add a new file.
 *
 * Conventions: dates are ISO `YYYY-MM-DD` text, instants ISO-8601 UTC text; booleans are 0/1;
 * days are integers in half-day units (`*_half_days`); money is integer pence. Personal data about
 * leaders lives only in `leader_personal`, so that erasure removes one row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const check = (expression: string) => sql.raw(expression)

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute()

  // ---- schools and their context -------------------------------------------------------------
  await db.schema
    .createTable('trusts')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tsi_eligible', 'integer', (c) => c.check(check('tsi_eligible in (0, 1)')))
    .addColumn('tsi_as_of', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('districts')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('la_code', 'text')
    .addColumn('aea_category', 'integer', (c) => c.check(check('aea_category between 1 and 6')))
    .execute()

  await db.schema
    .createTable('schools')
    .addColumn('urn', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phase', 'text')
    .addColumn('type', 'text')
    .addColumn('type_group', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(check("status in ('open', 'closed', 'proposed-to-close', 'proposed-to-open')")),
    )
    .addColumn('state_funded', 'integer', (c) => c.notNull().defaultTo(1).check(check('state_funded in (0, 1)')))
    .addColumn('trust_code', 'text')
    .addColumn('trust_name', 'text')
    .addColumn('la_code', 'text')
    .addColumn('la_name', 'text')
    .addColumn('district_code', 'text')
    .addColumn('region', 'text')
    .addColumn('town', 'text')
    .addColumn('postcode', 'text')
    .addColumn('easting', 'integer')
    .addColumn('northing', 'integer')
    .addColumn('latitude', 'real')
    .addColumn('longitude', 'real')
    .addColumn('pupils', 'integer', (c) => c.check(check('pupils >= 0')))
    .addColumn('fsm_pct', 'real', (c) => c.check(check('fsm_pct between 0 and 100')))
    .addColumn('fsm_ever_pct', 'real', (c) => c.check(check('fsm_ever_pct between 0 and 100')))
    .addColumn('idaci_pct', 'real', (c) => c.check(check('idaci_pct between 0 and 100')))
    .addColumn('leading_together_completed_on', 'text')
    .addColumn('opened_on', 'text')
    .addColumn('closed_on', 'text')
    .addColumn('last_import_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('schools_la').on('schools').column('la_code').execute()
  await db.schema.createIndex('schools_region').on('schools').column('region').execute()
  await db.schema.createIndex('schools_trust').on('schools').column('trust_code').execute()

  await db.schema
    .createTable('school_links')
    .addColumn('urn', 'integer', (c) => c.notNull().references('schools.urn').onDelete('cascade'))
    .addColumn('linked_urn', 'integer', (c) => c.notNull())
    .addColumn('link_type', 'text', (c) => c.notNull().check(check("link_type in ('predecessor', 'successor')")))
    .addColumn('linked_on', 'text')
    .addPrimaryKeyConstraint('school_links_pk', ['urn', 'linked_urn', 'link_type'])
    .execute()

  await db.schema
    .createTable('inspections')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('urn', 'integer', (c) => c.notNull().references('schools.urn').onDelete('cascade'))
    .addColumn('inspected_on', 'text', (c) => c.notNull())
    .addColumn('framework', 'text', (c) => c.notNull().check(check("framework in ('legacy-1-4', 'report-card-2025')")))
    // Legacy framework only; null for report cards and for 2024-25 inspections without an overall grade.
    .addColumn('overall_grade', 'integer', (c) => c.check(check('overall_grade between 1 and 4')))
    .addColumn('published_on', 'text')
    .addColumn('source', 'text')
    .addColumn('import_id', 'integer')
    .addUniqueConstraint('inspections_urn_date', ['urn', 'inspected_on'])
    .execute()

  // One row per judged area: legacy sub-judgements hold a grade '1'..'4'; report-card areas hold
  // the five-point outcome; safeguarding holds 'met' or 'not-met'. The scale is the inspection's.
  await db.schema
    .createTable('inspection_judgements')
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspections.id').onDelete('cascade'))
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_judgements_pk', ['inspection_id', 'area'])
    .execute()

  // ---- taxonomy ---------------------------------------------------------------------------------
  await db.schema
    .createTable('specialisms')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(check("kind in ('focus', 'area')")))
    .addColumn('parent_id', 'integer', (c) => c.references('specialisms.id'))
    .addColumn('whole_school', 'integer', (c) => c.notNull().defaultTo(0).check(check('whole_school in (0, 1)')))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0).check(check('retired in (0, 1)')))
    .execute()

  // ---- people who give support --------------------------------------------------------------------
  await db.schema
    .createTable('leaders')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('home_urn', 'integer')
    .addColumn('home_trust_code', 'text')
    .addColumn('erased_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('leaders_home_urn').on('leaders').column('home_urn').execute()

  await db.schema
    .createTable('leader_personal')
    .addColumn('leader_id', 'integer', (c) => c.primaryKey().references('leaders.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    // Lower-cased, trimmed email: the secondary key for imports.
    .addColumn('email_key', 'text', (c) => c.unique())
    .addColumn('phone', 'text')
    .addColumn('notes', 'text')
    .execute()

  await db.schema
    .createTable('leader_phases')
    .addColumn('leader_id', 'integer', (c) => c.notNull().references('leaders.id').onDelete('cascade'))
    .addColumn('phase', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('leader_phases_pk', ['leader_id', 'phase'])
    .execute()

  await db.schema
    .createTable('designations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('leader_id', 'integer', (c) => c.notNull().references('leaders.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(check("kind in ('NLE', 'NLG', 'LLE', 'SLE')")))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('designated_on', 'text')
    .addColumn('review_on', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('active').check(check("status in ('active', 'lapsed', 'withdrawn')")),
    )
    .addColumn('status_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('designations_body_reference', ['body', 'reference'])
    .execute()
  await db.schema.createIndex('designations_leader').on('designations').column('leader_id').execute()

  await db.schema
    .createTable('leader_specialisms')
    .addColumn('leader_id', 'integer', (c) => c.notNull().references('leaders.id').onDelete('cascade'))
    .addColumn('specialism_id', 'integer', (c) => c.notNull().references('specialisms.id'))
    .addColumn('confidence', 'real', (c) => c.notNull().defaultTo(1).check(check('confidence between 0 and 1')))
    .addColumn('source_text', 'text')
    .addPrimaryKeyConstraint('leader_specialisms_pk', ['leader_id', 'specialism_id'])
    .execute()

  // Days a home school releases, per academic year (September-August, named by its starting year).
  await db.schema
    .createTable('capacity_years')
    .addColumn('leader_id', 'integer', (c) => c.notNull().references('leaders.id').onDelete('cascade'))
    .addColumn('academic_year', 'integer', (c) => c.notNull())
    .addColumn('released_half_days', 'integer', (c) => c.notNull().check(check('released_half_days >= 0')))
    .addColumn('source', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('capacity_years_pk', ['leader_id', 'academic_year'])
    .execute()

  await db.schema
    .createTable('unavailability')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('leader_id', 'integer', (c) => c.notNull().references('leaders.id').onDelete('cascade'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addCheckConstraint('unavailability_order', check('starts_on <= ends_on'))
    .execute()

  // ---- requests for support -----------------------------------------------------------------------
  await db.schema
    .createTable('needs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('reference', 'text', (c) => c.unique())
    .addColumn('subject_urn', 'integer', (c) => c.references('schools.urn'))
    .addColumn('subject_trust_code', 'text')
    .addColumn('support_type', 'text', (c) =>
      c.notNull().check(check("support_type in ('leadership', 'governance', 'specialist', 'team')")),
    )
    // A team need is split into linked sub-needs, one leader each.
    .addColumn('team_size', 'integer', (c) => c.notNull().defaultTo(1).check(check('team_size >= 1')))
    .addColumn('parent_need_id', 'integer', (c) => c.references('needs.id').onDelete('cascade'))
    .addColumn('delivery_mode', 'text', (c) =>
      c.notNull().defaultTo('in-person').check(check("delivery_mode in ('in-person', 'remote', 'blended')")),
    )
    .addColumn('requested_half_days', 'integer', (c) => c.notNull().check(check('requested_half_days > 0')))
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('window_end', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) =>
      c.notNull().defaultTo('medium').check(check("priority in ('high', 'medium', 'low')")),
    )
    .addColumn('source', 'text')
    .addColumn('notes', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(check("status in ('open', 'proposed', 'in-deployment', 'closed', 'withdrawn')")),
    )
    .addColumn('status_reason', 'text')
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('needs_subject', check('subject_urn is not null or subject_trust_code is not null'))
    .addCheckConstraint('needs_window', check('window_start <= window_end'))
    .execute()
  await db.schema.createIndex('needs_status').on('needs').column('status').execute()
  await db.schema.createIndex('needs_subject_urn').on('needs').column('subject_urn').execute()

  await db.schema
    .createTable('need_specialisms')
    .addColumn('need_id', 'integer', (c) => c.notNull().references('needs.id').onDelete('cascade'))
    .addColumn('specialism_id', 'integer', (c) => c.notNull().references('specialisms.id'))
    .addPrimaryKeyConstraint('need_specialisms_pk', ['need_id', 'specialism_id'])
    .execute()

  await db.schema
    .createTable('objections')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('urn', 'integer', (c) => c.notNull().references('schools.urn'))
    .addColumn('leader_id', 'integer', (c) => c.notNull().references('leaders.id').onDelete('cascade'))
    .addColumn('reason', 'text')
    .addColumn('objected_on', 'text', (c) => c.notNull())
    .addUniqueConstraint('objections_urn_leader', ['urn', 'leader_id'])
    .execute()

  // ---- runs -----------------------------------------------------------------------------------------
  await db.schema
    .createTable('match_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('input_hash', 'text', (c) => c.notNull())
    .addColumn('config_json', 'text', (c) => c.notNull())
    .addColumn('totals_json', 'text', (c) => c.notNull())
    // Refers to leaders by id and ref only: never names or emails.
    .addColumn('results_json', 'text', (c) => c.notNull())
    .addColumn('applied', 'integer', (c) => c.notNull().defaultTo(0).check(check('applied in (0, 1)')))
    .execute()

  await db.schema
    .createTable('import_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_hash', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('dry_run', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('counts_json', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .execute()

  // ---- deployments ------------------------------------------------------------------------------------
  await db.schema
    .createTable('deployments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('need_id', 'integer', (c) => c.references('needs.id'))
    .addColumn('leader_id', 'integer', (c) => c.notNull().references('leaders.id'))
    .addColumn('urn', 'integer', (c) => c.references('schools.urn'))
    .addColumn('trust_code', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(check("status in ('proposed', 'agreed', 'active', 'completed', 'cancelled', 'ended-early')")),
    )
    .addColumn('status_reason_code', 'text')
    .addColumn('status_reason', 'text')
    .addColumn('match_run_id', 'integer', (c) => c.references('match_runs.id'))
    .addColumn('score', 'real')
    // Days held while proposed; days agreed from agreement on (variations change it).
    .addColumn('half_days', 'integer', (c) => c.notNull().check(check('half_days >= 0')))
    .addColumn('hold_expires_on', 'text')
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('mid_review_on', 'text')
    .addColumn('day_rate_pence', 'integer', (c) => c.check(check('day_rate_pence >= 0')))
    .addColumn('funding_source', 'text')
    .addColumn('funding_programme', 'text')
    .addColumn('grant_reference', 'text')
    .addColumn('payer', 'text')
    .addColumn('signoff_supported_head', 'text')
    .addColumn('signoff_home_head', 'text')
    .addColumn('signoff_broker', 'text')
    .addColumn('proposed_at', 'text')
    .addColumn('agreed_at', 'text')
    .addColumn('started_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('deployments_subject', check('urn is not null or trust_code is not null'))
    .execute()
  await db.schema.createIndex('deployments_leader').on('deployments').column('leader_id').execute()
  await db.schema.createIndex('deployments_need').on('deployments').column('need_id').execute()
  await db.schema.createIndex('deployments_urn').on('deployments').column('urn').execute()

  await db.schema
    .createTable('deployment_objectives')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('deployment_id', 'integer', (c) => c.notNull().references('deployments.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('objective', 'text', (c) => c.notNull())
    .addColumn('success_criteria', 'text')
    // Fixed four-point scale, see core/lifecycle.
    .addColumn('outcome', 'integer', (c) => c.check(check('outcome between 1 and 4')))
    .addColumn('evidence', 'text')
    .execute()

  await db.schema
    .createTable('deployment_variations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('deployment_id', 'integer', (c) => c.notNull().references('deployments.id').onDelete('cascade'))
    .addColumn('varied_at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(check("kind in ('agreement', 'variation')")))
    .addColumn('reason', 'text')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('legacy_links')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('leader_id', 'integer', (c) => c.notNull().references('leaders.id'))
    .addColumn('urn', 'integer', (c) => c.references('schools.urn'))
    .addColumn('trust_code', 'text')
    .addColumn('deployment_id', 'integer', (c) => c.references('deployments.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(check("status in ('open', 'ended')")))
    .addColumn('opened_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('checkin_every_months', 'integer', (c) => c.check(check('checkin_every_months > 0')))
    .addColumn('budget_half_days', 'integer', (c) => c.notNull().defaultTo(0).check(check('budget_half_days >= 0')))
    .addColumn('ended_on', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  // The days ledger: planned visits and delivered days, against a deployment or a legacy link.
  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('deployment_id', 'integer', (c) => c.references('deployments.id'))
    .addColumn('legacy_link_id', 'integer', (c) => c.references('legacy_links.id'))
    .addColumn('leader_id', 'integer', (c) => c.notNull().references('leaders.id'))
    .addColumn('entry', 'text', (c) => c.notNull().check(check("entry in ('planned', 'delivered')")))
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('half_days', 'integer', (c) => c.notNull().check(check('half_days >= 0')))
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('ledger_entries_owner', check('(deployment_id is null) <> (legacy_link_id is null)'))
    .execute()
  await db.schema.createIndex('ledger_entries_deployment').on('ledger_entries').column('deployment_id').execute()
  await db.schema.createIndex('ledger_entries_leader').on('ledger_entries').columns(['leader_id', 'on_date']).execute()

  await db.schema
    .createTable('reviews')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('deployment_id', 'integer', (c) => c.notNull().references('deployments.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(check("kind in ('mid-point', 'progress', 'other')")))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text')
    .addColumn('outcome', 'text')
    .addColumn('notes', 'text')
    .execute()

  await db.schema
    .createTable('evaluations')
    .addColumn('deployment_id', 'integer', (c) => c.primaryKey().references('deployments.id').onDelete('cascade'))
    .addColumn('evaluated_on', 'text', (c) => c.notNull())
    .addColumn('supported_head_evaluation', 'text')
    .addColumn('leader_reflection', 'text')
    .execute()

  await db.schema
    .createTable('legacy_checkins')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('legacy_link_id', 'integer', (c) => c.notNull().references('legacy_links.id').onDelete('cascade'))
    .addColumn('due_on', 'text')
    .addColumn('held_on', 'text')
    .addColumn('note', 'text')
    .execute()

  // ---- audit ---------------------------------------------------------------------------------------
  // Append-only; refers to people by id only. The before/after JSON never holds personal fields.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute()
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute()
  // SQLite triggers (a PostgreSQL port adds its own): the audit log can only grow.
  await sql`create trigger audit_log_no_update before update on audit_log
    begin select raise(abort, 'the audit log is append-only'); end`.execute(db)
  await sql`create trigger audit_log_no_delete before delete on audit_log
    begin select raise(abort, 'the audit log is append-only'); end`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The first registry migration cannot be undone: restore a backup instead.')
}
