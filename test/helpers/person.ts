import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import type {ServiceContext} from '../../src/services/context.js'
import {addLeader, updateLeader} from '../../src/services/leaders.js'
import {addNeed} from '../../src/services/needs.js'
import {seedSampleSchools} from './seed.js'

/** A leader with a full history: everything erasure and subject-access exports must find. */
export interface PersonFixture {
  leaderId: number
  otherLeaderId: number
  ref: string
  name: string
  email: string
  phone: string
  designationReferences: string[]
  homeUrn: number
  needId: number
  deploymentId: number
  rejectsPath: string
}

export const JO = {
  name: 'Josephine Bloggsworthy',
  email: 'jo.bloggsworthy@example.sch.uk',
  phone: '0191 496 0123',
  ref: 'NE-0200',
  second: 'NLE-0077',
}

/**
 * Seeds a small hub and one person with a completed deployment, ledger entries, an evaluation,
 * an objection, a match run, an unavailable period and a reject file written by an import. Free
 * text mentions her only where `mentionInFreeText` is on (the byte-level erasure test wants none).
 */
export async function seedPerson(
  context: ServiceContext,
  folder: string,
  options: {mentionInFreeText?: boolean} = {},
): Promise<PersonFixture> {
  const mention = options.mentionInFreeText ?? true
  const schools = await seedSampleSchools(context, 12)
  const homeUrn = schools[0]!.urn
  const supportedUrn = schools[3]!.urn
  const jo = await addLeader(context, {
    name: JO.name,
    email: JO.email,
    homeUrn,
    designation: {kind: 'SLE', reference: JO.ref, designatedOn: '2024-09-01'},
    specialisms: ['maths'],
    phases: ['primary'],
    releasedHalfDays: 20,
    academicYear: 2026,
    notes: 'Prefers Tuesdays',
  })
  await updateLeader(context, {
    leader: JO.ref,
    designation: {kind: 'NLE', reference: JO.second, designatedOn: '2026-09-01'},
    addSpecialisms: ['phonics'],
  })
  const sam = await addLeader(context, {
    name: 'Sam Patel',
    email: 'sam.patel@example.sch.uk',
    homeUrn: schools[1]!.urn,
    designation: {kind: 'SLE', reference: 'NE-0300'},
    specialisms: ['maths'],
    phases: ['primary'],
  })
  const need = await addNeed(context, {
    school: String(supportedUrn),
    specialisms: ['maths'],
    supportType: 'specialist',
    deliveryMode: 'in-person',
    requestedHalfDays: 8,
    windowStart: '2026-09-01',
    windowEnd: '2027-07-20',
    priority: 'high',
    reference: 'N-1',
    notes: mention ? `Asked for ${JO.name} again after last year` : 'Maths leadership',
  })
  const database = context.registry.database
  const now = '2026-10-01T09:00:00.000Z'
  const leaderId = jo.leader.id
  database.prepare('update leader_personal set phone = ? where leader_id = ?').run(JO.phone, leaderId)
  const deploymentId = Number(
    database
      .prepare(
        `insert into deployments (need_id, leader_id, urn, status, half_days, starts_on, ends_on, day_rate_pence, funding_source, created_at, updated_at)
         values (?, ?, ?, 'completed', 8, '2026-09-10', '2026-12-10', 45000, 'hub', ?, ?)`,
      )
      .run(need.need.id, leaderId, supportedUrn, now, now).lastInsertRowid,
  )
  database
    .prepare(
      `insert into ledger_entries (deployment_id, leader_id, entry, activity, on_date, half_days, note, created_at) values (?, ?, 'delivered', 'visit', '2026-09-17', 2, ?, ?)`,
    )
    .run(deploymentId, leaderId, mention ? `${JO.name} observed two lessons` : 'Observed two lessons', now)
  database
    .prepare(
      `insert into deployment_objectives (deployment_id, position, objective, outcome) values (?, 1, 'Raise attainment in maths', 3)`,
    )
    .run(deploymentId)
  database
    .prepare(
      `insert into evaluations (deployment_id, evaluated_on, supported_head_evaluation, leader_reflection) values (?, '2026-12-15', ?, 'Good progress')`,
    )
    .run(deploymentId, mention ? `Ms Bloggsworthy was excellent` : 'Excellent support')
  database
    .prepare(
      `insert into objections (urn, leader_id, reason, objected_on) values (?, ?, 'previous conflict', '2026-05-01')`,
    )
    .run(schools[5]!.urn, leaderId)
  database
    .prepare(
      `insert into unavailability (leader_id, starts_on, ends_on, reason) values (?, '2027-01-01', '2027-02-01', 'surgery')`,
    )
    .run(leaderId)
  await context.registry.write((repos) =>
    repos.match.recordRun({
      createdAt: now,
      asOf: '2026-10-01',
      strategy: 'optimal',
      version: 'test',
      inputHash: 'x',
      configJson: '{}',
      totalsJson: '{}',
      resultsJson: JSON.stringify({
        proposals: [
          {needId: need.need.id, leader: {id: leaderId, ref: JO.ref}, alternates: [{ref: 'NE-0300', score: 0.4}]},
          {needId: 99, leader: {id: sam.leader.id, ref: 'NE-0300'}, alternates: [{ref: JO.ref, score: 0.3}]},
        ],
        unmatched: [{needId: 98, reasons: [`${JO.ref} has no days left`, 'NE-0300 is too far']}],
        warnings: [],
      }),
    }),
  )
  const rejectsPath = join(folder, 'leaders.rejected.csv')
  writeFileSync(
    rejectsPath,
    `\uFEFFFull name,Email address,Ref,Rejected because\r\n${JO.name},${JO.email},${JO.ref},Phase: unknown phase\r\nSam Patel,sam.patel@example.sch.uk,NE-0300,Phase: unknown phase\r\n`,
    {mode: 0o600},
  )
  database
    .prepare(
      `insert into import_runs (kind, file_name, file_hash, started_at, status, counts_json, rejects_path) values ('leaders', 'leaders.csv', 'h', ?, 'imported', '{}', ?)`,
    )
    .run(now, rejectsPath)
  return {
    leaderId,
    otherLeaderId: sam.leader.id,
    ref: JO.ref,
    name: JO.name,
    email: JO.email,
    phone: JO.phone,
    designationReferences: [JO.ref, JO.second],
    homeUrn,
    needId: need.need.id,
    deploymentId,
    rejectsPath,
  }
}
