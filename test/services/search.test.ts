import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {addLeader} from '../../src/services/leaders.js'
import {resolveLeaderId, resolveNeed, resolveSchool} from '../../src/services/resolve.js'
import {searchRegistry} from '../../src/services/search.js'
import {brokerFailure} from '../helpers/errors.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'
import {seedSampleSchools} from '../helpers/seed.js'

let test: TestRegistry

beforeAll(async () => {
  test = await openTestRegistry()
  await seedSampleSchools(test.context)
  const leaders = [
    {name: 'Siobhán O’Connor', email: 's.oconnor@example.sch.uk', reference: 'NE-0101', kind: 'NLE' as const},
    {name: 'Ewan Gibson', email: 'e.gibson@example.sch.uk', reference: 'NE-0102', kind: 'SLE' as const},
    {name: 'Ewan Gibbs', email: 'ewan.gibbs@example.sch.uk', reference: 'NE-0103', kind: 'SLE' as const},
  ]
  for (const leader of leaders) {
    await addLeader(test.context, {
      name: leader.name,
      email: leader.email,
      homeUrn: 910001,
      designation: {kind: leader.kind, reference: leader.reference},
      specialisms: ['maths'],
      phases: ['primary'],
    })
  }
})
afterAll(() => test.close())

const search = (query: string, kinds?: ('school' | 'leader' | 'specialism')[]) =>
  searchRegistry(test.context, {query, kinds, limit: 5})
const read = <T>(work: Parameters<typeof test.registry.read<T>>[0]) => test.registry.read(work)

describe('broker search over the registry', () => {
  it('finds a school through typos and word order, with the key other commands take', async () => {
    const {hits} = await search('primry catholic marys st newcastle')
    expect(hits[0]).toMatchObject({kind: 'school', key: '910010', label: "St Mary's Catholic Primary School"})
  })

  it('finds a school by postcode and by URN', async () => {
    expect((await search('NE23 5HW', ['school'])).hits[0]?.key).toBe('910010')
    expect((await search('910010', ['school'])).hits[0]?.key).toBe('910010')
  })

  it('finds leaders by name (accents and apostrophes folded), email and reference', async () => {
    expect((await search('siobhan oconnor', ['leader'])).hits[0]).toMatchObject({
      kind: 'leader',
      label: 'Siobhán O’Connor',
    })
    expect((await search('e.gibson@example.sch.uk', ['leader'])).hits[0]?.label).toBe('Ewan Gibson')
    expect((await search('NE-0103', ['leader'])).hits[0]?.label).toBe('Ewan Gibbs')
  })

  it('finds specialism areas by name, code or synonym', async () => {
    expect((await search('phonix', ['specialism'])).hits[0]).toMatchObject({kind: 'specialism', key: 'phonics'})
    expect((await search('SEN', ['specialism'])).hits.map((hit) => hit.key)).toContain('send')
  })

  it('keeps the index in step when a school is renamed', async () => {
    await test.registry.write(async (repos) => {
      const school = (await repos.schools.get(910002))!
      await repos.schools.upsertMany([
        {urn: school.urn, name: 'Quillfeather Academy', created_at: '2026-01-01', updated_at: '2026-01-02'},
      ])
    })
    expect((await search('quillfeather', ['school'])).hits[0]?.key).toBe('910002')
    expect((await search('underhill', ['school'])).hits.map((hit) => hit.key)).not.toContain('910002')
  })

  it('forgets an erased leader’s name and email, in the index too', async () => {
    const id = await read((repos) => resolveLeaderId(repos, 'NE-0101'))
    await test.registry.write(async () => {
      test.registry.database.prepare('delete from leader_personal where leader_id = ?').run(id)
      test.registry.database.prepare("update leaders set erased_at = '2026-11-30T00:00:00Z' where id = ?").run(id)
    })
    expect((await search('siobhan oconnor', ['leader'])).hits).toEqual([])
    const trigram = test.registry.database.prepare("select doc from leader_search_terms where term = 'hba'").get() as
      {doc: number} | undefined
    expect(trigram?.doc ?? 0).toBe(0)
    expect((await search('NE-0101', ['leader'])).hits[0]?.label).toBe('(erased)')
  })
})

describe('resolving a typed school or leader', () => {
  it('takes a URN, an exact name or a clear fuzzy winner', async () => {
    expect((await read((repos) => resolveSchool(repos, '910010'))).name).toBe("St Mary's Catholic Primary School")
    expect((await read((repos) => resolveSchool(repos, 'saint marys catholic primary newcastle'))).urn).toBe(910010)
    expect((await read((repos) => resolveSchool(repos, 'castel view infants preston'))).urn).toBe(910252)
    expect((await read((repos) => resolveSchool(repos, 'milbrook'))).urn).toBe(910106)
  })

  it('stops with the candidates when a name is ambiguous', async () => {
    const error = await brokerFailure(read((repos) => resolveSchool(repos, 'hartside')))
    expect(error.kind).toBe('conflict')
    expect(error.message).toMatch(/"hartside" could be any of \d+ schools/)
    const candidates = (error.data as {candidates: {key: string; label: string}[]}).candidates
    expect(candidates.length).toBeGreaterThan(2)
    expect(candidates.every((candidate) => /Hartside/.test(candidate.label))).toBe(true)
  })

  it('says when nothing matches, or the URN is unknown', async () => {
    expect((await brokerFailure(read((repos) => resolveSchool(repos, 'zzyzx qqq')))).kind).toBe('not-found')
    expect((await brokerFailure(read((repos) => resolveSchool(repos, '999999')))).message).toMatch(
      /No school with URN 999999/,
    )
  })

  it('resolves leaders by reference, email or a fuzzy name, and lists close names', async () => {
    const gibson = await read((repos) => resolveLeaderId(repos, 'NE-0102'))
    expect(await read((repos) => resolveLeaderId(repos, 'ewan gibsen'))).toBe(gibson)
    expect(await read((repos) => resolveLeaderId(repos, 'E.Gibson@example.sch.uk'))).toBe(gibson)
    const error = await brokerFailure(read((repos) => resolveLeaderId(repos, 'ewan gib')))
    expect(error.kind).toBe('conflict')
    expect((error.data as {candidates: {key: string}[]}).candidates.map((candidate) => candidate.key).sort()).toEqual([
      'NE-0102',
      'NE-0103',
    ])
  })

  it('finds a need by id or reference', async () => {
    expect((await brokerFailure(read((repos) => resolveNeed(repos, 'REQ-NOPE')))).kind).toBe('not-found')
  })
})
