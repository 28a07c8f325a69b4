import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {addLeader} from '../../src/services/leaders.js'
import {addNeed, type AddNeedInput, endNeed, listNeeds, showNeed, updateNeed} from '../../src/services/needs.js'
import {brokerFailure} from '../helpers/errors.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'
import {seedSampleSchools} from '../helpers/seed.js'

let test: TestRegistry

beforeEach(async () => {
  test = await openTestRegistry()
  await seedSampleSchools(test.context, 40)
})
afterEach(() => test.close())

const base: AddNeedInput = {
  school: '910010',
  specialisms: ['phonics'],
  supportType: 'specialist',
  deliveryMode: 'in-person',
  requestedHalfDays: 6,
  windowStart: '2027-01-04',
  windowEnd: '2027-03-31',
  priority: 'high',
}

/** A deployment of the need in the given status, written through the deployments repository. */
async function deploy(needId: number, status: 'proposed' | 'agreed'): Promise<number> {
  return test.registry.write(async (repos) => {
    const leaderId = (await repos.leaders.findIds({status: 'any'})).ids[0]!
    const id = await repos.deployments.insertProposal({
      needId,
      leaderId,
      urn: 910010,
      trustCode: null,
      matchRunId: null,
      score: null,
      halfDays: 6,
      holdExpiresOn: null,
      startsOn: '2027-01-04',
      endsOn: '2027-03-31',
      proposedOn: '2027-01-04',
    })
    if (status !== 'proposed') await repos.deployments.update(id, {status})
    return id
  })
}

