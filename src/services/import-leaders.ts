// Longer than 400 lines: the designation-list import reads top to bottom in one file: the row readers' results
// checked against the registry (schools, specialisms, designations, capacity), the plan, and its write.
import {academicYearLabel, academicYearOf, parseAcademicYear} from '../core/calendar.js'
import {BrokerError, usage} from '../core/errors.js'
import {readLeaderRow, type LeaderRow, type PhraseUse} from '../core/leader-rows.js'
import type {Leader, Phase} from '../core/model.js'
import type {Repos} from '../db/repos/index.js'
import {emailKey, type SpecialismAssignment} from '../db/repos/leaders.js'
import type {FieldSpec} from '../importers/headers.js'
import type {ServiceContext} from './context.js'
import {areaNormaliser} from './import-areas.js'
import {
  type AcceptedRow,
  type ImportOptions,
  type ImportReport,
  type Plan,
  prepareFile,
  type RejectedRecord,
  type RowIssue,
  runImport,
  validateRows,
} from './import.js'
import {defaultBody, resolvePhases} from './leaders.js'
import {resolveSchool} from './resolve.js'

export const LEADER_FIELDS: FieldSpec[] = [
  {
    field: 'designation',
    label: 'Designation',
    required: true,
    synonyms: ['Designation type', 'Designation', 'Type', 'Role', 'Leader type', 'Designation kind'],
  },
  {
    field: 'reference',
    label: 'Reference',
    synonyms: [
      'Ref',
      'Reference',
      'Designation reference',
      'Designation ref',
      'Ref no',
      'Reference number',
      'SLE number',
      'Leader ref',
    ],
  },
  {
    field: 'body',
    label: 'Designating body',
    synonyms: ['Designating body', 'Body', 'Designated by', 'Teaching school hub', 'Hub'],
  },
  {field: 'name', label: 'Name', required: true, synonyms: ['Full name', 'Name', 'Leader name', 'Leader']},
  {field: 'email', label: 'Email', synonyms: ['Email address', 'Email', 'E-mail', 'E-mail address', 'Work email']},
  {
    field: 'home',
    label: 'Home school',
    synonyms: ['Home school URN', 'Home school', 'Home URN', 'School URN', 'School', 'URN', 'Base school'],
  },
  {
    field: 'specialisms',
    label: 'Specialisms',
    multiple: true,
    synonyms: [
      'Areas of expertise',
      'Area of expertise',
      'Specialisms',
      'Specialism',
      'Expertise',
      'Specialist areas',
      'Specialist area',
    ],
  },
  {field: 'phases', label: 'Phases', multiple: true, synonyms: ['Phase', 'Phases', 'Phase experience', 'Phase(s)']},
  {
    field: 'days',
    label: 'Days released',
    synonyms: ['Days offered', 'Days', 'Days released', 'Days available', 'Capacity (days)', 'Days per year'],
  },
  {
    field: 'designatedOn',
    label: 'Designation date',
    synonyms: ['Date designated', 'Designation date', 'Designated on', 'Date of designation', 'Designated'],
  },
  {
    field: 'reviewOn',
    label: 'Review date',
    synonyms: ['Review due', 'Review date', 'Review on', 'Expiry date', 'Expires', 'Expiry', 'Redesignation due'],
  },
  {field: 'status', label: 'Status', synonyms: ['Status', 'Designation status']},
]

export interface LeaderImportOptions extends ImportOptions {
  body?: string
  year?: number
  acceptFuzzy?: boolean
  specialismMap?: string
  /** The file is the body's complete list: its designations missing from it are withdrawn. */
  full?: boolean
}

export interface LeaderImportDetails {
  /** The academic year the days go to, and where that came from. */
  academicYear: number
  academicYearLabel: string
  academicYearSource: 'header' | 'flag' | 'title' | 'today'
  /** The designating body for rows that do not name one. */
  body: string
  newLeaders: number
  /** Phrases that did not map word for word: what each became and how sure that is. */
  specialismMappings: PhraseUse[]
  /** --full: designations missing from the complete list, withdrawn. */
  withdrawn: {body: string; reference: string}[]
}

