import {canonicalJson} from '../core/canonical.js'
import {invalidInput, notFound} from '../core/errors.js'
import {type MatchConfig, resolveMatchConfig} from '../core/match/config.js'
import {runMatch} from '../core/match/engine.js'
import {inputFingerprint} from '../core/match/fingerprint.js'
import type {MatchOutcome, Proposal, Unmatched} from '../core/match/outcome.js'
import {
  daysByYear,
  type Explanation,
  explainNeed,
  hasDaysFor,
  leaderLabels,
  storedResults,
  unmatchedNamed,
  withCandidates,
} from '../core/match/report.js'
import {brokerVersion} from '../data-files.js'
import type {ServiceContext} from './context.js'
import {type ApplyResult, applyPlan, type Decision} from './match-apply.js'
import {DISTRIBUTION_KEY, gatherInputs, type InputRequest} from './match-inputs.js'
import {loadHighsSolver} from './solver.js'

/**
 * `broker match` as a use case: plan a run, record it, and hand back what applying it takes.
 * The jobs live in their own modules: naming the needs (match-targets.ts), reading the inputs
 * (match-inputs.ts), the engine itself (core/match/engine.ts), and applying a plan
 * (match-apply.ts).
 */

export interface MatchRequest extends InputRequest {
  /** Config layers over the defaults, lowest first (config file, weights file, flags). */
  configLayers: unknown[]
  withCandidates: boolean
}

export interface MatchReport {
  run: {id: number; asOf: string; inputHash: string; version: string; config: MatchConfig}
  proposals: Proposal[]
  unmatched: Unmatched[]
  totals: MatchOutcome['totals']
  warnings: string[]
  /** With --with-candidates: every leader in the run and their free days per academic year. */
  leaders?: {ref: string; freeDays: Record<string, number>}[]
  explain?: Explanation
}

/** A computed plan: its report, and what `--apply` and `--interactive` need to act on it. */
export interface MatchPlan {
  report: MatchReport
  /** Whether the leader has the days for the need once the decisions taken so far are counted. */
  fits(needId: number, leaderId: number, accepted: readonly Decision[]): boolean
  /** Every proposal accepted as planned. */
  acceptAll(): Decision[]
  /** Turns decisions into deployments in one transaction, if the registry has not changed since the plan. */
  apply(context: ServiceContext, decisions: readonly Decision[]): Promise<ApplyResult>
}

export async function planMatch(context: ServiceContext, request: MatchRequest): Promise<MatchPlan> {
  const config = await resolveConfig(request.configLayers)
  // A small run first reads only leaders within reach of its needs; if any need is left unmatched,
  // it reads them all, so that reasons and what-ifs can speak of everyone.
  const solve = async (withinReach: boolean) => {
    const inputs = await context.registry.read((repos) => gatherInputs(repos, request, config, withinReach))
    const result = await runMatch(
      {
        needs: inputs.needs,
        leaders: inputs.leaders,
        config,
        tables: inputs.tables,
        pins: inputs.pins,
        exclusions: inputs.exclusions,
        explainNeedId: request.explainNeed,
      },
      loadHighsSolver,
    )
    return {gathered: inputs, outcome: result}
  }
  let {gathered, outcome} = await solve(true)
  if (gathered.withinReach && outcome.unmatched.length > 0) ({gathered, outcome} = await solve(false))
  if (request.explainNeed !== undefined && !outcome.explained) {
    throw notFound(`Need ${request.explainNeed} is not among the open needs of this run.`, {
      code: 'match.explain-not-in-run',
      data: {needId: request.explainNeed},
    })
  }
  const version = brokerVersion()
  const inputHash = inputFingerprint(version, config, request.asOf, gathered)
  const byId = new Map(gathered.leaders.map((leader) => [leader.id, leader]))
  const needsById = new Map(gathered.needs.map((need) => [need.id, need]))
  const stored = storedResults(outcome, leaderLabels(byId, false))
  const runId = await context.registry.write(async (repos) => {
    if (gathered.distributions.fresh) {
      const {fresh: _fresh, ...keep} = gathered.distributions
      await repos.meta.set(DISTRIBUTION_KEY, JSON.stringify(keep))
    }
    return repos.match.recordRun({
      createdAt: new Date().toISOString(),
      asOf: request.asOf,
      strategy: config.strategy,
      version,
      inputHash,
      configJson: canonicalJson(config),
      totalsJson: JSON.stringify(outcome.totals),
      resultsJson: JSON.stringify(stored),
    })
  })
  const report: MatchReport = {
    run: {id: runId, asOf: request.asOf, inputHash, version, config},
    proposals: outcome.proposals,
    unmatched: unmatchedNamed(outcome.unmatched, leaderLabels(byId, true)),
    totals: outcome.totals,
    warnings: outcome.warnings,
  }
  if (request.withCandidates) {
    report.proposals = withCandidates(report.proposals, outcome, needsById, byId)
    report.unmatched = withCandidates(report.unmatched, outcome, needsById, byId)
    report.leaders = gathered.leaders.map((leader) => ({ref: leader.ref, freeDays: daysByYear(leader.freeByYear)}))
  }
  if (request.explainNeed !== undefined)
    report.explain = explainNeed(needsById.get(request.explainNeed)!, byId, outcome)

  const scoreOf = (needId: number, leaderId: number) =>
    outcome.feasible.get(needId)?.find((candidate) => candidate.leaderId === leaderId)?.score ?? null
  return {
    report,
    acceptAll: () =>
      report.proposals.map((proposal) => ({
        needId: proposal.needId,
        leaderId: proposal.leader.id,
        action: 'accept' as const,
      })),
    fits(needId, leaderId, accepted) {
      const need = needsById.get(needId)
      const leader = byId.get(leaderId)
      if (!need || !leader) return false
      const given = accepted.flatMap((decision) =>
        decision.action === 'accept' && decision.leaderId === leaderId ? (needsById.get(decision.needId) ?? []) : [],
      )
      return hasDaysFor(need, leader, given)
    },
    apply: (applyContext, decisions) =>
      applyPlan(
        applyContext,
        {
          runId,
          request,
          config,
          version,
          inputHash,
          withinReach: gathered.withinReach,
          leaders: byId,
          scoreOf,
        },
        decisions,
      ),
  }
}

async function resolveConfig(layers: unknown[]): Promise<MatchConfig> {
  try {
    return await resolveMatchConfig(...layers)
  } catch (error) {
    const issues = (error as {issues?: {path: (string | number)[]; message: string}[]}).issues
    const detail = issues
      ? issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('; ')
      : (error as Error).message
    throw invalidInput(`The match settings are not valid: ${detail}.`, {
      suggestion: 'See "Matching" in the README for every setting, its range and its default.',
    })
  }
}
