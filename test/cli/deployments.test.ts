import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import Database from 'better-sqlite3'
import {parse} from 'csv-parse/sync'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {DueListing} from '../../src/cli/due-actions.js'
import type {MatchResult} from '../../src/commands/match.js'
import {Registry} from '../../src/db/registry.js'
import type {DeploymentDetail, DeploymentList} from '../../src/services/deployment-views.js'
import type {CompleteResult, LogResult, ReviewResult} from '../../src/services/deployment-work.js'
import type {DeploymentChange} from '../../src/services/deployments.js'
import type {LeaderChange, LeaderDetail} from '../../src/services/leaders.js'
import type {CheckinResult, LegacyDetail, LegacyList} from '../../src/services/legacy.js'
import type {AddNeedResult, NeedDetail} from '../../src/services/needs.js'
import type {InitResult} from '../../src/services/registry-admin.js'
import {jsonFailure, runCli, runJson, SAMPLE, tempDir, type TempDir} from '../helpers/cli.js'
import {seedSampleSchools} from '../helpers/seed.js'

/**
 * The CLI end to end on the sample hub: from a proposal to a legacy check-in, as a hub director
 * would type it: `broker match --apply` makes the proposal.
 */

let dir: TempDir
let db: string

type Row = Record<string, string>
const sample = (file: string): Row[] =>
  parse<Row>(readFileSync(join(SAMPLE, file), 'utf8'), {columns: true, bom: true, trim: true})

function broker(args: string[], today: string) {
  return runCli(args, {cwd: dir.path, env: {BROKER_DB: db, BROKER_TODAY: today, BROKER_USER: 'hub-director'}})
}

function brokerJson<T>(args: string[], today: string): T {
  return runJson<T>(args, {cwd: dir.path, env: {BROKER_DB: db, BROKER_TODAY: today, BROKER_USER: 'hub-director'}})
}

/** Adds a sample leader through the CLI, as listed in data/sample/leaders.csv. */
function addSampleLeader(ref: string): void {
  const row = sample('leaders.csv').find((leader) => leader.Ref === ref)!
  const phases = row
    .Phase!.split(/;| and /)
    .map((phase) => phase.trim().toLowerCase())
    .filter(Boolean)
  brokerJson<LeaderChange>(
    [
      'leaders',
      'add',
      '--name',
      row['Full name']!,
      '--email',
      row['Email address']!,
      '--home',
      row['Home school URN']!,
      '--designation',
      row['Designation type']!,
      '--reference',
      ref,
      ...row['Areas of expertise']!.split(';').flatMap((area) => ['--specialism', area.trim()]),
      ...phases.flatMap((phase) => ['--phase', phase]),
      '--days',
      row['Days offered 2026/27']!,
      '--year',
      '2026/27',
    ],
    '2026-12-01',
  )
}

/** Adds a sample need through the CLI, as listed in data/sample/needs.csv; returns its id. */
function addSampleNeed(reference: string): number {
  const row = sample('needs.csv').find((need) => need.Reference === reference)!
  const type = row['Support type']!.toLowerCase()
  const result = brokerJson<AddNeedResult>(
    [
      'needs',
      'add',
      '--reference',
      reference,
      '--urn',
      row.URN!,
      '--type',
      type,
      ...(type === 'governance' ? [] : ['--specialism', row.Needs!]),
      '--days',
      row.Days!,
      '--from',
      row['Window start']!,
      '--to',
      row['Window end']!,
      '--priority',
      row.Priority!.toLowerCase(),
    ],
    '2026-12-01',
  )
  return result.need.id
}

// A governance need from the sample hub, and the NLG who will meet it.
const GOVERNANCE = 'REQ-27-022'
const governanceRow = () => sample('needs.csv').find((need) => need.Reference === GOVERNANCE)!
const schoolName = (urn: string) => sample('schools.csv').find((school) => school.URN === urn)!.EstablishmentName!

let governanceNeed: number
let phonicsNeed: number

beforeAll(async () => {
  dir = tempDir()
  db = dir.file('registry.db')
  runJson<InitResult>(['init', '--hub', 'Sample Hub'], {cwd: dir.path, env: {BROKER_DB: db}})
  const registry = await Registry.open(db)
  await seedSampleSchools({registry, actor: 'seed', today: '2026-12-01'})
  await registry.close()
  for (const ref of ['SH-0087', 'SH-0031', 'SH-0001']) addSampleLeader(ref)
  expect(governanceRow()).toMatchObject({'Support type': 'Governance', Days: '5', 'Window start': '2027-01-04'})
  governanceNeed = addSampleNeed(GOVERNANCE)
  phonicsNeed = addSampleNeed('REQ-27-001')
})
afterAll(() => dir.remove())

