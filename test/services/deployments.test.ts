import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {adviceFor} from '../../src/cli/advice.js'
import {termLabels} from '../../src/core/deployments.js'
import {VETO_REASON_CODES} from '../../src/core/lifecycle.js'
import {capacityOf} from '../../src/services/capacity.js'
import type {ServiceContext} from '../../src/services/context.js'
import {showDeployment} from '../../src/services/deployment-views.js'
import {completeDeployment, logWork, recordReview} from '../../src/services/deployment-work.js'
import type {AgreeInput} from '../../src/services/deployments.js'
import {
  agreeDeployment,
  amendDeployment,
  cancelDeployment,
  cancelDeploymentIn,
  createDeployment,
  proposeDeployment,
  startDeployment,
} from '../../src/services/deployments.js'
import {listDueWork} from '../../src/services/due.js'
import {addLeader, showLeader} from '../../src/services/leaders.js'
import {checkinLegacy, endLegacy, listLegacy} from '../../src/services/legacy.js'
import {addNeed} from '../../src/services/needs.js'
import {brokerFailure} from '../helpers/errors.js'
import {anyNumber, objectContaining} from '../helpers/matchers.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'
import {seedSampleSchools} from '../helpers/seed.js'

let t: TestRegistry
let leaderRef: string
let leaderId: number

const on = (today: string): ServiceContext => ({...t.context, today})

async function aLeader(
  name: string,
  reference: string,
  homeUrn: number,
  releasedHalfDays: number,
  academicYear = 2026,
) {
  const {leader} = await addLeader(t.context, {
    name,
    email: `${reference.toLowerCase()}@example.sch.uk`,
    homeUrn,
    designation: {kind: 'SLE', reference},
    specialisms: ['phonics'],
    phases: ['primary'],
    releasedHalfDays,
    academicYear,
  })
  return leader
}

async function aNeed(urn = 910083, halfDays = 6, windowStart = '2027-01-04', windowEnd = '2027-03-26') {
  const {need} = await addNeed(t.context, {
    school: String(urn),
    specialisms: ['phonics'],
    supportType: 'specialist',
    deliveryMode: 'in-person',
    requestedHalfDays: halfDays,
    windowStart,
    windowEnd,
    priority: 'high',
  })
  return need
}

const agreement = (id: number, extra: Partial<AgreeInput> = {}): AgreeInput => ({
  id,
  objectives: [
    {objective: 'Phonics teaching is consistent in KS1', successCriteria: '90% of lessons observed secure'},
    {objective: 'The English lead coaches others', successCriteria: 'Two staff coached to secure'},
  ],
  dayRatePence: 45000,
  fundingSource: 'dfe-grant',
  fundingProgramme: 'Phonics hubs',
  grantReference: 'PH-27-001',
  payer: 'DfE',
  supportedHeadSignoff: 'Ann Supported-Head, 2027-01-05',
  homeHeadSignoff: 'Bob Home-Head, 2027-01-05',
  ...extra,
})

async function needStatus(id: number) {
  return t.registry.read(async (repos) => (await repos.needs.get(id))!)
}

async function auditRows() {
  return t.registry.database
    .prepare('select actor, action, entity, entity_id, before_json, after_json from audit_log order by id')
    .all() as {
    actor: string
    action: string
    entity: string
    entity_id: string
    before_json: string | null
    after_json: string | null
  }[]
}

beforeEach(async () => {
  t = await openTestRegistry({today: '2027-01-04', actor: 'broker-ann'})
  await seedSampleSchools(t.context)
  const leader = await aLeader('Siân Milburn', 'SH-0031', 910136, 20)
  leaderRef = leader.ref
  leaderId = leader.id
})
afterEach(async () => t?.close())

