// Longer than 400 lines: the whole registry's table types in one place, as kysely wants them.
import type {Generated, Insertable, Selectable} from 'kysely'

/** Row types of the registry tables, as migrations create them. */

export interface MetaTable {
  key: string
  value: string
}

export interface TrustsTable {
  code: string
  name: string
  tsi_eligible: number | null
  tsi_as_of: string | null
  updated_at: string
}

export interface DistrictsTable {
  code: string
  name: string
  la_code: string | null
  aea_category: number | null
}

export interface SchoolsTable {
  urn: number
  name: string
  phase: string | null
  type: string | null
  type_group: string | null
  status: Generated<string>
  state_funded: Generated<number>
  trust_code: string | null
  trust_name: string | null
  la_code: string | null
  la_name: string | null
  district_code: string | null
  region: string | null
  street: string | null
  locality: string | null
  address3: string | null
  town: string | null
  county: string | null
  postcode: string | null
  head_title: string | null
  head_first_name: string | null
  head_last_name: string | null
  easting: number | null
  northing: number | null
  latitude: number | null
  longitude: number | null
  pupils: number | null
  fsm_pct: number | null
  fsm_ever_pct: number | null
  idaci_pct: number | null
  leading_together_completed_on: string | null
  opened_on: string | null
  closed_on: string | null
  last_import_id: number | null
  created_at: string
  updated_at: string
}

export interface SchoolLinksTable {
  urn: number
  linked_urn: number
  link_type: 'predecessor' | 'successor'
  linked_on: string | null
}

export interface InspectionsTable {
  id: Generated<number>
  urn: number
  inspected_on: string
  framework: string
  overall_grade: number | null
  published_on: string | null
  source: string | null
  import_id: number | null
}

export interface InspectionJudgementsTable {
  inspection_id: number
  area: string
  value: string
}

export interface SchoolResultsTable {
  urn: number
  year: number
  key_stage: string
  release: string
  cohort: number | null
  ks2_rwm_expected_pct: number | null
  ks2_reading_score: number | null
  ks2_maths_score: number | null
  ks4_attainment8: number | null
  ks4_progress8: number | null
  ks4_basics_grade5_pct: number | null
  import_id: number | null
}

export interface SpecialismsTable {
  id: Generated<number>
  code: string
  name: string
  kind: 'focus' | 'area'
  parent_id: number | null
  whole_school: Generated<number>
  sort_order: Generated<number>
  retired: Generated<number>
}

export interface LeadersTable {
  id: Generated<number>
  ref: string
  home_urn: number | null
  home_trust_code: string | null
  erased_at: string | null
  created_at: string
  updated_at: string
}

export interface LeaderPersonalTable {
  leader_id: number
  name: string
  email: string | null
  email_key: string | null
  phone: string | null
  notes: string | null
}

export interface LeaderPhasesTable {
  leader_id: number
  phase: string
}

export interface DesignationsTable {
  id: Generated<number>
  leader_id: number
  kind: string
  body: string
  reference: string
  designated_on: string | null
  review_on: string | null
  status: Generated<string>
  status_reason: string | null
  created_at: string
  updated_at: string
}

export interface LeaderSpecialismsTable {
  leader_id: number
  specialism_id: number
  confidence: Generated<number>
  source_text: string | null
}

export interface CapacityYearsTable {
  leader_id: number
  academic_year: number
  released_half_days: number
  source: string | null
  updated_at: string
}

export interface UnavailabilityTable {
  id: Generated<number>
  leader_id: number
  starts_on: string
  ends_on: string
  reason: string | null
}

export interface NeedsTable {
  id: Generated<number>
  reference: string | null
  subject_urn: number | null
  subject_trust_code: string | null
  support_type: string
  team_size: Generated<number>
  parent_need_id: number | null
  delivery_mode: Generated<string>
  requested_half_days: number
  window_start: string
  window_end: string
  priority: Generated<string>
  source: string | null
  notes: string | null
  status: Generated<string>
  status_reason: string | null
  received_on: string
  created_at: string
  updated_at: string
}

export interface NeedSpecialismsTable {
  need_id: number
  specialism_id: number
}

export interface ObjectionsTable {
  id: Generated<number>
  urn: number
  leader_id: number
  reason: string | null
  objected_on: string
}

export interface MatchRunsTable {
  id: Generated<number>
  created_at: string
  as_of: string
  strategy: string
  version: string
  input_hash: string
  config_json: string
  totals_json: string
  results_json: string
  applied: Generated<number>
}

export interface ImportRunsTable {
  id: Generated<number>
  kind: string
  file_name: string
  file_hash: string
  started_at: string
  finished_at: string | null
  duration_ms: number | null
  dry_run: Generated<number>
  status: string
  counts_json: string
  actor: string | null
  /** Absolute path of the CSV of rejected rows this run wrote, if any (erasure scrubs it). */
  rejects_path: string | null
}

/** What the last calendar export said of each event (by UID), so a changed event's SEQUENCE rises. */
export interface CalendarEventsTable {
  uid: string
  fingerprint: string
  sequence: number
  updated_at: string
}

