import type {RegistrySchema} from './schema.js'

/**
 * The columns that hold people's own words: names and contact details, notes, reasons, objectives,
 * evidence, evaluations, sign-offs, who asked and who pays. Everything else is codes, enumerated
 * values (a delivery mode of "in-person"), dates, numbers, JSON, and the public names of schools
 * and trusts.
 *
 * Defined once for the two places that must know them: erasure and subject-access exports look
 * for a person's words in these columns only, and the audit log never keeps their text
 * (`withholdFreeText`). A test holds every TEXT column of the schema to this list, so a new one
 * is classified when it is added.
 */
export const FREE_TEXT_COLUMNS = {
  // A head's name is personal data even though GIAS publishes it: the audit log keeps none of it.
  schools: ['head_title', 'head_first_name', 'head_last_name'],
  leader_personal: ['name', 'email', 'email_key', 'phone', 'notes'],
  designations: ['status_reason'],
  leader_specialisms: ['source_text'],
  unavailability: ['reason'],
  needs: ['source', 'notes', 'status_reason'],
  objections: ['reason'],
  deployments: [
    'status_reason',
    'funding_programme',
    'payer',
    'signoff_supported_head',
    'signoff_home_head',
    'signoff_broker',
  ],
  deployment_objectives: ['objective', 'success_criteria', 'evidence'],
  deployment_variations: ['reason'],
  legacy_links: ['end_reason'],
  ledger_entries: ['note'],
  reviews: ['notes'],
  evaluations: ['supported_head_evaluation', 'leader_reflection'],
  legacy_checkins: ['note'],
} as const satisfies {[Table in keyof RegistrySchema]?: readonly (keyof RegistrySchema[Table] & string)[]}

/** The free-text columns of a table (none for a table not listed). */
export function freeTextColumns(table: string): readonly string[] {
  return (FREE_TEXT_COLUMNS as Record<string, readonly string[]>)[table] ?? []
}

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())

/**
 * Field names that carry free text in the objects services audit: the columns above as rows
 * (snake_case) and as domain objects (camelCase), and the domain's own names for them.
 */
const FREE_TEXT_FIELDS = new Set([
  ...Object.values(FREE_TEXT_COLUMNS).flatMap((columns) => columns.flatMap((column) => [column, camelCase(column)])),
  'leaderName',
  'signoffs',
])

/** The key that lists, in an audited object, the free-text fields it held and that were left out. */
export const TEXT_WITHHELD = 'textWithheld'

/**
 * A copy of a value for the audit log with every free-text field (at any depth) left out and
 * named under `textWithheld` instead: `{priority: 'high', notes: 'Ask Jo'}` becomes
 * `{priority: 'high', textWithheld: ['notes']}`. Empty fields (null) stay, so an entry still
 * shows text being added or cleared. Codes, ids, dates and numbers are kept.
 */
export function withholdFreeText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withholdFreeText)
  if (value === null || typeof value !== 'object') return value
  const kept: [string, unknown][] = []
  const withheld: string[] = []
  for (const [key, child] of Object.entries(value)) {
    if (FREE_TEXT_FIELDS.has(key) && child !== null && child !== undefined) withheld.push(key)
    else kept.push([key, withholdFreeText(child)])
  }
  if (withheld.length > 0) kept.push([TEXT_WITHHELD, withheld])
  // fromEntries defines own properties, so a "__proto__" key stays data.
  return Object.fromEntries(kept)
}