describe('proposing', () => {
  it('creates a proposal from a need, holds the days for 21 days and marks the need proposed', async () => {
    const need = await aNeed()
    const {deployment, warnings} = await createDeployment(t.context, {needId: need.id, leader: leaderRef})
    expect(warnings).toEqual([])
    expect(deployment).toMatchObject({
      status: 'proposed',
      needId: need.id,
      urn: 910083,
      halfDays: 6,
      startsOn: '2027-01-04',
      endsOn: '2027-03-26',
      holdExpiresOn: '2027-01-25',
    })
    expect((await needStatus(need.id)).status).toBe('proposed')
    const capacity = await t.registry.read((repos) => capacityOf(repos, [leaderId], '2027-01-04'))
    expect(capacity.get(leaderId)!.get(2026)).toMatchObject({released: 20, held: 6, free: 14})
  })

  it('refuses a second proposal for the same need, and the database refuses it too', async () => {
    const need = await aNeed()
    await createDeployment(t.context, {needId: need.id, leader: leaderRef})
    const other = await aLeader('Ravi Lister', 'SH-0001', 910289, 20)
    const error = await brokerFailure(createDeployment(t.context, {needId: need.id, leader: other.ref}))
    expect(error.kind).toBe('conflict')
    expect(error.message).toMatch(/Need \d+ is proposed \(deployment 1\)/)
    await expect(
      t.registry.write((repos) =>
        repos.deployments.insertProposal({
          needId: need.id,
          leaderId: other.id,
          urn: 910083,
          trustCode: null,
          matchRunId: null,
          score: null,
          halfDays: 2,
          holdExpiresOn: null,
          startsOn: '2027-01-04',
          endsOn: '2027-01-05',
          proposedOn: '2027-01-04',
        }),
      ),
    ).rejects.toThrow()
  })

  it('never deploys a leader to their own school, nor to a school that objected to them', async () => {
    const own = await aNeed(910136)
    expect((await brokerFailure(createDeployment(t.context, {needId: own.id, leader: leaderRef}))).message).toMatch(
      /never deployed to their own school/,
    )
    await t.registry.write((repos) => repos.objections.record(910083, leaderId, 'previous conflict', '2026-12-01'))
    const objected = await aNeed(910083)
    const error = await brokerFailure(createDeployment(t.context, {needId: objected.id, leader: leaderRef}))
    expect(error.kind).toBe('refused')
    expect(error.message).toMatch(/has objected to SH-0031/)
    expect((await needStatus(objected.id)).status).toBe('open')
  })

  it('warns when the leader works in the same trust', async () => {
    const trustSchools = await t.registry.read((repos) => repos.schools.list({trustCode: 'T002', limit: 2}))
    const [home, supported] = trustSchools.schools
    const leader = await aLeader('Hamza Scott', 'SH-0002', home!.urn, 20)
    const need = await aNeed(supported!.urn)
    const {warnings} = await createDeployment(t.context, {needId: need.id, leader: leader.ref})
    expect(warnings.join()).toMatch(/same trust \(T002\)/)
  })

  it('refuses a proposal that overcommits the leader, leaving nothing behind; --allow-overcommit only warns', async () => {
    const need = await aNeed(910083, 24)
    const error = await brokerFailure(createDeployment(t.context, {needId: need.id, leader: leaderRef}))
    expect(error.kind).toBe('conflict')
    expect(error.message).toMatch(/overcommit SH-0031 in 2026\/27 \(10 days released, -2 free after this change\)/)
    expect(await t.registry.read((repos) => repos.deployments.list({status: 'any'}))).toMatchObject({total: 0})
    expect((await needStatus(need.id)).status).toBe('open')
    const allowed = await createDeployment(t.context, {needId: need.id, leader: leaderRef, allowOvercommit: true})
    expect(allowed.warnings.join()).toMatch(/overcommits SH-0031/)
  })

  it('refuses a team need (its members are proposed against the team needs)', async () => {
    const {need, subNeeds} = await addNeed(t.context, {
      school: '910083',
      specialisms: ['phonics'],
      supportType: 'team',
      teamSize: 2,
      deliveryMode: 'in-person',
      requestedHalfDays: 2,
      windowStart: '2027-01-04',
      windowEnd: '2027-03-26',
      priority: 'high',
    })
    expect((await brokerFailure(createDeployment(t.context, {needId: need.id, leader: leaderRef}))).message).toMatch(
      /team need/,
    )
    expect((await createDeployment(t.context, {needId: subNeeds[0]!.id, leader: leaderRef})).deployment.status).toBe(
      'proposed',
    )
  })

  it("runs inside the caller's transaction, as `broker match --apply` uses it", async () => {
    const need = await aNeed()
    await expect(
      t.registry.write(async (repos) => {
        await proposeDeployment(repos, 'matcher', '2027-01-04', {
          needId: need.id,
          leaderId,
          score: 0.82,
          holdExpiresOn: '2027-01-20',
        })
        throw new Error('the match run failed later')
      }),
    ).rejects.toThrow(/failed later/)
    expect((await needStatus(need.id)).status).toBe('open')
    const {deployment} = await t.registry.write((repos) =>
      proposeDeployment(repos, 'matcher', '2027-01-04', {
        needId: need.id,
        leaderId,
        score: 0.82,
        holdExpiresOn: '2027-01-20',
      }),
    )
    expect(deployment).toMatchObject({score: 0.82, holdExpiresOn: '2027-01-20', halfDays: 6})
    expect((await auditRows()).filter((row) => row.action === 'deployment.propose').map((row) => row.actor)).toEqual([
      'matcher',
    ])
  })

  it('proposes by hand without a need, for a school or a trust', async () => {
    const {deployment} = await createDeployment(t.context, {
      leader: leaderRef,
      school: '910084',
      halfDays: 3,
      startsOn: '2027-02-01',
      endsOn: '2027-03-01',
    })
    expect(deployment).toMatchObject({needId: null, urn: 910084, halfDays: 3})
    const governance = await createDeployment(t.context, {
      leader: leaderRef,
      trustCode: 'T009',
      halfDays: 2,
      startsOn: '2027-02-01',
      endsOn: '2027-03-01',
    })
    expect(governance.deployment).toMatchObject({urn: null, trustCode: 'T009'})
    expect((await brokerFailure(createDeployment(t.context, {leader: leaderRef, school: '910084'}))).kind).toBe(
      'invalid-input',
    )
  })
})

