import {writeFileSync} from 'node:fs'

import Database from 'better-sqlite3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {Registry} from '../../src/db/registry.js'
import type {DeploymentList} from '../../src/services/deployment-views.js'
import type {DeploymentChange} from '../../src/services/deployments.js'
import type {DistrictImportResult, SchoolChange, TrustChange} from '../../src/services/eligibility-data.js'
import type {EligibilityReport} from '../../src/services/eligibility.js'
import type {LeaderChange, LeaderDetail} from '../../src/services/leaders.js'
import type {AddNeedResult, NeedChange, NeedList} from '../../src/services/needs.js'
import type {SchoolDetail} from '../../src/services/schools.js'
import type {SearchResult} from '../../src/services/search.js'
import {jsonFailure, runCli, runJson, tempDir, type TempDir} from '../helpers/cli.js'
import {copyRegistry} from '../helpers/registry.js'
import {seedSampleSchools} from '../helpers/seed.js'
import {CAN_DRIVE_TERMINAL, runInTerminal} from '../helpers/terminal.js'

/** Each test works on its own copy of a registry holding the sample schools and nothing else. */
let dir: TempDir
let template: string
let copies = 0

beforeAll(async () => {
  dir = tempDir()
  template = dir.file('template.db')
  const registry = await Registry.open(template, {create: true})
  await seedSampleSchools({registry, actor: 'test', today: '2026-12-01'})
  await registry.close()
})
afterAll(() => dir.remove())

function freshRegistry(): Record<string, string> {
  copies += 1
  const path = dir.file(`registry-${copies}.db`)
  copyRegistry(template, path)
  return {BROKER_DB: path, BROKER_TODAY: '2026-12-01'}
}

const needsCount = (env: Record<string, string>) => runJson<NeedList>(['needs', 'list', '--status', 'any'], {env}).total

describe('needs by flags (no terminal)', () => {
  it('fails fast naming every missing flag, with exit 2 and nothing written', () => {
    const env = freshRegistry()
    const result = runCli(['needs', 'add', '--specialism', 'maths'], {env})
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/Missing --urn, --days, --from, --to\./)
    expect(needsCount(env)).toBe(0)
  })

  it('stops with the candidates when the school name is ambiguous, in JSON too', () => {
    const env = freshRegistry()
    const result = runCli(
      [
        'needs',
        'add',
        '--urn',
        'hartside',
        '--specialism',
        'maths',
        '--days',
        '2',
        '--from',
        '2027-01-04',
        '--to',
        '2027-02-26',
        '--json',
      ],
      {env},
    )
    expect(result.status).toBe(1)
    const error = jsonFailure(result)
    expect(error.kind).toBe('conflict')
    expect((error.data as {candidates: unknown[]}).candidates.length).toBeGreaterThan(2)
    expect(result.stdout).toBe('')
  })

  it('records, updates, withdraws and closes needs with reasons', () => {
    const env = freshRegistry()
    const added = runJson<AddNeedResult>(
      [
        'needs',
        'add',
        '--urn',
        'castle view infants preston',
        '--specialism',
        'phonics',
        '--days',
        '2.5',
        '--from',
        '2027-01-04',
        '--to',
        '2027-03-31',
        '--reference',
        'REQ-9',
      ],
      {env},
    )
    expect(added.need).toMatchObject({
      subjectUrn: 910252,
      requestedHalfDays: 5,
      supportType: 'specialist',
      priority: 'medium',
      deliveryMode: 'in-person',
    })
    const updated = runJson<NeedChange>(['needs', 'update', 'REQ-9', '--days', '3', '--priority', 'high'], {env})
    expect(updated.changed.sort()).toEqual(['priority', 'requestedHalfDays'])
    // People read the change in words; the JSON keeps the field names.
    const human = runCli(
      ['needs', 'update', 'REQ-9', '--days', '4', '--priority', 'low', '--notes', 'Head rang back'],
      {env},
    )
    expect(human.stdout).toContain(`Updated need ${added.need.id}: days, priority, notes.`)
    expect(human.stdout).not.toMatch(/requestedHalfDays/)
    const noReason = runCli(['needs', 'withdraw', 'REQ-9'], {env})
    expect(noReason.status).toBe(2)
    expect(noReason.stderr).toMatch(/Missing --reason/)
    const withdrawn = runJson<NeedChange>(['needs', 'withdraw', 'REQ-9', '--reason', 'Head found support elsewhere'], {
      env,
    })
    expect(withdrawn.need).toMatchObject({status: 'withdrawn', statusReason: 'Head found support elsewhere'})
    const again = runCli(['needs', 'close', 'REQ-9', '--reason', 'met'], {env})
    expect(again.status).toBe(1)
    expect(again.stderr).toMatch(/cannot become closed: it is already withdrawn/)
    const shown = runCli(['needs', 'show', 'REQ-9'], {env})
    expect(shown.stdout).toMatch(/withdrawn \(Head found support elsewhere\)/)
  })
})

