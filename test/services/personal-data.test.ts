import {readFileSync, statSync} from 'node:fs'

import {afterEach, describe, expect, it} from 'vitest'

import {BrokerError} from '../../src/core/errors.js'
import type {DeliveryMode} from '../../src/core/model.js'
import {addLeader} from '../../src/services/leaders.js'
import {addNeed} from '../../src/services/needs.js'
import {eraseLeader, erasureTarget, exportPersonalData} from '../../src/services/personal-data.js'
import {searchRegistry} from '../../src/services/search.js'
import {type PersonFixture, seedPerson} from '../helpers/person.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'
import {seedSampleSchools} from '../helpers/seed.js'

let test: TestRegistry
afterEach(async () => test?.close())

async function setUp(options: {mentionInFreeText?: boolean} = {}): Promise<PersonFixture> {
  test = await openTestRegistry()
  return seedPerson(test.context, test.dir.path, options)
}

function rows(sql: string, ...parameters: unknown[]): Record<string, unknown>[] {
  return test.registry.database.prepare(sql).all(...parameters) as Record<string, unknown>[]
}

/** Every value of every table, as one string, to search for what must be gone. */
function wholeRegistryText(): string {
  const tables = rows("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").map((row) =>
    String(row.name),
  )
  return tables.map((table) => JSON.stringify(rows(`select * from "${table}"`))).join('\n')
}

async function failure(promise: Promise<unknown>): Promise<BrokerError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(BrokerError)
  return error as BrokerError
}

describe('leaders export-data', () => {
  it('gathers everything held about the person', async () => {
    const person = await setUp()
    const document = await exportPersonalData(test.context, {leader: person.email})
    expect(document.personal).toMatchObject({
      name: person.name,
      email: person.email,
      phone: person.phone,
      notes: 'Prefers Tuesdays',
    })
    expect(Object.keys(document.records).sort()).toEqual([
      'capacity_years',
      'deployment_objectives',
      'deployments',
      'designations',
      'evaluations',
      'leader_phases',
      'leader_specialisms',
      'ledger_entries',
      'objections',
      'unavailability',
    ])
    expect(document.records.designations!.map((row) => row.reference).sort()).toEqual(
      person.designationReferences.sort(),
    )
    expect(document.audit.map((entry) => entry.action)).toEqual(['leader.add', 'leader.update'])
    expect(document.matchRuns).toHaveLength(1)
    expect(document.matchRuns[0]!.entries.map((entry) => entry.path)).toEqual([
      'proposals[0]',
      'proposals[1]',
      'unmatched[0]',
    ])
    // The need's notes name her; its audit entry does not (the audit log keeps no free text).
    expect(document.mentions.map((mention) => `${mention.table}.${mention.column}`)).toEqual(['needs.notes'])
    expect(document.mentions.every((mention) => mention.text.includes(person.name))).toBe(true)
    expect(document.rejectFiles).toEqual([
      {
        path: person.rejectsPath,
        header: ['Full name', 'Email address', 'Ref', 'Rejected because'],
        rows: [[person.name, person.email, person.ref, 'Phase: unknown phase']],
      },
    ])
    // The other leader's rows stay out of it.
    expect(JSON.stringify(document)).not.toContain('sam.patel@example.sch.uk')
  })

  it('redacts the name, email, phone and notes everywhere, keeping references', async () => {
    const person = await setUp()
    const document = await exportPersonalData(test.context, {leader: person.ref, redact: true})
    const text = JSON.stringify(document)
    for (const secret of [person.name, person.email, 'Bloggsworthy', 'Prefers Tuesdays', person.phone])
      expect(text).not.toContain(secret)
    expect(document.redacted).toBe(true)
    expect(document.personal).toMatchObject({leader_id: person.leaderId, name: '[redacted]', email: '[redacted]'})
    expect(document.leader.ref).toBe(person.ref)
    expect(document.mentions.find((mention) => mention.table === 'needs')!.text).toBe(
      'Asked for [redacted] again after last year',
    )
  })
})

