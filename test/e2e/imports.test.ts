import {spawn} from 'node:child_process'
import {existsSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import Database from 'better-sqlite3'
import iconv from 'iconv-lite'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {SchoolsListResult} from '../../src/commands/schools/list.js'
import type {InspectionImportReport} from '../../src/services/import-inspections.js'
import type {LeaderImportReport} from '../../src/services/import-leaders.js'
import type {NeedImportReport} from '../../src/services/import-needs.js'
import type {SchoolLinkImportReport} from '../../src/services/import-school-links.js'
import type {SchoolImportReport} from '../../src/services/import-schools.js'
import type {LeaderChange, LeaderDetail} from '../../src/services/leaders.js'
import type {InitResult, RegistryStatus} from '../../src/services/registry-admin.js'
import type {SchoolDetail} from '../../src/services/schools.js'
import {
  BIN,
  jsonFailure,
  runCliAsync as runCli,
  runJsonAsync as runJson,
  SAMPLE,
  tempDir,
  type TempDir,
} from '../helpers/cli.js'
import {GIAS_HEADER, giasRow, writeCsv} from '../helpers/imports.js'
import {describeWithSharedData, sharedData} from '../helpers/shared-data.js'

let dir: TempDir
beforeAll(() => {
  dir = tempDir()
})
afterAll(() => dir.remove())

const envFor = (name: string) => ({BROKER_DB: dir.file(name), BROKER_TODAY: '2026-12-01'})

function count(db: string, table: string): number {
  const database = new Database(db, {readonly: true})
  try {
    return (database.prepare(`select count(*) as n from ${table}`).get() as {n: number}).n
  } finally {
    database.close()
  }
}

describe('imports through the CLI', () => {
  it('loads the four sample files with no flags beyond the path', async () => {
    const env = envFor('sample.db')
    await runJson<InitResult>(['init'], {env})
    const schools = await runJson<SchoolImportReport>(['schools', 'import', join(SAMPLE, 'schools.csv')], {env})
    expect(schools).toMatchObject({
      kind: 'schools',
      status: 'imported',
      counts: {insert: 300, rejected: 0},
      importRunId: 1,
    })
    expect(
      (await runJson<InspectionImportReport>(['inspections', 'import', join(SAMPLE, 'inspections.csv')], {env})).counts
        .rejected,
    ).toBe(0)
    expect(
      (await runJson<LeaderImportReport>(['leaders', 'import', join(SAMPLE, 'leaders.csv')], {env})).counts,
    ).toMatchObject({
      insert: 122,
      rejected: 0,
    })
    expect(
      (await runJson<NeedImportReport>(['needs', 'import', join(SAMPLE, 'needs.csv')], {env})).counts,
    ).toMatchObject({
      insert: 30,
      rejected: 0,
    })
    const again = await runCli(['leaders', 'import', join(SAMPLE, 'leaders.csv')], {env})
    expect(again.status).toBe(0)
    expect(again.stdout).toMatch(/Result: 122 rows: 0 inserted, 0 updated, 122 unchanged, 0 rejected, 0 skipped/)
    expect(again.stdout).toMatch(/days go to 2026\/27: named in the days column's header/)
    const status = await runJson<RegistryStatus>(['db', 'status'], {env})
    expect(status.recentImports.map((run) => `${run.kind} ${run.fileName}`)).toEqual([
      'leaders leaders.csv',
      'needs needs.csv',
      'leaders leaders.csv',
      'inspections inspections.csv',
      'schools schools.csv',
    ])
    expect(status.recentImports[0]).toMatchObject({counts: {unchanged: 122}})
    expect(status.recentImports[0]!.fileHash).toMatch(/^[0-9a-f]{64}$/)
    expect((await runCli(['db', 'status'], {env})).stdout).toMatch(
      /Latest imports\n.*Kind\s+File[\s\S]*leaders\s+leaders\.csv/,
    )
  })

  it('prints the plan with --dry-run and writes nothing', async () => {
    const env = envFor('dry.db')
    await runJson<InitResult>(['init'], {env})
    const result = await runCli(['schools', 'import', join(SAMPLE, 'schools.csv'), '--dry-run'], {env})
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/EstablishmentName\s+-> School name \(name\) {2}synonym/)
    expect(result.stdout).toMatch(/Ignored 1 column: EstablishmentNumber/)
    expect(result.stdout).toMatch(/Plan: 300 rows: 300 to insert, 0 to update, 0 unchanged, 0 rejected, 0 skipped/)
    expect(result.stdout).toMatch(/Dry run: nothing was written/)
    expect(count(env.BROKER_DB, 'schools')).toBe(0)
    expect(count(env.BROKER_DB, 'import_runs')).toBe(0)
  })

  it('reads the GIAS links file with `schools links import`, and a dry run of either school import shows the moves it plans', async () => {
    const env = envFor('links.db')
    await runJson<InitResult>(['init'], {env})
    await runJson<SchoolImportReport>(
      ['schools', 'import', writeCsv(dir, 's1.csv', [GIAS_HEADER, giasRow(800001), giasRow(800002), giasRow(800004)])],
      {env},
    )
    await runJson<LeaderChange>(
      ['leaders', 'add', '--name', 'Lee One', '--designation', 'SLE', '--reference', 'L1', '--home', '800001'],
      {env},
    )
    const s2 = writeCsv(dir, 's2.csv', [
      [...GIAS_HEADER, 'Successor URN'],
      [...giasRow(800001, {'EstablishmentStatus (name)': 'Closed'}), '800004'],
      [...giasRow(800002), ''],
      [...giasRow(800004), ''],
    ])
    const dry = await runCli(['schools', 'import', s2, '--full', '--dry-run'], {env})
    expect(dry.stdout).toContain('1 predecessor/successor link added (planned)')
    expect(dry.stdout).toContain('leader L1: home school 800001 closed; now at its successor 800004 (planned)')

    const links = writeCsv(dir, 'links_edubasealldata20260901.csv', [
      ['URN', 'LinkURN', 'LinkName', 'LinkType', 'LinkEstablishedDate'],
      ['800004', '800001', 'School 800001', 'Predecessor - amalgamated', '01/09/2026'],
      ['800002', '800004', 'School 800004', 'Sixth Form Centre Link', ''],
    ])
    const misdirected = await runCli(['schools', 'import', links], {env})
    expect(misdirected.status).toBe(3)
    expect(misdirected.stderr).toContain(
      'This looks like a GIAS links file (predecessors and successors), which `broker schools links import` reads.',
    )
    const closing = writeCsv(dir, 's3.csv', [
      GIAS_HEADER,
      giasRow(800001, {'EstablishmentStatus (name)': 'Closed'}),
      giasRow(800002),
      giasRow(800004),
    ])
    await runJson<SchoolImportReport>(['schools', 'import', closing], {env})
    const planned = await runCli(['schools', 'links', 'import', links, '--dry-run'], {env})
    expect(planned.status).toBe(0)
    expect(planned.stdout).toMatch(/Plan: 2 rows: 1 to insert, 0 to update, 0 unchanged, 0 rejected, 1 skipped/)
    expect(planned.stdout).toContain(
      'skipped 1: link type "Sixth Form Centre Link" (neither a predecessor nor a successor)',
    )
    expect(planned.stdout).toContain('leader L1: home school 800001 closed; now at its successor 800004 (planned)')
    const imported = await runJson<SchoolLinkImportReport>(['schools', 'links', 'import', links], {env})
    expect(imported).toMatchObject({
      kind: 'school-links',
      status: 'imported',
      counts: {insert: 1, skipped: 1},
      details: {repointedLeaders: [{ref: 'L1', from: 800001, to: 800004}]},
    })
    expect((await runJson<LeaderDetail>(['leaders', 'show', 'L1'], {env})).leader.homeUrn).toBe(800004)
    expect((await runJson<SchoolLinkImportReport>(['schools', 'links', 'import', links], {env})).counts).toMatchObject({
      insert: 0,
      unchanged: 1,
    })
  })

  it('exits 3 on invalid rows, listing line, column, value and reason, with the report as JSON on stderr', async () => {
    const env = envFor('invalid.db')
    await runJson<InitResult>(['init'], {env})
    const file = writeCsv(dir, 'invalid.csv', [
      GIAS_HEADER,
      giasRow(100001),
      giasRow(100002, {Easting: '9999999', Northing: '1'}),
    ])
    const human = await runCli(['schools', 'import', file], {env})
    expect(human.status).toBe(3)
    expect(human.stderr).toMatch(/1 of 2 rows is invalid, so nothing was imported/)
    expect(human.stderr).toMatch(
      /line 3, Easting "9999999": easting 9999999, northing 1 is outside Great Britain's grid/,
    )
    expect(human.stderr).toMatch(/--skip-invalid/)
    const json = await runCli(['schools', 'import', file, '--json'], {env})
    expect(json.status).toBe(3)
    expect(json.stdout).toBe('')
    const error = jsonFailure<SchoolImportReport>(json)
    expect(error).toMatchObject({kind: 'invalid-input', exitCode: 3, data: {counts: {rows: 2, rejected: 1}}})
    expect(error.data!.rejected[0]).toMatchObject({line: 3, column: 'Easting', value: '9999999'})
    expect(count(env.BROKER_DB, 'schools')).toBe(0)
  })

  it('words the remedies for loose and unknown areas as flags, once each, in the plan and the refusal', async () => {
    const env = envFor('areas.db')
    await runJson<InitResult>(['init'], {env})
    const header = 'Designation type,Ref,Full name,Email address,Areas of expertise,Phase,Days offered 2026/27,Status'
    const file = dir.file('loose-areas.csv')
    writeFileSync(
      file,
      [
        header,
        'SLE,A-1,Ann Able,a1@example.sch.uk,Data,Primary,5,Active',
        'SLE,A-2,Ben Bold,a2@example.sch.uk,Knitting,Primary,5,Active',
        'SLE,A-3,Cat Calm,a3@example.sch.uk,Data,Primary,5,Active',
      ].join('\n') + '\n',
    )
    const plan = await runCli(['leaders', 'import', file, '--dry-run'], {env})
    expect(plan.stdout).toMatch(/"Data" only loosely matches assessment \(confidence 0.7\): accept loose matches/)
    expect(plan.stdout.match(/Pass --accept-fuzzy to take the loose area matches\./g)).toHaveLength(1)
    expect(plan.stdout.match(/passed with --specialism-map/g)).toHaveLength(1)
    const refused = await runCli(['leaders', 'import', file], {env})
    expect(refused.status).toBe(3)
    expect(refused.stderr).toMatch(/Pass --accept-fuzzy to take the loose area matches\./)
    expect(refused.stderr).toMatch(/--skip-invalid/)
    const mapFile = dir.file('our-areas.csv')
    writeFileSync(mapFile, 'phrase,codes\nKnitting,art\n')
    const mapped = await runCli(['leaders', 'import', file, '--dry-run', '--specialism-map', mapFile], {env})
    expect(mapped.stdout).toMatch(/Pass --accept-fuzzy/)
    expect(mapped.stdout).not.toMatch(/passed with --specialism-map/)
  })

  it('reads a Windows-1252 GIAS download and a UTF-16LE file, keeping ’ – £ intact', async () => {
    const env = envFor('encodings.db')
    await runJson<InitResult>(['init'], {env})
    const text = `${GIAS_HEADER.join(',')}\r\n${giasRow(100001, {EstablishmentName: 'St Mary’s – “Little £” School'}).join(',')}\r\n`
    writeFileSync(dir.file('gias-1252.csv'), iconv.encode(text, 'windows-1252'))
    writeFileSync(
      dir.file('gias-utf16.csv'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text.replace('100001', '100002'), 'utf-16le')]),
    )
    expect(
      (await runJson<SchoolImportReport>(['schools', 'import', dir.file('gias-1252.csv')], {env})).file,
    ).toMatchObject({
      encoding: 'windows-1252',
    })
    expect(
      (await runJson<SchoolImportReport>(['schools', 'import', dir.file('gias-utf16.csv')], {env})).file,
    ).toMatchObject({
      encoding: 'utf-16le',
    })
    const names = (await runJson<SchoolsListResult>(['schools', 'list'], {env})).schools.map((school) => school.name)
    expect(names).toEqual(['St Mary’s – “Little £” School', 'St Mary’s – “Little £” School'])
  })

  it('stops on a doubtful column without a terminal, and takes --map; --save-map remembers it', async () => {
    const env = envFor('maps.db')
    await runJson<InitResult>(['init'], {env})
    const file = writeCsv(dir, 'doubt.csv', [
      ['URN', 'School name', 'percentage'],
      ['100001', 'A', '12'],
    ])
    const stopped = await runCli(['schools', 'import', file], {env})
    expect(stopped.status).toBe(3)
    expect(stopped.stderr).toMatch(/column C "percentage" could be % FSM or % FSM ever/)
    expect(stopped.stderr).toMatch(/--map FILE/)
    const map = writeCsv(dir, 'map.csv', [
      ['column', 'field'],
      ['percentage', 'fsmEverPct'],
    ])
    const mapped = await runJson<SchoolImportReport>(['schools', 'import', file, '--map', map, '--save-map'], {env})
    expect(mapped.columns[2]).toMatchObject({column: 'percentage', field: 'fsmEverPct', method: 'map'})
    const remembered = await runJson<SchoolImportReport>(['schools', 'import', file], {env})
    expect(remembered.counts.unchanged).toBe(1)
    expect(remembered.columns[2]).toMatchObject({field: 'fsmEverPct', method: 'map'})
  })

  it('imports a designation list from an XLSX workbook with a title row and merged header cells', async () => {
    const env = envFor('xlsx.db')
    await runJson<InitResult>(['init', '--hub', 'NE Hub'], {env})
    await runJson<SchoolImportReport>(['schools', 'import', join(SAMPLE, 'schools.csv')], {env})
    const {default: ExcelJS} = await import('exceljs')
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('SLEs')
    sheet.addRow(['Specialist leaders of education 2026/27'])
    sheet.mergeCells('A1:H1')
    sheet.addRow([
      'Ref',
      'Full name',
      'Email',
      'Home school URN',
      'Areas of expertise',
      null,
      'Days',
      'Date designated',
    ])
    sheet.mergeCells('E2:F2')
    sheet.addRow(['X-1', 'Jo Bloggs', 'jo@example.sch.uk', 910001, 'Maths', 'SEND', 10, 45566])
    sheet.addRow(['X-2', 'Sam Patel', 'sam@example.sch.uk', 910002, 'Science', null, 5, new Date(Date.UTC(2025, 0, 6))])
    const path = dir.file('sles.xlsx')
    await workbook.xlsx.writeFile(path)
    const missingKind = await runCli(['leaders', 'import', path], {env})
    expect(missingKind.status).toBe(3)
    expect(missingKind.stderr).toMatch(/required Designation/)
    sheet.getCell('I2').value = 'Designation'
    sheet.getCell('I3').value = 'SLE'
    sheet.getCell('I4').value = 'SLE'
    await workbook.xlsx.writeFile(path)
    const report = await runJson<LeaderImportReport>(['leaders', 'import', path], {env})
    expect(report).toMatchObject({
      file: {format: 'xlsx', sheet: 'SLEs', headerLine: 2},
      counts: {insert: 2},
      details: {academicYear: 2026, academicYearSource: 'title', body: 'NE Hub'},
    })
    const jo = await runJson<LeaderDetail>(['leaders', 'show', 'X-1'], {env})
    expect(jo.leader.specialisms.map((specialism: {code: string}) => specialism.code).sort()).toEqual(['maths', 'send'])
    expect(jo.leader.designations[0]).toMatchObject({designatedOn: '2024-10-01', body: 'NE Hub'})
  })

  it('leaves the registry as it was before or after when the import is killed midway, never between', async () => {
    const rows = Array.from({length: 40_000}, (_, index) => giasRow(300000 + index))
    const file = writeCsv(dir, 'forty-thousand.csv', [GIAS_HEADER, ...rows])
    const state = (db: string) => {
      const database = new Database(db)
      try {
        expect(database.pragma('integrity_check', {simple: true})).toBe('ok')
        const one = (query: string) => (database.prepare(query).get() as {n: number}).n
        return {
          schools: one('select count(*) as n from schools'),
          runs: one('select count(*) as n from import_runs'),
          audit: one("select count(*) as n from audit_log where action = 'schools.import'"),
        }
      } finally {
        database.close()
      }
    }
    const importUntil = async (env: Record<string, string>, killWhen: () => boolean) => {
      const child = spawn(process.execPath, [BIN, 'schools', 'import', file], {
        env: {...process.env, ...env},
        stdio: 'ignore',
      })
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      )
      const poll = setInterval(() => {
        if (killWhen()) child.kill('SIGKILL')
      }, 2)
      const signal = await exited
      clearInterval(poll)
      return signal
    }

    // Killed while writing: the write-ahead log is growing, the transaction not yet committed.
    const midWrite = envFor('killed-mid-write.db')
    await runJson<InitResult>(['init'], {env: midWrite})
    const wal = `${midWrite.BROKER_DB}-wal`
    const signal = await importUntil(midWrite, () => existsSync(wal) && statSync(wal).size > 2_000_000)
    expect(signal).toBe('SIGKILL')
    expect(state(midWrite.BROKER_DB)).toEqual({schools: 0, runs: 0, audit: 0})
    expect((await runJson<SchoolImportReport>(['schools', 'import', file], {env: midWrite})).counts.insert).toBe(40_000)
    expect(state(midWrite.BROKER_DB)).toEqual({schools: 40_000, runs: 1, audit: 1})

    // Killed at moments spread over the whole run: always all or nothing.
    const timed = envFor('killed-timed.db')
    await runJson<InitResult>(['init'], {env: timed})
    for (const delayMs of [400, 900, 1400, 1900, 2400]) {
      const started = Date.now()
      await importUntil(timed, () => Date.now() - started > delayMs)
      const after = state(timed.BROKER_DB)
      expect([0, 40_000]).toContain(after.schools)
      expect(after.runs).toBe(after.schools === 0 ? 0 : 1)
      if (after.schools > 0) break
    }
  }, 90_000)
})

