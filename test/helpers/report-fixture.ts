import type {MatchResult} from '../../src/commands/match.js'
import {Registry} from '../../src/db/registry.js'
import type {LegacyList} from '../../src/services/legacy.js'
import type {InitResult} from '../../src/services/registry-admin.js'
import {runCli, runJson} from './cli.js'
import {seedSampleHub} from './seed.js'

/**
 * The sample hub with a term of real work, made as a hub director would: `broker match --apply`
 * on 2026-12-01, then agreements, a variation, visits, reviews, completions, a rejection, an early end and a
 * legacy check-in through the `broker deployments` and `broker legacy` commands, and a second
 * match run in January. Every report has content to show.
 */

export interface ReportFixture {
  db: string
  /** Deployment id by the reference of the need it serves. */
  deployments: Record<string, number>
  /** The date reports are made on. */
  today: string
}

export const REPORT_DAY = '2027-07-20'

const signoffs = [
  '--supported-head-signoff',
  'Head of the supported school, by email',
  '--home-head-signoff',
  'Head of the home school, by email',
]

export async function buildReportFixture(db: string): Promise<ReportFixture> {
  const registry = await Registry.open(db, {create: true})
  await seedSampleHub({registry, actor: 'seed', today: '2026-12-01'})
  await registry.close()

  const env = (today: string) => ({env: {BROKER_DB: db, BROKER_TODAY: today, BROKER_USER: 'hub-director'}})
  const json = <T>(args: string[], today: string) => runJson<T>(args, env(today))
  const run = (args: string[], today: string) => {
    const result = runCli(args, env(today))
    if (result.status !== 0) throw new Error(`broker ${args.join(' ')} exited ${result.status}\n${result.stderr}`)
  }

  json<InitResult>(['init', '--hub', 'Sample Teaching School Hub'], '2026-12-01')
  const match = json<MatchResult>(['match', '--apply', '--cross-phase'], '2026-12-01')
  const needReference = new Map(match.proposals.map((proposal) => [proposal.needId, proposal.needReference]))
  const deployments: Record<string, number> = {}
  for (const proposed of match.applied!.proposed)
    deployments[needReference.get(proposed.needId)!] = proposed.deploymentId
  const id = (reference: string) => String(deployments[reference])

  // A school declines its proposed leader; the need goes back to the pool.
  run(
    [
      'deployments',
      'cancel',
      id('REQ-27-002'),
      '--reason',
      'rejected-by-school',
      '--note',
      'Prefers a phonics lead they know',
    ],
    '2026-12-10',
  )

  // Specialist support for St Mary's, paid by the school: completed, with a legacy link.
  const stMarys = id('REQ-27-005')
  run(
    [
      'deployments',
      'agree',
      stMarys,
      '--objective',
      'Maths teaching is consistent across KS3',
      '--criteria',
      '80% of lessons observed secure',
      '--objective',
      'Middle leaders own the maths plan',
      '--criteria',
      'Plan reviewed termly by the head of maths',
      '--from',
      '2027-01-11',
      '--to',
      '2027-05-28',
      '--rate',
      '450',
      '--funding',
      'school-budget',
      '--payer',
      "St Mary's High School",
      ...signoffs,
    ],
    '2027-01-06',
  )
  run(['deployments', 'start', stMarys], '2027-01-11')
  for (const [on, days, note] of [
    ['2027-01-20', '1', '=HYPERLINK("http://example.com";"notes")'],
    ['2027-02-10', '1.5', 'Observed Y8 and Y9'],
    ['2027-03-03', '2', 'Joint planning'],
    ['2027-04-21', '2', 'Coaching'],
    ['2027-05-12', '1.5', 'Review with the head'],
  ] as const) {
    run(['deployments', 'log', stMarys, '--on', on, '--days', days, '--note', note], on)
  }
  run(
    ['deployments', 'review', stMarys, '--outcome', 'on-track', '--notes', 'Exit plan: head of maths leads'],
    '2027-03-19',
  )
  run(
    [
      'deployments',
      'amend',
      stMarys,
      '--to',
      '2027-06-04',
      '--objective',
      'Maths teaching is consistent across KS3',
      '--criteria',
      '80% of lessons observed secure',
      '--objective',
      'Middle leaders own the maths plan and the summer review',
      '--criteria',
      'Plan reviewed termly by the head of maths',
      '--reason',
      'Head asked for a summer-term review',
    ],
    '2027-04-01',
  )
  run(
    [
      'deployments',
      'complete',
      stMarys,
      '--outcome',
      '1=met',
      '--evidence',
      '1=Observations in May: 84% secure',
      '--outcome',
      '2=exceeded',
      '--evidence',
      '2=Plan reviewed twice',
      '--evaluation',
      'Maths is steadier and led from within',
      '--reflection',
      'Start joint planning sooner',
      '--legacy-months',
      '12',
      '--checkin-every',
      '4',
      '--legacy-days',
      '1',
      '--on',
      '2027-05-28',
    ],
    '2027-05-28',
  )
  const {links} = json<LegacyList>(['legacy', 'list'], '2027-07-01')
  run(['legacy', 'checkin', String(links[0]!.id), '--days', '0.5', '--note', 'Head of maths confident'], '2027-07-01')

  // Funded governance support (NLG): under way.
  const redhill = id('REQ-27-007')
  run(
    [
      'deployments',
      'agree',
      redhill,
      '--objective',
      'The board understands its statutory duties',
      '--criteria',
      'Skills audit complete',
      '--from',
      '2027-01-18',
      '--to',
      '2027-07-16',
      '--rate',
      '0',
      '--funding',
      'dfe-grant',
      '--programme',
      'NLG funded offer',
      '--grant-ref',
      'NLG-27-007',
      '--payer',
      'DfE',
      ...signoffs,
    ],
    '2027-01-12',
  )
  run(['deployments', 'start', redhill], '2027-01-18')
  run(['deployments', 'log', redhill, '--on', '2027-01-25', '--days', '1'], '2027-01-25')
  run(['deployments', 'log', redhill, '--kind', 'initial-report', '--on', '2027-02-22', '--days', '1'], '2027-02-22')
  run(
    ['deployments', 'log', redhill, '--on', '2027-03-15', '--days', '1', '--note', 'Chair and clerk trained'],
    '2027-03-15',
  )

  // Maths hub support for Tanfield: completed with mixed outcomes.
  const tanfield = id('REQ-27-009')
  run(
    [
      'deployments',
      'agree',
      tanfield,
      '--objective',
      'Arithmetic fluency improves in Y4',
      '--criteria',
      'Times-table check average up 3 marks',
      '--objective',
      'Reasoning is taught weekly',
      '--criteria',
      'Books show weekly reasoning',
      '--from',
      '2027-01-11',
      '--to',
      '2027-06-25',
      '--rate',
      '350',
      '--funding',
      'dfe-grant',
      '--programme',
      'Maths hub',
      '--grant-ref',
      '+MH-27-9',
      ...signoffs,
    ],
    '2027-01-07',
  )
  run(['deployments', 'start', tanfield], '2027-01-11')
  for (const [on, days] of [
    ['2027-01-27', '2'],
    ['2027-03-10', '2'],
    ['2027-05-05', '2'],
    ['2027-06-16', '2'],
  ] as const)
    run(['deployments', 'log', tanfield, '--on', on, '--days', days], on)
  run(
    [
      'deployments',
      'complete',
      tanfield,
      '--outcome',
      '1=partly-met',
      '--evidence',
      '1=Average up 2 marks',
      '--outcome',
      '2=not-met',
      '--evidence',
      '2=Reasoning still occasional',
      '--evaluation',
      'Some gains',
      '--reflection',
      'Needed more time',
      '--on',
      '2027-06-25',
    ],
    '2027-06-25',
  )

  // Remote support for Glebe, paid by the trust: ended early when the leader fell ill.
  const glebe = id('REQ-27-013')
  run(
    [
      'deployments',
      'agree',
      glebe,
      '--objective',
      'EYFS assessment is moderated',
      '--criteria',
      'Moderation log kept',
      '--from',
      '2027-02-01',
      '--to',
      '2027-06-30',
      '--rate',
      '400',
      '--funding',
      'trust',
      ...signoffs,
    ],
    '2027-01-20',
  )
  run(['deployments', 'start', glebe], '2027-02-01')
  run(['deployments', 'log', glebe, '--on', '2027-02-15', '--days', '1.5'], '2027-02-15')
  run(['deployments', 'cancel', glebe, '--reason', 'leader-unavailable', '--note', 'Long-term illness'], '2027-03-01')

  // Agreed with the local authority to run into next year, for which no days are released yet.
  run(
    [
      'deployments',
      'agree',
      id('REQ-27-019'),
      '--objective',
      'Science curriculum is sequenced',
      '--criteria',
      'Curriculum map agreed',
      '--from',
      '2027-07-12',
      '--to',
      '2027-10-15',
      '--rate',
      '500',
      '--funding',
      'local-authority',
      '--allow-overcommit',
      ...signoffs,
    ],
    '2027-07-09',
  )

  // A second run in January explains the needs still open.
  json<MatchResult>(['match'], '2027-01-10')
  return {db, deployments, today: REPORT_DAY}
}