export type LeaderImportReport = ImportReport<LeaderImportDetails>

export async function importLeaders(
  context: ServiceContext,
  options: LeaderImportOptions,
): Promise<LeaderImportReport> {
  const prepared = await prepareFile(context, 'leaders', LEADER_FIELDS, options)
  const normaliser = await areaNormaliser(context, options.specialismMap)
  const year = academicYear(prepared.columnOf('days'), prepared.table.preamble.join(' '), options.year, context.today)
  const validated = validateRows(
    prepared,
    (cells) =>
      readLeaderRow(cells, {
        normaliser,
        acceptFuzzy: options.acceptFuzzy ?? false,
        mapFile: options.specialismMap,
        date1904: prepared.table.date1904,
      }),
    (row) =>
      row.reference === null
        ? `email ${row.email}`
        : `${row.body === null ? '' : `${row.body} `}reference ${row.reference}`,
    options.onProgress,
  )
  const source = `import ${prepared.table.fileName}`
  const referencesInFile = prepared.table.rows.map((record) => {
    const cells = prepared.cells(record)
    return {body: cells.get('body')?.trim() || null, reference: cells.get('reference')?.trim() || null}
  })

  return runImport(context, prepared, validated, options, async (repos, rows): Promise<Plan<LeaderImportDetails>> => {
    const body = options.body ?? (await defaultBody(repos))
    const people = await groupPeople(repos, rows, body)
    const rejected: RejectedRecord[] = [...people.rejected]
    const plans: PersonPlan[] = []
    let insert = 0
    let update = 0
    let unchanged = 0
    const known = people.people.flatMap((person) => (person.leaderId === null ? [] : [person.leaderId]))
    const existing = new Map((await repos.leaders.load(known)).map((leader) => [leader.id, leader]))
    const homes = people.people.flatMap((person) =>
      person.rows.flatMap(({row}) => (row.home !== null && 'urn' in row.home ? [row.home.urn] : [])),
    )
    const schools = await repos.schools.getMany(homes)
    const warnings: RowIssue[] = []
    for (const person of people.people) {
      for (const {row, record} of person.rows) {
        if (row.home !== null && 'urn' in row.home && !schools.has(row.home.urn)) {
          warnings.push({
            line: record.line,
            column: prepared.columnOf('home'),
            value: String(row.home.urn),
            reason:
              'the home school is not in the registry yet: distance and context cannot be scored until it is imported',
          })
        }
      }
      const plan = await planPerson(
        repos,
        person,
        person.leaderId === null ? undefined : existing.get(person.leaderId),
        year.year,
        rejected,
      )
      if (plan === null) continue
      plans.push(plan)
      plan.designations.forEach((designation, index) => {
        if (designation.stored === undefined) insert += 1
        else if (designation.changed || (index === 0 && plan.personChanged)) update += 1
        else unchanged += 1
      })
    }
    const withdrawing = options.full ? await missingDesignations(repos, body, referencesInFile) : []
    const phrases = new Map<string, PhraseUse>()
    for (const {row} of rows)
      for (const phrase of row.phrases)
        if (phrase.confidence < 1 && phrase.method !== 'unknown') phrases.set(phrase.text.toLowerCase(), phrase)
    const details: LeaderImportDetails = {
      academicYear: year.year,
      academicYearLabel: academicYearLabel(year.year),
      academicYearSource: year.source,
      body,
      newLeaders: plans.filter((plan) => plan.leaderId === null).length,
      specialismMappings: [...phrases.values()],
      withdrawn: withdrawing,
    }
    return {
      insert,
      update,
      unchanged,
      rejected,
      warnings,
      details,
      async apply() {
        const changedIds: number[] = []
        const takenRefs = await repos.leaders.foldedRefs()
        for (const [index, plan] of plans.entries()) {
          if (index % 200 === 0) options.onProgress?.('writing', index, plans.length)
          const id = await applyPerson(repos, plan, year.year, source, takenRefs)
          if (id !== null) changedIds.push(id)
        }
        const reason = `not on the complete list ${prepared.table.fileName} (${context.today})`
        for (const designation of withdrawing)
          await repos.leaders.withdrawDesignation(designation.body, designation.reference, reason)
        if (changedIds.length > 0) {
          await repos.audit.record({
            actor: context.actor,
            action: 'leaders.import',
            entity: 'leader',
            entityId: 'many',
            after: {leaderIds: changedIds, withdrawn: withdrawing},
          })
        }
        return details
      },
    }
  })
}

