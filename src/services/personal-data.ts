// Longer than 400 lines: subject-access export and erasure share the same discovery of a person's data
// across every table, and must change together when a table is added.
import {existsSync, readFileSync} from 'node:fs'

import {parse} from 'csv-parse/sync'
import {stringify} from 'csv-stringify/sync'

import {conflict, notFound} from '../core/errors.js'
import type {LeaderRecord} from '../core/impact/record.js'
import {
  coarseFragment,
  entriesMentioning,
  type Identifier,
  type IdentifierKind,
  mentionsIn,
  personIdentifiers,
  scrubJson,
  strongIdentifiers,
} from '../core/personal-data.js'
import {isEmail} from '../core/validation.js'
import type {Repos} from '../db/repos/index.js'
import type {Row, TableShape} from '../db/repos/privacy.js'
import {writePrivateFileAtomically} from '../safe-files.js'
import type {ServiceContext} from './context.js'
import {leaderRecord} from './leader-record.js'
import {resolveLeaderId} from './resolve.js'

/**
 * Subject access (UK GDPR art. 15) and erasure (art. 17) for system leaders.
 *
 * Personal data lives in `leader_personal`; the rest of the registry refers to a leader by id and
 * reference. Erasure deletes the personal row and the profile that describes the person, gives
 * the leader a reference that says nothing about them, rewrites the structured JSON that mentions
 * them (match runs, audit entries), scrubs the reject files imports wrote, and lists free text
 * that mentions them for a person to review: free text is never rewritten silently.
 */

export const REDACTED = '[redacted]'

/** Rows that describe the person rather than the work done: deleted on erasure. */
const PROFILE_TABLES = [
  'leader_personal',
  'leader_phases',
  'leader_specialisms',
  'capacity_years',
  'unavailability',
  'objections',
]
/** Tables erasure handles itself; everything else is searched. */
const SUBJECT_TABLES = new Set(['leaders', 'leader_personal', 'designations', 'audit_scrubs', ...PROFILE_TABLES])
/** Keys in audit entries about the leader that identify them through their workplace. */
const WORKPLACE_KEYS = ['homeUrn', 'homeTrustCode', 'home_urn', 'home_trust_code']

const BACKUPS_NOTICE =
  'Backups and copies made before now (registry backups, exports, spreadsheets you keep) are out of reach of this command: delete or expire them under your retention policy.'

interface Subject {
  id: number
  leader: Row
  personal: Row | null
  identifiers: Identifier[]
}

async function subjectOf(repos: Repos, id: number): Promise<Subject> {
  const leader = await repos.privacy.leaderRow(id)
  if (!leader) throw notFound(`Leader ${id} was not found.`)
  const personal = (await repos.privacy.personalRow(id)) ?? null
  const designations = await repos.privacy.rowsWhere('designations', 'leader_id', [id])
  const identifiers = personIdentifiers({
    name: (personal?.name as string | null) ?? null,
    email: (personal?.email as string | null) ?? null,
    phone: (personal?.phone as string | null) ?? null,
    ref: String(leader.ref),
    designationReferences: designations.map((designation) => String(designation.reference)),
  })
  return {id, leader, personal, identifiers}
}

/** A key that finds the row again: its id, or else its id-like columns. */
function rowKey(row: Row): Row {
  if ('id' in row) return {id: row.id}
  return Object.fromEntries(
    Object.entries(row).filter(([column]) => column.endsWith('_id') || column === 'urn' || column === 'key'),
  )
}

const isJsonColumn = (column: string) => column.endsWith('_json')

export interface Mention {
  table: string
  column: string
  key: Row
  /** Which identifiers occur: name, surname, email, phone, ref, designation-reference. */
  matched: IdentifierKind[]
}

/**
 * Text that mentions the person, outside the tables about them: the free-text columns (see
 * db/free-text) for any identifier, the surname included, and with `structured` the JSON columns
 * for the strong identifiers only, since JSON also holds enumerated values ("in-person" is no
 * mention of a Mr Person).
 */
