import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {FREE_TEXT_COLUMNS, withholdFreeText} from '../../src/db/free-text.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'

/**
 * Every TEXT column that is not people's own words: codes, enumerated values, dates and instants,
 * JSON, file names, and the public names of schools, trusts, districts and designating bodies.
 */
const STRUCTURED_TEXT_COLUMNS: Record<string, string[]> = {
  kysely_migration: ['name', 'timestamp'],
  kysely_migration_lock: ['id'],
  meta: ['key', 'value'],
  trusts: ['code', 'name', 'tsi_as_of', 'updated_at'],
  districts: ['code', 'name', 'la_code'],
  schools: [
    'name',
    'phase',
    'type',
    'type_group',
    'status',
    'trust_code',
    'trust_name',
    'la_code',
    'la_name',
    'district_code',
    'region',
    'town',
    'postcode',
    'leading_together_completed_on',
    'street',
    'locality',
    'address3',
    'county',
    'opened_on',
    'closed_on',
    'created_at',
    'updated_at',
  ],
  school_links: ['link_type', 'linked_on'],
  school_results: ['key_stage', 'release'],
  calendar_events: ['uid', 'fingerprint', 'updated_at'],
  clusters: ['name', 'programme', 'area', 'window_start', 'window_end', 'created_at', 'created_by'],
  inspections: ['inspected_on', 'framework', 'published_on', 'source'],
  inspection_judgements: ['area', 'value'],
  specialisms: ['code', 'name', 'kind'],
  leaders: ['ref', 'home_trust_code', 'erased_at', 'created_at', 'updated_at'],
  leader_phases: ['phase'],
  designations: ['kind', 'body', 'reference', 'designated_on', 'review_on', 'status', 'created_at', 'updated_at'],
  capacity_years: ['source', 'updated_at'],
  unavailability: ['starts_on', 'ends_on'],
  needs: [
    'reference',
    'subject_trust_code',
    'support_type',
    'delivery_mode',
    'window_start',
    'window_end',
    'priority',
    'status',
    'received_on',
    'created_at',
    'updated_at',
  ],
  objections: ['objected_on'],
  match_runs: [
    'created_at',
    'as_of',
    'strategy',
    'version',
    'input_hash',
    'config_json',
    'totals_json',
    'results_json',
  ],
  import_runs: [
    'kind',
    'file_name',
    'file_hash',
    'started_at',
    'finished_at',
    'status',
    'counts_json',
    'actor',
    'rejects_path',
  ],
  import_header_maps: ['kind', 'header_key', 'field', 'saved_at'],
  deployments: [
    'trust_code',
    'status',
    'status_reason_code',
    'hold_expires_on',
    'starts_on',
    'ends_on',
    'mid_review_on',
    'funding_source',
    'grant_reference',
    'proposed_at',
    'agreed_at',
    'started_at',
    'closed_at',
    'created_at',
    'updated_at',
  ],
  deployment_variations: ['varied_at', 'kind', 'before_json', 'after_json'],
  legacy_links: ['trust_code', 'status', 'opened_on', 'ends_on', 'ended_on', 'created_at', 'updated_at'],
  ledger_entries: ['entry', 'activity', 'on_date', 'created_at'],
  reviews: ['kind', 'due_on', 'held_on', 'outcome'],
  evaluations: ['evaluated_on'],
  legacy_checkins: ['due_on', 'held_on'],
  audit_log: ['at', 'actor', 'action', 'entity', 'entity_id', 'before_json', 'after_json'],
  audit_scrubs: ['started_at'],
}

let t: TestRegistry
beforeAll(async () => (t = await openTestRegistry()))
afterAll(async () => t?.close())

describe('free-text columns', () => {
  // Erasure looks for a person in the free-text columns only, and the audit log withholds them:
  // a TEXT column added without a place in one list or the other fails here.
  it('are defined for every TEXT column of the schema, each as free text or as structured', async () => {
    const tables = await t.registry.read((repos) => repos.privacy.tables())
    const unclassified: string[] = []
    const both: string[] = []
    for (const table of tables) {
      for (const column of table.textColumns) {
        const free = table.freeTextColumns.includes(column)
        const structured = STRUCTURED_TEXT_COLUMNS[table.name]?.includes(column) ?? false
        if (!free && !structured) unclassified.push(`${table.name}.${column}`)
        if (free && structured) both.push(`${table.name}.${column}`)
      }
    }
    expect(unclassified).toEqual([])
    expect(both).toEqual([])
    // Every listed free-text column exists (a renamed column would silently drop out of the searches).
    const known = new Map(tables.map((table) => [table.name, table.freeTextColumns]))
    expect(
      Object.entries(FREE_TEXT_COLUMNS).flatMap(([table, columns]) =>
        columns.filter((column) => !known.get(table)?.includes(column)).map((column) => `${table}.${column}`),
      ),
    ).toEqual([])
  })

  it('are withheld from audited values at any depth, by row and by domain name; codes, dates, numbers and nulls stay', () => {
    expect(
      withholdFreeText({
        id: 3,
        deliveryMode: 'in-person',
        notes: 'Ask Jo',
        status_reason: 'Jo left',
        source: null,
        objectives: [{objective: 'Raise attainment', successCriteria: 'Up 10 points', outcome: 3}],
        leaderName: 'Jo Bloggs',
        signoffs: {supportedHead: 'A. Head'},
      }),
    ).toEqual({
      id: 3,
      deliveryMode: 'in-person',
      source: null,
      objectives: [{outcome: 3, textWithheld: ['objective', 'successCriteria']}],
      textWithheld: ['notes', 'status_reason', 'leaderName', 'signoffs'],
    })
    expect(withholdFreeText('Example Teaching School Hub')).toBe('Example Teaching School Hub')
    const hostile = withholdFreeText(JSON.parse('{"__proto__": {"notes": "x"}, "ref": "NE-1"}')) as Record<
      string,
      unknown
    >
    expect(Object.getPrototypeOf(hostile)).toBe(Object.prototype)
    expect(JSON.stringify(hostile)).toBe('{"__proto__":{"textWithheld":["notes"]},"ref":"NE-1"}')
  })
})
