import Database from 'better-sqlite3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {Registry} from '../../src/db/registry.js'
import type {LeaderChange} from '../../src/services/leaders.js'
import type {NeedChange} from '../../src/services/needs.js'
import type {ErasureReport} from '../../src/services/personal-data.js'
import {runCli, runJson, tempDir, type TempDir} from '../helpers/cli.js'
import {seedSampleSchools} from '../helpers/seed.js'
import {fileBytes} from './harness.js'

let dir: TempDir
beforeAll(() => (dir = tempDir('broker-erasure-')))
afterAll(() => dir.remove())

const NAME = 'Zebedee Quillfeather'
const FIRST_EMAIL = 'z.quillfeather@first.sch.uk'
const SECOND_EMAIL = 'zebedee.q@second.sch.uk'
const NOTES = 'Quillfeather prefers Thursday visits'

/** A new registry holding Zebedee under `ref`; returns the environment that points at it. */
function registryWithZebedee(name: string, ref: string): {path: string; env: Record<string, string>} {
  const path = dir.file(name)
  const env = {BROKER_DB: path}
  expect(runCli(['init'], {env}).status).toBe(0)
  runJson<LeaderChange>(
    [
      'leaders',
      'add',
      '--name',
      NAME,
      '--email',
      FIRST_EMAIL,
      '--designation',
      'SLE',
      '--reference',
      ref,
      '--notes',
      NOTES,
    ],
    {env},
  )
  return {path, env}
}

describe('leaders erase at the level of bytes', () => {
  it('leaves no trace of the name, old and new email or notes in the registry file, its -wal or its -shm', () => {
    const path = dir.file('registry.db')
    const env = {BROKER_DB: path}
    expect(runCli(['init'], {env}).status).toBe(0)
    // Another process keeps the registry open, so the write-ahead log outlives each command and
    // holds old page images, as on a hub's shared machine.
    const bystander = new Database(path)
    try {
      bystander.prepare('select count(*) from leaders').get()
      runJson<LeaderChange>(
        [
          'leaders',
          'add',
          '--name',
          NAME,
          '--email',
          FIRST_EMAIL,
          '--designation',
          'SLE',
          '--reference',
          'QF-1',
          '--notes',
          NOTES,
        ],
        {env},
      )
      runJson<LeaderChange>(['leaders', 'update', 'QF-1', '--email', SECOND_EMAIL], {env})
      runJson<LeaderChange>(['leaders', 'add', '--name', 'Other Person', '--designation', 'NLE'], {env})
      const files = () => Buffer.concat([fileBytes(path), fileBytes(`${path}-wal`), fileBytes(`${path}-shm`)])
      // The test can fail: before erasure every secret is somewhere in the files.
      for (const secret of [NAME, FIRST_EMAIL, SECOND_EMAIL, NOTES]) expect(files().includes(secret), secret).toBe(true)

      const report = runJson<ErasureReport>(['leaders', 'erase', 'QF-1', '--yes'], {env})
      expect(report.filesPurged).toBe(true)
      for (const secret of [NAME, FIRST_EMAIL, SECOND_EMAIL, NOTES, 'QF-1'])
        expect(files().includes(secret), secret).toBe(false)
      expect(files().includes('Other Person')).toBe(true)
    } finally {
      bystander.close()
    }
  })

  it('says when another process was mid-read, so the log could not be emptied yet', () => {
    const {path, env} = registryWithZebedee('busy-reader.db', 'QF-2')
    const reader = new Database(path)
    try {
      reader.exec('begin')
      reader.prepare('select count(*) from leaders').get()
      const result = runCli(['leaders', 'erase', 'QF-2', '--yes', '--json'], {
        env: {...env, BROKER_BUSY_TIMEOUT_MS: '200'},
      })
      expect(result.status, result.stderr).toBe(0)
      expect((JSON.parse(result.stdout) as ErasureReport).filesPurged).toBe(false)
      expect(result.stderr).toMatch(/Another broker process was reading the registry/)
      reader.exec('commit')
    } finally {
      reader.close()
    }
  })

  it('lists free text that mentions the person, and tells what is out of reach', () => {
    const {path, env} = registryWithZebedee('review.db', 'QF-3')
    const database = new Database(path)
    const now = new Date().toISOString()
    database
      .prepare("insert into schools (urn, name, created_at, updated_at) values (100001, 'Test Primary', ?, ?)")
      .run(now, now)
    database
      .prepare(
        "insert into needs (subject_urn, support_type, requested_half_days, window_start, window_end, received_on, notes, created_at, updated_at) values (100001, 'specialist', 4, '2027-01-04', '2027-03-31', '2026-12-01', ?, ?, ?)",
      )
      .run(`Head asked for ${NAME} by name`, now, now)
    database.close()
    const result = runCli(['leaders', 'erase', 'QF-3', '--yes'], {env})
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/Text that mentions them \(review and edit by hand\)/)
    expect(result.stdout).toMatch(/needs\s+notes\s+id 1\s+name, surname/)
    expect(result.stderr).toMatch(/Backups and copies made before now .* are out of reach of this command/)
    expect(result.stderr).toMatch(/1 text fields elsewhere mention the person/)
  })

  it('leaves no trace once the text listed for review is edited: the edit is audited without the old text', async () => {
    const path = dir.file('edit-after-erase.db')
    const opened = await Registry.open(path, {create: true})
    const [school] = await seedSampleSchools({registry: opened, actor: 'tester', today: '2026-12-01'}, 3)
    await opened.close()
    const env = {BROKER_DB: path, BROKER_TODAY: '2026-12-01'}
    const secrets = ['Zed Audit Person', 'zed.audit@example.org']
    runJson<LeaderChange>(
      ['leaders', 'add', '--name', secrets[0]!, '--email', secrets[1]!, '--designation', 'SLE', '--reference', 'ZAP-1'],
      {env},
    )
    const {need} = runJson<{need: {id: number}}>(
      [
        'needs',
        'add',
        '--urn',
        String(school!.urn),
        '--specialism',
        'maths',
        '--days',
        '2',
        '--from',
        '2027-01-04',
        '--to',
        '2027-02-01',
        '--notes',
        `Ask for ${secrets[0]} (${secrets[1]}) again`,
      ],
      {env},
    )
    const erased = runJson<{review: {table: string; column: string; key: {id: number}}[]}>(
      ['leaders', 'erase', 'ZAP-1', '--yes'],
      {env},
    )
    expect(erased.review).toEqual([expect.objectContaining({table: 'needs', column: 'notes', key: {id: need.id}})])
    runJson<NeedChange>(['needs', 'update', String(need.id), '--notes', 'Ask for the maths lead again'], {env})

    const database = new Database(path)
    try {
      database.pragma('wal_checkpoint(TRUNCATE)')
      const files = Buffer.concat([fileBytes(path), fileBytes(`${path}-wal`), fileBytes(`${path}-shm`)])
      for (const secret of secrets) expect(files.includes(secret), secret).toBe(false)
      const update = database.prepare("select before_json from audit_log where action = 'need.update'").get() as {
        before_json: string
      }
      expect(JSON.parse(update.before_json)).toEqual({textWithheld: ['notes']})
    } finally {
      database.close()
    }
  })
})
