import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {ServiceContext} from '../../src/services/context.js'
import {completeDeployment, logWork, recordReview} from '../../src/services/deployment-work.js'
import {
  agreeDeployment,
  amendDeployment,
  cancelDeployment,
  createDeployment,
  startDeployment,
} from '../../src/services/deployments.js'
import {addLeader, updateLeader} from '../../src/services/leaders.js'
import {checkinLegacy, endLegacy} from '../../src/services/legacy.js'
import {addNeed, endNeed, updateNeed} from '../../src/services/needs.js'
import {recordObjection} from '../../src/services/schools.js'
import {stringMatching} from '../helpers/matchers.js'
import {openTestRegistry, type TestRegistry} from '../helpers/registry.js'
import {seedSampleSchools} from '../helpers/seed.js'

let t: TestRegistry
beforeEach(async () => {
  t = await openTestRegistry({today: '2027-01-04', actor: 'broker-ann'})
  await seedSampleSchools(t.context)
})
afterEach(async () => t?.close())

const on = (today: string): ServiceContext => ({...t.context, today})

/** Every text below that a person types holds this word, so one search finds any of it. */
const WORD = 'Quillon'

interface AuditRow {
  action: string
  before_json: string | null
  after_json: string | null
}

const auditRows = () =>
  t.registry.database.prepare('select action, before_json, after_json from audit_log order by id').all() as AuditRow[]

async function aNeed(extra: {notes?: string; source?: string} = {}) {
  const {need} = await addNeed(t.context, {
    school: '910083',
    specialisms: ['phonics'],
    supportType: 'specialist',
    deliveryMode: 'in-person',
    requestedHalfDays: 6,
    windowStart: '2027-01-04',
    windowEnd: '2027-03-26',
    priority: 'high',
    ...extra,
  })
  return need
}

/** Writes every kind of free text broker takes (names, emails, notes, reasons, objectives, evidence ...) through the services. */
async function writeEveryKindOfFreeText(): Promise<void> {
  await addLeader(t.context, {
    name: 'Ottilie Quillon',
    email: 'o.quillon@example.org',
    homeUrn: 910136,
    designation: {kind: 'SLE', reference: 'QN-1'},
    specialisms: ['phonics'],
    phases: ['primary'],
    releasedHalfDays: 30,
    academicYear: 2026,
    notes: 'Quillon prefers mornings',
  })
  await updateLeader(t.context, {
    leader: 'QN-1',
    name: 'Ottilie Quillon-Smith',
    email: 'ottilie.quillon@example.org',
    notes: 'Quillon notes, edited',
    designation: {kind: 'NLE', reference: 'QN-2', status: 'lapsed', statusReason: 'Quillon let it lapse'},
    addUnavailable: {startsOn: '2027-05-03', endsOn: '2027-05-14', reason: 'Quillon surgery'},
  })
  await recordObjection(t.context, {
    school: '910084',
    leader: 'QN-1',
    reason: 'Quillon taught here before',
    objectedOn: '2027-01-04',
    withdraw: false,
  })

  const need = await aNeed({notes: 'Quillon asked for phonics help', source: 'Quillon, LA adviser'})
  await updateNeed(t.context, {need: String(need.id), notes: 'Quillon notes, changed', source: 'Quillon diocese'})
  await endNeed(t.context, {need: String((await aNeed()).id), status: 'closed', reason: 'Quillon found help elsewhere'})
  await endNeed(t.context, {
    need: String((await aNeed()).id),
    status: 'withdrawn',
    reason: 'Quillon withdrew the request',
  })

  const cancelled = await createDeployment(t.context, {needId: (await aNeed()).id, leader: 'QN-1'})
  await cancelDeployment(t.context, {
    id: cancelled.deployment.id,
    reasonCode: 'rejected-by-school',
    note: 'Quillon head prefers someone local',
  })

  const {deployment} = await createDeployment(t.context, {needId: need.id, leader: 'QN-1'})
  await agreeDeployment(t.context, {
    id: deployment.id,
    objectives: [
      {objective: 'Quillon objective: phonics is consistent', successCriteria: 'Quillon criteria: 90% secure'},
    ],
    dayRatePence: 45000,
    fundingSource: 'dfe-grant',
    fundingProgramme: 'Quillon programme',
    grantReference: 'PH-27-001',
    payer: 'Quillon Trust',
    supportedHeadSignoff: 'Quillon Supported-Head, 2027-01-05',
    homeHeadSignoff: 'Quillon Home-Head, 2027-01-05',
    brokerSignoff: 'Quillon Broker',
  })
  await logWork(t.context, {id: deployment.id, kind: 'visit', planned: '2027-01-14', halfDays: 2})
  await startDeployment(t.context, deployment.id)
  await logWork(on('2027-01-14'), {id: deployment.id, kind: 'visit', halfDays: 2, note: 'Quillon observed Year 1'})
  await recordReview(on('2027-02-15'), {
    id: deployment.id,
    kind: 'mid-point',
    outcome: 'on-track',
    notes: 'Quillon review notes',
  })
  await amendDeployment(on('2027-02-15'), {
    id: deployment.id,
    reason: 'Quillon asked for fewer days',
    halfDays: 4,
    payer: 'Quillon Academy Trust',
    fundingProgramme: 'Quillon programme 2',
  })
  const completed = await completeDeployment(on('2027-03-26'), {
    id: deployment.id,
    outcomes: [{position: 1, outcome: 4, evidence: 'Quillon evidence: screening check up'}],
    supportedHeadEvaluation: 'Quillon evaluation: excellent',
    leaderReflection: 'Quillon reflection: keep in touch',
    legacy: {months: 12, checkinEveryMonths: 4, budgetHalfDays: 2},
  })
  await checkinLegacy(on('2027-07-26'), {id: completed.legacyLinkId!, note: 'Quillon check-in note'})
  await endLegacy(on('2027-08-01'), {id: completed.legacyLinkId!, reason: 'Quillon moved post'})
}