async function findMentions(
  repos: Repos,
  tables: readonly TableShape[],
  identifiers: readonly Identifier[],
  options: {structured: boolean},
) {
  const strong = strongIdentifiers(identifiers)
  const found: (Mention & {text: string})[] = []
  for (const table of tables) {
    if (SUBJECT_TABLES.has(table.name)) continue
    const searches: [columns: readonly string[], identifiers: readonly Identifier[]][] = [
      [table.freeTextColumns, identifiers],
    ]
    if (options.structured) searches.push([table.textColumns.filter(isJsonColumn), strong])
    for (const [columns, wanted] of searches) {
      const fragments = [...new Set(wanted.map(coarseFragment))]
      for (const row of await repos.privacy.rowsContaining(table.name, columns, fragments)) {
        for (const column of columns) {
          const text = row[column]
          if (typeof text !== 'string') continue
          const matched = mentionsIn(text, wanted)
          if (matched.length > 0) found.push({table: table.name, column, key: rowKey(row), matched, text})
        }
      }
    }
  }
  return found
}

// ---- export ------------------------------------------------------------------------------------

export interface PersonalDataExport {
  exportedAt: string
  registry: string
  redacted: boolean
  leader: Row
  /** Name, email, phone and notes; null once erased. */
  personal: Row | null
  /** Rows linked to the leader, by table: through leader_id, or through their deployments and legacy links. */
  records: Record<string, Row[]>
  /** The audit log's entries about this leader. */
  audit: Row[]
  /** Match runs that considered the leader, with the entries that name their reference. */
  matchRuns: {
    id: number
    createdAt: string
    asOf: string
    applied: boolean
    entries: {path: string; entry: unknown}[]
  }[]
  /**
   * The leader's own record, as directors see it in `leaders show` and the leader report: each
   * deployment they completed (or that ended early) and what the supported school's results did.
   */
  outcomeRecord: LeaderRecord
  /** Free text (and JSON) anywhere else in the registry that mentions the person. */
  mentions: (Mention & {text: string})[]
  /** Rows mentioning the person in the files of rejected rows that imports wrote. */
  rejectFiles: {path: string; header: string[]; rows: string[][]}[]
  notes: string[]
}

export interface ExportInput {
  leader: string
  /** Replace the name, email, phone and notes (and mentions of them) with "[redacted]". */
  redact?: boolean
}

/** Everything the registry holds about one leader, as one JSON document. */
export async function exportPersonalData(context: ServiceContext, input: ExportInput): Promise<PersonalDataExport> {
  return context.registry.read(async (repos) => {
    const subject = await subjectOf(repos, await resolveLeaderId(repos, input.leader))
    const tables = await repos.privacy.tables()
    const records = await linkedRecords(repos, tables, subject.id)
    const audit = (await repos.privacy.rowsWhere('audit_log', 'entity_id', [String(subject.id)]))
      .filter((row) => row.entity === 'leader')
      .map(parseJsonColumns)
    const place = (table: string, key: Row) => `${table}:${JSON.stringify(key)}`
    const listed = new Set(
      [...Object.entries(records), ['audit_log', audit] as const].flatMap(([table, rows]) =>
        rows.map((row) => place(table, rowKey(row))),
      ),
    )
    const mentions = (
      await findMentions(
        repos,
        tables.filter((table) => table.name !== 'match_runs'),
        subject.identifiers,
        {structured: true},
      )
    ).filter((mention) => !listed.has(place(mention.table, mention.key)))
    const strong = strongIdentifiers(subject.identifiers)
    const matchRuns = (
      await repos.privacy.rowsContaining('match_runs', ['results_json'], strong.map(coarseFragment))
    ).map((run) => ({
      id: Number(run.id),
      createdAt: String(run.created_at),
      asOf: String(run.as_of),
      applied: run.applied === 1,
      entries: entriesMentioning(JSON.parse(String(run.results_json)), strong),
    }))
    const unreadable: string[] = []
    const rejectFiles = (await repos.privacy.rejectFiles()).flatMap(({path}) => {
      let file: RejectFile | null
      try {
        file = readRejectFile(path)
      } catch {
        unreadable.push(`The reject file ${path} could not be read as CSV: check it by hand.`)
        return []
      }
      const rows = file?.rows.filter((row) => row.some((cell) => mentionsIn(cell, strong).length > 0)) ?? []
      return rows.length > 0 ? [{path, header: file!.header, rows}] : []
    })
    const result: PersonalDataExport = {
      exportedAt: new Date().toISOString(),
      registry: context.registry.path,
      redacted: false,
      leader: subject.leader,
      personal: subject.personal,
      records,
      audit,
      matchRuns: matchRuns.filter((run) => run.entries.length > 0),
      outcomeRecord: await leaderRecord(repos, subject.id, context.today),
      mentions,
      rejectFiles,
      notes: [
        'Ids and references tie these records together; deployments and the days ledger are the record of public money spent and are kept, anonymised, if the person is erased.',
        BACKUPS_NOTICE,
        ...unreadable,
      ],
    }
    return input.redact ? redactExport(result, subject.identifiers) : result
  })
}