const NATIONAL = sharedData('real', 'schools_england_open_joined.csv')
describeWithSharedData('the real national school list', [NATIONAL], () => {
  it('imports through its own lower_snake headers, once, and again with nothing to change', async () => {
    const env = envFor('national.db')
    await runJson<InitResult>(['init'], {env})
    const report = await runJson<SchoolImportReport>(['schools', 'import', NATIONAL], {env, timeoutMs: 120_000})
    const field = (column: string) => report.columns.find((mapped: {column: string}) => mapped.column === column)?.field
    expect(field('pct_fsm_ever_2019')).toBe('fsmEverPct')
    expect(field('number_on_roll_2019')).toBe('pupils')
    expect(field('census_school_type_2019')).toBe('type')
    expect(field('admin_district_code_2014')).toBe('districtCode')
    expect(field('region_name')).toBe('region')
    expect(field('num_fsm_2019')).toBeNull()
    expect(report.counts).toMatchObject({rows: 27332, rejected: 0, skipped: 1863})
    expect(report.counts.insert).toBe(27332 - 1863)
    expect(report.skipped['not state-funded (Independent school)']).toBe(1807)
    expect(report.details.withoutLocation).toBeGreaterThan(0)
    expect(
      (await runJson<SchoolImportReport>(['schools', 'import', NATIONAL], {env, timeoutMs: 120_000})).counts,
    ).toMatchObject({
      insert: 0,
      update: 0,
      unchanged: 27332 - 1863,
    })
    const aldgate = (await runJson<SchoolDetail>(['schools', 'show', '100000'], {env})).school
    expect(aldgate).toMatchObject({
      name: 'The Aldgate School',
      phase: 'primary',
      fsmEverPct: 16.2,
      la: {code: '201'},
      region: 'London',
    })
    expect(aldgate.location!.latitude).toBeCloseTo(51.513969, 3)
  })
})

const EXAMPLES = sharedData('examples')
const EXAMPLE_FILES = ['gias_extract_north_east.csv', 'designation_list_example.csv', 'needs_example.csv']
describeWithSharedData(
  'the example files users bring',
  EXAMPLE_FILES.map((file) => join(EXAMPLES, file)),
  () => {
    it('imports the GIAS extract, the designation list and the needs batch with no flags', async () => {
      const env = envFor('examples.db')
      await runJson<InitResult>(['init'], {env})
      expect(
        await runJson<SchoolImportReport>(['schools', 'import', join(EXAMPLES, 'gias_extract_north_east.csv')], {env}),
      ).toMatchObject({
        counts: {insert: 914, rejected: 0},
      })
      expect(
        (
          await runJson<LeaderImportReport>(['leaders', 'import', join(EXAMPLES, 'designation_list_example.csv')], {
            env,
          })
        ).counts,
      ).toMatchObject({rejected: 0, insert: 160})
      expect(
        (await runJson<NeedImportReport>(['needs', 'import', join(EXAMPLES, 'needs_example.csv')], {env})).counts,
      ).toMatchObject({
        rejected: 0,
        insert: 40,
      })
    })
  },
)