describe('broker search', () => {
  it('ranks schools, leaders and areas for a query in any word order, quotes optional', () => {
    const env = freshRegistry()
    const result = runJson<SearchResult>(['search', 'primry', 'catholic', 'marys', 'st', 'newcastle'], {env})
    expect(result.hits[0]).toMatchObject({kind: 'school', key: '910010'})
    const table = runCli(['search', 'phonix', '--type', 'specialism'], {env})
    expect(table.status).toBe(0)
    expect(table.stdout).toMatch(/specialism\s+phonics\s+Phonics/)
  })

  it('lets every school and leader argument be a loose name', () => {
    const env = freshRegistry()
    const added = runJson<LeaderChange>(
      [
        'leaders',
        'add',
        '--name',
        'Ottilie Vance',
        '--designation',
        'SLE',
        '--specialism',
        'maths',
        '--phase',
        'primary',
        '--home',
        'castel view preston',
      ],
      {env},
    )
    expect(added.leader.homeUrn).toBe(910252)
    expect(runJson<LeaderDetail>(['leaders', 'show', 'otilie vance'], {env}).leader.ref).toBe(added.leader.ref)
    expect(runJson<SchoolDetail>(['schools', 'show', 'castle view infant nursery preston'], {env}).school.urn).toBe(
      910252,
    )
    const ambiguous = runCli(['leaders', 'update', added.leader.ref, '--home', 'hartside'], {env})
    expect(ambiguous.status).toBe(1)
    expect(ambiguous.stderr).toMatch(/"hartside" could be any of \d+ schools:\n\s+9\d{5}\s+Hartside/)
    for (const command of [
      ['deployments', 'list'],
      ['legacy', 'list'],
      [
        'deployments',
        'create',
        '--leader',
        added.leader.ref,
        '--days',
        '2',
        '--from',
        '2027-01-11',
        '--to',
        '2027-03-01',
      ],
    ]) {
      const byName = runCli([...command, '--urn', 'hartside'], {env})
      expect(byName.status, command.join(' ')).toBe(1)
      expect(byName.stderr).toMatch(/"hartside" could be any of \d+ schools/)
    }
    const created = runJson<DeploymentChange>(
      [
        'deployments',
        'create',
        '--leader',
        added.leader.ref,
        '--urn',
        'greenbank community college',
        '--days',
        '2',
        '--from',
        '2027-01-11',
        '--to',
        '2027-03-01',
        '--allow-overcommit',
      ],
      {env},
    )
    expect(created.deployment.urn).toBe(910084)
    expect(
      runJson<DeploymentList>(['deployments', 'list', '--urn', 'greenbank community college'], {env}).deployments.map(
        (d) => d.id,
      ),
    ).toContain(created.deployment.id)
  })

  it('says so when nothing matches, and wants a query', () => {
    const env = freshRegistry()
    expect(runCli(['search', 'zzqx', 'vvkw'], {env}).stdout).toMatch(/Nothing matches "zzqx vvkw"/)
    expect(runCli(['search'], {env}).status).toBe(2)
  })
})

