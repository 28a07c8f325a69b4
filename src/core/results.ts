/**
 * School performance results (DfE performance tables) as broker keeps them: one row per school,
 * year and key stage, each measure missing (null) where the publisher suppressed it or had none.
 */

export const KEY_STAGES = ['ks2', 'ks4'] as const
export type KeyStage = (typeof KEY_STAGES)[number]

export const RESULT_RELEASES = ['provisional', 'revised'] as const
export type ResultRelease = (typeof RESULT_RELEASES)[number]

export const MEASURES = [
  'ks2-rwm-expected',
  'ks2-reading-score',
  'ks2-maths-score',
  'ks4-attainment8',
  'ks4-progress8',
  'ks4-basics-grade5',
] as const
export type Measure = (typeof MEASURES)[number]

export interface MeasureInfo {
  keyStage: KeyStage
  label: string
  /** How a value reads: a percentage of pupils, or points on the measure's own scale. */
  unit: 'percent' | 'points'
}

export const MEASURE_INFO: Record<Measure, MeasureInfo> = {
  'ks2-rwm-expected': {
    keyStage: 'ks2',
    label: 'KS2: % meeting the expected standard in reading, writing and maths',
    unit: 'percent',
  },
  'ks2-reading-score': {keyStage: 'ks2', label: 'KS2: average scaled score in reading', unit: 'points'},
  'ks2-maths-score': {keyStage: 'ks2', label: 'KS2: average scaled score in maths', unit: 'points'},
  'ks4-attainment8': {keyStage: 'ks4', label: 'KS4: Attainment 8', unit: 'points'},
  'ks4-progress8': {keyStage: 'ks4', label: 'KS4: Progress 8', unit: 'points'},
  'ks4-basics-grade5': {keyStage: 'ks4', label: 'KS4: % with grade 5 or above in English and maths', unit: 'percent'},
}

export interface SchoolResult {
  urn: number
  /** The calendar year the exams were sat (2019 for 2018/19). */
  year: number
  keyStage: KeyStage
  release: ResultRelease
  /** Pupils at the end of the key stage (the weight of this school's result). */
  cohort: number | null
  measures: Partial<Record<Measure, number | null>>
}

/** Exam years with nothing published, and why (the years are those the exams would have been sat). */
export const UNPUBLISHED_YEARS: {year: number; keyStage: KeyStage | 'all'; measure: Measure | null; why: string}[] = [
  {year: 2020, keyStage: 'all', measure: null, why: 'exams cancelled (COVID-19): no results published for 2019/20'},
  {year: 2021, keyStage: 'all', measure: null, why: 'exams cancelled (COVID-19): no results published for 2020/21'},
  {
    year: 2024,
    keyStage: 'ks4',
    measure: 'ks4-progress8',
    why: 'no KS4 Progress 8 for 2023/24: the pupils sat no KS2 tests in 2020',
  },
  {
    year: 2025,
    keyStage: 'ks4',
    measure: 'ks4-progress8',
    why: 'no KS4 Progress 8 for 2024/25: the pupils sat no KS2 tests in 2021',
  },
]

/** Whether results of this measure can exist for an exam year at all. */
export function isPublished(measure: Measure, year: number): boolean {
  return !UNPUBLISHED_YEARS.some(
    (gap) =>
      gap.year === year &&
      (gap.measure === null
        ? gap.keyStage === 'all' || gap.keyStage === MEASURE_INFO[measure].keyStage
        : gap.measure === measure),
  )
}

/** The day a year's results describe: the end of the school year in which the exams were sat. */
export const resultDateOf = (year: number): string => `${year}-07-31`