describe('broker deployments, from proposal to legacy check-in', () => {
  let id: number

  it('proposes an NLG for a governance need through the match, holding the need and the days', () => {
    const match = brokerJson<MatchResult>(['match', '--need', String(governanceNeed), '--apply'], '2027-01-04')
    expect(match.proposals).toHaveLength(1)
    expect(match.proposals[0]!.leader.ref).toBe('SH-0087')
    id = match.applied!.proposed[0]!.deploymentId
    const created = brokerJson<DeploymentDetail>(['deployments', 'show', String(id)], '2027-01-04')
    expect(created.deployment).toMatchObject({
      status: 'proposed',
      leaderRef: 'SH-0087',
      urn: Number(governanceRow().URN),
      halfDays: 10,
      holdExpiresOn: '2027-01-25',
    })
    expect(brokerJson<NeedDetail>(['needs', 'show', String(governanceNeed)], '2027-01-04').need.status).toBe('proposed')
    const list = broker(['deployments', 'list', '--wide'], '2027-01-04')
    expect(list.status).toBe(0)
    expect(list.stdout).toMatch(
      new RegExp(
        `${id}\\s+proposed\\s+SH-0087 Una Patel\\s+${schoolName(governanceRow().URN!)} \\(${governanceRow().URN}\\)`,
      ),
    )
  })

  it('refuses to start a proposal with exit 1 and says what to do', () => {
    const result = broker(['deployments', 'start', String(id)], '2027-01-04')
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(`Deployment ${id} is proposed; only agreed deployments can be started.`)
    expect(result.stderr).toMatch(/Try: Agree it first/)
    const json = broker(['deployments', 'start', String(id), '--json'], '2027-01-04')
    expect(json.stdout).toBe('')
    expect(jsonFailure(json)).toMatchObject({kind: 'refused', exitCode: 1})
  })

  it('names a missing sign-off with exit 2, and unpaired objectives too', () => {
    const missing = broker(
      [
        'deployments',
        'agree',
        String(id),
        '--objective',
        'A',
        '--criteria',
        'a',
        '--rate',
        '0',
        '--funding',
        'dfe-grant',
        '--home-head-signoff',
        'B',
      ],
      '2027-01-05',
    )
    expect(missing.status).toBe(2)
    expect(missing.stderr).toMatch(/supported-head-signoff/)
    const unpaired = broker(
      [
        'deployments',
        'agree',
        String(id),
        '--objective',
        'A',
        '--objective',
        'B',
        '--criteria',
        'a',
        '--rate',
        '0',
        '--funding',
        'dfe-grant',
        '--supported-head-signoff',
        'A',
        '--home-head-signoff',
        'B',
      ],
      '2027-01-05',
    )
    expect(unpaired.status).toBe(2)
    expect(unpaired.stderr).toMatch(/2 --objective and 1 --criteria/)
    const badRate = broker(
      [
        'deployments',
        'agree',
        String(id),
        '--objective',
        'A',
        '--criteria',
        'a',
        '--rate',
        'lots',
        '--funding',
        'dfe-grant',
        '--supported-head-signoff',
        'A',
        '--home-head-signoff',
        'B',
      ],
      '2027-01-05',
    )
    expect(badRate.status).toBe(2)
  })

  it('agrees objectives, days, dates, money and sign-offs', () => {
    const agreed = brokerJson<DeploymentChange>(
      [
        'deployments',
        'agree',
        String(id),
        '--objective',
        'The board understands its statutory duties',
        '--criteria',
        'Skills audit complete; training plan agreed',
        '--objective',
        'Clerking meets the standard',
        '--criteria',
        'Minutes record challenge',
        '--from',
        '2027-01-11',
        '--to',
        '2027-04-30',
        '--rate',
        '0',
        '--funding',
        'dfe-grant',
        '--programme',
        'NLG funded offer',
        '--grant-ref',
        'NLG-27-009',
        '--payer',
        'DfE',
        '--supported-head-signoff',
        'Chair of governors, 2027-01-08',
        '--home-head-signoff',
        'Head of Holy Trinity, 2027-01-08',
      ],
      '2027-01-08',
    )
    expect(agreed.deployment).toMatchObject({
      status: 'agreed',
      startsOn: '2027-01-11',
      endsOn: '2027-04-30',
      midReviewOn: '2027-03-08',
      fundingProgramme: 'NLG funded offer',
      signoffs: {broker: 'hub-director'},
    })
    expect(brokerJson<NeedDetail>(['needs', 'show', String(governanceNeed)], '2027-01-08').need.status).toBe(
      'in-deployment',
    )
  })

  it('plans a visit, starts, and shows the visit record overdue 5 working days later', () => {
    broker(['deployments', 'log', String(id), '--planned', '2027-01-20', '--days', '1'], '2027-01-08')
    expect(broker(['deployments', 'start', String(id)], '2027-01-11').status).toBe(0)
    const soon = brokerJson<DueListing>(['due'], '2027-01-25')
    expect(soon.items.filter((item) => item.kind === 'visit-record')).toEqual([
      expect.objectContaining({
        dueOn: '2027-01-27',
        state: 'due-soon',
        owner: 'SH-0087',
        plannedOn: '2027-01-20',
        action: `broker deployments log ${id} --on 2027-01-20 --days N`,
      }),
    ])
    const late = broker(['due', '--overdue', '--wide'], '2027-01-28')
    expect(late.status).toBe(0)
    expect(late.stdout).toMatch(/SH-0087 Una Patel — 1 overdue/)
    expect(late.stdout).toMatch(/2027-01-27 overdue .*Record the visit planned for 2027-01-20/)
  })

  it('logs the visit and the initial report, which starts the 4-month progress review', () => {
    const visit = brokerJson<LogResult>(
      ['deployments', 'log', String(id), '--on', '2027-01-20', '--days', '1', '--note', 'Met the chair and clerk'],
      '2027-01-28',
    )
    expect(visit).toMatchObject({deliveredHalfDays: 2, agreedHalfDays: 10})
    const report = brokerJson<LogResult>(
      ['deployments', 'log', String(id), '--kind', 'initial-report', '--on', '2027-01-29', '--days', '1'],
      '2027-01-29',
    )
    expect(report.progressReviewDueOn).toBe('2027-05-29')
    expect(brokerJson<DueListing>(['due', '--overdue'], '2027-01-29').items).toEqual([])
    expect(broker(['deployments', 'log', String(id), '--days', '1.3'], '2027-01-29').status).toBe(2)
    expect(broker(['deployments', 'log', String(id), '--on', '2027-02-30', '--days', '1'], '2027-01-29').status).toBe(2)
    const future = broker(['deployments', 'log', String(id), '--on', '2027-02-05', '--days', '1'], '2027-01-29')
    expect(future.status).toBe(3)
    expect(future.stderr).toMatch(/--planned 2027-02-05/)
    const beforeStart = broker(['deployments', 'log', String(id), '--on', '2026-01-01', '--days', '1'], '2027-01-29')
    expect(beforeStart.status).toBe(1)
    expect(beforeStart.stderr).toContain(
      `Deployment ${id} starts on 2027-01-11; delivered work cannot be dated before that (2026-01-01). Nothing was recorded.`,
    )
    expect(beforeStart.stderr).toMatch(
      new RegExp(`Try: .*amend the dates first \\(\`broker deployments amend ${id} --from 2026-01-01`),
    )
    expect(brokerJson<DeploymentDetail>(['deployments', 'show', String(id)], '2027-01-29').deliveredHalfDays).toBe(4)
  })

  it('records the mid-point review and varies the agreement with a reason', () => {
    expect(
      brokerJson<ReviewResult>(
        ['deployments', 'review', String(id), '--outcome', 'on-track', '--notes', 'Exit: chair leads the skills audit'],
        '2027-03-08',
      ).review,
    ).toMatchObject({kind: 'mid-point', dueOn: '2027-03-08', heldOn: '2027-03-08'})
    // People read the terms in words; --json keeps the field names.
    const amended = broker(
      ['deployments', 'amend', String(id), '--days', '4', '--reason', 'Board asked for a second training evening'],
      '2027-03-08',
    )
    expect(amended.status, amended.stderr).toBe(0)
    expect(amended.stdout).toMatch(/; varied days\n$/)
    const unchanged = broker(
      ['deployments', 'amend', String(id), '--days', '4', '--reason', 'Again', '--json'],
      '2027-03-08',
    )
    expect(jsonFailure(unchanged).message).toMatch(/Nothing to change/)
    const refusedAmend = broker(
      ['deployments', 'amend', String(id), '--days', '40', '--reason', 'Too much'],
      '2027-03-08',
    )
    expect(refusedAmend.status).toBe(1)
    expect(refusedAmend.stderr).toMatch(/overcommit SH-0087/)
    const over = broker(['deployments', 'log', String(id), '--on', '2027-03-10', '--days', '3'], '2027-03-10')
    expect(over.status).toBe(0)
    expect(over.stderr).toMatch(/Warning: This takes delivered days to 5, beyond the 4 agreed/)
  })

  it('completes with outcomes, evaluation and reflection, and opens a legacy link', () => {
    const incomplete = broker(
      [
        'deployments',
        'complete',
        String(id),
        '--outcome',
        '1=met',
        '--evidence',
        '1=Audit done',
        '--evaluation',
        'Useful',
        '--reflection',
        'Fine',
      ],
      '2027-04-30',
    )
    expect(incomplete.status).toBe(3)
    expect(incomplete.stderr).toMatch(/missing for 2 \("Clerking meets the standard"\)/)
    const completed = brokerJson<CompleteResult>(
      [
        'deployments',
        'complete',
        String(id),
        '--outcome',
        '1=met',
        '--evidence',
        '1=Skills audit done; plan adopted in March',
        '--outcome',
        '2=partly-met',
        '--evidence',
        '2=Minutes improved, challenge still thin',
        '--evaluation',
        'The board is sharper and knows its duties',
        '--reflection',
        'Meet the clerk earlier next time',
        '--legacy-months',
        '12',
        '--checkin-every',
        '4',
        '--legacy-days',
        '1',
      ],
      '2027-04-30',
    )
    expect(completed.deployment.status).toBe('completed')
    expect(completed.legacyLinkId).toEqual(expect.any(Number))
    expect(brokerJson<NeedDetail>(['needs', 'show', String(governanceNeed)], '2027-04-30').need.status).toBe('closed')
    const cancelAfter = broker(['deployments', 'cancel', String(id), '--reason', 'need-met'], '2027-05-01')
    expect(cancelAfter.status).toBe(1)
  })

  it('keeps the progress review due after completion, and records it', () => {
    const due = brokerJson<DueListing>(['due', '--owner', 'SH-0087', '--within', '30'], '2027-05-10')
    expect(due.items.map((item) => [item.kind, item.dueOn])).toEqual([['progress-review', '2027-05-29']])
    expect(
      brokerJson<ReviewResult>(
        ['deployments', 'review', String(id), '--kind', 'progress', '--outcome', 'on-track'],
        '2027-05-28',
      ).review.heldOn,
    ).toBe('2027-05-28')
  })

  it('lists the legacy link, records a check-in against its budget, and ends it', () => {
    const {links} = brokerJson<LegacyList>(['legacy', 'list'], '2027-08-31')
    expect(links).toEqual([
      expect.objectContaining({
        leaderRef: 'SH-0087',
        urn: Number(governanceRow().URN),
        openedOn: '2027-04-30',
        endsOn: '2028-04-30',
        budgetHalfDays: 2,
        nextCheckinDue: '2027-08-30',
      }),
    ])
    const linkId = links[0]!.id
    const due = brokerJson<DueListing>(['due'], '2027-08-31')
    expect(due.items.map((item) => [item.kind, item.owner, item.state])).toEqual([
      ['legacy-checkin', 'SH-0087', 'overdue'],
    ])
    const checkin = brokerJson<CheckinResult>(
      ['legacy', 'checkin', String(linkId), '--days', '0.5', '--note', 'Chair confident; clerk trained'],
      '2027-09-02',
    )
    expect(checkin.link).toMatchObject({usedHalfDays: 1, nextCheckinDue: '2027-12-30'})
    const human = broker(['legacy', 'list', '--status', 'any', '--wide'], '2027-09-02')
    expect(human.stdout).toMatch(
      new RegExp(
        `SH-0087 Una Patel\\s+${schoolName(governanceRow().URN!)} \\(${governanceRow().URN}\\)\\s+deployment \\d+\\s+2027-04-30 → 2028-04-30\\s+0.5/1\\s+2027-12-30`,
      ),
    )
    expect(
      brokerJson<LegacyDetail>(['legacy', 'end', String(linkId), '--reason', 'Board self-sufficient'], '2027-12-01')
        .link.status,
    ).toBe('ended')
    expect(broker(['legacy', 'checkin', String(linkId)], '2027-12-02').status).toBe(1)
  })

  it('shows the whole record: agreement and variation, ledger, cost, reviews, evaluation, legacy', () => {
    const detail = brokerJson<DeploymentDetail>(['deployments', 'show', String(id)], '2027-12-02')
    expect(detail).toMatchObject({
      agreedHalfDays: 8,
      deliveredHalfDays: 10,
      remainingHalfDays: 0,
      deliveredCostPence: 0,
    })
    expect(detail.variations.map((variation) => [variation.kind, variation.after.halfDays])).toEqual([
      ['agreement', 10],
      ['variation', 8],
    ])
    expect(detail.reviews.map((review) => [review.kind, review.heldOn])).toEqual([
      ['mid-point', '2027-03-08'],
      ['progress', '2027-05-28'],
    ])
    // Each step is dated by BROKER_TODAY on the day it was recorded, not by the machine's clock.
    expect(detail.deployment).toMatchObject({
      proposedOn: '2027-01-04',
      agreedOn: '2027-01-08',
      startedOn: '2027-01-11',
      closedOn: '2027-04-30',
    })
    expect(detail.variations.map((variation) => [variation.variedOn, variation.kind])).toEqual([
      ['2027-01-08', 'agreement'],
      ['2027-03-08', 'variation'],
    ])
    const human = broker(['deployments', 'show', String(id)], '2027-12-02')
    for (const heading of ['Objectives', 'Days ledger', 'Reviews', 'Agreement and variations', 'Evaluation', 'Legacy'])
      expect(human.stdout).toContain(heading)
    expect(human.stdout).toMatch(/2027-01-08\s+agreement\s+5\s/)
    expect(human.stdout).toMatch(/2027-03-08\s+variation\s+4\s+2027-01-11 → 2027-04-30\s+£0\.00\s+days\s+Board asked/)
    expect(human.stdout).toMatch(/Partly met/)
    const leader = brokerJson<LeaderDetail>(['leaders', 'show', 'SH-0087'], '2027-12-02')
    expect(leader.capacity.find((year) => year.academicYear === 2026)).toMatchObject({
      released: 10,
      delivered: 10,
      committed: 0,
      held: 0,
    })
  })

  it('kept an audit trail under the acting user, without names', () => {
    const database = new Database(db, {readonly: true})
    const rows = database
      .prepare(
        "select actor, action, after_json from audit_log where entity in ('deployment', 'legacy_link') order by id",
      )
      .all() as {actor: string; action: string; after_json: string}[]
    database.close()
    expect(new Set(rows.map((row) => row.actor))).toEqual(new Set(['hub-director']))
    expect(rows.map((row) => row.action)).toEqual([
      'deployment.propose',
      'deployment.agree',
      'deployment.plan',
      'deployment.start',
      'deployment.log',
      'deployment.log',
      'deployment.review',
      'deployment.amend',
      'deployment.log',
      'legacy.open',
      'deployment.complete',
      'deployment.review',
      'legacy.checkin',
      'legacy.end',
    ])
    expect(rows.map((row) => row.after_json).join()).not.toMatch(/Una Patel|Chair of governors|Met the chair/)
  })
})

