import {afterEach, describe, expect, it} from 'vitest'

import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'
import {seedSampleSchools} from '../helpers/seed.js'

let test: TestRegistry
afterEach(async () => test?.close())

describe('schools repository', () => {
  it('upserts by URN: an update changes the row in place', async () => {
    test = await openTestRegistry()
    const seeded = await seedSampleSchools(test.context, 5)
    const first = await test.registry.read((repos) => repos.schools.get(seeded[0]!.urn))
    expect(first?.location?.latitude).toBeGreaterThan(50)
    await test.registry.write((repos) =>
      repos.schools.upsertMany([{...seeded[0]!, name: 'Renamed School', created_at: '2099-01-01T00:00:00Z'}]),
    )
    const {schools, total} = await test.registry.read((repos) => repos.schools.list({status: 'any', limit: 0}))
    expect(total).toBe(5)
    expect(schools.find((school) => school.urn === seeded[0]!.urn)?.name).toBe('Renamed School')
  })
})
