import {afterEach, describe, expect, it} from 'vitest'

import {adviceFor} from '../../src/cli/advice.js'
import type {ServiceContext} from '../../src/services/context.js'
import {addLeader} from '../../src/services/leaders.js'
import {resolveTargets} from '../../src/services/match-targets.js'
import {type MatchRequest, planMatch} from '../../src/services/match.js'
import {addNeed, type AddNeedInput} from '../../src/services/needs.js'
import {brokerFailure} from '../helpers/errors.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'
import {seedSampleSchools} from '../helpers/seed.js'

/**
 * The match's failures a user can act on: each carries a code and the data its advice needs,
 * and the CLI's advice names the commands and flags to try (the words users have always seen).
 */

let test: TestRegistry | undefined
afterEach(async () => {
  await test?.close()
  test = undefined
})

const request = (overrides: Partial<MatchRequest> = {}): MatchRequest => ({
  configLayers: [],
  asOf: '2026-12-01',
  pins: [],
  exclusions: [],
  replanProposed: false,
  withCandidates: false,
  ...overrides,
})

/** A registry with a few schools, two maths leaders, one open need and a team need of two places. */
async function smallHub(): Promise<{context: ServiceContext; urns: number[]; need: number; team: number[]}> {
  test = await openTestRegistry()
  const context = test.context
  const urns = (await seedSampleSchools(context, 20)).map((school) => school.urn)
  for (const [index, urn] of [urns[1]!, urns[2]!].entries()) {
    await addLeader(context, {
      name: `Leader ${index}`,
      homeUrn: urn,
      designation: {kind: 'SLE'},
      specialisms: ['maths'],
      phases: ['primary', 'secondary'],
      releasedHalfDays: 20,
      academicYear: 2026,
    })
  }
  const needOf: Pick<
    AddNeedInput,
    'specialisms' | 'deliveryMode' | 'requestedHalfDays' | 'windowStart' | 'windowEnd' | 'priority'
  > = {
    specialisms: ['maths'],
    deliveryMode: 'remote',
    requestedHalfDays: 4,
    windowStart: '2027-01-04',
    windowEnd: '2027-03-31',
    priority: 'high',
  }
  const {need} = await addNeed(context, {...needOf, school: String(urns[0]), supportType: 'specialist'})
  const {subNeeds} = await addNeed(context, {
    ...needOf,
    school: String(urns[3]),
    supportType: 'team',
    teamSize: 2,
    reference: 'TEAM-1',
  })
  return {context, urns, need: need.id, team: subNeeds.map((place) => place.id)}
}

describe('the match refuses, with a code and the data to act on', () => {
  it('a pin naming a team need rather than one of its places', async () => {
    const {context, team} = await smallHub()
    const failure = await brokerFailure(
      resolveTargets(context, {pins: [{need: 'TEAM-1', leader: 'Leader 0'}], exclusions: []}),
    )
    expect(failure).toMatchObject({
      kind: 'usage',
      code: 'match.pin-names-team',
      data: {need: 'TEAM-1', leader: 'Leader 0', places: team},
    })
    expect(failure.message).not.toMatch(/--/)
    expect(adviceFor(failure)).toBeUndefined()
  })

  it('needs asked for by id that are not open', async () => {
    const {context, team} = await smallHub()
    const parent = team[0]! - 1
    const failure = await brokerFailure(planMatch(context, request({needIds: [parent, 999]})))
    expect(failure).toMatchObject({
      kind: 'not-found',
      message: `Needs ${parent}, 999 are not open (or not a single place of a team need).`,
      code: 'match.needs-not-open',
      data: {needIds: [parent, 999]},
    })
    expect(adviceFor(failure)).toBe(
      'List open needs with `broker needs list`; re-plan proposed ones with --replan-proposed.',
    )
  })

  it('an explanation of a need the run does not match', async () => {
    const {context, need, team} = await smallHub()
    const failure = await brokerFailure(planMatch(context, request({needIds: [need], explainNeed: team[0]})))
    expect(failure).toMatchObject({
      kind: 'not-found',
      message: `Need ${team[0]} is not among the open needs of this run.`,
      code: 'match.explain-not-in-run',
      data: {needId: team[0]},
    })
    expect(adviceFor(failure)).toBe(
      'Check its status with `broker needs show`; only open needs (or proposed ones with --replan-proposed) are matched.',
    )
  })

  it('applying a plan after the registry changed, leaving everything as it was', async () => {
    const {context, urns} = await smallHub()
    const plan = await planMatch(context, request())
    expect(plan.report.proposals.length).toBeGreaterThan(0)
    await addNeed(context, {
      school: String(urns[4]),
      specialisms: ['maths'],
      supportType: 'specialist',
      deliveryMode: 'remote',
      requestedHalfDays: 2,
      windowStart: '2027-01-04',
      windowEnd: '2027-03-31',
      priority: 'low',
    })
    const failure = await brokerFailure(plan.apply(context, plan.acceptAll()))
    expect(failure).toMatchObject({
      kind: 'conflict',
      message:
        'The registry changed while the match was being made (needs, leaders, days or deployments); nothing was applied.',
      code: 'match.registry-changed',
      data: {runId: plan.report.run.id},
    })
    expect(adviceFor(failure)).toBe('Run `broker match` again and apply the new plan.')
    const {deployments} = await context.registry.read((repos) => repos.deployments.list({status: 'any'}))
    expect(deployments).toEqual([])
    // A plan made now applies.
    const again = await planMatch(context, request())
    const applied = await again.apply(context, again.acceptAll())
    expect(applied.proposed.length).toBe(again.report.proposals.length)
  })
})