describe('broker deployments, when a school says no', () => {
  it('reopens the need on a rejection, and the need can be proposed again', () => {
    const first = brokerJson<DeploymentChange>(
      ['deployments', 'create', '--need', String(phonicsNeed), '--leader', 'SH-0031'],
      '2027-01-04',
    )
    const badReason = broker(['deployments', 'cancel', String(first.deployment.id), '--reason', 'bored'], '2027-01-05')
    expect(badReason.status).toBe(2)
    const cancelled = brokerJson<DeploymentChange>(
      [
        'deployments',
        'cancel',
        String(first.deployment.id),
        '--reason',
        'rejected-by-school',
        '--note',
        'Prefers a Reading Hub lead',
      ],
      '2027-01-05',
    )
    expect(cancelled.deployment).toMatchObject({status: 'cancelled', statusReasonCode: 'rejected-by-school'})
    const reopened = brokerJson<NeedDetail>(['needs', 'show', String(phonicsNeed)], '2027-01-05').need
    expect(reopened.status).toBe('open')
    expect(reopened.statusReason).toMatch(/rejected-by-school/)
    const second = brokerJson<DeploymentChange>(
      ['deployments', 'create', '--need', String(phonicsNeed), '--leader', 'SH-0001', '--hold-until', '2027-01-12'],
      '2027-01-05',
    )
    expect(second.deployment).toMatchObject({status: 'proposed', holdExpiresOn: '2027-01-12'})
    const all = brokerJson<DeploymentList>(
      ['deployments', 'list', '--status', 'any', '--need', String(phonicsNeed)],
      '2027-01-05',
    )
    expect(all.deployments.map((deployment) => deployment.status)).toEqual(['cancelled', 'proposed'])
    const expired = brokerJson<DueListing>(['due', '--owner', 'broker'], '2027-01-13')
    expect(expired.items).toEqual([
      expect.objectContaining({kind: 'proposal-hold', state: 'overdue', deploymentId: second.deployment.id}),
    ])
  })

  it('explains an unknown deployment with exit 1', () => {
    const result = broker(['deployments', 'show', '999'], '2027-01-05')
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/There is no deployment 999/)
  })
})
