import {readFileSync, writeFileSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {PersonalDataExport} from '../../src/services/personal-data.js'
import {runCli, type TempDir} from '../helpers/cli.js'
import type {PersonFixture} from '../helpers/person.js'
import {giasFile} from './fixtures/files.js'
import {copyRegistry, dump, expectNothingLost, killMoments, runAndKill, seededTemplate, timeRun} from './harness.js'

/**
 * SIGKILL at random moments of the commands that change the registry or write files. Each kill
 * leaves the registry (or the file) as it was before or as the finished command leaves it.
 */

const KILLS = 12
/** Each test runs the CLI some 25 times. */
const TIMEOUT_MS = 180_000

let dir: TempDir
let template: string
let person: PersonFixture
let rejectsContent: Buffer

beforeAll(async () => {
  ;({dir, template, person} = await seededTemplate('broker-crash-'))
  rejectsContent = readFileSync(person.rejectsPath)
}, 60_000)
afterAll(() => dir.remove())

const isRestoreEntry = (table: string, row: Record<string, unknown>) =>
  table === 'audit_log' && row.action === 'registry.restore'

describe('kill -9', () => {
  it(
    `during schools import of 10,000 rows, ${KILLS} times: all of the file or none of it`,
    async () => {
      const file = giasFile(dir.path, 'ten-thousand.csv', 10_000)
      const empty = dir.file('import-empty.db')
      expect(runCli(['init', '--db', empty]).status).toBe(0)
      // The run record's duration differs from run to run; whether it exists is checked below.
      const leaveOut = (table: string) => table === 'import_runs'
      const before = dump(empty, {leaveOut})
      const full = dir.file('import-full.db')
      copyRegistry(empty, full)
      const {ms, result} = await timeRun(['schools', 'import', file, '--db', full], {})
      expect(result.status, result.stderr).toBe(0)
      const after = dump(full, {leaveOut})
      expect(after.schools).toHaveLength(10_000)
      for (const [index, delay] of killMoments(KILLS, ms).entries()) {
        const path = dir.file(`import-${index}.db`)
        copyRegistry(empty, path)
        await runAndKill(['schools', 'import', file, '--db', path], {}, delay)
        const state = expectNothingLost(path, {before, after}, {leaveOut})
        expect(dump(path).import_runs, 'the run is recorded with its data, or not at all').toHaveLength(
          state === 'after' ? 1 : 0,
        )
      }
    },
    TIMEOUT_MS,
  )

  it(
    `during leaders erase, ${KILLS} times: the person is wholly there or wholly erased`,
    async () => {
      const before = dump(template)
      const full = dir.file('erase-full.db')
      copyRegistry(template, full)
      const {ms, result} = await timeRun(['leaders', 'erase', person.ref, '--yes', '--db', full], {})
      expect(result.status, result.stderr).toBe(0)
      const after = dump(full)
      const seen = {before: 0, after: 0}
      for (const [index, delay] of killMoments(KILLS, ms).entries()) {
        const path = dir.file(`erase-${index}.db`)
        copyRegistry(template, path)
        writeFileSync(person.rejectsPath, rejectsContent)
        await runAndKill(['leaders', 'erase', person.ref, '--yes', '--db', path], {}, delay)
        const state = expectNothingLost(path, {before, after}) as keyof typeof seen
        seen[state] += 1
        if (state === 'before') {
          // A killed erasure is simply run again.
          writeFileSync(person.rejectsPath, rejectsContent)
          expect(runCli(['leaders', 'erase', person.ref, '--yes', '--db', path]).status).toBe(0)
          expectNothingLost(path, {after})
        }
      }
      console.info(`erase kills: ${JSON.stringify(seen)}`)
    },
    TIMEOUT_MS,
  )

  it(
    `during db restore, ${KILLS} times: the registry is the old one or the restored one`,
    async () => {
      const backup = dir.file('restore-backup.db')
      expect(runCli(['db', 'backup', '--out', backup, '--db', template]).status).toBe(0)
      const live = dir.file('restore-live.db')
      copyRegistry(template, live)
      expect(
        runCli(['leaders', 'add', '--name', 'Added After Backup', '--designation', 'SLE', '--db', live]).status,
      ).toBe(0)
      const before = dump(live, {leaveOut: isRestoreEntry})
      const full = dir.file('restore-full.db')
      copyRegistry(live, full)
      const {ms, result} = await timeRun(['db', 'restore', backup, '--db', full], {})
      expect(result.status, result.stderr).toBe(0)
      const after = dump(full, {leaveOut: isRestoreEntry})
      expect(after).not.toEqual(before)
      for (const [index, delay] of killMoments(KILLS, ms).entries()) {
        const path = dir.file(`restore-${index}.db`)
        copyRegistry(live, path)
        await runAndKill(['db', 'restore', backup, '--db', path], {}, delay)
        const state = expectNothingLost(path, {before, after}, {leaveOut: isRestoreEntry})
        // The audit entry of the restore arrives with the restored data, never apart from it.
        const entries = dump(path).audit_log!.filter((row) => row.includes('"registry.restore"')).length
        expect(entries).toBe(state === 'after' ? 1 : 0)
      }
    },
    TIMEOUT_MS,
  )

  it(
    `during db backup --force over an older backup, ${KILLS} times: the target is the old backup or the new one`,
    async () => {
      const live = dir.file('backup-live.db')
      copyRegistry(template, live)
      const target = dir.file('backup-target.db')
      expect(runCli(['db', 'backup', '--out', target, '--db', live]).status).toBe(0)
      expect(runCli(['leaders', 'add', '--name', 'Newer Leader', '--designation', 'NLE', '--db', live]).status).toBe(0)
      const previous = readFileSync(target)
      const older = dump(target)
      const newer = dump(live)
      const {ms} = await timeRun(['db', 'backup', '--out', dir.file('backup-timing.db'), '--db', live], {})
      for (const delay of killMoments(KILLS, ms)) {
        writeFileSync(target, previous)
        await runAndKill(['db', 'backup', '--out', target, '--force', '--db', live], {}, delay)
        expectNothingLost(target, {older, newer})
        expectNothingLost(live, {newer})
      }
    },
    TIMEOUT_MS,
  )

  it(
    `during leaders export-data --out --force, ${KILLS} times: the file is the previous complete export or the new one`,
    async () => {
      const out = dir.file('export.json')
      const previous = '{"previous": "complete export"}\n'
      const {ms} = await timeRun(
        ['leaders', 'export-data', person.ref, '--out', dir.file('export-timing.json'), '--db', template],
        {},
      )
      for (const delay of killMoments(KILLS, ms)) {
        writeFileSync(out, previous)
        await runAndKill(['leaders', 'export-data', person.ref, '--out', out, '--force', '--db', template], {}, delay)
        const text = readFileSync(out, 'utf8')
        if (text !== previous) expect((JSON.parse(text) as PersonalDataExport).leader.ref).toBe(person.ref)
      }
    },
    TIMEOUT_MS,
  )

  it(
    `during reports hub --out report.pdf --force, ${KILLS} times: the file is the previous report or the whole new one`,
    async () => {
      const out = dir.file('hub.pdf')
      const previous = 'previous complete report\n'
      const args = ['reports', 'hub', '--out', out, '--force', '--db', template]
      const {ms} = await timeRun(['reports', 'hub', '--out', dir.file('hub-timing.pdf'), '--db', template], {})
      for (const delay of killMoments(KILLS, ms)) {
        writeFileSync(out, previous)
        await runAndKill(args, {}, delay)
        const bytes = readFileSync(out)
        if (bytes.toString('utf8') !== previous) {
          expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
          expect(bytes.subarray(-6).toString('latin1')).toContain('%%EOF')
        }
      }
    },
    TIMEOUT_MS,
  )
})