describe('rejecting and cancelling', () => {
  it('returns the need to open on a rejection and records a veto for the matching engine', async () => {
    const need = await aNeed()
    const {deployment} = await createDeployment(t.context, {needId: need.id, leader: leaderRef})
    const {deployment: cancelled} = await cancelDeployment(t.context, {
      id: deployment.id,
      reasonCode: 'rejected-by-school',
      note: 'Head prefers a primary specialist from the LA',
    })
    expect(cancelled).toMatchObject({status: 'cancelled', statusReasonCode: 'rejected-by-school'})
    expect(await needStatus(need.id)).toMatchObject({
      status: 'open',
      statusReason: `deployment ${deployment.id} cancelled: rejected-by-school`,
    })
    // What the matching engine reads to veto this leader for this need.
    const history = await t.registry.read((repos) => repos.match.history([leaderId]))
    expect(history).toEqual([
      {
        leader_id: leaderId,
        need_id: need.id,
        urn: 910083,
        trust_code: null,
        status: 'cancelled',
        status_reason_code: 'rejected-by-school',
      },
    ])
    expect(VETO_REASON_CODES).toContain(history[0]!.status_reason_code)
    const capacity = await t.registry.read((repos) => capacityOf(repos, [leaderId], '2027-01-04'))
    expect(capacity.get(leaderId)!.get(2026)!.held).toBe(0)
  })

  it('does not veto a proposal that merely lapsed or was replanned', async () => {
    const need = await aNeed()
    const first = await createDeployment(t.context, {needId: need.id, leader: leaderRef})
    await cancelDeployment(on('2027-01-26'), {id: first.deployment.id, reasonCode: 'hold-expired'})
    const second = await createDeployment(t.context, {needId: need.id, leader: leaderRef})
    await t.registry.write((repos) =>
      cancelDeploymentIn(repos, 'matcher', '2027-01-27', {id: second.deployment.id, reasonCode: 'replanned'}),
    )
    const history = await t.registry.read((repos) => repos.match.history([leaderId]))
    expect(history.map((row) => row.status_reason_code)).toEqual(['hold-expired', 'replanned'])
    expect(history.some((row) => VETO_REASON_CODES.includes(row.status_reason_code!))).toBe(false)
  })

  it('refuses a reason that does not fit the status', async () => {
    const need = await aNeed()
    const {deployment} = await createDeployment(t.context, {needId: need.id, leader: leaderRef})
    await agreeDeployment(t.context, agreement(deployment.id))
    const error = await brokerFailure(
      cancelDeployment(t.context, {id: deployment.id, reasonCode: 'rejected-by-leader'}),
    )
    expect(error.kind).toBe('refused')
    expect(error.suggestion).toMatch(/leader-unavailable/)
  })

  it('ends an active deployment early; the reason decides the need', async () => {
    const met = await aNeed()
    const withdrawn = await aNeed(910084)
    for (const [need, reasonCode, needBecomes] of [
      [met, 'need-met', 'closed'],
      [withdrawn, 'school-withdrew', 'withdrawn'],
    ] as const) {
      const {deployment} = await createDeployment(t.context, {needId: need.id, leader: leaderRef, halfDays: 2})
      await agreeDeployment(t.context, agreement(deployment.id))
      await startDeployment(t.context, deployment.id)
      await logWork(on('2027-01-11'), {id: deployment.id, kind: 'visit', halfDays: 1})
      const ended = await cancelDeployment(on('2027-01-12'), {id: deployment.id, reasonCode})
      expect(ended.deployment).toMatchObject({status: 'ended-early', closedOn: '2027-01-12'})
      expect(ended.warnings.join()).toMatch(
        /0.5 days delivered stay on the ledger; the other 0.5 agreed days are released/,
      )
      expect((await needStatus(need.id)).status).toBe(needBecomes)
    }
    const history = await t.registry.read((repos) => repos.match.history([leaderId]))
    expect(history.map((row) => [row.status, row.urn, row.status_reason_code])).toEqual([
      ['ended-early', 910083, 'need-met'],
      ['ended-early', 910084, 'school-withdrew'],
    ])
  })
})

