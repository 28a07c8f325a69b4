import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {importLeaders} from '../../src/services/import-leaders.js'
import {importSchools} from '../../src/services/import-schools.js'
import {SAMPLE} from '../helpers/cli.js'
import {GIAS_HEADER, giasRow, LEADER_HEADER as HEADER, snapshot, writeCsv} from '../helpers/imports.js'
import {objectContaining, stringMatching} from '../helpers/matchers.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'

let test: TestRegistry
beforeEach(async () => {
  test = await openTestRegistry({today: '2026-12-01'})
  await importSchools(test.context, {file: join(SAMPLE, 'schools.csv')})
})
afterEach(async () => test.close())

const row = (overrides: Partial<Record<string, string>> = {}) => {
  const values: Record<string, string> = {
    'Designation type': 'SLE',
    Ref: 'T-1',
    'Full name': 'Jo Bloggs',
    'Email address': 'jo@example.sch.uk',
    'Home school URN': '910001',
    'Areas of expertise': 'Reading / Phonics',
    Phase: 'Primary',
    'Days offered 2026/27': '6.5',
    'Date designated': '01/09/2023',
    'Review due': '',
    Status: 'Active',
    ...overrides,
  }
  return HEADER.map((column) => values[column] ?? '')
}
const leader = (ref: string) =>
  test.registry.read(async (repos) => repos.leaders.get((await repos.leaders.idByRef(ref))!))
const TABLES = ['leaders', 'leader_personal', 'designations', 'leader_specialisms', 'leader_phases', 'capacity_years']

