import Database from 'better-sqlite3'
import {Kysely} from 'kysely'
import {afterEach, describe, expect, it} from 'vitest'

import {RegistryDialect} from '../../src/db/driver.js'
import {MIGRATIONS} from '../../src/db/migrations/index.js'
import {migrate, Registry} from '../../src/db/registry.js'
import {searchRegistry} from '../../src/services/search.js'
import {tempDir, type TempDir} from '../helpers/cli.js'

let dir: TempDir
afterEach(() => dir?.remove())

const now = '2026-12-01T00:00:00Z'

describe('the trigram search indexes (migration 0003)', () => {
  it('indexes schools and leaders already in a registry when it is upgraded', async () => {
    dir = tempDir()
    const path = dir.file('registry.db')
    const database = new Database(path)
    const db = new Kysely<unknown>({dialect: new RegistryDialect(database)})
    await migrate(db, path, {'0001_registry': MIGRATIONS['0001_registry']!})
    database
      .prepare('insert into schools (urn, name, town, postcode, created_at, updated_at) values (?, ?, ?, ?, ?, ?)')
      .run(100001, 'Saint Aidan’s C of E Primary', 'Gateshead', 'NE8 1AB', now, now)
    const leader = Number(
      database.prepare('insert into leaders (ref, created_at, updated_at) values (?, ?, ?)').run('NE-0042', now, now)
        .lastInsertRowid,
    )
    database
      .prepare('insert into leader_personal (leader_id, name, email) values (?, ?, ?)')
      .run(leader, 'Zélie Fairbairn', 'z.fairbairn@example.sch.uk')
    await db.destroy()

    const registry = await Registry.open(path)
    expect(registry.migration.applied).toContain('0003_search_index')
    const context = {registry, actor: 'test', today: '2026-12-01'}
    expect((await searchRegistry(context, {query: 'st aidans gateshead'})).hits[0]).toMatchObject({
      kind: 'school',
      key: '100001',
    })
    expect((await searchRegistry(context, {query: 'zelie fairbarn'})).hits[0]).toMatchObject({
      kind: 'leader',
      key: 'NE-0042',
    })
    await registry.close()
  })

  it('is applied to a registry that already ran a later-numbered migration', async () => {
    dir = tempDir()
    const path = dir.file('registry.db')
    const database = new Database(path)
    const db = new Kysely<unknown>({dialect: new RegistryDialect(database)})
    const {'0003_search_index': _searchIndex, ...others} = MIGRATIONS
    await migrate(db, path, others)
    await db.destroy()
    const registry = await Registry.open(path)
    expect(registry.migration.applied).toEqual(['0003_search_index'])
    await registry.close()
  })

  it('follows designation references, deleted schools and deleted leaders', async () => {
    dir = tempDir()
    const registry = await Registry.open(dir.file('registry.db'), {create: true})
    const context = {registry, actor: 'test', today: '2026-12-01'}
    const database = registry.database
    const keys = async (query: string) =>
      (await searchRegistry(context, {query, kinds: ['school', 'leader']})).hits.map((hit) => hit.key)
    database
      .prepare('insert into schools (urn, name, town, created_at, updated_at) values (?, ?, ?, ?, ?)')
      .run(100002, 'Quarrington Hill Academy', 'Durham', now, now)
    const leader = Number(
      database.prepare('insert into leaders (ref, created_at, updated_at) values (?, ?, ?)').run('L-1', now, now)
        .lastInsertRowid,
    )
    database.prepare('insert into leader_personal (leader_id, name) values (?, ?)').run(leader, 'Ottoline Quaye')
    database
      .prepare(
        'insert into designations (leader_id, kind, body, reference, created_at, updated_at) values (?, ?, ?, ?, ?, ?)',
      )
      .run(leader, 'SLE', 'hub', 'SLE-7731', now, now)
    expect(await keys('SLE-7731')).toEqual(['L-1'])
    database.prepare("update designations set reference = 'SLE-9902' where leader_id = ?").run(leader)
    expect(await keys('SLE-7731')).toEqual([])
    expect(await keys('SLE-9902')).toEqual(['L-1'])
    database.prepare('delete from schools where urn = 100002').run()
    expect(await keys('quarrington hill')).toEqual([])
    database.prepare('delete from leaders where id = ?').run(leader)
    expect(await keys('ottoline quaye')).toEqual([])
    expect(database.prepare('select count(*) as n from leader_search').get()).toEqual({n: 0})
    await registry.close()
  })
})