describe('agreement, delivery and completion', () => {
  it('walks a deployment through every state and refuses every operation out of turn', async () => {
    const need = await aNeed()
    const {deployment} = await createDeployment(t.context, {needId: need.id, leader: leaderRef})
    const id = deployment.id
    const refusedWith = async (promise: Promise<unknown>, pattern: RegExp) => {
      const error = await brokerFailure(promise)
      expect(error.kind).toBe('refused')
      expect(error.exitCode).toBe(1)
      expect(error.message).toMatch(pattern)
    }

    await refusedWith(startDeployment(t.context, id), /is proposed; only agreed deployments can be started/)
    await refusedWith(
      logWork(t.context, {id, kind: 'visit', halfDays: 2}),
      /only active deployments can be given delivered days/,
    )
    await refusedWith(
      amendDeployment(t.context, {id, reason: 'x', halfDays: 4}),
      /only agreed or active deployments can be amended/,
    )

    const agreed = await agreeDeployment(t.context, agreement(id, {brokerSignoff: undefined}))
    expect(agreed.deployment).toMatchObject({
      status: 'agreed',
      midReviewOn: '2027-02-15',
      dayRatePence: 45000,
      fundingSource: 'dfe-grant',
      signoffs: {broker: 'broker-ann'},
    })
    expect((await needStatus(need.id)).status).toBe('in-deployment')
    await refusedWith(agreeDeployment(t.context, agreement(id)), /is agreed; only proposed deployments can be agreed/)
    await refusedWith(
      completeDeployment(t.context, {id, outcomes: [], supportedHeadEvaluation: 'x', leaderReflection: 'y'}),
      /only active deployments can be completed/,
    )
    await logWork(t.context, {id, kind: 'visit', planned: '2027-01-13', halfDays: 2})

    await startDeployment(on('2027-01-11'), id)
    await refusedWith(startDeployment(t.context, id), /is active; only agreed deployments can be started/)
    await logWork(on('2027-01-14'), {id, kind: 'visit', halfDays: 2, note: 'Observed Year 1 with the English lead'})
    await recordReview(on('2027-02-15'), {
      id,
      kind: 'mid-point',
      outcome: 'on-track',
      notes: 'Exit: lead runs coaching',
    })

    const completed = await completeDeployment(on('2027-03-26'), {
      id,
      outcomes: [
        {position: 1, outcome: 3, evidence: 'Observed lessons 92% secure'},
        {position: 2, outcome: 2, evidence: 'One teacher coached'},
      ],
      supportedHeadEvaluation: 'Phonics much stronger',
      leaderReflection: 'Start coaching sooner',
    })
    expect(completed.deployment).toMatchObject({
      status: 'completed',
      agreedOn: '2027-01-04',
      startedOn: '2027-01-11',
      closedOn: '2027-03-26',
    })
    expect(completed.warnings.join()).toMatch(/1 of 3 agreed days were delivered; the other 2 are released/)
    expect((await needStatus(need.id)).status).toBe('closed')
    await refusedWith(
      cancelDeployment(t.context, {id, reasonCode: 'other', note: 'x'}),
      /is completed, so it cannot be cancelled: only proposed or agreed deployments can be cancelled, and active ones ended early/,
    )
    await refusedWith(
      logWork(t.context, {id, kind: 'visit', planned: '2027-04-01'}),
      /only agreed or active deployments can be given planned visits/,
    )
    await refusedWith(recordReview(t.context, {id, kind: 'mid-point', outcome: 'on-track'}), /only its progress review/)

    const detail = await showDeployment(on('2027-03-26'), id)
    expect(detail.objectives.map((objective) => [objective.position, objective.outcome, objective.evidence])).toEqual([
      [1, 3, 'Observed lessons 92% secure'],
      [2, 2, 'One teacher coached'],
    ])
    expect(detail.evaluation).toEqual({
      evaluatedOn: '2027-03-26',
      supportedHeadEvaluation: 'Phonics much stronger',
      leaderReflection: 'Start coaching sooner',
    })
    expect(detail).toMatchObject({
      agreedHalfDays: 6,
      deliveredHalfDays: 2,
      deliveredCostPence: 45000,
      agreedCostPence: 135000,
    })
    expect(detail.plannedVisits).toEqual([{entry: objectContaining({onDate: '2027-01-13'}), recordedBy: anyNumber()}])
    expect(detail.variations.map((variation) => variation.kind)).toEqual(['agreement'])

    const actions = (await auditRows()).filter((row) => row.entity === 'deployment').map((row) => row.action)
    expect(actions).toEqual([
      'deployment.propose',
      'deployment.agree',
      'deployment.plan',
      'deployment.start',
      'deployment.log',
      'deployment.review',
      'deployment.complete',
    ])
  })

  it('wants objectives with criteria, both heads’ sign-offs and sane dates to agree', async () => {
    const need = await aNeed()
    const {deployment} = await createDeployment(t.context, {needId: need.id, leader: leaderRef})
    const invalid = async (input: AgreeInput, pattern: RegExp) => {
      const error = await brokerFailure(agreeDeployment(t.context, input))
      expect(error.kind).toBe('invalid-input')
      expect(error.message).toMatch(pattern)
    }
    await invalid(agreement(deployment.id, {objectives: []}), /at least one objective/)
    await invalid(
      agreement(deployment.id, {objectives: [{objective: 'A', successCriteria: ' '}]}),
      /no success criteria/,
    )
    await invalid(agreement(deployment.id, {homeHeadSignoff: ''}), /home-school head must sign off/)
    await invalid(
      agreement(deployment.id, {startsOn: '2027-03-01', endsOn: '2027-02-01'}),
      /starts \(2027-03-01\) after it ends/,
    )
    await invalid(
      agreement(deployment.id, {midReviewOn: '2027-06-01'}),
      /mid-point review \(2027-06-01\) must fall between/,
    )
    expect((await showDeployment(t.context, deployment.id)).deployment.status).toBe('proposed')
  })

  it('refuses to agree a proposal whose need was withdrawn meanwhile, and cancelling it leaves the need withdrawn', async () => {
    const need = await aNeed()
    const {deployment} = await createDeployment(t.context, {needId: need.id, leader: leaderRef})
    await t.registry.write((repos) =>
      repos.needs.update(need.id, {status: 'withdrawn', statusReason: 'school joined a trust'}),
    )
    const error = await brokerFailure(agreeDeployment(t.context, agreement(deployment.id)))
    expect(error.kind).toBe('conflict')
    expect(error.message).toMatch(/is withdrawn; deployment \d+ can no longer be agreed/)
    await cancelDeployment(t.context, {id: deployment.id, reasonCode: 'school-withdrew'})
    expect(await needStatus(need.id)).toMatchObject({status: 'withdrawn', statusReason: 'school joined a trust'})
  })

  it('warns when delivered days pass the agreed days, and refuses a future date', async () => {
    const need = await aNeed(910083, 2)
    const {deployment} = await createDeployment(t.context, {needId: need.id, leader: leaderRef})
    await agreeDeployment(t.context, agreement(deployment.id))
    await startDeployment(t.context, deployment.id)
    const result = await logWork(on('2027-01-20'), {id: deployment.id, kind: 'visit', halfDays: 3})
    expect(result.warnings.join()).toMatch(/delivered days to 1.5, beyond the 1 agreed/)
    expect(
      await brokerFailure(
        logWork(on('2027-01-20'), {id: deployment.id, kind: 'visit', halfDays: 1, date: '2027-01-21'}),
      ),
    ).toMatchObject({kind: 'invalid-input'})
  })

  it('refuses delivered work dated before the agreed start, and a start moved past work delivered', async () => {
    const need = await aNeed()
    const {deployment} = await createDeployment(t.context, {needId: need.id, leader: leaderRef})
    const id = deployment.id
    await agreeDeployment(t.context, agreement(id))
    await startDeployment(t.context, id)
    const early = await brokerFailure(logWork(on('2027-01-20'), {id, kind: 'visit', halfDays: 2, date: '2026-01-01'}))
    expect(early).toMatchObject({kind: 'refused', exitCode: 1})
    expect(early.message).toBe(
      `Deployment ${id} starts on 2027-01-04; delivered work cannot be dated before that (2026-01-01). Nothing was recorded.`,
    )
    expect(adviceFor(early)).toMatch(
      new RegExp(`amend the dates first \\(\`broker deployments amend ${id} --from 2026-01-01`),
    )
    expect((await showDeployment(on('2027-01-20'), id)).ledger).toEqual([])
    expect(
      (await t.registry.read((repos) => capacityOf(repos, [leaderId], '2027-01-20'))).get(leaderId)!.has(2025),
    ).toBe(false)

    // Once the dates say the work began earlier, it is recorded.
    await amendDeployment(t.context, {id, reason: 'Work began before Christmas', startsOn: '2026-12-07'})
    await logWork(on('2027-01-20'), {id, kind: 'visit', halfDays: 2, date: '2026-12-08'})
    const moved = await brokerFailure(amendDeployment(t.context, {id, reason: 'Later start', startsOn: '2027-01-04'}))
    expect(moved).toMatchObject({
      kind: 'refused',
      message: `Deployment ${id} has work delivered on 2026-12-08; its start cannot move after that (to 2027-01-04).`,
    })
  })

  it("warns when delivered days pass the leader's released days", async () => {
    const leader = await aLeader('Mo Charlton', 'SH-0004', 910254, 2)
    const {deployment} = await createDeployment(t.context, {
      leader: leader.ref,
      school: '910083',
      halfDays: 2,
      startsOn: '2027-01-04',
      endsOn: '2027-02-26',
    })
    await agreeDeployment(t.context, agreement(deployment.id))
    await startDeployment(t.context, deployment.id)
    const result = await logWork(on('2027-01-20'), {id: deployment.id, kind: 'visit', halfDays: 4})
    expect(result.warnings.join('\n')).toMatch(
      /overcommits SH-0004 in 2026\/27 \(1 days released, -1 free after this change\)/,
    )
  })

  it('starts the NLG progress review 4 months after the initial report', async () => {
    const {deployment} = await createDeployment(t.context, {
      leader: leaderRef,
      school: '910083',
      halfDays: 6,
      startsOn: '2027-01-04',
      endsOn: '2027-06-30',
    })
    await agreeDeployment(t.context, agreement(deployment.id))
    await startDeployment(t.context, deployment.id)
    const report = await logWork(on('2027-01-29'), {id: deployment.id, kind: 'initial-report', halfDays: 1})
    expect(report.progressReviewDueOn).toBe('2027-05-29')
    const again = await logWork(on('2027-02-01'), {id: deployment.id, kind: 'initial-report', halfDays: 0})
    expect(again.progressReviewDueOn).toBeNull()
    expect(again.warnings.join()).toMatch(/already due on 2027-05-29/)
    const due = await listDueWork(on('2027-05-20'), {withinDays: 14, owner: leaderRef})
    expect(due.items.map((item) => [item.kind, item.dueOn])).toEqual([['progress-review', '2027-05-29']])
  })
})

