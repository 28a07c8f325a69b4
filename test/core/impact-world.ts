import {
  DEFAULT_IMPACT,
  type ImpactDeployment,
  type ImpactInput,
  type ImpactSchool,
} from '../../src/core/impact/model.js'
import {seededRandom} from '../../src/core/random.js'
import type {SchoolResult} from '../../src/core/results.js'

/**
 * Synthetic registries with a planted truth: secondary schools with a lasting quality of their own
 * and yearly noise in Attainment 8, some of them supported, and support adding exactly `effect`
 * points to their results after it ended. Support goes more often to weaker schools, as in life,
 * so the estimate is right only if the matching on baseline attainment does its job.
 */

export interface WorldOptions {
  seed: number
  schools?: number
  supported?: number
  effect?: number
  regions?: number
  /** How schools come to be supported: by their lasting quality (default) or their published results. */
  chosenOn?: 'quality' | 'results'
}

export const WORLD_PERIOD = {from: '2022-09-01', to: '2024-08-31'}
export const RESULT_YEARS = [2017, 2018, 2019, 2022, 2023, 2024]

export function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

export function aSchool(urn: number, overrides: Partial<ImpactSchool> = {}): ImpactSchool {
  return {
    urn,
    name: `School ${urn}`,
    phase: 'secondary',
    region: 'North East',
    fsmEverPct: 30,
    pupils: 900,
    predecessors: [],
    successors: [],
    ...overrides,
  }
}

export function aDeployment(id: number, urn: number, overrides: Partial<ImpactDeployment> = {}): ImpactDeployment {
  return {
    id,
    urn,
    status: 'completed',
    supportType: 'leadership',
    areas: ['leadership-of-teaching'],
    designation: 'NLE',
    programme: null,
    leader: {ref: `L-${id}`, name: `Leader ${id}`},
    startsOn: '2022-09-05',
    closedOn: '2023-07-14',
    ...overrides,
  }
}

export function aResult(
  urn: number,
  year: number,
  attainment8: number | null,
  cohort: number | null = 150,
): SchoolResult {
  return {urn, year, keyStage: 'ks4', release: 'revised', cohort, measures: {'ks4-attainment8': attainment8}}
}

export function anInput(overrides: Partial<ImpactInput> = {}): ImpactInput {
  return {
    hub: 'Test Hub',
    asOf: '2026-12-01',
    period: WORLD_PERIOD,
    ...DEFAULT_IMPACT,
    resamples: 400,
    by: null,
    redact: false,
    schools: [],
    deployments: [],
    supportedInPeriod: new Set(),
    results: [],
    inspections: [],
    ...overrides,
  }
}

export function syntheticWorld(options: WorldOptions): ImpactInput {
  const random = seededRandom(options.seed)
  const count = options.schools ?? 600
  const supportedCount = options.supported ?? 60
  const effect = options.effect ?? 0
  const regions = options.regions ?? 2
  const schools: ImpactSchool[] = []
  const quality = new Map<number, number>()
  for (let index = 0; index < count; index += 1) {
    const urn = 100000 + index
    const fsm = Math.max(2, Math.min(80, 30 + 15 * normal(random)))
    schools.push(aSchool(urn, {region: `Region ${index % regions}`, fsmEverPct: Math.round(fsm * 10) / 10}))
    // Poorer intakes score lower on average: FSM-ever carries part of what the matching must balance.
    quality.set(urn, -0.15 * (fsm - 30) + 5 * normal(random))
  }
  // Weaker schools are likelier to be supported: by their lasting quality, which no data shows
  // directly, or (chosenOn 'results') by their published results before support.
  const choose = (weakness: (urn: number) => number) =>
    [...schools].sort((a, b) => weakness(a.urn) - weakness(b.urn) + 6 * (random() - 0.5)).slice(0, supportedCount)
  const onResults = options.chosenOn === 'results'
  let supported = onResults ? [] : choose((urn) => quality.get(urn)!)
  const yearEffect = new Map(RESULT_YEARS.map((year) => [year, 1.5 * normal(random)]))
  const results: SchoolResult[] = []
  for (const school of schools) {
    const cohort = Math.round(80 + 170 * random())
    for (const year of RESULT_YEARS) {
      const value = 46 + quality.get(school.urn)! + yearEffect.get(year)! + 2 * normal(random)
      results.push(aResult(school.urn, year, value, cohort))
    }
  }
  if (onResults) {
    const before = new Map<number, number>()
    for (const result of results)
      if (result.year === 2019 || result.year === 2022)
        before.set(result.urn, (before.get(result.urn) ?? 0) + result.measures['ks4-attainment8']! / 2)
    supported = choose((urn) => before.get(urn)!)
  }
  const supportedUrns = new Set(supported.map((school) => school.urn))
  for (const result of results) {
    const planted = supportedUrns.has(result.urn) && result.year >= 2024 ? effect : 0
    result.measures['ks4-attainment8'] = Math.round((result.measures['ks4-attainment8']! + planted) * 10) / 10
  }
  const deployments = supported.map((school, index) => aDeployment(index + 1, school.urn))
  return anInput({schools, deployments, supportedInPeriod: supportedUrns, results, seed: options.seed})
}
