import {Registry} from '../../src/db/registry.js'
import type {ServiceContext} from '../../src/services/context.js'
import {completeDeployment} from '../../src/services/deployment-work.js'
import {agreeDeployment, cancelDeployment, createDeployment, startDeployment} from '../../src/services/deployments.js'
import {importResults} from '../../src/services/import-results.js'
import {addLeader} from '../../src/services/leaders.js'
import {initRegistry} from '../../src/services/registry-admin.js'
import type {TempDir} from './cli.js'
import {writeCsv} from './imports.js'

/**
 * A registry for the impact report and a leader's own record, made through the services a hub
 * uses: 60 secondary schools in one region, KS4 results for 2019 and 2022-2026 through the
 * results importer (as DfE publishes them: percentages with "%", markers for what is missing),
 * and deployments agreed, started and completed (or ended early) on their own dates. Support adds
 * 3 points of Attainment 8 to the 7 schools whose support was completed in 2025; 2 more schools'
 * support ended in June 2026, so their follow-up (2027) is still awaited; 1 ended early.
 */

export const IMPACT_TODAY = '2026-12-01'
export const IMPACT_PERIOD = {from: '2024-09-01', to: '2027-08-31'}
export const PLANTED_EFFECT = 3

export interface ImpactFixture {
  /** The leader of the completed and ended-early deployments, and the leader whose results are awaited. */
  leaderRef: string
  awaitedLeaderRef: string
  /** URNs by what became of their support. */
  measured: number[]
  awaiting: number[]
  endedEarly: number[]
}

const SCHOOLS = 60
const urnOf = (index: number) => 400001 + index
const MEASURED = [3, 11, 19, 27, 35, 43, 51]
const AWAITING = [7, 23]
const ENDED_EARLY = [31]
const YEARS = [2019, 2022, 2023, 2024, 2025, 2026]
const YEAR_EFFECT: Record<number, number> = {2019: 0, 2022: 1, 2023: 0.5, 2024: 0, 2025: 0.8, 2026: 1.2}
const KS4_HEADER = ['RECTYPE', 'LEA', 'URN', 'SCHNAME', 'NFTYPE', 'TPUP', 'ATT8SCR', 'P8MEA', 'PTL2BASICS_95']

function attainment8(index: number, year: number): number {
  const quality = ((index * 7) % 10) - 5
  const wobble = (((index * 13 + year) % 5) - 2) * 0.3
  const planted = MEASURED.includes(index) && year >= 2026 ? PLANTED_EFFECT : 0
  return Math.round((45 + quality + YEAR_EFFECT[year]! + wobble + planted) * 10) / 10
}

export async function buildImpactRegistry(dir: TempDir, db: string): Promise<ImpactFixture> {
  const registry = await Registry.open(db, {create: true})
  const on = (today: string): ServiceContext => ({registry, actor: 'hub-director', today})
  try {
    await initRegistry(on('2024-07-01'), true, 'Impact Test Hub')
    const now = new Date().toISOString()
    await registry.write((repos) =>
      repos.schools.upsertMany(
        Array.from({length: SCHOOLS}, (_, index) => ({
          urn: urnOf(index),
          name: `Test Academy ${index + 1}`,
          phase: 'secondary',
          status: 'open',
          state_funded: 1,
          la_code: '391',
          la_name: 'Newcastle upon Tyne',
          region: 'North East',
          fsm_ever_pct: 10 + index * 0.5,
          pupils: 900,
          created_at: now,
          updated_at: now,
        })),
      ),
    )
    for (const year of YEARS) {
      const rows = Array.from({length: SCHOOLS}, (_, index) => {
        const score = attainment8(index, year)
        // No Progress 8 for 2024 and 2025 (no KS2 tests in 2020 and 2021): the publisher's marker.
        const progress = year === 2024 || year === 2025 ? 'NA' : ((score - 45) / 10).toFixed(2)
        return [1, 391, urnOf(index), `Test Academy ${index + 1}`, 'AC', 150, score, progress, `${score}%`]
      })
      const file = writeCsv(dir, `ks4-${year}.csv`, [KS4_HEADER, ...rows, [4, 391, '', '', '', 9000, 46, 0, '46%']])
      await importResults(on(IMPACT_TODAY), {file, year, release: 'revised'})
    }
    const leader = async (name: string, email: string) =>
      (
        await addLeader(on('2024-07-01'), {
          name,
          email,
          designation: {kind: 'NLE'},
          specialisms: [],
          phases: ['secondary'],
        })
      ).leader.ref
    const leaderRef = await leader('Ann Example', 'ann.example@school.sch.uk')
    const awaitedLeaderRef = await leader('Ben Example', 'ben.example@school.sch.uk')
    const support = async (
      ref: string,
      index: number,
      dates: {startsOn: string; endsOn: string},
      end: 'complete' | 'end-early',
    ) => {
      const {deployment} = await createDeployment(on(dates.startsOn), {
        leader: ref,
        school: String(urnOf(index)),
        halfDays: 20,
        ...dates,
        allowOvercommit: true,
      })
      await agreeDeployment(on(dates.startsOn), {
        id: deployment.id,
        objectives: [{objective: 'Teaching of English is consistent', successCriteria: 'Observed secure'}],
        dayRatePence: 45000,
        fundingSource: 'dfe-grant',
        supportedHeadSignoff: 'Head of the supported school',
        homeHeadSignoff: 'Head of the home school',
        allowOvercommit: true,
      })
      await startDeployment(on(dates.startsOn), deployment.id)
      if (end === 'complete')
        await completeDeployment(on(dates.endsOn), {
          id: deployment.id,
          outcomes: [{position: 1, outcome: 3, evidence: 'Observations in the spring term'}],
          supportedHeadEvaluation: 'Useful',
          leaderReflection: 'Steady progress',
        })
      else await cancelDeployment(on(dates.endsOn), {id: deployment.id, reasonCode: 'funding-withdrawn'})
    }
    const year2024 = {startsOn: '2024-09-16', endsOn: '2025-03-31'}
    for (const index of MEASURED) await support(leaderRef, index, year2024, 'complete')
    for (const index of ENDED_EARLY)
      await support(leaderRef, index, {startsOn: '2024-09-16', endsOn: '2025-02-28'}, 'end-early')
    for (const index of AWAITING)
      await support(awaitedLeaderRef, index, {startsOn: '2025-09-15', endsOn: '2026-06-30'}, 'complete')
    return {
      leaderRef,
      awaitedLeaderRef,
      measured: MEASURED.map(urnOf),
      awaiting: AWAITING.map(urnOf),
      endedEarly: ENDED_EARLY.map(urnOf),
    }
  } finally {
    await registry.close()
  }
}
