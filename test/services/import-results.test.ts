import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {importResults} from '../../src/services/import-results.js'
import {brokerFailure} from '../helpers/errors.js'
import {writeCsv} from '../helpers/imports.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'
import {describeWithSharedData, sharedData} from '../helpers/shared-data.js'

let test: TestRegistry
beforeEach(async () => {
  test = await openTestRegistry()
})
afterEach(async () => test.close())

const KS4_HEADER = ['RECTYPE', 'LEA', 'URN', 'SCHNAME', 'NFTYPE', 'TPUP', 'ATT8SCR', 'P8MEA', 'PTL2BASICS_95']
const stored = (year: number) => test.registry.read((repos) => repos.results.forYear(year, 'ks4'))

describe('results import', () => {
  it('reads school rows as published: percentages, markers as missing, totals and independent schools skipped', async () => {
    const file = writeCsv(test.dir, 'ks4.csv', [
      KS4_HEADER,
      [1, 202, 100053, 'Acland Burghley School', 'CY', 136, 47.2, -0.08, '66.2%'],
      [2, 202, 100096, 'Swiss Cottage School', 'CYS', 12, 'NE', 'SUPP', 'LOWCOV'],
      [1, 202, 100084, 'Fine Arts College', 'IND', 'NA', 'NA', 'NA', 'NA'],
      [4, 202, '', '', '', 1571, 48.5, 0.09, '67.4%'],
    ])
    const report = await importResults(test.context, {file, year: 2019})
    expect(report.counts).toMatchObject({rows: 4, insert: 2, skipped: 2, rejected: 0})
    expect(report.details).toMatchObject({keyStage: 'ks4', release: 'provisional', year: 2019})
    expect(report.details.missing).toEqual({'ks4-attainment8': 1, 'ks4-progress8': 1, 'ks4-basics-grade5': 1})
    const results = await stored(2019)
    expect(results.get(100053)).toMatchObject({
      cohort: 136,
      measures: {'ks4-attainment8': 47.2, 'ks4-progress8': -0.08, 'ks4-basics-grade5': 66.2},
    })
    expect(results.get(100096)!.measures).toEqual({
      'ks4-attainment8': null,
      'ks4-progress8': null,
      'ks4-basics-grade5': null,
    })
    expect(results.has(100084)).toBe(false)
  })

  it('lets a revised release replace a provisional one, never the reverse', async () => {
    const provisional = writeCsv(test.dir, 'p.csv', [
      KS4_HEADER,
      [1, 202, 100053, 'A', 'CY', 136, 47.2, -0.08, '66.2%'],
    ])
    const revised = writeCsv(test.dir, 'r.csv', [KS4_HEADER, [1, 202, 100053, 'A', 'CY', 137, 47.5, -0.05, '66.9%']])
    await importResults(test.context, {file: provisional, year: 2019})
    const replaced = await importResults(test.context, {file: revised, year: 2019, release: 'revised'})
    expect(replaced.counts).toMatchObject({update: 1})
    expect(replaced.details.replacedProvisional).toBe(1)
    expect((await stored(2019)).get(100053)).toMatchObject({release: 'revised', cohort: 137})
    const again = await importResults(test.context, {file: provisional, year: 2019})
    expect(again.counts).toMatchObject({insert: 0, update: 0, skipped: 1})
    expect((await stored(2019)).get(100053)).toMatchObject({release: 'revised', cohort: 137})
  })

  it('refuses years with no published results, years out of range, and files of no key stage', async () => {
    const file = writeCsv(test.dir, 'p.csv', [KS4_HEADER, [1, 202, 100053, 'A', 'CY', 136, 47.2, -0.08, '66.2%']])
    expect(await brokerFailure(importResults(test.context, {file, year: 2020}))).toMatchObject({
      code: 'results.year-unpublished',
      exitCode: 3,
    })
    expect(await brokerFailure(importResults(test.context, {file, year: 1999}))).toMatchObject({
      code: 'results.year-out-of-range',
      exitCode: 2,
    })
    const neither = writeCsv(test.dir, 'n.csv', [
      ['URN', 'SCHNAME'],
      [100053, 'A'],
    ])
    expect(await brokerFailure(importResults(test.context, {file: neither, year: 2019}))).toMatchObject({
      code: 'results.key-stage-unclear',
    })
  })
})

const KS4_2019 = sharedData('real', 'dfe_performance_tables_2019_england_ks4provisional.csv')

describeWithSharedData('results import of the real 2019 KS4 file', [KS4_2019], () => {
  it('imports every state school row and counts totals and independent schools as skipped', async () => {
    const report = await importResults(test.context, {file: KS4_2019, year: 2019})
    expect(report.counts).toMatchObject({rows: 5652, insert: 4187, rejected: 0, skipped: 1465})
    expect(report.skipped).toEqual({
      'independent school (NFTYPE IND or INDSPEC): no published results': 1308,
      'local-authority or national total (RECTYPE 4, 5 or 7), not a school': 157,
    })
    const results = await stored(2019)
    // The UCL Academy, as published: 171 pupils, Attainment 8 50, Progress 8 0.09, 46.8% grade 5+.
    expect(results.get(137181)).toMatchObject({
      cohort: 171,
      measures: {'ks4-attainment8': 50, 'ks4-progress8': 0.09, 'ks4-basics-grade5': 46.8},
    })
    // NE markers are missing values, never zero.
    expect(results.get(100096)!.measures['ks4-attainment8']).toBeNull()
  })
})
