import {writeFileSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {MatchResult} from '../../src/commands/match.js'
import {type AssignmentProblem, assign, columnsFrom} from '../../src/core/match/assign.js'
import type {DeploymentDetail, DeploymentList} from '../../src/services/deployment-views.js'
import type {LeaderChange} from '../../src/services/leaders.js'
import type {NeedDetail} from '../../src/services/needs.js'
import {loadHighsSolver} from '../../src/services/solver.js'
import {runCli, runJson, tempDir, type TempDir} from '../helpers/cli.js'
import {copyRegistry} from '../helpers/registry.js'
import {sampleHubRegistry} from '../helpers/seed.js'

/**
 * Every test runs on its own copy of the sample hub, so each stands alone and in any order
 * (`vitest run -t NAME`, `--sequence.shuffle`). `first` is the plan a dry run makes on an
 * untouched copy, worked out once before the tests: the same for every test whatever ran before.
 */
let dir: TempDir
let hub: string
let first: MatchResult
let copies = 0

/** The environment for a fresh copy of the sample hub, for one test to read and change. */
function freshHub(): Record<string, string> {
  copies += 1
  const path = dir.file(`hub-${copies}.db`)
  copyRegistry(hub, path)
  return {BROKER_DB: path, BROKER_TODAY: '2026-12-01', BROKER_USER: 'director'}
}

beforeAll(async () => {
  dir = tempDir()
  hub = await sampleHubRegistry(dir, 'sample-hub.db')
  first = runJson<MatchResult>(['match', '--with-candidates'], {env: freshHub()})
}, 120_000)
afterAll(() => dir.remove())

// Several tests spawn the CLI ten times or more: a generous cap, not a timing assertion.
describe('broker match on the sample hub', {timeout: 180_000}, () => {
  it('proposes an optimal plan whose total is the sum of its proposals', () => {
    expect(first.totals.needs).toBe(first.proposals.length + first.unmatched.length)
    expect(first.totals.matched).toBe(first.proposals.length)
    expect(first.proposals.length).toBeGreaterThan(10)
    expect(first.unmatched.length).toBeGreaterThan(0)
    const sum = first.proposals.reduce((total, proposal) => total + proposal.score, 0)
    expect(first.totals.score).toBeCloseTo(sum, 3)
    expect(first.totals.gap).toBeLessThanOrEqual(0.005)
    expect(first.totals.lpBound).toBeGreaterThanOrEqual(first.totals.score - 1e-6)
    expect(first.totals.score).toBeGreaterThanOrEqual(first.totals.greedyScore - 1e-9)
    for (const proposal of first.proposals) {
      expect(proposal.leader.ref).toMatch(/^SH-\d{4}$/)
      expect(proposal.leader.email).toMatch(/@example\.sch\.uk$/)
      expect(Object.keys(proposal.components).sort()).toEqual([
        'availability',
        'context',
        'continuity',
        'distance',
        'expertise',
      ])
      expect(proposal.candidates!.length).toBeGreaterThanOrEqual(1)
      expect(proposal.candidates!.some((candidate) => candidate.leader.ref === proposal.leader.ref)).toBe(true)
    }
    for (const entry of first.unmatched) expect(entry.reasons.length).toBeGreaterThan(0)
    expect(first.leaders!.length).toBeGreaterThan(50)
  })

  it('gives with --with-candidates all that re-solving the plan needs, and re-solving gives the same total', async () => {
    const entries = [...first.proposals, ...first.unmatched]
    const needIndex = new Map(entries.map((entry, index) => [entry.needId, index]))
    const leaderIndex = new Map(first.leaders!.map((leader, index) => [leader.ref, index]))
    const problem: AssignmentProblem = {
      needs: entries.map((entry) => ({
        charge: Object.entries(entry.constraints!.daysByYear).map(([year, days]) => [Number(year), days * 2] as const),
        teamId: entry.constraints!.teamNeedId,
      })),
      leaders: first.leaders!.map((leader) => ({
        free: new Map(Object.entries(leader.freeDays).map(([year, days]) => [Number(year), days * 2])),
      })),
      columns: columnsFrom(
        entries.flatMap((entry) =>
          entry.candidates!.map((candidate) => ({
            needIndex: needIndex.get(entry.needId)!,
            leaderIndex: leaderIndex.get(candidate.leader.ref)!,
            score: candidate.score,
            tieRank: 0,
          })),
        ),
      ),
      pinned: new Set(),
      maxNewPerLeader: null,
    }
    expect(
      entries.some((entry) => entry.constraints!.teamNeedId !== null),
      'the sample has a team need',
    ).toBe(true)
    const resolved = await assign(problem, {strategy: 'optimal', topK: 5, timeLimitSeconds: 20}, loadHighsSolver)
    expect(resolved.score).toBeCloseTo(first.totals.score, 4)
  })

  it('gives the same answer for the same registry and settings, and records each run', () => {
    const env = freshHub()
    const once = runJson<MatchResult>(['match', '--with-candidates'], {env})
    const again = runJson<MatchResult>(['match', '--with-candidates'], {env})
    expect(once.run.inputHash).toBe(first.run.inputHash)
    expect(again.run.inputHash).toBe(once.run.inputHash)
    expect(once.proposals.length).toBeGreaterThan(10)
    expect(again.proposals.map((p) => [p.needId, p.leader.ref])).toEqual(
      once.proposals.map((p) => [p.needId, p.leader.ref]),
    )
    expect(again.run.id).toBe(once.run.id + 1)
  })

  it('explains why a need went unmatched, with a hint', () => {
    const hard = first.unmatched.find((entry) => entry.reasons.some((reason) => /Drama/.test(reason)))
    expect(hard, 'the sample asks for Drama, which no leader covers').toBeDefined()
    expect(hard!.reasons[0]).toMatch(/no leader in the registry has Drama/)
    const tooMany = first.unmatched.find((entry) => entry.whatIf.some((hint) => /more days/.test(hint)))
    expect(tooMany, 'the sample asks for more days than anyone has').toBeDefined()
  })

  it('matches one need the same whether it reads only leaders within reach or everyone', () => {
    const env = freshHub()
    const sampled = first.proposals.slice(0, 4)
    expect(sampled).toHaveLength(4)
    for (const proposal of sampled) {
      const needId = String(proposal.needId)
      const narrowed = runJson<MatchResult>(['match', '--need', needId], {env})
      const everyone = runJson<MatchResult>(['match', '--need', needId, '--explain', needId], {env})
      expect(narrowed.proposals.length, `need ${needId} is matched`).toBeGreaterThan(0)
      expect(narrowed.proposals.map((p) => [p.leader.ref, p.score])).toEqual(
        everyone.proposals.map((p) => [p.leader.ref, p.score]),
      )
    }
  })

  it('takes needs by reference, and a team need as its places', () => {
    const env = freshHub()
    const byReference = runJson<MatchResult>(['match', '--need', 'REQ-27-009'], {env})
    expect(byReference.proposals.map((p) => p.needId)).toEqual([9])
    expect(first.proposals.some((p) => p.needId === 9)).toBe(true)
    const team = runJson<MatchResult>(['match', '--need', 'REQ-27-029'], {env})
    expect([...team.proposals, ...team.unmatched].map((entry) => entry.needId).sort()).toEqual([30, 31])
    expect(runCli(['match', '--explain', 'REQ-27-009'], {env}).stdout).toContain('Need 9 (REQ-27-009)')
  })

  it('never proposes a primary-only leader to a secondary school unless cross-phase support is turned on', () => {
    // Need 5: English and curriculum leadership at St Mary's High School, a secondary school whose
    // nearby English specialists have primary experience only.
    const held = first.unmatched.find((entry) => entry.needId === 5)
    expect(held?.cause).toBe('cross-phase')
    expect(held?.reasons[0]).toMatch(/candidates with experience of another phase only/)
    expect(held?.whatIf).toContainEqual(
      expect.stringMatching(
        /^would match .*SH-0050\)?, primary experience only, if cross-phase leadership support were allowed$/,
      ),
    )
    expect(first.run.config.crossPhaseSupport).toBe(false)
    const env = freshHub()
    const byFlag = runJson<MatchResult>(['match', '--need', '5', '--cross-phase'], {env})
    expect(byFlag.run.config.crossPhaseSupport).toBe(true)
    expect(byFlag.proposals.map((p) => [p.needId, p.leader.ref, p.context.phase])).toEqual([[5, 'SH-0050', 0.2]])
    const settings = dir.file('cross-phase.json')
    writeFileSync(settings, JSON.stringify({crossPhaseSupport: true}))
    const bySetting = runJson<MatchResult>(['match', '--need', '5', '--weights', settings], {env})
    expect(bySetting.proposals.map((p) => p.leader.ref)).toEqual(['SH-0050'])
    const printed = runCli(['match', '--need', '5'], {env})
    expect(printed.stdout.replace(/\s+/g, ' ')).toContain(
      'primary experience only, if cross-phase leadership support were allowed (--cross-phase)',
    )
  })

  it('prints the full breakdown for one need with --explain', () => {
    const needId = first.proposals[0]!.needId
    const result = runCli(['match', '--explain', String(needId)], {env: freshHub()})
    expect(result.status).toBe(0)
    expect(result.stdout).toContain(`Need ${needId}`)
    expect(result.stdout).toMatch(/Expert\s+Context/)
  })

  it('refuses bad settings and bad pairs with the right exit codes', () => {
    const env = freshHub()
    const badPin = runCli(['match', '--pin', '=SH-0001'], {env})
    expect(badPin.status).toBe(2)
    const unknownNeed = runCli(['match', '--need', 'twelve'], {env})
    expect(unknownNeed.status).toBe(1)
    expect(unknownNeed.stderr).toMatch(/There is no need with id or reference "twelve"/)
    const wholeTeam = runCli(['match', '--pin', 'REQ-27-029=SH-0015'], {env})
    expect(wholeTeam.status).toBe(2)
    expect(wholeTeam.stderr).toMatch(
      /--pin REQ-27-029=SH-0015: that need is a team of 2 places \(needs 30, 31\); pin a leader to one place/,
    )
    const weights = dir.file('weights.json')
    writeFileSync(weights, '{"weights": {"distanse": 0.5}}')
    const badWeights = runCli(['match', '--weights', weights], {env})
    expect(badWeights.status).toBe(3)
    expect(badWeights.stderr).toMatch(/distanse/)
  })

  it('honours a pin and an exclusion', () => {
    const env = freshHub()
    const proposal = first.proposals.find((entry) => entry.alternates.length > 0)!
    expect(proposal, 'a proposal with an alternate').toBeDefined()
    const alternate = proposal.alternates[0]!.leader.ref
    const pinned = runJson<MatchResult>(
      ['match', '--need', String(proposal.needId), '--pin', `${proposal.needId}=${alternate}`],
      {env},
    )
    expect(pinned.proposals[0]!.leader.ref).toBe(alternate)
    const excluded = runJson<MatchResult>(
      ['match', '--need', String(proposal.needId), '--exclude', proposal.leader.ref],
      {env},
    )
    expect(excluded.proposals.length + excluded.unmatched.length).toBe(1)
    expect(excluded.proposals[0]?.leader.ref).not.toBe(proposal.leader.ref)
  })

  it('never proposes a leader for a need whose window they are unavailable for, once recorded with leaders update', () => {
    const env = freshHub()
    const proposal = first.proposals[0]!
    const need = runJson<NeedDetail>(['needs', 'show', String(proposal.needId)], {env}).need
    const ref = proposal.leader.ref
    const period = `${need.windowStart}..${need.windowEnd}`
    const updated = runJson<LeaderChange>(
      ['leaders', 'update', ref, '--unavailable', period, '--unavailable-reason', 'secondment'],
      {env},
    )
    expect(updated.leader.unavailable).toEqual([
      {startsOn: need.windowStart, endsOn: need.windowEnd, reason: 'secondment'},
    ])
    expect(runCli(['leaders', 'show', ref], {env}).stdout).toMatch(
      new RegExp(`Unavailable[\\s\\S]*${need.windowStart}\\s+${need.windowEnd}\\s+secondment`),
    )
    const explained = runCli(['match', '--need', String(proposal.needId), '--explain', String(proposal.needId)], {env})
    expect(explained.stdout).toMatch(new RegExp(`${ref}[^\\n]*unavailable for the whole window`))
    expect(runJson<MatchResult>(['match', '--need', String(proposal.needId)], {env}).proposals[0]?.leader.ref).not.toBe(
      ref,
    )
    expect(
      runCli(['leaders', 'update', ref, '--unavailable', `${need.windowEnd}..${need.windowStart}`], {env}).status,
    ).toBe(need.windowEnd === need.windowStart ? 0 : 2)
    expect(
      runJson<LeaderChange>(['leaders', 'update', ref, '--remove-unavailable', need.windowStart], {env}).leader
        .unavailable,
    ).toEqual([])
    expect(runJson<MatchResult>(['match', '--need', String(proposal.needId)], {env}).proposals[0]?.leader.ref).toBe(ref)
  })

  it('applies the plan, holds the days, and places only the rest on the next run', () => {
    const env = freshHub()
    // With cross-phase support on, some needs left unmatched still have feasible candidates,
    // which the check on ties below needs.
    const applied = runJson<MatchResult>(['match', '--apply', '--cross-phase'], {env})
    expect(applied.proposals.length).toBeGreaterThan(10)
    expect(applied.applied!.proposed.length).toBe(applied.proposals.length)
    const deployments = runJson<DeploymentList>(['deployments', 'list', '--limit', '0'], {env})
    expect(deployments.deployments.filter((deployment) => deployment.status === 'proposed').length).toBe(
      applied.proposals.length,
    )
    const next = runJson<MatchResult>(['match', '--cross-phase'], {env})
    expect(next.totals.needs).toBe(applied.unmatched.length)
    expect(next.proposals.length).toBe(0)

    // Re-planning everything, the solver takes another path to the same best total; equally
    // scored pairs (team places at one school) still go to the earlier need.
    const replan = runJson<MatchResult>(['match', '--replan-proposed', '--with-candidates', '--cross-phase'], {env})
    expect(replan.totals.score).toBeCloseTo(applied.totals.score, 4)
    expect(replan.unmatched.some((unmatched) => (unmatched.candidates ?? []).length > 0)).toBe(true)
    for (const unmatched of replan.unmatched) {
      for (const candidate of unmatched.candidates ?? []) {
        const laterTie = replan.proposals.find(
          (proposal) =>
            proposal.needId > unmatched.needId &&
            proposal.leader.ref === candidate.leader.ref &&
            proposal.score === candidate.score,
        )
        expect(laterTie, `need ${unmatched.needId} ties with need ${laterTie?.needId}`).toBeUndefined()
      }
    }
  })

  it('never proposes a rejected pair again, and leaves agreed deployments untouched by a re-plan', () => {
    const env = freshHub()
    runJson<MatchResult>(['match', '--apply'], {env})
    const deployments = runJson<DeploymentList>(['deployments', 'list', '--limit', '0'], {env}).deployments
    const [toReject, toAgree] = deployments.filter((deployment) => deployment.status === 'proposed')
    expect(toAgree, 'two proposed deployments').toBeDefined()
    const rejected = runCli(
      [
        'deployments',
        'cancel',
        String(toReject!.id),
        '--reason',
        'rejected-by-school',
        '--note',
        'prefers a local leader',
      ],
      {env},
    )
    expect(rejected.status, rejected.stderr).toBe(0)
    const agreed = runCli(
      [
        'deployments',
        'agree',
        String(toAgree!.id),
        '--objective',
        'Improve maths teaching',
        '--criteria',
        'Lesson visits show it',
        '--rate',
        '350',
        '--funding',
        'school-budget',
        '--supported-head-signoff',
        'Head, 2026-12-02',
        '--home-head-signoff',
        'Home head, 2026-12-02',
      ],
      {env},
    )
    expect(agreed.status, agreed.stderr).toBe(0)
    const replanned = runJson<MatchResult>(['match', '--replan-proposed', '--apply'], {env})
    const forRejectedNeed = replanned.proposals.find((proposal) => proposal.needId === toReject!.needId)
    expect(
      [...replanned.proposals, ...replanned.unmatched].some((entry) => entry.needId === toReject!.needId),
      'the rejected need is matched again',
    ).toBe(true)
    expect(forRejectedNeed?.leader.ref).not.toBe(toReject!.leaderRef)
    expect(replanned.proposals.some((proposal) => proposal.needId === toAgree!.needId)).toBe(false)
    const after = runJson<DeploymentDetail>(['deployments', 'show', String(toAgree!.id)], {env})
    expect(after.deployment.status).toBe('agreed')
  })

  it('matches again the needs whose proposals lapsed unanswered, ending those proposals as hold-expired when applied', () => {
    const env = freshHub()
    runJson<MatchResult>(['match', '--apply'], {env})
    const proposed = runJson<DeploymentList>(['deployments', 'list', '--status', 'proposed', '--limit', '0'], {
      env,
    }).deployments
    expect(proposed.length).toBeGreaterThan(0)
    const lapsedOn = proposed
      .map((deployment) => deployment.holdExpiresOn!)
      .sort()
      .at(-1)!
    const asOf = new Date(Date.parse(`${lapsedOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    const today = runJson<MatchResult>(['match', '--as-of', lapsedOn], {env})
    const later = runJson<MatchResult>(['match', '--as-of', asOf], {env})
    expect(later.totals.needs).toBe(today.totals.needs + proposed.length)
    const applied = runJson<MatchResult>(['match', '--as-of', asOf, '--apply'], {env})
    expect(applied.applied!.holdExpired).toEqual(proposed.map((deployment) => deployment.id).sort((a, b) => a - b))
    expect(applied.applied!.replaced).toEqual([])
    const ended = runJson<DeploymentList>(['deployments', 'list', '--status', 'cancelled', '--limit', '0'], {
      env,
    }).deployments.filter((deployment) => proposed.some((p) => p.id === deployment.id))
    expect(ended.map((deployment) => deployment.statusReasonCode)).toEqual(proposed.map(() => 'hold-expired'))
  })
})