describe('variations', () => {
  async function activeDeployment(halfDays = 6) {
    const need = await aNeed(910083, halfDays)
    const {deployment} = await createDeployment(t.context, {needId: need.id, leader: leaderRef})
    await agreeDeployment(t.context, agreement(deployment.id))
    await startDeployment(t.context, deployment.id)
    return deployment.id
  }

  it('changes the terms with a reason, keeping the agreement and every variation', async () => {
    const id = await activeDeployment()
    const first = await amendDeployment(on('2027-02-01'), {
      id,
      reason: 'Extra coaching',
      halfDays: 8,
      endsOn: '2027-05-28',
    })
    expect(first.changed).toEqual(['halfDays', 'endsOn', 'midReviewOn'])
    expect(termLabels(first.changed)).toBe('days, end date, mid-point review date')
    await amendDeployment(on('2027-03-15'), {id, reason: 'New rate from April', dayRatePence: 50000})
    const detail = await showDeployment(t.context, id)
    // Recorded on the service's today (BROKER_TODAY), never the machine's clock.
    expect(detail.variations.map((variation) => variation.variedOn)).toEqual(['2027-01-04', '2027-02-01', '2027-03-15'])
    expect(detail.deployment).toMatchObject({
      proposedOn: '2027-01-04',
      agreedOn: '2027-01-04',
      startedOn: '2027-01-04',
      closedOn: null,
    })
    expect(detail.deployment).toMatchObject({halfDays: 8, endsOn: '2027-05-28', dayRatePence: 50000})
    expect(
      detail.variations.map((variation) => [
        variation.kind,
        variation.reason,
        variation.before?.halfDays ?? null,
        variation.after.halfDays,
        variation.after.dayRatePence,
      ]),
    ).toEqual([
      ['agreement', null, null, 6, 45000],
      ['variation', 'Extra coaching', 6, 8, 45000],
      ['variation', 'New rate from April', 8, 8, 50000],
    ])
    expect(detail.reviews.find((review) => review.kind === 'mid-point')!.dueOn).toBe(detail.deployment.midReviewOn)
  })

  it('re-checks capacity, refuses fewer days than delivered, and refuses a change that changes nothing', async () => {
    const id = await activeDeployment()
    const overcommit = await brokerFailure(amendDeployment(t.context, {id, reason: 'More', halfDays: 22}))
    expect(overcommit.kind).toBe('conflict')
    expect((await showDeployment(t.context, id)).variations).toHaveLength(1)
    await logWork(on('2027-01-20'), {id, kind: 'visit', halfDays: 4})
    expect((await brokerFailure(amendDeployment(t.context, {id, reason: 'Less', halfDays: 3}))).message).toMatch(
      /2 days are already delivered/,
    )
    expect((await brokerFailure(amendDeployment(t.context, {id, reason: 'Same', halfDays: 6}))).message).toMatch(
      /Nothing to change/,
    )
    expect((await brokerFailure(amendDeployment(t.context, {id, reason: ' ', halfDays: 8}))).message).toMatch(
      /needs a reason/,
    )
  })
})

