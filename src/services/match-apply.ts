import {addDays} from '../core/calendar.js'
import {conflict} from '../core/errors.js'
import type {MatchConfig} from '../core/match/config.js'
import {inputFingerprint} from '../core/match/fingerprint.js'
import type {MatchLeader} from '../core/match/model.js'
import type {ServiceContext} from './context.js'
import {cancelDeploymentIn, proposeDeployment} from './deployments.js'
import {gatherInputs, type InputRequest} from './match-inputs.js'

/**
 * Applying a plan: in one write transaction, re-read the inputs and refuse if they changed since
 * the plan; end the proposals the run reconsidered; then turn each decision into a proposed
 * deployment holding the leader's days, or a rejected one (so no later run proposes that pair).
 */

/** One decision on a proposal: keep it (possibly with another leader) or reject it with a reason. */
export type Decision =
  | {needId: number; leaderId: number; action: 'accept'}
  | {needId: number; leaderId: number; action: 'reject'; reason: string}

export interface ApplyResult {
  runId: number
  proposed: {deploymentId: number; needId: number; leaderRef: string}[]
  rejected: {needId: number; leaderRef: string; reason: string}[]
  /** Earlier proposals ended because this run re-planned their needs (--replan-proposed). */
  replaced: number[]
  /** Earlier proposals whose hold had run out, ended so their needs could be matched again. */
  holdExpired: number[]
  warnings: string[]
}

/** What a plan was made from, to check the registry still holds it and to record its decisions. */
export interface PlanBasis {
  runId: number
  request: InputRequest
  config: MatchConfig
  version: string
  inputHash: string
  /** Whether the plan read only the leaders within reach of its needs. */
  withinReach: boolean
  leaders: ReadonlyMap<number, MatchLeader>
  /** The score of a feasible pair in the plan, else null. */
  scoreOf(needId: number, leaderId: number): number | null
}

export async function applyPlan(
  context: ServiceContext,
  plan: PlanBasis,
  decisions: readonly Decision[],
): Promise<ApplyResult> {
  const {runId, request, config} = plan
  return context.registry.write(async (repos) => {
    // The plan is only valid for the registry it was made from: re-read it inside the write lock.
    const again = await gatherInputs(repos, request, config, plan.withinReach)
    if (inputFingerprint(plan.version, config, request.asOf, again) !== plan.inputHash) {
      throw conflict(
        'The registry changed while the match was being made (needs, leaders, days or deployments); nothing was applied.',
        {code: 'match.registry-changed', data: {runId}},
      )
    }
    const warnings: string[] = []
    const replaced: number[] = []
    const holdExpired: number[] = []
    // Every proposal the run reconsidered gives way: the plan counted its held days as free.
    for (const proposal of again.reconsidered) {
      if (proposal.holdExpired) {
        await cancelDeploymentIn(repos, context.actor, request.asOf, {
          id: proposal.id,
          reasonCode: 'hold-expired',
          note: `hold ended unanswered; need matched again by match run ${runId}`,
        })
        holdExpired.push(proposal.id)
      } else {
        await cancelDeploymentIn(repos, context.actor, request.asOf, {
          id: proposal.id,
          reasonCode: 'replanned',
          note: `re-planned by match run ${runId}`,
        })
        replaced.push(proposal.id)
      }
    }
    const holdExpiresOn = addDays(request.asOf, config.holdDays)
    const proposed: ApplyResult['proposed'] = []
    const rejected: ApplyResult['rejected'] = []
    for (const decision of decisions) {
      const change = await proposeDeployment(repos, context.actor, request.asOf, {
        needId: decision.needId,
        leaderId: decision.leaderId,
        holdExpiresOn,
        matchRunId: runId,
        score: plan.scoreOf(decision.needId, decision.leaderId),
      })
      warnings.push(...change.warnings)
      const ref = plan.leaders.get(decision.leaderId)?.ref ?? String(decision.leaderId)
      if (decision.action === 'reject') {
        // Recorded as a rejected proposal, so later runs never propose this pair again.
        await cancelDeploymentIn(repos, context.actor, request.asOf, {
          id: change.deployment.id,
          reasonCode: 'rejected-by-broker',
          note: decision.reason,
        })
        rejected.push({needId: decision.needId, leaderRef: ref, reason: decision.reason})
      } else {
        proposed.push({deploymentId: change.deployment.id, needId: decision.needId, leaderRef: ref})
      }
    }
    await repos.match.markApplied(runId)
    await repos.audit.record({
      actor: context.actor,
      action: 'match.apply',
      entity: 'match_run',
      entityId: runId,
      after: {
        proposed: proposed.map((entry) => entry.deploymentId),
        rejected: rejected.map((entry) => ({needId: entry.needId, leaderRef: entry.leaderRef})),
        replaced,
        holdExpired,
      },
    })
    return {runId, proposed, rejected, replaced, holdExpired, warnings}
  })
}
