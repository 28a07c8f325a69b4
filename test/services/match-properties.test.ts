import {afterEach, describe, expect, it} from 'vitest'

import {capacityOf} from '../../src/services/capacity.js'
import type {ServiceContext} from '../../src/services/context.js'
import {agreeDeployment, cancelDeployment, type DeploymentChange} from '../../src/services/deployments.js'
import {addLeader} from '../../src/services/leaders.js'
import {planMatch, type MatchRequest} from '../../src/services/match.js'
import {addNeed} from '../../src/services/needs.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'
import {seedSampleSchools} from '../helpers/seed.js'

/**
 * The matching engine over random registries held in real SQLite files, through the services a
 * user's commands call: matches applied, some proposals agreed and some rejected, then more needs
 * and another match (re-planning or not). Whatever the draw, agreed deployments are never touched,
 * no leader is committed beyond the days they released, and a rejected pair is never proposed again.
 */

const AS_OF = '2026-12-01'
const AREAS = ['maths', 'english', 'science', 'phonics']

function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0
    return state / 2 ** 32
  }
}

let test: TestRegistry | undefined
afterEach(async () => {
  await test?.close()
  test = undefined
})

async function addRandomNeeds(
  context: ServiceContext,
  next: () => number,
  urns: readonly number[],
  count: number,
): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await addNeed(context, {
      school: String(urns[Math.floor(next() * urns.length)]),
      specialisms: [AREAS[Math.floor(next() * AREAS.length)]!],
      supportType: 'specialist',
      deliveryMode: next() < 0.3 ? 'remote' : 'in-person',
      requestedHalfDays: 2 + 2 * Math.floor(next() * 4),
      windowStart: '2027-01-04',
      windowEnd: next() < 0.5 ? '2027-03-31' : '2027-07-16',
      priority: (['high', 'medium', 'low'] as const)[Math.floor(next() * 3)]!,
    })
  }
}

async function matchAndApply(context: ServiceContext, request: Partial<MatchRequest> = {}) {
  const plan = await planMatch(context, {
    configLayers: [],
    asOf: AS_OF,
    pins: [],
    exclusions: [],
    replanProposed: false,
    withCandidates: false,
    ...request,
  })
  const applied = await plan.apply(context, plan.acceptAll())
  return {report: plan.report, applied}
}

const SEEDS = [1, 2, 3, 4, 5, 6]

describe('matching properties over random registries in SQLite', () => {
  // Each seed is its own registry and its own test. Every seed must give the properties something
  // to check: proposals from the first match, at least one of them agreed and one rejected, the
  // rejected need back in the second match, and leaders whose days the plans used.
  for (const seed of SEEDS) {
    it(`seed ${seed}: never touches agreed deployments, never overcommits a leader, never re-proposes a rejected pair`, async () => {
      const next = random(seed * 7919)
      test = await openTestRegistry()
      const context: ServiceContext = {...test.context, today: AS_OF}
      const schools = await seedSampleSchools(context, 120)
      const urns = schools.map((school) => school.urn)
      for (let index = 0; index < 14; index += 1) {
        await addLeader(context, {
          name: `Leader ${seed}-${index}`,
          homeUrn: urns[Math.floor(next() * urns.length)]!,
          designation: {kind: next() < 0.8 ? 'SLE' : 'NLE'},
          specialisms: AREAS.filter(() => next() < 0.45).concat(AREAS[index % AREAS.length]!),
          phases: ['primary', 'secondary'],
          releasedHalfDays: 4 + 2 * Math.floor(next() * 6),
          academicYear: 2026,
        })
      }
      await addRandomNeeds(context, next, urns, 14)
      const first = await matchAndApply(context)
      expect(first.applied.proposed.length, 'the first match proposes at least two pairs').toBeGreaterThanOrEqual(2)

      // The first proposal is agreed and the second rejected, so both properties always have a
      // case; the rest are agreed, rejected or left proposed at random.
      const agreed = new Map<number, DeploymentChange['deployment']>()
      const rejected: {needId: number; leaderRef: string}[] = []
      for (const [index, proposal] of first.applied.proposed.entries()) {
        const draw = index === 0 ? 0 : index === 1 ? 0.5 : next()
        if (draw < 0.4) {
          const change = await agreeDeployment(context, {
            id: proposal.deploymentId,
            objectives: [{objective: 'Raise attainment', successCriteria: 'Outcomes improve'}],
            dayRatePence: 35_000,
            fundingSource: 'school-budget',
            supportedHeadSignoff: 'Head, 2026-12-01',
            homeHeadSignoff: 'Head, 2026-12-01',
          })
          agreed.set(proposal.deploymentId, change.deployment)
        } else if (draw < 0.6) {
          await cancelDeployment(context, {id: proposal.deploymentId, reasonCode: 'rejected-by-school'})
          rejected.push({needId: proposal.needId, leaderRef: proposal.leaderRef})
        }
      }

      await addRandomNeeds(context, next, urns, 8)
      // Odd seeds re-plan every live proposal, even seeds keep them: both paths are checked.
      const second = await matchAndApply(context, {replanProposed: seed % 2 === 1})

      const label = `seed ${seed}`
      const secondNeeds = new Set([...second.report.proposals, ...second.report.unmatched].map((entry) => entry.needId))
      for (const pair of rejected)
        expect(secondNeeds.has(pair.needId), `${label}: rejected need ${pair.needId} is matched again`).toBe(true)
      expect(second.report.proposals.length, `${label}: the second match proposes`).toBeGreaterThan(0)

      const agreedNeeds = new Set([...agreed.values()].map((deployment) => deployment.needId))
      for (const proposal of second.report.proposals) {
        expect(
          agreedNeeds.has(proposal.needId),
          `${label}: need ${proposal.needId} already has an agreed deployment`,
        ).toBe(false)
        expect(
          rejected.some((pair) => pair.needId === proposal.needId && pair.leaderRef === proposal.leader.ref),
          `${label}: rejected pair proposed again`,
        ).toBe(false)
      }
      const deployments = await context.registry.read((repos) => repos.deployments.list({status: 'any'}))
      for (const [id, before] of agreed)
        expect(
          deployments.deployments.find((deployment) => deployment.id === id),
          `${label}: deployment ${id}`,
        ).toEqual(before)

      const capacity = await context.registry.read((repos) => capacityOf(repos, 'all', AS_OF))
      const years = [...capacity.values()].flatMap((byYear) => [...byYear.values()])
      expect(capacity.size, `${label}: every leader has a capacity`).toBe(14)
      expect(
        years.some((year) => year.held + year.committed > 0),
        `${label}: the plans hold or commit someone's days`,
      ).toBe(true)
      for (const year of years)
        expect(year.free, `${label}: a leader in ${year.academicYear} is overcommitted`).toBeGreaterThanOrEqual(0)
    }, 60_000)
  }
})
