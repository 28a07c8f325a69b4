import {writeFileSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {Programme} from '../../src/core/eligibility.js'
import {BrokerError} from '../../src/core/errors.js'
import {importDistricts, setLeadingTogetherCompletion, setTrustTsi} from '../../src/services/eligibility-data.js'
import {checkEligibility, type SubjectEligibility} from '../../src/services/eligibility.js'
import {addNeed, type AddNeedInput} from '../../src/services/needs.js'
import {brokerFailure} from '../helpers/errors.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'
import {seedSampleSchools} from '../helpers/seed.js'

let test: TestRegistry

/** An inspection row as `broker inspections import` writes it (that command is built elsewhere). */
function inspect(
  urn: number,
  inspectedOn: string,
  framework: string,
  overallGrade: number | null,
  judgements: Record<string, string>,
) {
  const database = test.registry.database
  const id = Number(
    database
      .prepare('insert into inspections (urn, inspected_on, framework, overall_grade) values (?, ?, ?, ?)')
      .run(urn, inspectedOn, framework, overallGrade).lastInsertRowid,
  )
  for (const [area, value] of Object.entries(judgements))
    database.prepare('insert into inspection_judgements values (?, ?, ?)').run(id, area, value)
}

const need = (subject: Partial<AddNeedInput>): AddNeedInput => ({
  specialisms: [],
  supportType: 'governance',
  deliveryMode: 'in-person',
  requestedHalfDays: 6,
  windowStart: '2027-01-04',
  windowEnd: '2027-03-31',
  priority: 'medium',
  ...subject,
})

beforeAll(async () => {
  test = await openTestRegistry({today: '2026-12-01'})
  await seedSampleSchools(test.context)
  const csv = test.dir.file('aea.csv')
  writeFileSync(
    csv,
    '\uFEFFDistrict code,District name,AEA category\nE08000021,Newcastle upon Tyne,3\nE06000002,Middlesbrough,6\nE08000024,Sunderland,5\n',
  )
  await importDistricts(test.context, {path: csv})
  inspect(910083, '2025-11-18', 'report-card-2025', null, {
    'leadership-and-governance': 'needs-attention',
    safeguarding: 'met',
  })
  inspect(910084, '2018-01-24', 'legacy-1-4', 3, {'leadership-and-management': '3'})
  inspect(910010, '2022-07-19', 'legacy-1-4', 2, {'leadership-and-management': '2'})
  await setTrustTsi(test.context, {code: 'T003', tsiEligible: true, asOf: '2026-09-01'})
  for (const school of ['910083', '910084', '910010']) await addNeed(test.context, need({school}))
  await addNeed(test.context, need({trustCode: 'T013'}))
})
afterAll(() => test.close())

const verdicts = (entry: SubjectEligibility | undefined) =>
  Object.fromEntries(
    (entry?.outcomes ?? []).map((outcome) => [outcome.programme, `${outcome.verdict}:${outcome.rule}`]),
  ) as Record<Programme, string>

describe('broker eligibility on the sample hub', () => {
  it('checks every school and trust with an open need, rule by rule', async () => {
    const report = await checkEligibility(test.context, {})
    const bySubject = new Map(
      report.subjects.map((entry) => [
        entry.subject.kind === 'school' ? String(entry.subject.urn) : entry.subject.code,
        entry,
      ]),
    )
    expect([...bySubject.keys()].sort()).toEqual(['910010', '910083', '910084', 'T013'])
    expect(verdicts(bySubject.get('910083'))).toEqual({
      'leading-together': 'eligible:idaci-40-plus',
      'funded-nlg': 'undetermined:latest-is-report-card',
      'priority-school': 'undetermined:latest-is-report-card',
      'priority-area': 'eligible:aea-5-or-6',
    })
    expect(verdicts(bySubject.get('910084'))).toEqual({
      'leading-together': 'eligible:idaci-40-plus',
      'funded-nlg': 'eligible:trust-tsi-eligible',
      'priority-school': 'eligible:ofsted-3-or-4',
      'priority-area': 'eligible:aea-5-or-6',
    })
    expect(verdicts(bySubject.get('910010'))).toEqual({
      'leading-together': 'not-eligible:idaci-25-30',
      'funded-nlg': 'not-eligible:not-ri',
      'priority-school': 'not-eligible:ofsted-1-or-2',
      'priority-area': 'not-eligible:aea-1-to-4',
    })
    expect(verdicts(bySubject.get('T013'))).toEqual({'funded-nlg': 'undetermined:missing-tsi'})
    expect(
      bySubject.get('910084')!.outcomes.find((outcome) => outcome.programme === 'funded-nlg')!.offerHalfDays,
    ).toEqual({base: 10, extraUpTo: 10})
    expect(report.totals['priority-area']).toEqual({eligible: 2, 'not-eligible': 1, undetermined: 0})
    expect(report.missing.map((entry) => entry.what)).toEqual([expect.stringMatching(/TSI eligibility of trust T013/)])
  })

  it('explains one school given by a loose name', async () => {
    const report = await checkEligibility(test.context, {school: 'queensway primary middlesbrough'})
    expect(report.subjects).toHaveLength(1)
    expect(report.subjects[0]!.subject).toMatchObject({kind: 'school', urn: 910083})
    expect(report.subjects[0]!.openNeeds).toHaveLength(1)
  })

  it('stops taking Leading Together once a school has completed it; a future date is refused', async () => {
    await setLeadingTogetherCompletion(test.context, {school: '910083', completedOn: '2026-07-17'})
    const report = await checkEligibility(test.context, {school: '910083'})
    expect(verdicts(report.subjects[0])['leading-together']).toBe('not-eligible:completed')
    await expect(
      setLeadingTogetherCompletion(test.context, {school: '910083', completedOn: '2027-07-17'}),
    ).rejects.toBeInstanceOf(BrokerError)
    await setLeadingTogetherCompletion(test.context, {school: '910083', completedOn: null})
    expect(verdicts((await checkEligibility(test.context, {school: '910083'})).subjects[0])['leading-together']).toBe(
      'eligible:idaci-40-plus',
    )
  })

  it('loads a district list all or nothing, reporting every bad row', async () => {
    const bad = test.dir.file('bad.csv')
    writeFileSync(
      bad,
      'Code,Name,Category\nE06000002,Middlesbrough,7\n,Nowhere,3\nE08000024,Sunderland,5\nE08000024,Sunderland,5\n',
    )
    const error = await brokerFailure(importDistricts(test.context, {path: bad}))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toMatch(/3 bad row\(s\); nothing was loaded/)
    expect(error.message).toMatch(/line 2, column "Category": "7" is not an AEA category 1-6/)
    expect(error.message).toMatch(/line 3, column "Code": no district code/)
    expect(error.message).toMatch(/line 5: district E08000024 is listed again \(first on line 4\)/)
    const districts = await test.registry.read((repos) => repos.districts.getMany(['E06000002']))
    expect(districts.get('E06000002')?.aeaCategory).toBe(6)
  })

  it('reads a Windows-1252 list and reports what a re-load changes', async () => {
    const cp1252 = test.dir.file('cp1252.csv')
    writeFileSync(
      cp1252,
      Buffer.from(
        'LAD code,LAD name,AEA\r\nE06000002,Middlesbrough \x96 Tees,6\r\nE08000021,Newcastle upon Tyne,3\r\n',
        'latin1',
      ),
    )
    const result = await importDistricts(test.context, {path: cp1252, dryRun: true})
    expect(result).toMatchObject({districts: 2, added: 0, changed: 1, unchanged: 1, dryRun: true})
    expect(result.columns).toMatchObject({code: 'LAD code', name: 'LAD name', aeaCategory: 'AEA'})
    const names = await test.registry.read((repos) => repos.districts.getMany(['E06000002']))
    expect(names.get('E06000002')?.name).toBe('Middlesbrough')
  })

  it('asks for a name before recording a trust it has never seen', async () => {
    await expect(setTrustTsi(test.context, {code: 'T999', tsiEligible: true})).rejects.toMatchObject({
      kind: 'not-found',
    })
    const change = await setTrustTsi(test.context, {code: 'T999', tsiEligible: false, name: 'New Trust'})
    expect(change.trust).toMatchObject({code: 'T999', name: 'New Trust', tsiEligible: false, tsiAsOf: '2026-12-01'})
  })
})