describe('the days ledger in capacity accounting', () => {
  it('keeps overlapping deployments and an academic-year boundary apart', async () => {
    // 10 days released in 2026/27, 5 in 2027/28.
    await t.registry.write((repos) => repos.leaders.setCapacity(leaderId, 2027, 10, 'test'))
    // A runs June-October 2027, across the year boundary: 65 working days in 2026/27 (the August
    // bank holiday excluded) and 43 in 2027/28, so its 4 days are charged 2.5 + 1.5.
    const a = await createDeployment(t.context, {
      leader: leaderRef,
      school: '910083',
      halfDays: 8,
      startsOn: '2027-06-01',
      endsOn: '2027-10-29',
    })
    // B overlaps A in June and July and stays proposed.
    await createDeployment(t.context, {
      leader: leaderRef,
      school: '910084',
      halfDays: 6,
      startsOn: '2027-05-03',
      endsOn: '2027-07-16',
      holdExpiresOn: '2027-07-31',
    })
    let capacity = (await t.registry.read((repos) => capacityOf(repos, [leaderId], '2027-01-04'))).get(leaderId)!
    expect(capacity.get(2026)).toMatchObject({released: 20, held: 6 + 5, committed: 0, free: 9})
    expect(capacity.get(2027)).toMatchObject({released: 10, held: 3, committed: 0, free: 7})

    await agreeDeployment(t.context, agreement(a.deployment.id))
    await startDeployment(on('2027-06-01'), a.deployment.id)
    await logWork(on('2027-06-10'), {id: a.deployment.id, kind: 'visit', halfDays: 4})
    capacity = (await t.registry.read((repos) => capacityOf(repos, [leaderId], '2027-06-10'))).get(leaderId)!
    // 2 of A's days delivered in 2026/27; what is left goes 0.5 to 2026/27 (its 2.5 share less the
    // 2 delivered) and 1.5 to 2027/28.
    expect(capacity.get(2026)).toMatchObject({held: 6, committed: 1, delivered: 4, free: 20 - 6 - 1 - 4})
    expect(capacity.get(2027)).toMatchObject({held: 0, committed: 3, delivered: 0, free: 10 - 3})

    // Delivery after the boundary counts in 2027/28 and reduces what is still committed there.
    await logWork(on('2027-09-15'), {id: a.deployment.id, kind: 'visit', halfDays: 2})
    capacity = (await t.registry.read((repos) => capacityOf(repos, [leaderId], '2027-09-15'))).get(leaderId)!
    expect(capacity.get(2026)).toMatchObject({committed: 1, delivered: 4})
    expect(capacity.get(2027)).toMatchObject({committed: 1, delivered: 2, free: 10 - 1 - 2})

    // `leaders show` prints the same figures.
    const shown = await showLeader(on('2027-09-15'), leaderRef)
    expect(shown.capacity).toEqual([...capacity.values()])
  })
})

