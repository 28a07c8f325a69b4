import {readFileSync} from 'node:fs'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {adviceFor} from '../../src/cli/advice.js'
import {importSchoolLinks} from '../../src/services/import-school-links.js'
import {importSchools} from '../../src/services/import-schools.js'
import {brokerFailure} from '../helpers/errors.js'
import {GIAS_HEADER, giasRow, snapshot, writeCsv} from '../helpers/imports.js'
import {objectContaining, stringMatching} from '../helpers/matchers.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'

let test: TestRegistry
beforeEach(async () => {
  test = await openTestRegistry()
  // 100001 closed; 100002, 100004 and 100005 open.
  await importSchools(test.context, {
    file: writeCsv(test.dir, 'schools.csv', [
      GIAS_HEADER,
      giasRow(100001, {'EstablishmentStatus (name)': 'Closed'}),
      giasRow(100002),
      giasRow(100004),
      giasRow(100005),
    ]),
  })
  await test.registry.write((repos) =>
    repos.leaders.insert({ref: 'L-1', name: 'Jo', email: null, homeUrn: 100001, homeTrustCode: null, notes: null}),
  )
})
afterEach(async () => test.close())

const LINKS_HEADER = ['URN', 'LinkURN', 'LinkName', 'LinkType', 'LinkEstablishedDate']
const TABLES = ['school_links', 'leaders', 'audit_log']

const homeOf = (ref: string) =>
  test.registry.read(async (repos) => (await repos.leaders.get((await repos.leaders.idByRef(ref))!))!.homeUrn)
const storedLinks = () => test.registry.read((repos) => repos.schools.links())