function redactExport(document: PersonalDataExport, identifiers: readonly Identifier[]): PersonalDataExport {
  const personalKinds: IdentifierKind[] = ['name', 'surname', 'email', 'phone']
  const personal =
    document.personal &&
    Object.fromEntries(
      Object.entries(document.personal).map(([key, value]) => [
        key,
        key === 'leader_id' || value === null ? value : REDACTED,
      ]),
    )
  const {value} = scrubJson(
    {...document, personal: null},
    {identifiers: identifiers.filter((identifier) => personalKinds.includes(identifier.kind)), replacement: REDACTED},
  )
  return {...(value as PersonalDataExport), personal, redacted: true}
}

async function linkedRecords(
  repos: Repos,
  tables: readonly TableShape[],
  leaderId: number,
): Promise<Record<string, Row[]>> {
  const records: Record<string, Row[]> = {}
  const linkable = tables.filter((table) => !['leaders', 'leader_personal', 'audit_scrubs'].includes(table.name))
  for (const table of linkable.filter((shape) => shape.columns.includes('leader_id'))) {
    records[table.name] = (await repos.privacy.rowsWhere(table.name, 'leader_id', [leaderId])).map(parseJsonColumns)
  }
  const idsOf = (table: string) => (records[table] ?? []).map((row) => Number(row.id))
  const through: [column: string, ids: number[]][] = [
    ['deployment_id', idsOf('deployments')],
    ['legacy_link_id', idsOf('legacy_links')],
  ]
  for (const table of linkable.filter((shape) => !shape.columns.includes('leader_id'))) {
    const rows = new Map<string, Row>()
    for (const [column, ids] of through) {
      if (!table.columns.includes(column) || ids.length === 0) continue
      for (const row of await repos.privacy.rowsWhere(table.name, column, ids))
        rows.set(JSON.stringify(rowKey(row)), parseJsonColumns(row))
    }
    if (rows.size > 0) records[table.name] = [...rows.values()]
  }
  return Object.fromEntries(Object.entries(records).filter(([, rows]) => rows.length > 0))
}

function parseJsonColumns(row: Row): Row {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => {
      if (!isJsonColumn(column) || typeof value !== 'string') return [column, value]
      try {
        return [column, JSON.parse(value)]
      } catch {
        return [column, value]
      }
    }),
  )
}

// ---- erasure -----------------------------------------------------------------------------------

export interface ErasureTarget {
  id: number
  ref: string
  name: string | null
  designations: string[]
}

export interface RejectFileScrub {
  path: string
  status: 'scrubbed' | 'clean' | 'missing' | 'unreadable'
  rowsRemoved: number
}

export interface ErasureReport {
  leaderId: number
  /** The reference the anonymised history keeps. */
  ref: string
  erasedAt: string
  /** Profile rows deleted, by table. */
  deleted: Record<string, number>
  /** JSON values rewritten to the new reference, by table.column. */
  scrubbed: Record<string, number>
  rejectFiles: RejectFileScrub[]
  /** Free text elsewhere that mentions the person: review and edit by hand (not rewritten). */
  review: Mention[]
  /** True when the write-ahead log was emptied, so erased bytes exist in no registry file. */
  filesPurged: boolean
  notices: string[]
}

/**
 * Finds the leader to erase by an exact key only (reference, designation reference or email):
 * erasing someone picked by a partial name would be too easy a mistake.
 */
