import {BrokerError} from '../core/errors.js'
import {MEASURE_FIELDS, readResultRow, type ResultRow} from '../core/result-rows.js'
import {
  KEY_STAGES,
  type KeyStage,
  MEASURE_INFO,
  type Measure,
  type ResultRelease,
  type SchoolResult,
  UNPUBLISHED_YEARS,
} from '../core/results.js'
import type {FieldSpec} from '../importers/headers.js'
import type {ServiceContext} from './context.js'
import {type ImportOptions, type ImportReport, type Plan, prepareFile, runImport, validateRows} from './import.js'

/**
 * `broker results import`: one DfE performance-tables file (KS2 or KS4, told from its columns)
 * for one exam year. Results are kept for every school row the file has, in the registry or not:
 * a converted academy's baseline is its predecessor's results, and predecessors are often closed.
 */

export const RESULT_FIELDS: FieldSpec[] = [
  {field: 'urn', label: 'URN', required: true, synonyms: ['URN', 'School URN', 'Unique reference number']},
  {field: 'recordType', label: 'Record type', synonyms: ['RECTYPE', 'Record type']},
  {field: 'schoolType', label: 'School type', synonyms: ['NFTYPE', 'School type']},
  {
    field: 'cohort',
    label: 'Pupils at the end of the key stage',
    synonyms: ['TPUP', 'TELIG', 'Number of pupils at the end of key stage 4', 'Number of eligible pupils', 'Cohort'],
  },
  {field: 'rwmExpectedPct', label: MEASURE_INFO['ks2-rwm-expected'].label, synonyms: ['PTRWM_EXP']},
  {field: 'readingScore', label: MEASURE_INFO['ks2-reading-score'].label, synonyms: ['READ_AVERAGE']},
  {field: 'mathsScore', label: MEASURE_INFO['ks2-maths-score'].label, synonyms: ['MAT_AVERAGE']},
  {field: 'attainment8', label: MEASURE_INFO['ks4-attainment8'].label, synonyms: ['ATT8SCR', 'Attainment 8 score']},
  {field: 'progress8', label: MEASURE_INFO['ks4-progress8'].label, synonyms: ['P8MEA', 'Progress 8 measure']},
  {field: 'basicsGrade5Pct', label: MEASURE_INFO['ks4-basics-grade5'].label, synonyms: ['PTL2BASICS_95']},
]

/** Performance tables in their present form began with the 2016 KS2 and KS4 reforms. */
export const EARLIEST_RESULTS_YEAR = 2016

export interface ResultsImportOptions extends ImportOptions {
  year: number
  release?: ResultRelease
}

export interface ResultsImportDetails {
  year: number
  keyStage: KeyStage
  release: ResultRelease
  /** Schools whose provisional results this revised release replaced. */
  replacedProvisional: number
  /** Schools with each measure missing (suppressed, not entered, not applicable), never counted as zero. */
  missing: Partial<Record<Measure, number>>
}

export type ResultsImportReport = ImportReport<ResultsImportDetails>

const KEPT_REVISED = 'revised results for this year are already on record; a provisional release never replaces them'

export async function importResults(
  context: ServiceContext,
  options: ResultsImportOptions,
): Promise<ResultsImportReport> {
  const release = options.release ?? 'provisional'
  const latest = Number(context.today.slice(0, 4))
  if (!Number.isInteger(options.year) || options.year < EARLIEST_RESULTS_YEAR || options.year > latest)
    throw new BrokerError('usage', `${options.year} is not an exam year broker can hold results for.`, {
      code: 'results.year-out-of-range',
      data: {year: options.year, earliest: EARLIEST_RESULTS_YEAR, latest},
    })
  const cancelled = UNPUBLISHED_YEARS.find((gap) => gap.year === options.year && gap.keyStage === 'all')
  if (cancelled)
    throw new BrokerError('invalid-input', `No results were published for ${options.year}: ${cancelled.why}.`, {
      code: 'results.year-unpublished',
      data: {year: options.year, why: cancelled.why},
    })
  const prepared = await prepareFile(context, 'results', RESULT_FIELDS, options)
  const present = (stage: KeyStage) => MEASURE_FIELDS[stage].filter(({field}) => prepared.has(field))
  const found = KEY_STAGES.filter((stage) => present(stage).length > 0)
  if (found.length !== 1) {
    const columns = (stage: KeyStage) => present(stage).map(({field}) => prepared.columnOf(field) ?? field)
    throw new BrokerError(
      'invalid-input',
      found.length === 0
        ? `${prepared.table.fileName} has none of the KS2 or KS4 measures broker reads (PTRWM_EXP, READ_AVERAGE, MAT_AVERAGE; ATT8SCR, P8MEA, PTL2BASICS_95).`
        : `${prepared.table.fileName} has both KS2 and KS4 measures; one file holds one key stage.`,
      {
        code: 'results.key-stage-unclear',
        data: {file: prepared.table.fileName, ks2Columns: columns('ks2'), ks4Columns: columns('ks4')},
      },
    )
  }
  const keyStage = found[0]!
  const validated = validateRows(
    prepared,
    (cells) => readResultRow(cells, keyStage),
    (row) => `URN ${row.urn}`,
    options.onProgress,
  )
  return runImport(context, prepared, validated, options, async (repos, rows): Promise<Plan<ResultsImportDetails>> => {
    const stored = await repos.results.forYear(options.year, keyStage)
    const toWrite: SchoolResult[] = []
    let insert = 0
    let update = 0
    let unchanged = 0
    let keptRevised = 0
    let replacedProvisional = 0
    const missing: Partial<Record<Measure, number>> = {}
    for (const {row} of rows) {
      const result = toResult(row, options.year, keyStage, release)
      const existing = stored.get(row.urn)
      if (existing?.release === 'revised' && release === 'provisional') {
        keptRevised += 1
        continue
      }
      for (const [measure, value] of Object.entries(result.measures) as [Measure, number | null][])
        if (value === null) missing[measure] = (missing[measure] ?? 0) + 1
      if (existing === undefined) insert += 1
      else if (sameResult(existing, result)) {
        unchanged += 1
        continue
      } else {
        update += 1
        if (existing.release === 'provisional' && release === 'revised') replacedProvisional += 1
      }
      toWrite.push(result)
    }
    const details: ResultsImportDetails = {year: options.year, keyStage, release, replacedProvisional, missing}
    return {
      insert,
      update,
      unchanged,
      rejected: [],
      skipped: new Map(keptRevised > 0 ? [[KEPT_REVISED, keptRevised]] : []),
      details,
      async apply(importRunId) {
        options.onProgress?.('writing', 0, toWrite.length)
        await repos.results.upsertMany(toWrite, importRunId)
        return details
      },
    }
  })
}

function toResult(row: ResultRow, year: number, keyStage: KeyStage, release: ResultRelease): SchoolResult {
  return {urn: row.urn, year, keyStage, release, cohort: row.cohort, measures: row.measures}
}

function sameResult(a: SchoolResult, b: SchoolResult): boolean {
  return (
    a.release === b.release &&
    a.cohort === b.cohort &&
    (Object.keys(b.measures) as Measure[]).every(
      (measure) => (a.measures[measure] ?? null) === (b.measures[measure] ?? null),
    )
  )
}