describe('broker eligibility with the data no import brings', () => {
  it('loads AEA categories, marks a trust and a completion, and explains one school', () => {
    const env = freshRegistry()
    const csv = dir.file('aea.csv')
    writeFileSync(csv, 'District code,District name,AEA category\nE06000002,Middlesbrough,6\n')
    expect(runJson<DistrictImportResult>(['districts', 'import', csv], {env})).toMatchObject({districts: 1, added: 1})
    expect(runCli(['eligibility', '--trust', 'T003'], {env}).stdout).toMatch(
      /TSI eligibility of trust T003 \(set it with `broker trusts update T003 --tsi-eligible` or --no-tsi-eligible\)/,
    )
    expect(runJson<TrustChange>(['trusts', 'update', 'T003', '--tsi-eligible'], {env}).trust).toMatchObject({
      name: 'Tees Valley Education',
      tsiEligible: true,
    })
    expect(runCli(['trusts', 'update', 'T003'], {env}).status).toBe(2)
    const school = runJson<EligibilityReport>(['eligibility', '--urn', 'greenbank community college'], {env})
    expect(school.subjects).toHaveLength(1)
    const outcomes = Object.fromEntries(
      school.subjects[0]!.outcomes.map((outcome) => [outcome.programme, outcome.verdict]),
    )
    expect(outcomes).toEqual({
      'leading-together': 'eligible',
      'funded-nlg': 'eligible',
      'priority-school': 'undetermined',
      'priority-area': 'eligible',
    })
    const human = runCli(['eligibility', '--urn', '910084'], {env})
    expect(human.stdout).toMatch(/Greenbank Community College \(910084\)/)
    expect(human.stdout).toMatch(
      /Missing data\n\s+- inspection outcomes \(load it with `broker inspections import FILE`\)/,
    )
    expect(
      runJson<SchoolChange>(['schools', 'update', '910084', '--leading-together-completed-on', '2025-07-18'], {env})
        .school.leadingTogetherCompletedOn,
    ).toBe('2025-07-18')
    expect(runCli(['eligibility', '--urn', '910084', '--trust', 'T003'], {env}).status).toBe(2)
  })

  it('refuses a bad district file with exit 3 and loads nothing', () => {
    const env = freshRegistry()
    const csv = dir.file('bad-aea.csv')
    writeFileSync(csv, 'District code,AEA category\nE08000021,seven\n')
    const result = runCli(['districts', 'import', csv], {env})
    expect(result.status).toBe(3)
    expect(result.stderr).toMatch(/line 2, column "AEA category": "seven" is not an AEA category 1-6/)
    const registry = new Database(env.BROKER_DB, {readonly: true})
    try {
      expect(registry.prepare('select count(*) as n from districts').get()).toEqual({n: 0})
    } finally {
      registry.close()
    }
  })
})

describe.skipIf(!CAN_DRIVE_TERMINAL)('needs add at a terminal', () => {
  const flags = [
    '--specialism',
    'phonics',
    '--type',
    'specialist',
    '--mode',
    'remote',
    '--days',
    '3',
    '--from',
    '2027-01-04',
    '--to',
    '2027-03-31',
    '--priority',
    'high',
    '--notes',
    'RI',
  ]

  it('finds the school as you type, shows the summary and records on Enter', () => {
    const env = freshRegistry()
    const before = needsCount(env)
    const result = runInTerminal(
      ['needs', 'add', ...flags],
      [
        {expect: 'School \\(type part', send: 'castel view prest'},
        {expect: 'Castle View Infant and Nursery School \\(910252\\)', send: '\r'},
        {expect: 'Record this need\\?', send: '\r'},
      ],
      env,
    )
    expect(result.failure).toBeNull()
    expect(result.output).toMatch(/For\s+Castle View Infant and Nursery School \(910252\)/)
    expect(result.output).toMatch(/Recorded need \d+/)
    expect(result.status).toBe(0)
    expect(needsCount(env)).toBe(before + 1)
  })

  it('exits 130 on Ctrl+C with nothing written and no stack trace', () => {
    const env = freshRegistry()
    const before = needsCount(env)
    const result = runInTerminal(
      ['needs', 'add', '--urn', '910252', '--days', '3'],
      [{expect: 'Support type', send: '\u0003'}],
      env,
    )
    expect(result.failure).toBeNull()
    expect(result.status).toBe(130)
    expect(result.output).toMatch(/Interrupted; nothing was changed\./)
    expect(result.output).not.toMatch(/\s+at .*\.js:\d+/)
    expect(needsCount(env)).toBe(before)
  })

  it('never prompts under --json, even at a terminal', () => {
    const env = freshRegistry()
    const result = runInTerminal(['needs', 'add', '--urn', '910252', '--json'], [], env)
    expect(result.status).toBe(2)
    expect(result.output).toMatch(/Missing --days, --from, --to/)
  })

  it('asks for the reason to withdraw when --reason is not given', () => {
    const env = freshRegistry()
    const {need} = runJson<AddNeedResult>(
      [
        'needs',
        'add',
        '--urn',
        '910252',
        '--specialism',
        'maths',
        '--days',
        '1',
        '--from',
        '2027-01-04',
        '--to',
        '2027-01-29',
      ],
      {env},
    )
    const result = runInTerminal(
      ['needs', 'withdraw', String(need.id)],
      [{expect: `Why is need ${need.id} withdrawn\\?`, send: 'School closed\r'}],
      env,
    )
    expect(result.status).toBe(0)
    expect(result.output).toMatch(new RegExp(`Need ${need.id} is withdrawn: School closed`))
  })
})