export async function erasureTarget(context: ServiceContext, text: string): Promise<ErasureTarget> {
  return context.registry.read(async (repos) => {
    const id = await exactLeaderId(repos, text)
    const leader = (await repos.leaders.get(id))!
    if (leader.erasedAt) throw conflict(`Leader ${leader.ref} was already erased on ${leader.erasedAt.slice(0, 10)}.`)
    await assertNothingRunning(repos, id, leader.ref)
    return {
      id,
      ref: leader.ref,
      name: leader.name,
      designations: leader.designations.map((designation) => `${designation.kind} ${designation.reference}`),
    }
  })
}

async function exactLeaderId(repos: Repos, text: string): Promise<number> {
  const trimmed = text.trim()
  const byRef = await repos.leaders.idByRef(trimmed)
  if (byRef !== undefined) return byRef
  const byDesignation = await repos.leaders.idsByDesignationReference(trimmed)
  if (byDesignation.length === 1) return byDesignation[0]!
  const byEmail = isEmail(trimmed) ? await repos.leaders.idByEmail(trimmed) : undefined
  if (byEmail !== undefined) return byEmail
  throw notFound(`No leader has the reference, designation reference or email "${trimmed}".`, {
    code: 'leader.erase-key-unknown',
    data: {key: trimmed},
  })
}

async function assertNothingRunning(repos: Repos, id: number, ref: string): Promise<void> {
  const live = await repos.privacy.liveCommitments(id)
  if (live.deployments.length === 0 && live.legacyLinks.length === 0) return
  const parts = [
    ...live.deployments.map((deployment) => `deployment ${deployment.id} (${deployment.status})`),
    ...live.legacyLinks.map((link) => `legacy link ${link}`),
  ]
  throw conflict(`Leader ${ref} cannot be erased while work is running: ${parts.join(', ')}.`, {
    code: 'leader.erase-work-running',
    data: live,
  })
}

export async function eraseLeader(context: ServiceContext, target: ErasureTarget): Promise<ErasureReport> {
  const erasedAt = new Date().toISOString()
  const outcome = await context.registry.write(async (repos) => {
    const subject = await subjectOf(repos, target.id)
    if (subject.leader.erased_at || subject.leader.ref !== target.ref) {
      throw conflict(`Leader ${target.ref} was changed by another process meanwhile; nothing was erased.`, {
        suggestion: 'Run the command again.',
      })
    }
    await assertNothingRunning(repos, subject.id, target.ref)
    // The files first, holding the write lock: scrubbing them is harmless to repeat if what follows
    // fails, while once the registry has forgotten the person nothing could find them in the files.
    const rejectFiles = (await repos.privacy.rejectFiles()).map(({path}) =>
      scrubRejectFile(path, strongIdentifiers(subject.identifiers)),
    )
    const ref = await tombstoneRef(repos, subject.id)
    const tables = await repos.privacy.tables()
    await repos.privacy.beginAuditScrub(subject.id)
    const scrubbed = await scrubStructuredJson(repos, tables, subject, ref)
    await repos.privacy.endAuditScrub(subject.id)
    // JSON was rewritten above; free text is for a person to edit.
    const review = (await findMentions(repos, tables, subject.identifiers, {structured: false})).map(
      ({text: _text, ...mention}) => mention,
    )
    const deleted: Record<string, number> = {}
    for (const table of PROFILE_TABLES) {
      const count = await repos.privacy.deleteRows(table, 'leader_id', subject.id)
      if (count > 0) deleted[table] = count
    }
    await repos.privacy.tombstoneDesignations(subject.id, (designationId) => `${ref}-D${designationId}`)
    await repos.privacy.tombstoneLeader(subject.id, ref, erasedAt)
    await repos.audit.record({
      actor: context.actor,
      action: 'leader.erase',
      entity: 'leader',
      entityId: subject.id,
      after: {
        ref,
        erasedAt,
        deleted,
        scrubbed,
        rejectFilesScrubbed: rejectFiles.filter((file) => file.status === 'scrubbed').length,
        mentionsForReview: review.length,
      },
    })
    return {ref, deleted, scrubbed, review, rejectFiles}
  })
  const {complete} = await context.registry.checkpoint()
  const notices = [BACKUPS_NOTICE]
  if (!complete)
    notices.unshift(
      'Another broker process was reading the registry, so erased bytes may stay in its write-ahead log until that process ends; a registry check after that flushes them.',
    )
  if (outcome.review.length > 0)
    notices.push(`${outcome.review.length} text fields elsewhere mention the person: review them and edit by hand.`)
  notices.push(
    'If the person is still on a designation list you import, remove them there too, or the next import adds them again.',
  )
  return {leaderId: target.id, erasedAt, ...outcome, filesPurged: complete, notices}
}