describe('leaders erase', () => {
  it('needs an exact key, not a name', async () => {
    await setUp()
    expect((await failure(erasureTarget(test.context, 'Josephine'))).kind).toBe('not-found')
  })

  it('is refused while a deployment is running, and changes nothing', async () => {
    const person = await setUp()
    test.registry.database.prepare("update deployments set status = 'active' where id = ?").run(person.deploymentId)
    const before = wholeRegistryText()
    const error = await failure(erasureTarget(test.context, person.ref))
    expect(error.kind).toBe('conflict')
    expect(error.message).toMatch(new RegExp(`deployment ${person.deploymentId} \\(active\\)`))
    expect(wholeRegistryText()).toBe(before)
  })

  it('removes the person, keeps anonymised history, rewrites structured JSON and lists free text for review', async () => {
    const person = await setUp()
    const target = await erasureTarget(test.context, person.ref)
    expect(target).toMatchObject({id: person.leaderId, ref: person.ref, name: person.name})
    expect(
      (await searchRegistry(test.context, {query: person.name, kinds: ['leader']})).hits.map((hit) => hit.key),
    ).toContain(person.ref)
    const report = await eraseLeader(test.context, target)

    expect(report.ref).toBe(`ERASED-${person.leaderId}`)
    expect(report.deleted).toEqual({
      leader_personal: 1,
      leader_phases: 1,
      leader_specialisms: 2,
      capacity_years: 1,
      unavailability: 1,
      objections: 1,
    })
    // Audit entries: leader.add, leader.update (before and after), for their workplace and references.
    expect(report.scrubbed).toEqual({
      'audit_log.after_json': 2,
      'audit_log.before_json': 1,
      'match_runs.results_json': 1,
    })
    expect(
      report.review.map((mention) => `${mention.table}.${mention.column}:${mention.matched.join('+')}`).sort(),
    ).toEqual([
      'evaluations.supported_head_evaluation:surname',
      'ledger_entries.note:name+surname',
      'needs.notes:name+surname',
    ])
    expect(report.rejectFiles).toEqual([{path: person.rejectsPath, status: 'scrubbed', rowsRemoved: 1}])
    expect(report.filesPurged).toBe(true)
    expect(report.notices.join('\n')).toMatch(/Backups .* out of reach/)

    // The leader is a tombstone; history stays attached to it.
    expect(rows('select ref, home_urn, erased_at from leaders where id = ?', person.leaderId)[0]).toMatchObject({
      ref: report.ref,
      home_urn: null,
      erased_at: report.erasedAt,
    })
    expect(rows('select * from leader_personal where leader_id = ?', person.leaderId)).toEqual([])
    expect(
      rows(
        'select kind, reference, status, designated_on from designations where leader_id = ? order by id',
        person.leaderId,
      ),
    ).toEqual([
      {kind: 'SLE', reference: `${report.ref}-D1`, status: 'withdrawn', designated_on: null},
      {kind: 'NLE', reference: `${report.ref}-D2`, status: 'withdrawn', designated_on: null},
    ])
    expect(rows('select count(*) as n from deployments where leader_id = ?', person.leaderId)[0]!.n).toBe(1)
    expect(rows('select count(*) as n from ledger_entries where leader_id = ?', person.leaderId)[0]!.n).toBe(1)

    // Outside the free text listed for review, nothing identifies her any more.
    const free = [
      `Asked for ${person.name} again after last year`,
      `${person.name} observed two lessons`,
      'Ms Bloggsworthy was excellent',
    ]
    let text = wholeRegistryText()
    for (const sentence of free) text = text.replaceAll(sentence, '')
    for (const secret of [
      person.name,
      person.email,
      person.phone,
      'Bloggsworthy',
      'Prefers Tuesdays',
      'surgery',
      ...person.designationReferences,
    ]) {
      expect(text, secret).not.toContain(secret)
    }
    expect(text).not.toContain(`"homeUrn":${person.homeUrn}`)
    // The other leader is untouched.
    expect(text).toContain('sam.patel@example.sch.uk')
    expect(text).toContain('NE-0300')

    // Search (its trigram index is kept by triggers) no longer finds her by name, email or old reference.
    for (const query of [person.name, person.email, person.ref]) {
      const {hits} = await searchRegistry(test.context, {query, kinds: ['leader']})
      expect(
        hits.map((hit) => hit.key),
        query,
      ).not.toContain(report.ref)
    }
    expect((await searchRegistry(test.context, {query: 'Sam Patel', kinds: ['leader']})).hits.length).toBeGreaterThan(0)

    const tombstone = rows("select actor, after_json from audit_log where action = 'leader.erase'")
    expect(tombstone).toHaveLength(1)
    expect(JSON.parse(String(tombstone[0]!.after_json))).toMatchObject({
      ref: report.ref,
      mentionsForReview: 3,
      rejectFilesScrubbed: 1,
    })

    const rejects = readFileSync(person.rejectsPath, 'utf8')
    expect(rejects.startsWith('\uFEFF')).toBe(true)
    expect(rejects).not.toContain(person.email)
    expect(rejects).toContain('sam.patel@example.sch.uk')
    expect(statSync(person.rejectsPath).mode & 0o777).toBe(0o600)
  })

  it('purges the bytes at once, while the registry stays open (a long-running process)', async () => {
    const person = await setUp({mentionInFreeText: false})
    const files = () => Buffer.concat([readFileSync(test.path), readFileSync(`${test.path}-wal`)])
    expect(files().includes(person.email)).toBe(true)
    const report = await eraseLeader(test.context, await erasureTarget(test.context, person.ref))
    expect(report.filesPurged).toBe(true)
    for (const secret of [person.name, person.email, person.phone, 'Prefers Tuesdays'])
      expect(files().includes(secret), secret).toBe(false)
  })

  it('cannot erase twice, and the old reference no longer finds anyone', async () => {
    const person = await setUp()
    const report = await eraseLeader(test.context, await erasureTarget(test.context, person.ref))
    expect((await failure(erasureTarget(test.context, person.ref))).kind).toBe('not-found')
    expect((await failure(erasureTarget(test.context, report.ref))).message).toMatch(/already erased/)
  })

  it('keeps the audit log append-only outside an erasure, and within one lets only the JSON change', async () => {
    await setUp()
    const database = test.registry.database
    expect(() => database.prepare("update audit_log set after_json = '{}' where id = 1").run()).toThrow(/append-only/)
    expect(() => database.prepare('delete from audit_log where id = 1').run()).toThrow(/append-only/)
    const inScrub = database.transaction((statement: string) => {
      database.prepare("insert into audit_scrubs (leader_id, started_at) values (1, 'now')").run()
      try {
        database.prepare(statement).run()
      } finally {
        database.prepare('delete from audit_scrubs').run()
      }
    })
    expect(() => inScrub("update audit_log set action = 'forged' where id = 1")).toThrow(/append-only/)
    expect(() => inScrub("update audit_log set actor = 'someone else' where id = 1")).toThrow(/append-only/)
    expect(() => inScrub('delete from audit_log where id = 1')).toThrow(/append-only/)
    inScrub("update audit_log set after_json = '{}' where id = 1")
    expect(rows('select after_json from audit_log where id = 1')[0]!.after_json).toBe('{}')
  })
})