describe('legacy support', () => {
  async function completedWithLegacy() {
    const need = await aNeed(910083, 4, '2027-01-04', '2027-03-26')
    const {deployment} = await createDeployment(t.context, {needId: need.id, leader: leaderRef})
    await agreeDeployment(t.context, agreement(deployment.id, {objectives: [{objective: 'A', successCriteria: 'a'}]}))
    await startDeployment(t.context, deployment.id)
    await logWork(on('2027-02-01'), {id: deployment.id, kind: 'visit', halfDays: 4})
    const completed = await completeDeployment(on('2027-03-26'), {
      id: deployment.id,
      outcomes: [{position: 1, outcome: 4, evidence: 'Screening check up 18 points'}],
      supportedHeadEvaluation: 'Excellent',
      leaderReflection: 'Keep in touch termly',
      legacy: {months: 12, checkinEveryMonths: 4, budgetHalfDays: 2},
    })
    return {deploymentId: deployment.id, linkId: completed.legacyLinkId!}
  }

  it('opens a link with termly check-ins and a day budget held in capacity while it is open', async () => {
    const {linkId} = await completedWithLegacy()
    const {links} = await listLegacy(on('2027-03-26'), {leader: leaderRef})
    expect(links).toEqual([
      expect.objectContaining({
        id: linkId,
        status: 'open',
        openedOn: '2027-03-26',
        endsOn: '2028-03-26',
        budgetHalfDays: 2,
        usedHalfDays: 0,
        nextCheckinDue: '2027-07-26',
      }),
    ])
    const legacyDays = async (today: string) => {
      const capacity = (await t.registry.read((repos) => capacityOf(repos, [leaderId], today))).get(leaderId)!
      return [...capacity.values()].reduce((sum, year) => sum + year.legacy, 0)
    }
    expect(await legacyDays('2027-03-26')).toBe(2)

    const first = await checkinLegacy(on('2027-07-27'), {id: linkId, note: 'Holding up', halfDays: 1})
    expect(first.checkins.map((checkin) => [checkin.dueOn, checkin.heldOn])).toEqual([
      ['2027-07-26', '2027-07-27'],
      ['2027-11-26', null],
      ['2028-03-26', null],
    ])
    expect(first.link.usedHalfDays).toBe(1)
    expect(await legacyDays('2027-07-27')).toBe(1)
    const second = await checkinLegacy(on('2027-11-20'), {id: linkId, halfDays: 2})
    expect(second.warnings.join()).toMatch(/uses 1.5 days of a 1-day legacy budget/)

    const due = await listDueWork(on('2028-03-20'), {withinDays: 14})
    expect(due.items.map((item) => [item.kind, item.owner, item.dueOn])).toEqual([
      ['legacy-checkin', leaderRef, '2028-03-26'],
      ['legacy-end', 'broker', '2028-03-26'],
    ])
    const ended = await endLegacy(on('2028-03-27'), {id: linkId, reason: 'Year of check-ins done'})
    expect(ended.link).toMatchObject({status: 'ended', endedOn: '2028-03-27'})
    expect(await legacyDays('2028-03-27')).toBe(0)
    expect((await brokerFailure(checkinLegacy(on('2028-03-28'), {id: linkId}))).kind).toBe('conflict')
    // The matching engine's continuity reads the completed deployment and the legacy link.
    expect(
      (await t.registry.read((repos) => repos.match.history([leaderId]))).map((row) => [row.status, row.urn]),
    ).toEqual([['completed', 910083]])
    expect(await t.registry.read((repos) => repos.match.legacyLinks([leaderId]))).toEqual([
      {leader_id: leaderId, urn: 910083, trust_code: null},
    ])
  })
})