/** The academic year named in the days column's header, else --year, else a title row, else today's. */
function academicYear(
  daysHeader: string | null,
  title: string,
  flag: number | undefined,
  today: string,
): {year: number; source: LeaderImportDetails['academicYearSource']} {
  const inHeader = daysHeader === null ? null : yearNamedIn(daysHeader)
  if (inHeader !== null && flag !== undefined && inHeader !== flag) {
    throw usage(
      `The days column "${daysHeader}" is for ${academicYearLabel(inHeader)}, but the year given is ${academicYearLabel(flag)}.`,
      {
        code: 'import.year-mismatch',
        data: {column: daysHeader!, inColumn: academicYearLabel(inHeader), given: academicYearLabel(flag)},
      },
    )
  }
  if (inHeader !== null) return {year: inHeader, source: 'header'}
  if (flag !== undefined) return {year: flag, source: 'flag'}
  const inTitle = yearNamedIn(title)
  if (inTitle !== null) return {year: inTitle, source: 'title'}
  return {year: academicYearOf(today), source: 'today'}
}

function yearNamedIn(text: string): number | null {
  const match = /\b(20\d{2})\s*[/-]\s*(\d{2}|20\d{2})\b/.exec(text)
  return match ? parseAcademicYear(`${match[1]}/${match[2]}`) : null
}

interface Person {
  leaderId: number | null
  rows: (AcceptedRow<LeaderRow> & {body: string})[]
}

/**
 * Decides who each row is about: the holder of its designation (body and reference), else the
 * owner of its email, in the registry or earlier in the file; else a new person. A row whose
 * reference and email point to different people is rejected.
 */
async function groupPeople(
  repos: Repos,
  rows: AcceptedRow<LeaderRow>[],
  defaultBodyName: string,
): Promise<{people: Person[]; rejected: RejectedRecord[]}> {
  const holder = new Map<string, number>()
  for (const designation of await repos.leaders.designationIndex())
    holder.set(`${designation.body}\u0000${designation.reference}`, designation.leaderId)
  const emails = await repos.leaders.emailIndex()
  const people: Person[] = []
  const byLeader = new Map<number, Person>()
  const byDesignation = new Map<string, Person>()
  const byEmail = new Map<string, Person>()
  const rejected: RejectedRecord[] = []
  const personFor = (leaderId: number): Person => {
    let person = byLeader.get(leaderId)
    if (!person) {
      person = {leaderId, rows: []}
      byLeader.set(leaderId, person)
      people.push(person)
    }
    return person
  }
  for (const accepted of rows) {
    const body = accepted.row.body ?? defaultBodyName
    const designationKey = accepted.row.reference === null ? null : `${body}\u0000${accepted.row.reference}`
    const mail = emailKey(accepted.row.email)
    const viaDesignation =
      designationKey === null ? undefined : (byDesignation.get(designationKey) ?? lookup(holder.get(designationKey)))
    const viaEmail = mail === null ? undefined : (byEmail.get(mail) ?? lookup(emails.get(mail)))
    function lookup(id: number | undefined): Person | undefined {
      return id === undefined ? undefined : personFor(id)
    }
    if (viaDesignation && viaEmail && viaDesignation !== viaEmail) {
      rejected.push({
        record: accepted.record,
        issues: [
          {
            line: accepted.record.line,
            column: null,
            value: `${accepted.row.reference} / ${accepted.row.email}`,
            reason: `the reference ${accepted.row.reference} belongs to ${await describe(repos, viaDesignation)} but the email ${accepted.row.email} to ${await describe(repos, viaEmail)}: one of them is wrong`,
          },
        ],
      })
      continue
    }
    let person = viaDesignation ?? viaEmail
    if (!person) {
      person = {leaderId: null, rows: []}
      people.push(person)
    }
    person.rows.push({...accepted, body})
    if (designationKey !== null) byDesignation.set(designationKey, person)
    if (mail !== null) byEmail.set(mail, person)
  }
  return {people: people.filter((person) => person.rows.length > 0), rejected}
}