describe('GIAS links import', () => {
  it('keeps predecessor and successor links with their dates, skips other kinds and unknown schools by reason, moves the leader, and changes nothing on re-import', async () => {
    const file = writeCsv(test.dir, 'links_edubasealldata20260901.csv', [
      LINKS_HEADER,
      ['100004', '100001', 'School 100001', 'Predecessor - amalgamated', '01/09/2026'],
      ['100001', '100004', 'School 100004', 'Successor - merged', '01/09/2026'],
      ['100002', '100005', 'School 100005', 'Sixth Form Centre Link', ''],
      ['100005', '100002', 'School 100002', 'Other', ''],
      ['100002', '123456', 'Long gone', 'Predecessor', '31/08/2001'],
      ['999999', '100002', 'School 100002', 'Successor', ''],
    ])
    const before = snapshot(test.path, TABLES)
    const plan = await importSchoolLinks(test.context, {file, dryRun: true})
    expect(plan.counts).toMatchObject({rows: 6, insert: 3, update: 0, unchanged: 0, rejected: 0, skipped: 3})
    expect(plan.skipped).toEqual({
      'link type "Sixth Form Centre Link" (neither a predecessor nor a successor)': 1,
      'link type "Other" (neither a predecessor nor a successor)': 1,
      'the school (URN) is not in the registry': 1,
    })
    expect(plan.details).toEqual({
      linkedSchoolsNotInRegistry: 1,
      repointedLeaders: [{ref: 'L-1', from: 100001, to: 100004}],
      unrepointedLeaders: [],
    })
    expect(snapshot(test.path, TABLES)).toEqual(before)

    const report = await importSchoolLinks(test.context, {file})
    expect(report.details).toEqual(plan.details)
    expect(await storedLinks()).toEqual([
      {urn: 100001, linkedUrn: 100004, linkType: 'successor', linkedOn: '2026-09-01'},
      {urn: 100002, linkedUrn: 123456, linkType: 'predecessor', linkedOn: '2001-08-31'},
      {urn: 100004, linkedUrn: 100001, linkType: 'predecessor', linkedOn: '2026-09-01'},
    ])
    expect(await homeOf('L-1')).toBe(100004)
    const runs = await test.registry.read((repos) => repos.imports.runs('school-links'))
    expect(runs[0]).toMatchObject({
      fileName: 'links_edubasealldata20260901.csv',
      status: 'imported',
      counts: objectContaining({insert: 3, skipped: 3}),
    })

    // Every run is recorded (and audited); the data stays as it was.
    const after = snapshot(test.path, ['school_links', 'leaders'])
    const again = await importSchoolLinks(test.context, {file})
    expect(again.counts).toMatchObject({insert: 0, update: 0, unchanged: 3, skipped: 3})
    expect(again.details.repointedLeaders).toEqual([])
    expect(snapshot(test.path, ['school_links', 'leaders'])).toEqual(after)
  })

  it('dates a link a school extract brought without one, and a file without dates never blanks them', async () => {
    await importSchools(test.context, {
      file: writeCsv(test.dir, 'extract.csv', [
        [...GIAS_HEADER, 'Successor URN'],
        [...giasRow(100001, {'EstablishmentStatus (name)': 'Closed'}), '100004'],
      ]),
    })
    expect(await storedLinks()).toEqual([{urn: 100001, linkedUrn: 100004, linkType: 'successor', linkedOn: null}])
    const dated = await importSchoolLinks(test.context, {
      file: writeCsv(test.dir, 'dated.csv', [LINKS_HEADER, ['100001', '100004', '', 'Successor', '2026-09-01']]),
    })
    expect(dated.counts).toMatchObject({insert: 0, update: 1})
    const undated = await importSchoolLinks(test.context, {
      file: writeCsv(test.dir, 'undated.csv', [LINKS_HEADER, ['100001', '100004', '', 'Successor', '']]),
    })
    expect(undated.counts).toMatchObject({update: 0, unchanged: 1})
    await importSchools(test.context, {
      file: writeCsv(test.dir, 'extract.csv', [
        [...GIAS_HEADER, 'Successor URN'],
        [...giasRow(100001, {'EstablishmentStatus (name)': 'Closed'}), '100004'],
      ]),
    })
    expect(await storedLinks()).toEqual([
      {urn: 100001, linkedUrn: 100004, linkType: 'successor', linkedOn: '2026-09-01'},
    ])
  })

  it('leaves a leader whose closed school has several successors for a person to place', async () => {
    const file = writeCsv(test.dir, 'split.csv', [
      LINKS_HEADER,
      ['100001', '100004', '', 'Successor - Split School', '01/09/2026'],
      ['100001', '100005', '', 'Successor - Split School', '01/09/2026'],
    ])
    const report = await importSchoolLinks(test.context, {file})
    expect(report.details).toMatchObject({
      repointedLeaders: [],
      unrepointedLeaders: [{ref: 'L-1', homeUrn: 100001, successors: [100004, 100005]}],
    })
    expect(await homeOf('L-1')).toBe(100001)
  })

  it('rejects the whole file for one bad row, and with --skip-invalid imports the rest and writes the reject', async () => {
    const file = writeCsv(test.dir, 'bad.csv', [
      LINKS_HEADER,
      ['100001', '100004', '', 'Successor', '01/09/2026'],
      ['100002', '12x', '', 'Predecessor', '31/02/2019'],
      ['100002', '100002', '', 'Predecessor', ''],
    ])
    const before = snapshot(test.path, TABLES)
    await expect(importSchoolLinks(test.context, {file})).rejects.toMatchObject({
      kind: 'invalid-input',
      message: stringMatching(/2 of 3 rows are invalid, so nothing was imported/),
    })
    expect(snapshot(test.path, TABLES)).toEqual(before)

    const plan = await importSchoolLinks(test.context, {file, dryRun: true})
    expect(plan.rejected).toEqual([
      {line: 3, column: 'LinkURN', value: '12x', reason: '"12x" is not a six-digit URN'},
      {
        line: 3,
        column: 'LinkEstablishedDate',
        value: '31/02/2019',
        reason: stringMatching(/"31\/02\/2019" is not a date/),
      },
      {line: 4, column: 'LinkURN', value: '100002', reason: 'links school 100002 to itself'},
    ])
    const rejectsPath = test.dir.file('fix-me.csv')
    const report = await importSchoolLinks(test.context, {file, skipInvalid: true, rejectsPath})
    expect(report.counts).toMatchObject({insert: 1, rejected: 2})
    expect(readFileSync(rejectsPath, 'utf8')).toMatch(/100002,12x,,Predecessor,31\/02\/2019,/)
    expect(await homeOf('L-1')).toBe(100004)
  })

  it('is named by `schools import` when handed the links file', async () => {
    const file = writeCsv(test.dir, 'links.csv', [LINKS_HEADER, ['100001', '100004', '', 'Successor', '']])
    const failure = await brokerFailure(importSchools(test.context, {file}))
    expect(failure).toMatchObject({kind: 'invalid-input', code: 'import.columns-unusable'})
    expect(adviceFor(failure)).toBe(
      'This looks like a GIAS links file (predecessors and successors), which `broker schools links import` reads.',
    )
  })
})
