import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runJson, tempDir, type TempDir} from '../helpers/cli.js'
import {sampleHubRegistry} from '../helpers/seed.js'
import {CAN_DRIVE_TERMINAL, runInTerminal} from '../helpers/terminal.js'

let dir: TempDir
let env: Record<string, string>
let needs: number[]

beforeAll(async () => {
  dir = tempDir()
  const path = await sampleHubRegistry(dir)
  env = {BROKER_DB: path, BROKER_TODAY: '2026-12-01', BROKER_USER: 'director'}
  const plan = runJson<{proposals: {needId: number}[]}>(['match'], {env})
  needs = plan.proposals.slice(0, 2).map((proposal) => proposal.needId)
}, 120_000)
afterAll(() => dir.remove())

const DOWN = '\u001b[B'
type Deployment = {
  id: number
  needId: number
  leaderRef: string
  status: string
  statusReasonCode: string | null
  statusReason: string | null
}
const deployments = () =>
  runJson<{deployments: Deployment[]}>(['deployments', 'list', '--status', 'any', '--limit', '0'], {env}).deployments

describe.skipIf(!CAN_DRIVE_TERMINAL)('broker match --interactive, at a terminal', () => {
  it('exits 130 on Ctrl+C with nothing applied', () => {
    const result = runInTerminal(
      ['match', '--need', String(needs[0]), '--interactive'],
      [{expect: `Need ${needs[0]}, `, send: '\u0003'}],
      env,
    )
    expect(result.failure).toBeNull()
    expect(result.status).toBe(130)
    expect(result.output).not.toMatch(/\s+at .*\.js:\d+/)
    expect(deployments()).toEqual([])
  })

  it('applies what the director accepts and records what they reject, with the reason', () => {
    const [accepted, rejected] = needs as [number, number]
    const result = runInTerminal(
      ['match', '--need', String(accepted), '--need', String(rejected), '--interactive'],
      [
        {expect: `Need ${accepted}, `, send: '\r'},
        {expect: `Need ${rejected}, `, send: `${DOWN}\r`, fresh: true},
        {expect: 'Why is this proposal rejected\\?', send: 'The head has worked with them before\r'},
        {expect: 'Propose 1 deployment and record 1 rejection\\?', send: '\r'},
      ],
      env,
    )
    expect(result.failure).toBeNull()
    expect(result.status).toBe(0)
    expect(result.output).toMatch(/Proposed 1 deployment from match run \d+/)
    const byNeed = new Map(deployments().map((deployment) => [deployment.needId, deployment]))
    expect(byNeed.get(accepted)?.status).toBe('proposed')
    expect(byNeed.get(rejected)).toMatchObject({
      status: 'cancelled',
      statusReasonCode: 'rejected-by-broker',
      statusReason: 'The head has worked with them before',
    })
    // The need is open again, and the leader rejected for it is never proposed for it again.
    const again = runJson<{proposals: {needId: number; leader: {ref: string}}[]; unmatched: {needId: number}[]}>(
      ['match', '--need', String(rejected)],
      {env},
    )
    expect(again.proposals.length + again.unmatched.length).toBe(1)
    expect(again.proposals[0]?.leader.ref).not.toBe(byNeed.get(rejected)!.leaderRef)
  })
})