async function describe(repos: Repos, person: Person): Promise<string> {
  if (person.leaderId !== null) return `leader ${(await repos.leaders.get(person.leaderId))?.ref ?? person.leaderId}`
  return `the person on line ${person.rows[0]?.record.line}`
}

interface DesignationPlan {
  row: AcceptedRow<LeaderRow> & {body: string}
  stored: Leader['designations'][number] | undefined
  changed: boolean
}

interface PersonPlan {
  leaderId: number | null
  existing: Leader | undefined
  personChanged: boolean
  name: string
  email: string | null
  homeUrn: number | null
  phases: Phase[]
  specialisms: SpecialismAssignment[]
  halfDays: number | null
  changes: {personal: boolean; home: boolean; phases: boolean; specialisms: boolean; capacity: boolean}
  designations: DesignationPlan[]
  preferredRef: string | null
}

/** What one person becomes: the union of their rows' phases and areas, the sum of their days. */
async function planPerson(
  repos: Repos,
  person: Person,
  existing: Leader | undefined,
  year: number,
  rejected: RejectedRecord[],
): Promise<PersonPlan | null> {
  const reject = (row: AcceptedRow<LeaderRow>, column: string | null, reason: string) =>
    rejected.push({record: row.record, issues: [{line: row.record.line, column, value: null, reason}]})
  if (existing?.erasedAt) {
    for (const row of person.rows)
      reject(
        row,
        null,
        `leader ${existing.ref} was erased on ${existing.erasedAt.slice(0, 10)} and cannot be re-imported`,
      )
    return null
  }
  const first = person.rows[0]!
  let homeUrn = existing?.homeUrn ?? null
  const homeRow = person.rows.find((row) => row.row.home !== null)
  if (homeRow) {
    const home = homeRow.row.home!
    if ('urn' in home) homeUrn = home.urn
    else {
      try {
        homeUrn = (await resolveSchool(repos, home.name)).urn
      } catch (error) {
        if (!(error instanceof BrokerError)) throw error
        for (const row of person.rows)
          reject(
            row,
            'home',
            `home school "${home.name}": ${error.message}${error.suggestion ? ` ${error.suggestion}` : ''}`,
          )
        return null
      }
    }
  }
  const phases = new Set<Phase>()
  for (const row of person.rows) {
    row.row.phases.forEach((phase) => phases.add(phase))
    if (row.row.phaseFromHome) {
      try {
        ;(await resolvePhases(repos, ['Not applicable'], homeUrn)).forEach((phase) => phases.add(phase))
      } catch (error) {
        if (!(error instanceof BrokerError)) throw error
        reject(row, 'phases', error.message)
        return null
      }
    }
  }
  const specialisms = new Map<string, SpecialismAssignment>()
  for (const row of person.rows) {
    for (const area of row.row.specialisms) {
      if ((specialisms.get(area.code)?.confidence ?? -1) < area.confidence) specialisms.set(area.code, area)
    }
  }
  const days = person.rows.map((row) => row.row.halfDays).filter((halfDays): halfDays is number => halfDays !== null)
  const halfDays = days.length > 0 ? days.reduce((sum, value) => sum + value, 0) : null
  const name = first.row.name
  const email = person.rows.find((row) => row.row.email !== null)?.row.email ?? existing?.email ?? null
  const sortedPhases = [...phases].sort()
  const sortedAreas = [...specialisms.values()].sort((a, b) => a.code.localeCompare(b.code))
  const changes = {
    personal: existing === undefined || existing.name !== name || (existing.email ?? null) !== email,
    home: existing === undefined || existing.homeUrn !== homeUrn,
    phases: existing === undefined ? sortedPhases.length > 0 : existing.phases.join() !== sortedPhases.join(),
    specialisms:
      existing === undefined
        ? sortedAreas.length > 0
        : existing.specialisms
            .map((s) => `${s.code}:${s.confidence}`)
            .sort()
            .join() !== sortedAreas.map((s) => `${s.code}:${s.confidence}`).join(),
    capacity:
      halfDays !== null &&
      existing?.capacity.find((entry) => entry.academicYear === year)?.releasedHalfDays !== halfDays,
  }
  const designations = person.rows.map((row): DesignationPlan => {
    const stored = existing?.designations.find((designation) =>
      row.row.reference === null
        ? designation.body === row.body && designation.kind === row.row.kind
        : designation.body === row.body && designation.reference === row.row.reference,
    )
    const changed =
      stored === undefined ||
      stored.kind !== row.row.kind ||
      stored.designatedOn !== row.row.designatedOn ||
      stored.reviewOn !== row.row.reviewOn ||
      stored.status !== row.row.status
    return {row, stored, changed}
  })
  return {
    leaderId: person.leaderId,
    existing,
    personChanged: Object.values(changes).some(Boolean),
    name,
    email,
    homeUrn,
    phases: sortedPhases,
    specialisms: sortedAreas,
    halfDays,
    changes,
    designations,
    preferredRef: first.row.reference,
  }
}