describe('needs intake and lifecycle', () => {
  it('records a need for a school named loosely, and lists it by that name', async () => {
    const {need} = await addNeed(test.context, {
      ...base,
      school: 'st marys catholic primary newcastle',
      reference: 'REQ-1',
    })
    expect(need).toMatchObject({subjectUrn: 910010, status: 'open', specialisms: ['phonics'], reference: 'REQ-1'})
    const listed = await listNeeds(test.context, {school: 'St Mary’s Catholic Primary, Newcastle', status: 'any'})
    expect(listed.needs.map((entry) => entry.id)).toEqual([need.id])
    expect((await showNeed(test.context, 'REQ-1')).need.id).toBe(need.id)
  })

  it('refuses zero days', async () => {
    expect((await brokerFailure(addNeed(test.context, {...base, requestedHalfDays: 0}))).kind).toBe('invalid-input')
  })

  it('updates only what was passed, and audits the change', async () => {
    const {need} = await addNeed(test.context, base)
    const change = await updateNeed(test.context, {
      need: String(need.id),
      requestedHalfDays: 8,
      windowEnd: '2027-04-30',
      specialisms: ['phonics', 'english'],
      notes: 'phonics lead',
    })
    expect(change.changed.sort()).toEqual(['notes', 'requestedHalfDays', 'specialisms', 'windowEnd'])
    expect(change.need).toMatchObject({
      requestedHalfDays: 8,
      windowEnd: '2027-04-30',
      windowStart: '2027-01-04',
      priority: 'high',
      notes: 'phonics lead',
    })
    expect(change.need.specialisms.sort()).toEqual(['english', 'phonics'])
    const audit = await test.registry.read((repos) => repos.audit.forEntity('need', need.id))
    expect(audit.map((entry) => entry.action)).toEqual(['need.add', 'need.update'])
    expect(audit[1]!.before).toMatchObject({requestedHalfDays: 6})
    const same = await updateNeed(test.context, {need: String(need.id), specialisms: ['english', 'phonics']})
    expect(same.changed).toEqual([])
  })

  it('refuses a window that ends before it starts, and a switch to or from a team need', async () => {
    const {need} = await addNeed(test.context, base)
    expect(
      (await brokerFailure(updateNeed(test.context, {need: String(need.id), windowEnd: '2026-12-01'}))).message,
    ).toMatch(/starts \(2027-01-04\) after it ends/)
    expect((await brokerFailure(updateNeed(test.context, {need: String(need.id), supportType: 'team'}))).kind).toBe(
      'refused',
    )
  })

  it('changes what a match depends on only while open; notes at any time', async () => {
    const {need} = await addNeed(test.context, base)
    await test.registry.write((repos) => repos.needs.update(need.id, {status: 'proposed'}))
    const refused = await brokerFailure(updateNeed(test.context, {need: String(need.id), requestedHalfDays: 10}))
    expect(refused.kind).toBe('refused')
    expect(refused.message).toBe(`Need ${need.id} is proposed, so these cannot change now: days.`)
    const both = await brokerFailure(
      updateNeed(test.context, {
        need: String(need.id),
        requestedHalfDays: 10,
        priority: 'low',
        windowEnd: '2027-05-28',
      }),
    )
    expect(both.message).toBe(`Need ${need.id} is proposed, so these cannot change now: days, window end, priority.`)
    expect((await updateNeed(test.context, {need: String(need.id), notes: 'called the head'})).need.notes).toBe(
      'called the head',
    )
  })

  it('passes changes to a team need’s sub-needs, and withdraws them together', async () => {
    const {need, subNeeds} = await addNeed(test.context, {
      ...base,
      supportType: 'team',
      teamSize: 3,
      specialisms: ['maths'],
      reference: 'T-1',
    })
    expect(subNeeds).toHaveLength(3)
    const change = await updateNeed(test.context, {need: 'T-1', requestedHalfDays: 4, reference: 'T-2'})
    expect(change.subNeeds.map((sub) => [sub.requestedHalfDays, sub.reference])).toEqual([
      [4, 'T-2/1'],
      [4, 'T-2/2'],
      [4, 'T-2/3'],
    ])
    await endNeed(test.context, {need: String(subNeeds[0]!.id), status: 'closed', reason: 'met early'})
    const withdrawn = await endNeed(test.context, {need: 'T-2', status: 'withdrawn', reason: 'school joined a trust'})
    expect(withdrawn.need).toMatchObject({id: need.id, status: 'withdrawn', statusReason: 'school joined a trust'})
    expect(withdrawn.subNeeds.map((sub) => sub.status)).toEqual(['closed', 'withdrawn', 'withdrawn'])
  })

  it('needs a reason, refuses to end a need twice, and says why', async () => {
    const {need} = await addNeed(test.context, base)
    expect(
      (await brokerFailure(endNeed(test.context, {need: String(need.id), status: 'withdrawn', reason: ' '}))).kind,
    ).toBe('invalid-input')
    await endNeed(test.context, {need: String(need.id), status: 'closed', reason: 'met'})
    const again = await brokerFailure(endNeed(test.context, {need: String(need.id), status: 'withdrawn', reason: 'x'}))
    expect(again.kind).toBe('refused')
    expect(again.message).toMatch(/already closed \(met\)/)
  })

  it('refuses to end a need while a deployment still holds or uses days', async () => {
    await addLeader(test.context, {
      name: 'Jo Bloggs',
      designation: {kind: 'SLE'},
      specialisms: ['phonics'],
      phases: ['primary'],
    })
    const {need} = await addNeed(test.context, base)
    const deployment = await deploy(need.id, 'agreed')
    const error = await brokerFailure(endNeed(test.context, {need: String(need.id), status: 'closed', reason: 'met'}))
    expect(error.kind).toBe('refused')
    expect(error.message).toMatch(new RegExp(`deployment ${deployment} \\(agreed`))
    expect((await showNeed(test.context, String(need.id))).need.status).toBe('open')
    await test.registry.write((repos) => repos.deployments.update(deployment, {status: 'completed'}))
    expect((await endNeed(test.context, {need: String(need.id), status: 'closed', reason: 'met'})).need.status).toBe(
      'closed',
    )
  })
})
