import {spawn} from 'node:child_process'
import {createInterface} from 'node:readline'

import Database from 'better-sqlite3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {RestoreResult} from '../../src/services/registry-maintenance.js'
import {REPO_ROOT, runCli, runCliAsync, runJson, tempDir, type TempDir} from '../helpers/cli.js'
import {dump, expectNothingLost, health} from './harness.js'

let dir: TempDir
beforeAll(() => (dir = tempDir('broker-backup-')))
afterAll(() => dir.remove())

/** What a copy holds of the steady writer's work: its counter and the leaders it wrote, whole. */
function writerState(path: string): {writes: number; leaders: number; whole: number} {
  const database = new Database(path, {readonly: true})
  try {
    const counter = database.prepare("select value from meta where key = 'steady-writes'").get() as
      {value: string} | undefined
    const {leaders} = database.prepare("select count(*) as leaders from leaders where ref like 'W-%'").get() as {
      leaders: number
    }
    const {whole} = database
      .prepare(
        `select count(*) as whole from leaders l
           join leader_personal p on p.leader_id = l.id
           join designations d on d.leader_id = l.id and d.reference = l.ref
         where l.ref like 'W-%' and p.name = 'Writer Person ' || substr(l.ref, 3)`,
      )
      .get() as {whole: number}
    return {writes: Number(counter?.value ?? 0), leaders, whole}
  } finally {
    database.close()
  }
}

describe('backup during writes, then restore', {timeout: 120_000}, () => {
  it('takes backups that are each one moment between two transactions, and restores one exactly', async () => {
    const path = dir.file('registry.db')
    expect(runCli(['init', '--db', path]).status).toBe(0)
    const writer = spawn(process.execPath, [`${REPO_ROOT}test/reliability/fixtures/steady-writer.mjs`, path], {
      cwd: REPO_ROOT,
    })
    const lines = createInterface({input: writer.stdout})[Symbol.asyncIterator]()
    expect((await lines.next()).value).toBe('writing')
    const backups: string[] = []
    for (let index = 1; index <= 5; index += 1) {
      const backup = dir.file(`during-${index}.db`)
      const result = await runCliAsync(['db', 'backup', '--out', backup, '--db', path])
      expect(result.status, result.stderr).toBe(0)
      backups.push(backup)
    }
    writer.stdin.end()
    const finished = String((await lines.next()).value)
    const written = Number(/^wrote (\d+)$/.exec(finished)?.[1])
    expect(written).toBeGreaterThan(0)

    const states = backups.map((backup) => {
      expect(health(backup)).toEqual({integrity: 'ok', foreignKeyProblems: 0})
      return writerState(backup)
    })
    for (const state of states)
      expect(state).toEqual({writes: state.writes, leaders: state.writes, whole: state.writes})
    // Taken while the writer was writing: neither empty nor the end state.
    expect(states[0]!.writes).toBeGreaterThan(0)
    expect(states[0]!.writes).toBeLessThan(written)
    expect(states.map((state) => state.writes)).toEqual([...states.map((state) => state.writes)].sort((a, b) => a - b))

    const chosen = backups[2]!
    const restored = runJson<RestoreResult>(['db', 'restore', chosen, '--db', path]) as {previousKeptAt: string}
    const isRestoreEntry = (table: string, row: Record<string, unknown>) =>
      table === 'audit_log' && row.action === 'registry.restore'
    expectNothingLost(path, {backup: dump(chosen)}, {leaveOut: isRestoreEntry})
    expect(writerState(path)).toEqual(states[2])
    // Everything written after that backup is in the registry kept aside.
    expect(writerState(restored.previousKeptAt)).toEqual({writes: written, leaders: written, whole: written})
  })
})