/** Writes one person's changes; returns their id when anything changed. */
async function applyPerson(
  repos: Repos,
  plan: PersonPlan,
  year: number,
  source: string,
  takenRefs: Set<string>,
): Promise<number | null> {
  if (!plan.personChanged && plan.designations.every((designation) => !designation.changed)) return null
  let id = plan.leaderId
  let ref = plan.existing?.ref
  if (id === null) {
    // A new leader's reference is their designation reference when it is free, as `leaders add` does.
    ref =
      plan.preferredRef !== null && !takenRefs.has(plan.preferredRef.toLowerCase())
        ? plan.preferredRef
        : await repos.leaders.nextGeneratedRef()
    takenRefs.add(ref.toLowerCase())
    id = await repos.leaders.insert({
      ref,
      name: plan.name,
      email: plan.email,
      homeUrn: plan.homeUrn,
      homeTrustCode: null,
      notes: null,
    })
  } else {
    if (plan.changes.personal) await repos.leaders.updatePersonal(id, {name: plan.name, email: plan.email})
    if (plan.changes.home) await repos.leaders.updateHome(id, {homeUrn: plan.homeUrn})
  }
  if (plan.changes.phases) await repos.leaders.setPhases(id, plan.phases)
  if (plan.changes.specialisms) await repos.leaders.setSpecialisms(id, plan.specialisms)
  if (plan.changes.capacity && plan.halfDays !== null) await repos.leaders.setCapacity(id, year, plan.halfDays, source)
  for (const designation of plan.designations) {
    if (!designation.changed) continue
    const row = designation.row.row
    await repos.leaders.upsertDesignation(id, {
      kind: row.kind,
      body: designation.row.body,
      reference:
        row.reference ??
        designation.stored?.reference ??
        (await freeReference(repos, designation.row.body, `${ref}-${row.kind}`)),
      designatedOn: row.designatedOn,
      reviewOn: row.reviewOn,
      status: row.status,
      statusReason: row.status === 'active' ? null : `${row.status} on the list (${source})`,
    })
  }
  return id
}

async function freeReference(repos: Repos, body: string, wanted: string): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const reference = attempt === 1 ? wanted : `${wanted}-${attempt}`
    if ((await repos.leaders.idByDesignation(body, reference)) === undefined) return reference
  }
}

/** Designations of the bodies in scope that the complete list no longer has. */
async function missingDesignations(
  repos: Repos,
  defaultBodyName: string,
  inFile: {body: string | null; reference: string | null}[],
): Promise<{body: string; reference: string}[]> {
  const listed = new Set(inFile.map((entry) => `${entry.body ?? defaultBodyName}\u0000${entry.reference ?? ''}`))
  const bodies = [...new Set(inFile.map((entry) => entry.body ?? defaultBodyName))]
  return (await repos.leaders.designationsOfBodies(bodies))
    .filter(
      (designation) =>
        designation.status !== 'withdrawn' && !listed.has(`${designation.body}\u0000${designation.reference}`),
    )
    .map((designation) => ({body: designation.body, reference: designation.reference}))
}