describe('the audit log', () => {
  it('records every state change with the actor, and never a name, email or free text', async () => {
    await completedWithEverything()
    const rows = await auditRows()
    expect(rows.every((row) => row.actor === 'broker-ann')).toBe(true)
    expect(rows.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        'deployment.propose',
        'need.status',
        'deployment.agree',
        'deployment.start',
        'deployment.plan',
        'deployment.log',
        'deployment.review',
        'deployment.amend',
        'deployment.complete',
        'legacy.open',
        'legacy.checkin',
        'legacy.end',
        'deployment.cancel',
      ]),
    )
    const deploymentRows = rows.filter((row) => row.entity !== 'leader' && row.action !== 'need.add')
    const text = deploymentRows.map((row) => `${row.before_json ?? ''} ${row.after_json ?? ''}`).join('\n')
    for (const secret of [
      'Siân',
      'Milburn',
      'sh-0031@example',
      'Ann Supported-Head',
      'Bob Home-Head',
      'Observed Year 1',
      'Head prefers',
      'Screening check',
      'Excellent',
      'Keep in touch',
      'Holding up',
    ]) {
      expect(text).not.toContain(secret)
    }
    const agree = rows.find((row) => row.action === 'deployment.agree')!
    expect((JSON.parse(agree.before_json!) as {status: string}).status).toBe('proposed')
    expect(JSON.parse(agree.after_json!)).toMatchObject({
      status: 'agreed',
      signedOff: ['supportedHead', 'homeHead', 'broker'],
    })
  })

  async function completedWithEverything() {
    const rejected = await createDeployment(t.context, {needId: (await aNeed(910084)).id, leader: leaderRef})
    await cancelDeployment(t.context, {
      id: rejected.deployment.id,
      reasonCode: 'rejected-by-school',
      note: 'Head prefers someone local',
    })
    const {deployment} = await createDeployment(t.context, {needId: (await aNeed()).id, leader: leaderRef})
    await agreeDeployment(t.context, agreement(deployment.id))
    await logWork(t.context, {id: deployment.id, kind: 'visit', planned: '2027-01-14', halfDays: 2})
    await startDeployment(t.context, deployment.id)
    await logWork(on('2027-01-14'), {id: deployment.id, kind: 'visit', halfDays: 2, note: 'Observed Year 1'})
    await recordReview(on('2027-02-15'), {
      id: deployment.id,
      kind: 'mid-point',
      outcome: 'on-track',
      notes: 'Holding up well',
    })
    await amendDeployment(on('2027-02-15'), {
      id: deployment.id,
      reason: 'Bob Home-Head asked for fewer days',
      halfDays: 4,
    })
    const completed = await completeDeployment(on('2027-03-26'), {
      id: deployment.id,
      outcomes: [
        {position: 1, outcome: 4, evidence: 'Screening check up 18 points'},
        {position: 2, outcome: 3, evidence: 'Two teachers coached'},
      ],
      supportedHeadEvaluation: 'Excellent',
      leaderReflection: 'Keep in touch termly',
      legacy: {months: 12, checkinEveryMonths: 4, budgetHalfDays: 2},
    })
    await checkinLegacy(on('2027-07-26'), {id: completed.legacyLinkId!, note: 'Holding up'})
    await endLegacy(on('2027-08-01'), {id: completed.legacyLinkId!, reason: 'Siân moved post'})
  }
})