/** A cluster applied from a plan: schools (through cluster_needs) with one leader. */
export interface ClustersTable {
  id: Generated<number>
  name: string
  programme: string | null
  area: string
  centre_urn: number
  leader_id: number
  half_days_per_school: number
  min_size: number
  window_start: string
  window_end: string
  created_at: string
  created_by: string
}

/** The needs of a cluster, one per school. */
export interface ClusterNeedsTable {
  cluster_id: number
  need_id: number
}

/** Holds a row only inside an erasure transaction: the audit JSON of that leader may be scrubbed. */
export interface AuditScrubsTable {
  leader_id: number
  started_at: string
}

export interface ImportHeaderMapsTable {
  kind: string
  header_key: string
  field: string | null
  saved_at: string
}

export interface DeploymentsTable {
  id: Generated<number>
  need_id: number | null
  leader_id: number
  urn: number | null
  trust_code: string | null
  status: string
  status_reason_code: string | null
  status_reason: string | null
  match_run_id: number | null
  score: number | null
  half_days: number
  hold_expires_on: string | null
  starts_on: string | null
  ends_on: string | null
  mid_review_on: string | null
  day_rate_pence: number | null
  funding_source: string | null
  funding_programme: string | null
  grant_reference: string | null
  payer: string | null
  signoff_supported_head: string | null
  signoff_home_head: string | null
  signoff_broker: string | null
  /** proposed_at .. closed_at: the ISO day each step was recorded (older registries: an instant). */
  proposed_at: string | null
  agreed_at: string | null
  started_at: string | null
  closed_at: string | null
  created_at: string
  updated_at: string
}

export interface DeploymentObjectivesTable {
  id: Generated<number>
  deployment_id: number
  position: number
  objective: string
  success_criteria: string | null
  outcome: number | null
  evidence: string | null
}

export interface DeploymentVariationsTable {
  id: Generated<number>
  deployment_id: number
  /** The ISO day it was recorded (older registries: an instant). */
  varied_at: string
  kind: 'agreement' | 'variation'
  reason: string | null
  before_json: string | null
  after_json: string
}

export interface LegacyLinksTable {
  id: Generated<number>
  leader_id: number
  urn: number | null
  trust_code: string | null
  deployment_id: number | null
  status: Generated<string>
  opened_on: string
  ends_on: string | null
  checkin_every_months: number | null
  budget_half_days: Generated<number>
  ended_on: string | null
  end_reason: string | null
  created_at: string
  updated_at: string
}

export interface LedgerEntriesTable {
  id: Generated<number>
  deployment_id: number | null
  legacy_link_id: number | null
  leader_id: number
  entry: 'planned' | 'delivered'
  activity: string
  on_date: string
  half_days: number
  note: string | null
  created_at: string
}

export interface ReviewsTable {
  id: Generated<number>
  deployment_id: number
  kind: string
  due_on: string
  held_on: string | null
  outcome: string | null
  notes: string | null
}

export interface EvaluationsTable {
  deployment_id: number
  evaluated_on: string
  supported_head_evaluation: string | null
  leader_reflection: string | null
}

export interface LegacyCheckinsTable {
  id: Generated<number>
  legacy_link_id: number
  due_on: string | null
  held_on: string | null
  note: string | null
}

export interface AuditLogTable {
  id: Generated<number>
  at: string
  actor: string
  action: string
  entity: string
  entity_id: string
  before_json: string | null
  after_json: string | null
}

export interface RegistrySchema {
  meta: MetaTable
  trusts: TrustsTable
  districts: DistrictsTable
  schools: SchoolsTable
  school_links: SchoolLinksTable
  inspections: InspectionsTable
  inspection_judgements: InspectionJudgementsTable
  school_results: SchoolResultsTable
  specialisms: SpecialismsTable
  leaders: LeadersTable
  leader_personal: LeaderPersonalTable
  leader_phases: LeaderPhasesTable
  designations: DesignationsTable
  leader_specialisms: LeaderSpecialismsTable
  capacity_years: CapacityYearsTable
  unavailability: UnavailabilityTable
  needs: NeedsTable
  need_specialisms: NeedSpecialismsTable
  objections: ObjectionsTable
  match_runs: MatchRunsTable
  import_runs: ImportRunsTable
  import_header_maps: ImportHeaderMapsTable
  deployments: DeploymentsTable
  deployment_objectives: DeploymentObjectivesTable
  deployment_variations: DeploymentVariationsTable
  legacy_links: LegacyLinksTable
  ledger_entries: LedgerEntriesTable
  reviews: ReviewsTable
  evaluations: EvaluationsTable
  legacy_checkins: LegacyCheckinsTable
  audit_log: AuditLogTable
  audit_scrubs: AuditScrubsTable
  calendar_events: CalendarEventsTable
  clusters: ClustersTable
  cluster_needs: ClusterNeedsTable
}

export type SchoolRow = Selectable<SchoolsTable>
export type NewSchoolRow = Insertable<SchoolsTable>
export type NeedRow = Selectable<NeedsTable>