describe('the audit log', () => {
  it('holds no free text, name or email written through any command: only the names of the fields that held text', async () => {
    await writeEveryKindOfFreeText()
    const rows = auditRows()
    // Every kind of change was audited ...
    expect(new Set(rows.map((row) => row.action))).toEqual(
      new Set([
        'leader.add',
        'leader.update',
        'objection.record',
        'need.add',
        'need.update',
        'need.close',
        'need.withdraw',
        'need.status',
        'deployment.propose',
        'deployment.cancel',
        'deployment.agree',
        'deployment.plan',
        'deployment.start',
        'deployment.log',
        'deployment.review',
        'deployment.amend',
        'deployment.complete',
        'legacy.open',
        'legacy.checkin',
        'legacy.end',
      ]),
    )
    // ... and the whole table holds none of the words people typed (the registry's own tables do).
    const whole = JSON.stringify(t.registry.database.prepare('select * from audit_log').all())
    expect(whole.toLowerCase()).not.toContain(WORD.toLowerCase())
    const tables = JSON.stringify(t.registry.database.prepare('select notes, source, status_reason from needs').all())
    expect(tables).toContain(WORD)

    const entry = (action: string) => rows.find((row) => row.action === action)!
    const json = (text: string | null) => JSON.parse(text ?? 'null') as unknown
    expect(json(entry('need.update').before_json)).toEqual({textWithheld: ['source', 'notes']})
    expect(json(entry('need.update').after_json)).toEqual({textWithheld: ['source', 'notes']})
    expect(json(entry('need.close').after_json)).toEqual({status: 'closed', textWithheld: ['statusReason']})
    expect(json(entry('need.add').after_json)).toMatchObject({
      deliveryMode: 'in-person',
      requestedHalfDays: 6,
      priority: 'high',
      textWithheld: ['source', 'notes'],
    })
    expect(json(entry('objection.record').after_json)).toMatchObject({
      objectedOn: '2027-01-04',
      textWithheld: ['reason'],
    })
    expect(json(entry('deployment.agree').after_json)).toMatchObject({
      status: 'agreed',
      grantReference: 'PH-27-001',
      textWithheld: ['fundingProgramme', 'payer'],
    })
    expect(json(entry('need.status').after_json)).toMatchObject({
      status: 'proposed',
      cause: stringMatching(/^proposed: deployment \d+$/),
    })
  })

  it('keeps an empty free-text field as null, so adding and clearing text still show', async () => {
    const need = await aNeed()
    await updateNeed(t.context, {need: String(need.id), notes: 'Quillon wrote this'})
    await updateNeed(t.context, {need: String(need.id), notes: null})
    const updates = auditRows().filter((row) => row.action === 'need.update')
    expect(
      updates.map((row) => [JSON.parse(row.before_json!) as unknown, JSON.parse(row.after_json!) as unknown]),
    ).toEqual([
      [{notes: null}, {textWithheld: ['notes']}],
      [{textWithheld: ['notes']}, {notes: null}],
    ])
  })
})
