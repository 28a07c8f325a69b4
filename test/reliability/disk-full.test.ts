import {afterEach, describe, expect, it} from 'vitest'

import {BrokerError} from '../../src/core/errors.js'
import {addLeader} from '../../src/services/leaders.js'
import {eraseLeader, erasureTarget} from '../../src/services/personal-data.js'
import {seedPerson} from '../helpers/person.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'
import {seedSampleSchools} from '../helpers/seed.js'
import {dump, expectNothingLost} from './harness.js'

/**
 * A full disk, made real with PRAGMA max_page_count: SQLite refuses to grow the file past it with
 * SQLITE_FULL, exactly as when the disk has no room left.
 */

let test: TestRegistry
afterEach(async () => test?.close())

function fillDisk(extraPages = 0): void {
  const database = test.registry.database
  database.pragma('wal_checkpoint(TRUNCATE)')
  const pages = Number(database.pragma('page_count', {simple: true}))
  database.pragma(`max_page_count = ${pages + extraPages}`)
}

function freeDisk(): void {
  test.registry.database.pragma('max_page_count = 1073741823')
}

async function storageFailure(work: Promise<unknown>): Promise<BrokerError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(BrokerError)
  expect((error as BrokerError).kind).toBe('storage')
  expect((error as BrokerError).exitCode).toBe(1)
  expect((error as BrokerError).message).toMatch(/The disk holding .* is full; the change was rolled back/)
  return error as BrokerError
}

describe('a full disk', () => {
  it('rolls a large write back whole, and the registry works again once there is room', async () => {
    test = await openTestRegistry()
    await seedSampleSchools(test.context, 5)
    const before = dump(test.path)
    fillDisk(2)
    await storageFailure(seedSampleSchools(test.context))
    expectNothingLost(test.path, {before})
    freeDisk()
    await seedSampleSchools(test.context)
    expect(dump(test.path).schools!.length).toBeGreaterThan(before.schools!.length)
  })

  it('leaves a leader wholly unadded, not half added', async () => {
    test = await openTestRegistry()
    const before = dump(test.path)
    fillDisk()
    const long = 'x'.repeat(20_000)
    await storageFailure(
      addLeader(test.context, {
        name: 'Full Disk',
        designation: {kind: 'SLE'},
        specialisms: ['maths'],
        phases: ['primary'],
        notes: long,
      }),
    )
    expectNothingLost(test.path, {before})
  })

  it('leaves an erasure undone, the person wholly there', async () => {
    test = await openTestRegistry()
    const person = await seedPerson(test.context, test.dir.path)
    const target = await erasureTarget(test.context, person.ref)
    // Enough audit entries that the erasure's rewrites need new pages.
    for (let index = 0; index < 300; index += 1) {
      await test.registry.write((repos) =>
        repos.audit.record({
          actor: 'tester',
          action: 'leader.note',
          entity: 'leader',
          entityId: person.leaderId,
          after: {ref: person.ref, filler: 'y'.repeat(200)},
        }),
      )
    }
    const before = dump(test.path)
    fillDisk()
    await storageFailure(eraseLeader(test.context, target))
    expectNothingLost(test.path, {before})
    freeDisk()
    await eraseLeader(test.context, target)
    expect(dump(test.path).leaders!.some((row) => row.includes(`ERASED-${person.leaderId}`))).toBe(true)
  })
})
