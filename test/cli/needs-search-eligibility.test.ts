import {writeFileSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {Registry} from '../../src/db/registry.js'
import {runCli, runJson, tempDir, type TempDir} from '../helpers/cli.js'
import {seedSampleSchools} from '../helpers/seed.js'
import {CAN_DRIVE_TERMINAL, runInTerminal} from '../helpers/terminal.js'

let dir: TempDir
let db: string
let env: Record<string, string>

beforeAll(async () => {
  dir = tempDir()
  db = dir.file('registry.db')
  env = {BROKER_DB: db, BROKER_TODAY: '2026-12-01'}
  const registry = await Registry.open(db, {create: true})
  await seedSampleSchools({registry, actor: 'test', today: '2026-12-01'})
  await registry.close()
})
afterAll(() => dir.remove())

const needsCount = () => runJson<{total: number}>(['needs', 'list', '--status', 'any'], {env}).total

describe('needs by flags (no terminal)', () => {
  it('fails fast naming every missing flag, with exit 2 and nothing written', () => {
    const result = runCli(['needs', 'add', '--specialism', 'maths'], {env})
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/Missing --urn, --days, --from, --to\./)
    expect(needsCount()).toBe(0)
  })

  it('stops with the candidates when the school name is ambiguous, in JSON too', () => {
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
    const {error} = JSON.parse(result.stderr)
    expect(error.kind).toBe('conflict')
    expect(error.data.candidates.length).toBeGreaterThan(2)
    expect(result.stdout).toBe('')
  })

  it('records, updates, withdraws and closes needs with reasons', () => {
    const added = runJson(
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
    const updated = runJson(['needs', 'update', 'REQ-9', '--days', '3', '--priority', 'high'], {env})
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
    const withdrawn = runJson(['needs', 'withdraw', 'REQ-9', '--reason', 'Head found support elsewhere'], {env})
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
    const result = runJson<{hits: {kind: string; key: string}[]}>(
      ['search', 'primry', 'catholic', 'marys', 'st', 'newcastle'],
      {env},
    )
    expect(result.hits[0]).toMatchObject({kind: 'school', key: '910010'})
    const table = runCli(['search', 'phonix', '--type', 'specialism'], {env})
    expect(table.status).toBe(0)
    expect(table.stdout).toMatch(/specialism\s+phonics\s+Phonics/)
  })

  it('lets every school and leader argument be a loose name', () => {
    const added = runJson(
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
    expect(runJson(['leaders', 'show', 'otilie vance'], {env}).leader.ref).toBe(added.leader.ref)
    expect(runJson(['schools', 'show', 'castle view infant nursery preston'], {env}).school.urn).toBe(910252)
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
    const created = runJson(
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
      runJson(['deployments', 'list', '--urn', 'greenbank community college'], {env}).deployments.map(
        (d: {id: number}) => d.id,
      ),
    ).toContain(created.deployment.id)
  })

  it('says so when nothing matches, and wants a query', () => {
    expect(runCli(['search', 'zzqx', 'vvkw'], {env}).stdout).toMatch(/Nothing matches "zzqx vvkw"/)
    expect(runCli(['search'], {env}).status).toBe(2)
  })
})

describe('broker eligibility with the data no import brings', () => {
  it('loads AEA categories, marks a trust and a completion, and explains one school', () => {
    const csv = dir.file('aea.csv')
    writeFileSync(csv, 'District code,District name,AEA category\nE06000002,Middlesbrough,6\n')
    expect(runJson(['districts', 'import', csv], {env})).toMatchObject({districts: 1, added: 1})
    expect(runJson(['trusts', 'update', 'T003', '--tsi-eligible'], {env}).trust).toMatchObject({
      name: 'Tees Valley Education',
      tsiEligible: true,
    })
    expect(runCli(['trusts', 'update', 'T003'], {env}).status).toBe(2)
    const school = runJson(['eligibility', '--urn', 'greenbank community college'], {env})
    const outcomes = Object.fromEntries(
      school.subjects[0].outcomes.map((outcome: {programme: string; verdict: string}) => [
        outcome.programme,
        outcome.verdict,
      ]),
    )
    expect(outcomes).toEqual({
      'leading-together': 'eligible',
      'funded-nlg': 'eligible',
      'priority-school': 'undetermined',
      'priority-area': 'eligible',
    })
    const human = runCli(['eligibility', '--urn', '910084'], {env})
    expect(human.stdout).toMatch(/Greenbank Community College \(910084\)/)
    expect(human.stdout).toMatch(/Missing data\n\s+- inspection outcomes/)
    expect(
      runJson(['schools', 'update', '910084', '--leading-together-completed-on', '2025-07-18'], {env}).school
        .leadingTogetherCompletedOn,
    ).toBe('2025-07-18')
    expect(runCli(['eligibility', '--urn', '910084', '--trust', 'T003'], {env}).status).toBe(2)
  })

  it('refuses a bad district file with exit 3 and loads nothing', () => {
    const csv = dir.file('bad-aea.csv')
    writeFileSync(csv, 'District code,AEA category\nE08000021,seven\n')
    const result = runCli(['districts', 'import', csv], {env})
    expect(result.status).toBe(3)
    expect(result.stderr).toMatch(/line 2, column "AEA category": "seven" is not an AEA category 1-6/)
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
    const before = needsCount()
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
    expect(needsCount()).toBe(before + 1)
  })

  it('exits 130 on Ctrl+C with nothing written and no stack trace', () => {
    const before = needsCount()
    const result = runInTerminal(
      ['needs', 'add', '--urn', '910252', '--days', '3'],
      [{expect: 'Support type', send: '\u0003'}],
      env,
    )
    expect(result.failure).toBeNull()
    expect(result.status).toBe(130)
    expect(result.output).toMatch(/Interrupted; nothing was changed\./)
    expect(result.output).not.toMatch(/\s+at .*\.js:\d+/)
    expect(needsCount()).toBe(before)
  })

  it('never prompts under --json, even at a terminal', () => {
    const result = runInTerminal(['needs', 'add', '--urn', '910252', '--json'], [], env)
    expect(result.status).toBe(2)
    expect(result.output).toMatch(/Missing --days, --from, --to/)
  })

  it('asks for the reason to withdraw when --reason is not given', () => {
    const {need} = runJson(
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