describe('leaders import', () => {
  it('imports the sample designation list with no flags, then changes nothing on re-import', async () => {
    const file = join(SAMPLE, 'leaders.csv')
    const first = await importLeaders(test.context, {file})
    expect(first.counts).toMatchObject({rows: 122, insert: 122, rejected: 0})
    expect(first.details).toMatchObject({
      academicYear: 2026,
      academicYearSource: 'header',
      body: 'hub',
      newLeaders: 120,
    })
    expect(first.details.specialismMappings).toContainEqual(
      expect.objectContaining({text: 'maths (primary)', codes: ['maths'], method: 'qualifier'}),
    )
    const before = snapshot(test.path, TABLES)
    const again = await importLeaders(test.context, {file})
    expect(again.counts).toMatchObject({insert: 0, update: 0, unchanged: 122})
    expect(snapshot(test.path, TABLES)).toEqual(before)
  })

  it('reads Excel serials, text and dd/mm/yyyy dates, keeps a blank review date as no known expiry, and maps one phrase to several areas', async () => {
    const file = writeCsv(test.dir, 'list.csv', [
      HEADER,
      row({'Date designated': '44279', 'Review due': '31 Aug 2028', 'Areas of expertise': 'Behaviour & attendance'}),
      row({
        Ref: 'T-2',
        'Email address': 't2@example.sch.uk',
        'Date designated': '14/09/2025',
        'Review due': '',
        Phase: 'Primary; EYFS',
        Status: 'lapsed ',
      }),
    ])
    await importLeaders(test.context, {file})
    const first = await leader('T-1')
    expect(first!.designations[0]).toMatchObject({designatedOn: '2021-03-24', reviewOn: '2028-08-31', status: 'active'})
    expect(first!.specialisms.map((specialism) => specialism.code).sort()).toEqual(['attendance', 'behaviour'])
    const second = await leader('T-2')
    expect(second!.designations[0]).toMatchObject({designatedOn: '2025-09-14', reviewOn: null, status: 'lapsed'})
    expect(second!.phases).toEqual(['early-years', 'primary'])
  })

  it('rejects a row whose reference and email belong to different people', async () => {
    await importLeaders(test.context, {
      file: writeCsv(test.dir, 'a.csv', [
        HEADER,
        row(),
        row({Ref: 'T-2', 'Full name': 'Sam Patel', 'Email address': 'sam@example.sch.uk'}),
      ]),
    })
    const report = await importLeaders(test.context, {
      file: writeCsv(test.dir, 'b.csv', [HEADER, row({'Email address': 'sam@example.sch.uk'})]),
      dryRun: true,
    })
    expect(report.rejected).toEqual([
      expect.objectContaining({
        line: 2,
        reason:
          'the reference T-1 belongs to leader T-1 but the email sam@example.sch.uk to leader T-2: one of them is wrong',
      }),
    ])
  })

  it('matches on email when the reference is new, so one person can hold two designations', async () => {
    const file = writeCsv(test.dir, 'two.csv', [
      HEADER,
      row(),
      row({'Designation type': 'NLE', Ref: 'T-9', 'Areas of expertise': 'Leadership', 'Days offered 2026/27': '10'}),
    ])
    const report = await importLeaders(test.context, {file})
    expect(report.details.newLeaders).toBe(1)
    const person = await leader('T-1')
    expect(person!.designations.map((designation) => `${designation.kind} ${designation.reference}`)).toEqual([
      'SLE T-1',
      'NLE T-9',
    ])
    expect(person!.capacity).toEqual([{academicYear: 2026, releasedHalfDays: 33}])
  })

  it('puts days into the year the header names, --year, or the current year, never overwriting another year', async () => {
    await importLeaders(test.context, {file: writeCsv(test.dir, 'y1.csv', [HEADER, row()])})
    const nextYear = HEADER.map((column) => (column === 'Days offered 2026/27' ? 'Days offered 2027/28' : column))
    await importLeaders(test.context, {
      file: writeCsv(test.dir, 'y2.csv', [nextYear, row({'Days offered 2026/27': '10'})]),
    })
    expect((await leader('T-1'))!.capacity).toEqual([
      {academicYear: 2026, releasedHalfDays: 13},
      {academicYear: 2027, releasedHalfDays: 20},
    ])
    const plain = HEADER.map((column) => (column === 'Days offered 2026/27' ? 'Days' : column))
    const fromFlag = await importLeaders(test.context, {
      file: writeCsv(test.dir, 'y3.csv', [plain, row({'Days offered 2026/27': '4'})]),
      year: 2028,
      dryRun: true,
    })
    expect(fromFlag.details).toMatchObject({academicYear: 2028, academicYearSource: 'flag'})
    const fromToday = await importLeaders(test.context, {
      file: writeCsv(test.dir, 'y4.csv', [plain, row()]),
      dryRun: true,
    })
    expect(fromToday.details).toMatchObject({academicYear: 2026, academicYearSource: 'today'})
    await expect(
      importLeaders(test.context, {file: writeCsv(test.dir, 'y5.csv', [HEADER, row()]), year: 2027}),
    ).rejects.toMatchObject({kind: 'usage'})
  })

  it('needs --accept-fuzzy or a mapping file for loose specialisms, and rejects unknown ones', async () => {
    const loose = writeCsv(test.dir, 'loose.csv', [HEADER, row({'Areas of expertise': 'Data'})])
    const refused = await importLeaders(test.context, {file: loose, dryRun: true})
    expect(refused.rejected[0]).toMatchObject({
      reason: stringMatching(/"Data" only loosely matches assessment \(confidence 0.7\): accept loose matches/),
      remedies: ['accept-loose-area', 'area-map'],
    })
    const accepted = await importLeaders(test.context, {file: loose, acceptFuzzy: true})
    expect(accepted.counts.insert).toBe(1)
    expect((await leader('T-1'))!.specialisms).toEqual([expect.objectContaining({code: 'assessment', confidence: 0.7})])

    const unknown = writeCsv(test.dir, 'unknown.csv', [
      HEADER,
      row({Ref: 'T-3', 'Email address': 'x@example.org', 'Areas of expertise': 'Maths; Underwater basket weaving'}),
    ])
    const report = await importLeaders(test.context, {file: unknown, dryRun: true, acceptFuzzy: true})
    expect(report.rejected[0]).toMatchObject({
      column: 'Areas of expertise',
      reason: stringMatching(/"Underwater basket weaving" is not an area broker knows/),
      remedies: ['area-map'],
    })
    const mapFile = writeCsv(test.dir, 'our-words.csv', [
      ['phrase', 'codes', 'confidence'],
      ['Underwater basket weaving', 'art', '1'],
    ])
    const mapped = await importLeaders(test.context, {file: unknown, specialismMap: mapFile})
    expect(mapped.counts.insert).toBe(1)
    expect((await leader('T-3'))!.specialisms.map((specialism) => specialism.code).sort()).toEqual(['art', 'maths'])
  })

  it('takes a phrase the user mapped in their own --specialism-map whatever confidence it records, and never suggests the flag already in use', async () => {
    const mapFile = writeCsv(test.dir, 'smap.csv', [
      ['phrase', 'codes', 'confidence'],
      ['Underwater basket weaving', 'pe art', '0.6'],
    ])
    const file = writeCsv(test.dir, 'lm.csv', [HEADER, row({'Areas of expertise': 'Underwater basket weaving'})])
    const planned = await importLeaders(test.context, {file, specialismMap: mapFile, dryRun: true})
    expect(planned.counts).toMatchObject({insert: 1, rejected: 0})
    expect(planned.details.specialismMappings).toEqual([
      {text: 'Underwater basket weaving', codes: ['pe', 'art'], confidence: 0.6, method: 'user-map'},
    ])
    await importLeaders(test.context, {file, specialismMap: mapFile})
    expect(
      (await leader('T-1'))!.specialisms
        .map(({code, confidence}) => ({code, confidence}))
        .sort((a, b) => a.code.localeCompare(b.code)),
    ).toEqual([
      {code: 'art', confidence: 0.6},
      {code: 'pe', confidence: 0.6},
    ])

    const others = writeCsv(test.dir, 'others.csv', [
      HEADER,
      row({Ref: 'T-2', 'Email address': 't2@example.sch.uk', 'Areas of expertise': 'Data; Knitting'}),
    ])
    const rejected = (await importLeaders(test.context, {file: others, specialismMap: mapFile, dryRun: true})).rejected
    expect(rejected.map(({reason, remedies}) => ({reason, remedies}))).toEqual([
      {
        reason: `"Data" only loosely matches assessment (confidence 0.7): accept loose matches to take it, or add a line for it to ${mapFile} (phrase,codes)`,
        remedies: ['accept-loose-area'],
      },
      {
        reason: `"Knitting" is not an area broker knows: fix the text, or add a line for it to ${mapFile} (phrase,codes)`,
        remedies: undefined,
      },
    ])
  })

  it('rejects an unmappable phase and resolves "Not applicable" from the home school', async () => {
    const file = writeCsv(test.dir, 'phases.csv', [
      HEADER,
      row({Phase: 'Primary; Tertiary'}),
      row({Ref: 'T-2', 'Email address': 'b@example.org', 'Home school URN': '910016', Phase: 'Not applicable'}),
    ])
    const report = await importLeaders(test.context, {
      file,
      skipInvalid: true,
      rejectsPath: test.dir.file('rejects.csv'),
    })
    expect(report.rejected).toEqual([
      objectContaining({line: 2, column: 'Phase', reason: stringMatching(/unknown phase "tertiary"/)}),
    ])
    const special = await test.registry.read((repos) => repos.schools.get(910016))
    expect((await leader('T-2'))!.phases).toEqual([special!.phase])
  })

  it('resolves a home school given by name, and stops with the candidates when the name is ambiguous', async () => {
    const named = writeCsv(test.dir, 'named.csv', [HEADER, row({'Home school URN': 'Southlands Primary School'})])
    await importLeaders(test.context, {file: named})
    expect((await leader('T-1'))!.homeUrn).toBe(910001)
    const vague = writeCsv(test.dir, 'vague.csv', [
      HEADER,
      row({Ref: 'T-2', 'Email address': 'v@example.org', 'Home school URN': 'Primary'}),
    ])
    const report = await importLeaders(test.context, {file: vague, dryRun: true})
    expect(report.rejected[0]!.reason).toMatch(/^home school "Primary": .* \d+ schools:\n {2}\d{6} {2}\S/)
  })

  it('with --full withdraws designations missing from the complete list, and restores one that comes back', async () => {
    await importLeaders(test.context, {
      file: writeCsv(test.dir, 'all.csv', [
        HEADER,
        row(),
        row({Ref: 'T-2', 'Email address': 'b@example.org', 'Full name': 'B'}),
      ]),
    })
    const shorter = writeCsv(test.dir, 'shorter.csv', [HEADER, row()])
    const report = await importLeaders(test.context, {file: shorter, full: true})
    expect(report.details.withdrawn).toEqual([{body: 'hub', reference: 'T-2'}])
    expect((await leader('T-2'))!.designations[0]).toMatchObject({
      status: 'withdrawn',
      statusReason: stringMatching(/not on the complete list shorter.csv/),
    })
    await importLeaders(test.context, {
      file: writeCsv(test.dir, 'back.csv', [
        HEADER,
        row({Ref: 'T-2', 'Email address': 'b@example.org', 'Full name': 'B'}),
      ]),
    })
    expect((await leader('T-2'))!.designations[0]!.status).toBe('active')
  })

  it('keys designations by body: the same reference from another body is another designation', async () => {
    const withBody = [...HEADER, 'Designating body']
    const file = writeCsv(test.dir, 'bodies.csv', [
      withBody,
      [...row(), 'Hub A'],
      [...row({'Email address': 'other@example.org', 'Full name': 'Other'}), 'Hub B'],
    ])
    const report = await importLeaders(test.context, {file})
    expect(report.counts.insert).toBe(2)
    expect(report.details.newLeaders).toBe(2)
  })

  it('warns when a home school is not in the registry yet', async () => {
    await importSchools(test.context, {file: writeCsv(test.dir, 'schools.csv', [GIAS_HEADER, giasRow(100001)])})
    const report = await importLeaders(test.context, {
      file: writeCsv(test.dir, 'away.csv', [HEADER, row({'Home school URN': '999999'})]),
    })
    expect(report.warnings).toEqual([
      objectContaining({line: 2, value: '999999', reason: stringMatching(/not in the registry yet/)}),
    ])
    expect((await leader('T-1'))!.homeUrn).toBe(999999)
  })
})
