import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {readTable} from '../../src/importers/table.js'
import {importSchools} from '../../src/services/import-schools.js'
import {SAMPLE} from '../helpers/cli.js'
import {GIAS_HEADER, giasRow, snapshot, writeCsv} from '../helpers/imports.js'
import {objectContaining, stringMatching} from '../helpers/matchers.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'

let test: TestRegistry
beforeEach(async () => {
  test = await openTestRegistry()
})
afterEach(async () => test.close())

describe('schools import', () => {
  it('imports the sample GIAS extract with its extra columns, then changes nothing on re-import', async () => {
    const file = join(SAMPLE, 'schools.csv')
    const first = await importSchools(test.context, {file})
    expect(first.counts).toMatchObject({rows: 300, insert: 300, update: 0, unchanged: 0, rejected: 0, skipped: 0})
    expect(first.columns.find((column) => column.column === 'IDACI (%)')?.field).toBe('idaciPct')
    expect(first.columns.find((column) => column.column === 'PercentageFSMEver')?.field).toBe('fsmEverPct')
    expect(first.columns.find((column) => column.column === 'District (code)')?.field).toBe('districtCode')
    expect(first.details.withoutLocation).toBe(0)
    const school = await test.registry.read((repos) => repos.schools.get(910001))
    expect(school).toMatchObject({
      phase: 'primary',
      typeGroup: 'la-maintained',
      fsmEverPct: 10.2,
      idaciPct: 12,
      districtCode: 'E08000021',
      stateFunded: true,
    })
    expect(school!.location!.latitude).toBeCloseTo(55.03, 1)
    const inspections = await test.registry.read((repos) => repos.schools.inspections(910001))
    expect(inspections[0]).toMatchObject({inspectedOn: '2019-08-05', framework: 'legacy-1-4', overallGrade: 2})

    const before = snapshot(test.path, ['schools', 'inspections', 'trusts'])
    const again = await importSchools(test.context, {file})
    expect(again.counts).toMatchObject({insert: 0, update: 0, unchanged: 300})
    expect(snapshot(test.path, ['schools', 'inspections', 'trusts'])).toEqual(before)
    const runs = await test.registry.read((repos) => repos.imports.runs('schools'))
    expect(runs).toHaveLength(2)
    expect(runs[0]).toMatchObject({
      fileName: 'schools.csv',
      status: 'imported',
      counts: objectContaining({unchanged: 300}),
    })
    expect(runs[0]!.fileHash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('updates only the rows an edited file changes, and never blanks columns the file lacks', async () => {
    const file = writeCsv(test.dir, 'a.csv', [GIAS_HEADER, giasRow(100001), giasRow(100002)])
    await importSchools(test.context, {file})
    await test.registry.write((repos) =>
      repos.schools.upsertMany([{urn: 100002, name: 'School 100002', idaci_pct: 31, created_at: 'x', updated_at: 'x'}]),
    )
    const edited = writeCsv(test.dir, 'b.csv', [GIAS_HEADER, giasRow(100001), giasRow(100002, {NumberOfPupils: 400})])
    const report = await importSchools(test.context, {file: edited})
    expect(report.counts).toMatchObject({update: 1, unchanged: 1})
    expect(await test.registry.read((repos) => repos.schools.get(100002))).toMatchObject({pupils: 400, idaciPct: 31})
  })

  it("keeps state-funded schools, counts the skipped by reason, and keeps special schools' type", async () => {
    const file = writeCsv(test.dir, 'mixed.csv', [
      GIAS_HEADER,
      giasRow(100001),
      giasRow(100002, {
        'TypeOfEstablishment (name)': 'Other independent school',
        'PhaseOfEducation (name)': 'Not applicable',
      }),
      giasRow(100003, {'TypeOfEstablishment (name)': 'Other independent school'}),
      giasRow(100004, {
        'TypeOfEstablishment (name)': 'Community special school',
        'PhaseOfEducation (name)': 'Not applicable',
      }),
    ])
    const report = await importSchools(test.context, {file})
    expect(report.counts).toMatchObject({insert: 2, skipped: 2})
    expect(report.skipped).toEqual({'not state-funded (Other independent school)': 2})
    expect(await test.registry.read((repos) => repos.schools.get(100004))).toMatchObject({
      phase: 'special',
      type: 'Community special school',
      typeGroup: 'special',
    })
    const all = await importSchools(test.context, {file, includeIndependent: true})
    expect(all.counts).toMatchObject({insert: 2, unchanged: 2, skipped: 0})
    expect(await test.registry.read((repos) => repos.schools.get(100002))).toMatchObject({
      stateFunded: false,
      typeGroup: 'independent',
    })
  })

  it('derives the phase from the establishment type when the file has no phase column, and places schools by latitude/longitude', async () => {
    const file = writeCsv(test.dir, 'other-layout.csv', [
      ['urn', 'School', 'census_school_type_2019', 'Lat', 'Long', 'pct_fsm_ever_2019', 'IDACI score'],
      [100001, 'A', 'State-funded secondary', '54.95', '-1.6', '23.4', '0.312'],
      [100002, 'B', 'State-funded primary', '', '', 'SUPP', ''],
    ])
    const report = await importSchools(test.context, {file})
    expect(report.counts.insert).toBe(2)
    expect(report.details.withoutLocation).toBe(1)
    const [a, b] = await test.registry.read(async (repos) => [
      await repos.schools.get(100001),
      await repos.schools.get(100002),
    ])
    expect(a).toMatchObject({
      phase: 'secondary',
      fsmEverPct: 23.4,
      idaciPct: 31.2,
      location: {latitude: 54.95, longitude: -1.6, easting: null},
    })
    expect(b).toMatchObject({phase: 'primary', fsmEverPct: null, location: null})
  })

  it('keeps a school with a bad postcode without one, and says so', async () => {
    const file = writeCsv(test.dir, 'postcodes.csv', [
      GIAS_HEADER,
      giasRow(100001, {Postcode: 'NOT A CODE'}),
      giasRow(100002, {Postcode: 'ne9  5nb'}),
    ])
    const report = await importSchools(test.context, {file})
    expect(report.counts).toMatchObject({insert: 2, rejected: 0})
    expect(report.warnings).toEqual([
      {line: 2, column: 'Postcode', value: 'NOT A CODE', reason: stringMatching(/not a UK postcode/)},
    ])
    expect((await test.registry.read((repos) => repos.schools.get(100002)))!.postcode).toBe('NE9 5NB')
  })

  it('counts an exact repeat once and rejects URNs repeated with different values', async () => {
    const file = writeCsv(test.dir, 'dupes.csv', [
      GIAS_HEADER,
      giasRow(100001),
      giasRow(100001),
      giasRow(100002),
      giasRow(100002, {EstablishmentName: 'Other'}),
    ])
    const dryRun = await importSchools(test.context, {file, dryRun: true})
    expect(dryRun.counts).toMatchObject({insert: 1, rejected: 2, skipped: 1})
    expect(dryRun.rejected.map((issue) => [issue.line, issue.reason])).toEqual([
      [4, 'URN 100002 appears on lines 4, 5 with different values'],
      [5, 'URN 100002 appears on lines 4, 5 with different values'],
    ])
    await expect(importSchools(test.context, {file})).rejects.toMatchObject({kind: 'invalid-input', exitCode: 3})
  })

  it('rejects a 5,000-row file with one bad row whole, leaving the registry as it was', async () => {
    await importSchools(test.context, {file: join(SAMPLE, 'schools.csv')})
    const rows = Array.from({length: 5000}, (_, index) => giasRow(200000 + index))
    rows[3210] = giasRow(203210, {NumberOfPupils: 'lots'})
    const file = writeCsv(test.dir, 'big.csv', [GIAS_HEADER, ...rows])
    const before = snapshot(test.path, ['schools', 'inspections', 'import_runs', 'audit_log'])
    const error = await importSchools(test.context, {file}).catch((caught: unknown) => caught)
    expect(error).toMatchObject({
      kind: 'invalid-input',
      message: stringMatching(/1 of 5000 rows is invalid, so nothing was imported/),
    })
    expect((error as {message: string}).message).toContain('line 3212, NumberOfPupils "lots": "lots" is not a number')
    expect(snapshot(test.path, ['schools', 'inspections', 'import_runs', 'audit_log'])).toEqual(before)
  })

  it('with --skip-invalid imports the valid rows and writes the rejects, reasons included, to a CSV', async () => {
    const file = writeCsv(test.dir, 'some-bad.csv', [
      GIAS_HEADER,
      giasRow(100001),
      giasRow(12345),
      giasRow(100003, {PercentageFSM: '140'}),
    ])
    const rejectsPath = test.dir.file('rejects.csv')
    const report = await importSchools(test.context, {file, skipInvalid: true, rejectsPath})
    expect(report.counts).toMatchObject({insert: 1, rejected: 2})
    expect(report.rejectsFile).toBe(rejectsPath)
    const rejects = await readTable(rejectsPath)
    expect(rejects.encoding).toBe('utf-8-bom')
    expect(rejects.headers.at(-1)).toBe('Rejected because')
    expect(rejects.rows.map((row) => row.cells.at(-1))).toEqual([
      'URN: "12345" is not a six-digit URN',
      'PercentageFSM: 140 is above 100',
    ])

    // Fixed in place, the rejects file imports like any other: the reasons column is ignored.
    writeFileSync(rejectsPath, readFileSync(rejectsPath, 'utf8').replace('12345,', '100002,').replace(',140,', ',14,'))
    const fixed = await importSchools(test.context, {file: rejectsPath})
    expect(fixed.counts).toMatchObject({insert: 2, rejected: 0})
    expect(fixed.columns.at(-1)).toMatchObject({column: 'Rejected because', field: null})
  })

  it('rejects a CSV row whose cells do not line up with the header, instead of storing shifted values', async () => {
    const header = 'URN,EstablishmentName,Town,Postcode'
    const lines = [
      header,
      '700040,St Mary, Star of the Sea,Leeds,LS1 1AA',
      '700041,Short row',
      '700042,Fine School,Leeds,LS1 1AB,,',
      '700043,"Quoted, Fine",Leeds,LS1 1AC',
    ]
    const file = test.dir.file('ragged.csv')
    writeFileSync(file, lines.join('\n') + '\n')
    const report = await importSchools(test.context, {file, dryRun: true})
    expect(report.counts).toMatchObject({insert: 2, rejected: 2})
    expect(report.rejected.map((issue) => [issue.line, issue.reason])).toEqual([
      [
        2,
        expect.stringMatching(
          /^has 5 cells but the header has 4 columns.*double quotes around any value containing ","/,
        ),
      ],
      [3, expect.stringMatching(/^has 2 cells but the header has 4 columns.*missing ","/)],
    ])
  })

  it('stores formula-looking text verbatim', async () => {
    const name = '=HYPERLINK("http://evil.example","Click")'
    await importSchools(test.context, {
      file: writeCsv(test.dir, 'formula.csv', [GIAS_HEADER, giasRow(100001, {EstablishmentName: name})]),
    })
    expect((await test.registry.read((repos) => repos.schools.get(100001)))!.name).toBe(name)
  })

  it('with --full marks schools missing from the file closed within its local authorities, never deleting them', async () => {
    await importSchools(test.context, {
      file: writeCsv(test.dir, 'first.csv', [
        GIAS_HEADER,
        giasRow(100001),
        giasRow(100002),
        giasRow(100003, {'LA (code)': '391', 'LA (name)': 'Newcastle'}),
      ]),
    })
    const report = await importSchools(test.context, {
      file: writeCsv(test.dir, 'second.csv', [GIAS_HEADER, giasRow(100001)]),
      full: true,
    })
    expect(report.details).toMatchObject({fullScope: ['390'], closedMissing: 1})
    const [closed, elsewhere] = await test.registry.read(async (repos) => [
      await repos.schools.get(100002),
      await repos.schools.get(100003),
    ])
    expect(closed).toMatchObject({status: 'closed', closedOn: '2026-12-01'})
    expect(elsewhere!.status).toBe('open')
  })

  it('keeps predecessor/successor links and re-points a leader whose home school closed with one successor', async () => {
    await importSchools(test.context, {
      file: writeCsv(test.dir, 'open.csv', [GIAS_HEADER, giasRow(100001), giasRow(100002)]),
    })
    await test.registry.write((repos) =>
      repos.leaders.insert({ref: 'L-1', name: 'Jo', email: null, homeUrn: 100001, homeTrustCode: null, notes: null}),
    )
    const header = [...GIAS_HEADER, 'Successor URN']
    const file = writeCsv(test.dir, 'closed.csv', [
      header,
      [...giasRow(100001, {'EstablishmentStatus (name)': 'Closed'}), '100002'],
      [...giasRow(100002), ''],
    ])
    const report = await importSchools(test.context, {file})
    expect(report.details.linksAdded).toBe(1)
    expect(report.details.repointedLeaders).toEqual([{ref: 'L-1', from: 100001, to: 100002}])
    const leader = await test.registry.read(async (repos) => repos.leaders.get((await repos.leaders.idByRef('L-1'))!))
    expect(leader!.homeUrn).toBe(100002)
  })

  it('plans the links and leader moves in a dry run, as the real run then makes them (--full closures included)', async () => {
    await importSchools(test.context, {
      file: writeCsv(test.dir, 'open.csv', [GIAS_HEADER, giasRow(100001), giasRow(100002), giasRow(100003)]),
    })
    await test.registry.write(async (repos) => {
      await repos.leaders.insert({
        ref: 'L-1',
        name: 'Jo',
        email: null,
        homeUrn: 100001,
        homeTrustCode: null,
        notes: null,
      })
      await repos.leaders.insert({
        ref: 'L-2',
        name: 'Sam',
        email: null,
        homeUrn: 100002,
        homeTrustCode: null,
        notes: null,
      })
    })
    // 100001 closes into 100004; 100002, left out of a --full file, closes and 100005 names it its predecessor.
    const header = [...GIAS_HEADER, 'Successor URN', 'Predecessor URN']
    const file = writeCsv(test.dir, 's2.csv', [
      header,
      [...giasRow(100001, {'EstablishmentStatus (name)': 'Closed'}), '100004', ''],
      [...giasRow(100003), '', ''],
      [...giasRow(100004), '', '100001'],
      [...giasRow(100005), '', '100002'],
    ])
    const tables = ['schools', 'school_links', 'leaders', 'audit_log']
    const before = snapshot(test.path, tables)
    const plan = await importSchools(test.context, {file, full: true, dryRun: true})
    const moves = {
      linksAdded: 3,
      closedMissing: 1,
      repointedLeaders: [
        {ref: 'L-1', from: 100001, to: 100004},
        {ref: 'L-2', from: 100002, to: 100005},
      ],
      unrepointedLeaders: [],
    }
    expect(plan.details).toMatchObject(moves)
    expect(snapshot(test.path, tables)).toEqual(before)

    const report = await importSchools(test.context, {file, full: true})
    expect(report.details).toMatchObject(moves)
    const homes = await test.registry.read(async (repos) =>
      Promise.all(
        ['L-1', 'L-2'].map(async (ref) => (await repos.leaders.get((await repos.leaders.idByRef(ref))!))!.homeUrn),
      ),
    )
    expect(homes).toEqual([100004, 100005])
    expect((await importSchools(test.context, {file, full: true, dryRun: true})).details).toMatchObject({
      linksAdded: 0,
      repointedLeaders: [],
    })
  })

  it('stops with exit 3 when a required column is missing or a header repeats', async () => {
    await expect(
      importSchools(test.context, {
        file: writeCsv(test.dir, 'no-urn.csv', [
          ['EstablishmentName', 'Town'],
          ['A', 'B'],
        ]),
      }),
    ).rejects.toMatchObject({
      kind: 'invalid-input',
      message: stringMatching(/no column holds the required URN/),
    })
    await expect(
      importSchools(test.context, {
        file: writeCsv(test.dir, 'twice.csv', [
          ['URN', 'EstablishmentName', 'URN'],
          ['100001', 'A', '100001'],
        ]),
      }),
    ).rejects.toMatchObject({
      message: stringMatching(/"URN" appears twice \(columns A and C\)/),
    })
  })

  it('ignores __proto__ and repeated unknown headers, listing them, without polluting anything', async () => {
    const file = writeCsv(test.dir, 'hostile-headers.csv', [
      ['__proto__', 'URN', 'constructor', 'EstablishmentName', 'Notes', 'Notes'],
      ['{"polluted":1}', '100001', 'x', 'A', 'n1', 'n2'],
    ])
    const report = await importSchools(test.context, {file})
    expect(report.counts.insert).toBe(1)
    expect(report.columns.filter((column) => column.field === null).map((column) => column.column)).toEqual([
      '__proto__',
      'constructor',
      'Notes',
      'Notes',
    ])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect((await test.registry.read((repos) => repos.schools.get(100001)))!.name).toBe('A')
  })

  it('rejects text damaged by an earlier wrong decoding (U+FFFD) instead of storing it', async () => {
    const file = writeCsv(test.dir, 'mangled.csv', [
      GIAS_HEADER,
      giasRow(100001, {EstablishmentName: 'St Mary\uFFFDs'}),
    ])
    const report = await importSchools(test.context, {file, dryRun: true})
    expect(report.rejected[0]).toMatchObject({
      line: 2,
      column: 'EstablishmentName',
      reason: stringMatching(/replacement character/),
    })
  })
})
