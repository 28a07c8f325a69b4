import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {createDeployment} from '../../src/services/deployments.js'
import {importLeaders} from '../../src/services/import-leaders.js'
import {importNeeds} from '../../src/services/import-needs.js'
import {importSchools} from '../../src/services/import-schools.js'
import {SAMPLE} from '../helpers/cli.js'
import {snapshot, writeCsv} from '../helpers/imports.js'
import {stringMatching} from '../helpers/matchers.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'

let test: TestRegistry
beforeEach(async () => {
  test = await openTestRegistry({today: '2026-12-01'})
  await importSchools(test.context, {file: join(SAMPLE, 'schools.csv')})
})
afterEach(async () => test.close())

const HEADER = ['URN', 'Needs', 'Support type', 'Days', 'Window start', 'Window end', 'Priority', 'Notes']
const TABLES = ['needs', 'need_specialisms', 'objections']

describe('needs import', () => {
  it('imports the sample batch, splitting the team need into linked sub-needs, and changes nothing on re-import', async () => {
    const file = join(SAMPLE, 'needs.csv')
    const first = await importNeeds(test.context, {file})
    expect(first.counts).toMatchObject({rows: 30, insert: 30, rejected: 0})
    expect(first.details).toMatchObject({subNeeds: 2, keyedBy: 'reference'})
    const {needs} = await test.registry.read((repos) => repos.needs.list({status: 'any', limit: 0}))
    const team = needs.find((need) => need.reference === 'REQ-27-029')!
    expect(team).toMatchObject({supportType: 'team', teamSize: 2, specialisms: ['maths', 'science']})
    expect(needs.filter((need) => need.parentNeedId === team.id).map((need) => need.reference)).toEqual([
      'REQ-27-029/1',
      'REQ-27-029/2',
    ])
    expect(needs.find((need) => need.reference === 'REQ-27-002')).toMatchObject({
      requestedHalfDays: 6,
      priority: 'low',
      deliveryMode: 'remote',
      specialisms: ['phonics'],
    })
    const before = snapshot(test.path, TABLES)
    expect((await importNeeds(test.context, {file})).counts).toMatchObject({insert: 0, update: 0, unchanged: 30})
    expect(snapshot(test.path, TABLES)).toEqual(before)
  })

  it('keys rows without a reference by school, areas and window start', async () => {
    const file = writeCsv(test.dir, 'batch.csv', [
      HEADER,
      ['910083', 'Mathematics; SEND', 'Specialist', '3', '2027-01-04', '2027-07-16', 'High', 'x'],
    ])
    expect((await importNeeds(test.context, {file})).details.keyedBy).toBe('school, areas and window start')
    // The edited file has no Priority or Notes columns: those keep what the registry holds.
    const edited = writeCsv(test.dir, 'edited.csv', [
      ['URN', 'Needs', 'Support type', 'Days', 'Window start', 'Window end'],
      ['910083', 'SEND; Maths', 'Specialist', '4', '2027-01-04', '2027-07-16'],
    ])
    const report = await importNeeds(test.context, {file: edited})
    expect(report.counts).toMatchObject({insert: 0, update: 1})
    const {needs} = await test.registry.read((repos) => repos.needs.list({status: 'any'}))
    expect(needs).toHaveLength(1)
    expect(needs[0]).toMatchObject({requestedHalfDays: 8, specialisms: ['maths', 'send'], priority: 'high', notes: 'x'})
  })

  it("infers the support type from the areas and defaults governance and leadership needs' areas", async () => {
    const file = writeCsv(test.dir, 'types.csv', [
      ['URN', 'Needs', 'Support type', 'Days', 'Window start', 'Window end'],
      ['910083', 'Governance review', '', '3', '2027-01-04', '2027-07-16'],
      ['910084', '', 'Leadership', '3', '2027-01-04', '2027-07-16'],
      ['910085', '', 'Specialist', '3', '2027-01-04', '2027-07-16'],
    ])
    const report = await importNeeds(test.context, {file, dryRun: true})
    expect(report.counts).toMatchObject({insert: 2, rejected: 1})
    expect(report.rejected[0]).toMatchObject({line: 4, reason: 'a specialist or team need names at least one area'})
  })

  it('rejects a row that would change a need already proposed or in deployment, even only its notes, naming the status and what to do', async () => {
    const file = join(SAMPLE, 'needs.csv')
    await importNeeds(test.context, {file})
    await importLeaders(test.context, {file: join(SAMPLE, 'leaders.csv')})
    const needId = (await test.registry.read((repos) => repos.needs.idByReference('REQ-27-001')))!
    const {deployment} = await createDeployment(test.context, {needId, leader: 'SH-0001', allowOvercommit: true})
    const before = snapshot(test.path, TABLES)
    // The same rows change nothing and stay "unchanged".
    expect((await importNeeds(test.context, {file, dryRun: true})).counts).toMatchObject({unchanged: 30, rejected: 0})

    const header = [
      'Reference',
      'URN',
      'Needs',
      'Support type',
      'Days',
      'Window start',
      'Window end',
      'Priority',
      'Delivery mode',
      'Notes',
    ]
    const [stored] = (await test.registry.read((repos) => repos.needs.list({status: 'any', limit: 0}))).needs.filter(
      (need) => need.id === needId,
    )
    const rowOf = ({notes = stored!.notes ?? '', days = stored!.requestedHalfDays / 2} = {}) => [
      'REQ-27-001',
      stored!.subjectUrn!,
      stored!.specialisms.join('; '),
      stored!.supportType,
      days,
      stored!.windowStart,
      stored!.windowEnd,
      stored!.priority,
      stored!.deliveryMode,
      notes,
    ]
    expect(
      (await importNeeds(test.context, {file: writeCsv(test.dir, 'same.csv', [header, rowOf()])})).counts,
    ).toMatchObject({unchanged: 1, rejected: 0})
    const noted = writeCsv(test.dir, 'noted.csv', [header, rowOf({notes: 'Head asked for mornings'})])
    const report = await importNeeds(test.context, {file: noted, dryRun: true})
    expect(report.counts).toMatchObject({update: 0, rejected: 1})
    expect(report.rejected).toEqual([
      expect.objectContaining({
        line: 2,
        reason: `need REQ-27-001 is proposed (deployment ${deployment.id}), so an import does not change it; this row changes its notes. Change the need by itself, or withdraw the proposal first (cancelling deployment ${deployment.id} returns the need to open) and import again.`,
        remedies: ['engaged-need'],
      }),
    ])
    await expect(importNeeds(test.context, {file: noted})).rejects.toMatchObject({kind: 'invalid-input'})
    expect(snapshot(test.path, TABLES)).toEqual(before)

    await test.registry.write((repos) => repos.needs.update(needId, {status: 'in-deployment'}))
    const days = writeCsv(test.dir, 'days.csv', [header, rowOf({days: 9, notes: 'More days'})])
    const inDeployment = await importNeeds(test.context, {file: days, dryRun: true})
    expect(inDeployment.rejected[0]!.reason).toMatch(
      /^need REQ-27-001 is in-deployment \(deployment \d+\), so an import does not change it; this row changes its days, notes\. Change the need by itself, or vary deployment \d+, or end it first\.$/,
    )
    expect(
      (await test.registry.read((repos) => repos.needs.list({status: 'any', limit: 0}))).needs.find(
        (need) => need.id === needId,
      ),
    ).toMatchObject({notes: stored!.notes, requestedHalfDays: stored!.requestedHalfDays})
  })

  it('records objections to named leaders, and rejects an objection to someone unknown', async () => {
    await importLeaders(test.context, {file: join(SAMPLE, 'leaders.csv')})
    const file = writeCsv(test.dir, 'objections.csv', [
      [...HEADER, 'Objections'],
      [
        '910083',
        'Science',
        'Specialist',
        '3',
        '2027-01-04',
        '2027-07-16',
        'High',
        '',
        'SH-0002; d.gibson4@example.sch.uk',
      ],
      ['910084', 'Science', 'Specialist', '3', '2027-01-04', '2027-07-16', 'High', '', 'Nobody At All'],
    ])
    const report = await importNeeds(test.context, {file, skipInvalid: true, rejectsPath: test.dir.file('rejects.csv')})
    expect(report.details.objectionsAdded).toBe(2)
    expect(report.rejected).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'Objections',
        reason: stringMatching(/objected leader "Nobody At All"/),
      }),
    ])
    const objections = await test.registry.read((repos) => repos.objections.forSchool(910083))
    expect(objections).toHaveLength(2)
    expect(objections[0]!.reason).toMatch(/objections.csv, line 2/)
    expect(
      (await importNeeds(test.context, {file, skipInvalid: true, rejectsPath: test.dir.file('rejects.csv')})).details
        .objectionsAdded,
    ).toBe(0)
  })

  it('rejects a URN not in the registry, a backwards window and zero days, each with its reason', async () => {
    const file = writeCsv(test.dir, 'bad.csv', [
      HEADER,
      ['999999', 'Maths', 'Specialist', '3', '2027-01-04', '2027-07-16', 'High', ''],
      ['910083', 'Maths', 'Specialist', '3', '2027-07-16', '2027-01-04', 'High', ''],
      ['910084', 'Maths', 'Specialist', '0', '2027-01-04', '2027-07-16', 'Whenever', ''],
    ])
    const report = await importNeeds(test.context, {file, dryRun: true})
    expect(report.rejected.map((issue) => [issue.line, issue.column, issue.reason])).toEqual([
      [2, 'URN', expect.stringMatching(/No school with URN 999999/)],
      [3, 'Window end', 'the window ends (2027-01-04) before it starts (2027-07-16)'],
      [4, 'Days', 'a need asks for more than 0 days'],
      [4, 'Priority', '"Whenever" is not a priority (high, medium or low)'],
    ])
  })
})