describe('a leader whose surname broker also uses as a word', () => {
  it('is looked for in free text only: needs delivered "in-person" do not mention Zed Audit Person', async () => {
    test = await openTestRegistry()
    const schools = await seedSampleSchools(test.context, 12)
    await addLeader(test.context, {
      name: 'Zed Audit Person',
      email: 'zed.audit@example.org',
      designation: {kind: 'SLE', reference: 'ZP-1'},
      specialisms: ['maths'],
      phases: ['primary'],
    })
    const need = (deliveryMode: DeliveryMode, notes: string | null) =>
      addNeed(test.context, {
        school: String(schools[3]!.urn),
        specialisms: ['maths'],
        supportType: 'specialist',
        deliveryMode,
        requestedHalfDays: 4,
        windowStart: '2027-01-04',
        windowEnd: '2027-03-26',
        priority: 'medium',
        notes,
      })
    for (const mode of ['in-person', 'blended', 'in-person'] as const) await need(mode, 'Maths leadership')
    const mentioning = (await need('remote', 'Mr Person knows the school')).need

    const expected = [`needs.notes:{"id":${mentioning.id}}:surname`]
    const document = await exportPersonalData(test.context, {leader: 'ZP-1'})
    expect(
      document.mentions.map(
        (mention) => `${mention.table}.${mention.column}:${JSON.stringify(mention.key)}:${mention.matched.join('+')}`,
      ),
    ).toEqual(expected)
    const report = await eraseLeader(test.context, await erasureTarget(test.context, 'ZP-1'))
    expect(
      report.review.map(
        (mention) => `${mention.table}.${mention.column}:${JSON.stringify(mention.key)}:${mention.matched.join('+')}`,
      ),
    ).toEqual(expected)
  })
})