async function tombstoneRef(repos: Repos, id: number): Promise<string> {
  let ref = `ERASED-${id}`
  for (let suffix = 2; await repos.privacy.refTaken(ref); suffix += 1) ref = `ERASED-${id}-${suffix}`
  return ref
}

/**
 * Rewrites the person's identifiers to the new reference in every JSON column (`*_json`), and
 * drops the workplace from audit entries about them. Returns how many values changed per column.
 */
async function scrubStructuredJson(
  repos: Repos,
  tables: readonly TableShape[],
  subject: Subject,
  ref: string,
): Promise<Record<string, number>> {
  const identifiers = strongIdentifiers(subject.identifiers)
  const fragments = identifiers.map(coarseFragment)
  const aboutSubject = (table: string, row: Row) =>
    table === 'audit_log' && row.entity === 'leader' && row.entity_id === String(subject.id)
  const scrubbed: Record<string, number> = {}
  for (const table of tables) {
    const columns = table.textColumns.filter(isJsonColumn)
    if (columns.length === 0 || !table.columns.includes('id')) continue
    const rows = new Map(
      (await repos.privacy.rowsContaining(table.name, columns, fragments)).map((row) => [row.id, row]),
    )
    if (table.name === 'audit_log')
      for (const row of await repos.privacy.rowsWhere('audit_log', 'entity_id', [String(subject.id)]))
        rows.set(row.id, row)
    for (const row of rows.values()) {
      const changes: Row = {}
      for (const column of columns) {
        const text = row[column]
        if (typeof text !== 'string') continue
        const rewritten = rewriteJsonText(text, {
          identifiers,
          replacement: ref,
          clearKeys: aboutSubject(table.name, row) ? WORKPLACE_KEYS : [],
        })
        if (rewritten === text) continue
        changes[column] = rewritten
        scrubbed[`${table.name}.${column}`] = (scrubbed[`${table.name}.${column}`] ?? 0) + 1
      }
      if (Object.keys(changes).length > 0) await repos.privacy.updateRow(table.name, Number(row.id), changes)
    }
  }
  return scrubbed
}

function rewriteJsonText(text: string, options: Parameters<typeof scrubJson>[1]): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return scrubJson(text, options).value as string
  }
  const {value, changed} = scrubJson(parsed, options)
  return changed ? JSON.stringify(value) : text
}

// ---- reject files --------------------------------------------------------------------------------

interface RejectFile {
  bom: boolean
  header: string[]
  rows: string[][]
}

function readRejectFile(path: string): RejectFile | null {
  if (!existsSync(path)) return null
  const text = readFileSync(path, 'utf8')
  const records = parse(text, {bom: true, relax_column_count: true, skip_empty_lines: true})
  return {bom: text.startsWith('\uFEFF'), header: records[0] ?? [], rows: records.slice(1)}
}

/** Removes the rows that identify the person from one reject file, rewriting it atomically. */
function scrubRejectFile(path: string, identifiers: readonly Identifier[]): RejectFileScrub {
  let file: RejectFile | null
  try {
    file = readRejectFile(path)
  } catch {
    return {path, status: 'unreadable', rowsRemoved: 0}
  }
  if (file === null) return {path, status: 'missing', rowsRemoved: 0}
  const kept = file.rows.filter((row) => !row.some((cell) => mentionsIn(cell, identifiers).length > 0))
  const removed = file.rows.length - kept.length
  if (removed === 0) return {path, status: 'clean', rowsRemoved: 0}
  writePrivateFileAtomically(path, stringify([file.header, ...kept], {bom: file.bom, escape_formulas: true}))
  return {path, status: 'scrubbed', rowsRemoved: removed}
}
