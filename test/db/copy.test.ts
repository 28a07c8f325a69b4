import Database from 'better-sqlite3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {BrokerError} from '../../src/core/errors.js'
import {copyRegistry} from '../../src/db/copy.js'
import {Registry} from '../../src/db/registry.js'
import {tempDir, type TempDir} from '../helpers/cli.js'
import {sampleHubRegistry} from '../helpers/seed.js'

/**
 * The copy between registries on SQLite files: read in small batches (keyset paging over single
 * and composite keys), identity counters carried, and a copy that does not read back as the source
 * rolled back whole.
 */
let dir: TempDir
let source: string

beforeAll(async () => {
  dir = tempDir('broker-copy-db-')
  source = await sampleHubRegistry(dir)
}, 120_000)
afterAll(() => dir?.remove())

async function withBoth<T>(target: string, work: (from: Registry, to: Registry) => Promise<T>): Promise<T> {
  const from = await Registry.open(source)
  const to = await Registry.open(target, {create: true, refuseOtherSchema: true})
  try {
    return await work(from, to)
  } finally {
    await to.close()
    await from.close()
  }
}

const counters = (path: string) => {
  const file = new Database(path, {readonly: true})
  try {
    return file.prepare('select name, seq from sqlite_sequence order by name').all()
  } finally {
    file.close()
  }
}

describe('copyRegistry', () => {
  it('copies in batches of a few rows with every table verified, and carries the identity counters', async () => {
    const target = dir.file('small-batches.db')
    const report = await withBoth(target, (from, to) => copyRegistry(from, to, {force: false, batchRows: 7}))
    expect(report.tables.every((table) => table.matches)).toBe(true)
    const judgements = report.tables.find((table) => table.table === 'inspection_judgements')!
    expect(judgements.sourceRows).toBeGreaterThan(7 * 10)
    expect(judgements.targetRows).toBe(judgements.sourceRows)
    const whole = await withBoth(dir.file('one-batch.db'), (from, to) => copyRegistry(from, to, {force: false}))
    expect(whole.tables.map((table) => table.sourceChecksum)).toEqual(report.tables.map((t) => t.sourceChecksum))
    expect(counters(target)).toEqual(counters(source))
  })

  it('rolls the whole copy back when a table does not read back as it was read', async () => {
    const target = dir.file('tampered.db')
    const tampered = await Registry.open(target, {create: true})
    tampered.database.exec(`create trigger tamper after insert on trusts
      begin update trusts set name = name || ' (altered)' where code = new.code; end`)
    await tampered.close()
    const failure = await withBoth(target, (from, to) => copyRegistry(from, to, {force: false})).catch(
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(BrokerError)
    expect(failure).toMatchObject({kind: 'refused', code: 'copy.mismatch', data: {tables: ['trusts']}})
    const checks = (failure as BrokerError & {data: {checks: {table: string; matches: boolean}[]}}).data.checks
    expect(checks.filter((check) => !check.matches).map((check) => check.table)).toEqual(['trusts'])
    expect(checks.length).toBeGreaterThan(20)
    const file = new Database(target, {readonly: true})
    try {
      expect(file.prepare('select count(*) as n from schools').get()).toEqual({n: 0})
      expect(file.prepare('select count(*) as n from trusts').get()).toEqual({n: 0})
    } finally {
      file.close()
    }
  })

  it('replaces what a target holds only with force, audit log included', async () => {
    const target = dir.file('one-batch.db')
    const refused = await withBoth(target, (from, to) => copyRegistry(from, to, {force: false})).catch(
      (error: unknown) => error,
    )
    expect(refused).toMatchObject({code: 'copy.target-not-empty'})
    const forced = await withBoth(target, (from, to) => copyRegistry(from, to, {force: true}))
    expect(forced.replacedRows).toBeGreaterThan(0)
    expect(forced.tables.every((table) => table.matches)).toBe(true)
    expect(forced.tables.find((table) => table.table === 'audit_log')!.targetRows).toBeGreaterThan(0)
    const file = new Database(target, {readonly: true})
    try {
      const triggers = file.prepare(`select name from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'`)
      expect(triggers.all()).toEqual(expect.arrayContaining([{name: 'audit_log_no_delete'}]))
    } finally {
      file.close()
    }
  })
})
