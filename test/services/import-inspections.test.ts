import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {importInspections} from '../../src/services/import-inspections.js'
import {importSchools} from '../../src/services/import-schools.js'
import {SAMPLE} from '../helpers/cli.js'
import {writeCsv} from '../helpers/imports.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'

let test: TestRegistry
beforeEach(async () => {
  test = await openTestRegistry()
  await importSchools(test.context, {file: join(SAMPLE, 'schools.csv')})
})
afterEach(async () => test.close())

const history = (urn: number) => test.registry.read((repos) => repos.schools.inspections(urn))

describe('inspections import', () => {
  it('imports the sample outcomes on both frameworks, each on its own scale, and changes nothing on re-import', async () => {
    const file = join(SAMPLE, 'inspections.csv')
    const first = await importInspections(test.context, {file})
    expect(first.counts.rejected).toBe(0)
    expect(first.details.byFramework['report-card-2025']).toBe(32)
    expect(first.details.withoutOverallGrade).toBeGreaterThan(0)
    const card = (await history(910028))[0]!
    expect(card).toMatchObject({framework: 'report-card-2025', overallGrade: null})
    expect(card.judgements).toMatchObject({
      'leadership-and-governance': 'urgent-improvement',
      inclusion: 'needs-attention',
      safeguarding: 'not-met',
    })
    const legacy = (await history(910005)).find((inspection) => inspection.inspectedOn === '2024-07-11')!
    expect(legacy).toMatchObject({
      framework: 'legacy-1-4',
      overallGrade: 2,
      judgements: {'leadership-and-management': '3', safeguarding: 'met'},
    })
    const ungraded = (await history(910013)).find((inspection) => inspection.inspectedOn === '2025-01-04')!
    expect(ungraded).toMatchObject({
      framework: 'legacy-1-4',
      overallGrade: null,
      judgements: {'leadership-and-management': '2'},
    })
    expect((await importInspections(test.context, {file})).counts).toMatchObject({insert: 0, update: 0})
  })

  it('tells the framework from the columns filled, never mixes the scales, and skips schools not in the registry', async () => {
    const file = writeCsv(test.dir, 'mi.csv', [
      [
        'URN',
        'Inspection start date',
        'Publication date',
        'Overall effectiveness',
        'Effectiveness of leadership and management',
        'Inclusion',
        'Leadership and governance',
        'Safeguarding is effective?',
      ],
      ['910001', '12/03/2023', '20/04/2023', '3', '3', '', '', 'Yes'],
      ['910002', '2026-01-20', '', '', '', 'Strong standard', 'Expected standard', 'Met'],
      ['910003', '2026-01-20', '', 'Good', '', 'Exceptional', '', 'Met'],
      ['910004', '2026-02-20', '', '', '', 'Brilliant', '', 'Met'],
      ['123456', '2023-01-01', '', '2', '2', '', '', 'Yes'],
    ])
    const report = await importInspections(test.context, {file, dryRun: true})
    expect(report.counts).toMatchObject({insert: 2, skipped: 1, rejected: 2})
    expect(report.rejected.map((issue) => [issue.line, issue.reason])).toEqual([
      [4, expect.stringMatching(/both legacy grades and report-card outcomes/)],
      [5, expect.stringMatching(/"Brilliant" is not a report-card outcome/)],
    ])
    await importInspections(test.context, {file, skipInvalid: true, rejectsPath: test.dir.file('r.csv')})
    expect((await history(910001)).find((inspection) => inspection.inspectedOn === '2023-03-12')).toMatchObject({
      framework: 'legacy-1-4',
      overallGrade: 3,
      judgements: {'leadership-and-management': '3', safeguarding: 'met'},
    })
    expect((await history(910002))[0]).toMatchObject({
      framework: 'report-card-2025',
      judgements: {inclusion: 'strong-standard', 'leadership-and-governance': 'expected-standard'},
    })
  })
})
