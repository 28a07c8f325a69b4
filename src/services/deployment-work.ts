import {addMonths} from '../core/calendar.js'
import {formatDays} from '../core/days.js'
import {type Deployment, deliveredHalfDays, type LedgerEntry, type Review} from '../core/deployments.js'
import {invalidInput, refused} from '../core/errors.js'
import {
  type LogKind,
  PROGRESS_REVIEW_MONTHS,
  requireAllowed,
  type ReviewKind,
  type ReviewOutcome,
} from '../core/lifecycle.js'
import type {Repos} from '../db/repos/index.js'
import type {ServiceContext} from './context.js'
import {
  checkCapacity,
  type DeploymentChange,
  leaderOf,
  recordChange,
  requireDeployment,
  requireText,
  setNeedStatus,
} from './deployments.js'
import {openLegacyLink, type LegacyTerms} from './legacy.js'

/** The work of a deployment: the days ledger, reviews, and completion with outcomes and evaluation. */

export interface LogInput {
  id: number
  kind: LogKind
  /** The day the work was done (default today); not with `planned`. */
  date?: string
  /** Schedules a visit on this date instead of recording delivered work. */
  planned?: string
  halfDays?: number
  note?: string | null
}

export interface LogResult {
  deployment: Deployment
  entry: LedgerEntry
  deliveredHalfDays: number
  agreedHalfDays: number
  /** Set when an initial report started the progress-review clock. */
  progressReviewDueOn: string | null
  warnings: string[]
}

/** Records delivered work, or schedules a planned visit, on the days ledger. */
export async function logWork(context: ServiceContext, input: LogInput): Promise<LogResult> {
  return context.registry.write((repos) => logWorkIn(repos, context, input))
}

/** The same inside a caller's transaction (a cluster's shared session logs several at once). */
export async function logWorkIn(repos: Repos, context: ServiceContext, input: LogInput): Promise<LogResult> {
  const deployment = await requireDeployment(repos, input.id)
  const warnings: string[] = []
  const planned = input.planned !== undefined
  requireAllowed(deployment.id, deployment.status, planned ? 'plan-visit' : 'log-delivered')
  if (planned && input.date !== undefined)
    throw invalidInput(
      'A log entry is either delivered work (with the date it was done) or a planned visit, not both.',
      {
        code: 'deployment.log-delivered-and-planned',
        data: {},
      },
    )
  const onDate = input.planned ?? input.date ?? context.today
  const halfDays = input.halfDays ?? (planned ? 0 : undefined)
  if (halfDays === undefined)
    throw invalidInput('Delivered work states its days.', {code: 'deployment.log-days-missing', data: {}})
  if (!Number.isInteger(halfDays) || halfDays < 0) throw invalidInput('Days must be zero or more, in halves.')
  if (!planned && onDate > context.today) {
    throw invalidInput(`Delivered work cannot be dated in the future (${onDate}).`, {
      code: 'deployment.log-in-future',
      data: {onDate},
    })
  }
  // Work done before the agreement's start was not done under it (and would be charged to the
  // wrong academic year); work running past the end is a fact of a late deployment, so it only warns.
  if (!planned && deployment.startsOn !== null && onDate < deployment.startsOn) {
    throw refused(
      `Deployment ${deployment.id} starts on ${deployment.startsOn}; delivered work cannot be dated before that (${onDate}). Nothing was recorded.`,
      {
        code: 'deployment.log-before-start',
        data: {deploymentId: deployment.id, onDate, startsOn: deployment.startsOn},
      },
    )
  }
  if (planned && onDate < context.today)
    warnings.push(`The planned date ${onDate} has passed; its record is due within 5 working days of it.`)
  if (
    deployment.startsOn !== null &&
    deployment.endsOn !== null &&
    (onDate < deployment.startsOn || onDate > deployment.endsOn)
  ) {
    warnings.push(`${onDate} is outside the agreed dates (${deployment.startsOn} to ${deployment.endsOn}).`)
  }
  const ledgerBefore = (await repos.ledger.forDeployments([deployment.id])).get(deployment.id) ?? []
  const deliveredBefore = deliveredHalfDays(ledgerBefore)
  const deliveredAfter = deliveredBefore + (planned ? 0 : halfDays)
  if (!planned && deliveredAfter > deployment.halfDays) {
    warnings.push(
      `This takes delivered days to ${formatDays(deliveredAfter)}, beyond the ${formatDays(deployment.halfDays)} agreed; amend the agreement if the extra days are agreed.`,
    )
  }
  let entryId = 0
  const record = async () => {
    entryId = await repos.ledger.insert({
      deploymentId: deployment.id,
      legacyLinkId: null,
      leaderId: deployment.leaderId,
      entry: planned ? 'planned' : 'delivered',
      activity: input.kind,
      onDate,
      halfDays,
      note: input.note?.trim() || null,
    })
  }
  // Delivered days beyond the released ones are a fact to report, never refused.
  if (planned) await record()
  else warnings.push(...(await checkCapacity(repos, leaderOf(deployment), context.today, 'allow', record)))

  let progressReviewDueOn: string | null = null
  if (!planned && input.kind === 'initial-report') {
    const pending = (await repos.deployments.reviews(deployment.id)).find(
      (review) => review.kind === 'progress' && review.heldOn === null,
    )
    if (pending) {
      warnings.push(`A progress review is already due on ${pending.dueOn}; it was left as it is.`)
    } else {
      progressReviewDueOn = addMonths(onDate, PROGRESS_REVIEW_MONTHS)
      await repos.deployments.scheduleReview(deployment.id, 'progress', progressReviewDueOn)
    }
  }
  const entry = ((await repos.ledger.forDeployments([deployment.id])).get(deployment.id) ?? []).find(
    (candidate) => candidate.id === entryId,
  )!
  await repos.audit.record({
    actor: context.actor,
    action: planned ? 'deployment.plan' : 'deployment.log',
    entity: 'deployment',
    entityId: deployment.id,
    before: {deliveredHalfDays: deliveredBefore},
    after: {
      entryId,
      entry: entry.entry,
      activity: entry.activity,
      onDate,
      halfDays,
      deliveredHalfDays: deliveredAfter,
      progressReviewDueOn,
    },
  })
  return {
    deployment,
    entry,
    deliveredHalfDays: deliveredAfter,
    agreedHalfDays: deployment.halfDays,
    progressReviewDueOn,
    warnings,
  }
}

export interface ReviewInput {
  id: number
  kind: ReviewKind
  heldOn?: string
  outcome: ReviewOutcome
  notes?: string | null
}

export interface ReviewResult {
  deployment: Deployment
  review: Review
  warnings: string[]
}

/** Records a review held: the scheduled one of that kind if there is one, else an unscheduled one. */
export async function recordReview(context: ServiceContext, input: ReviewInput): Promise<ReviewResult> {
  return context.registry.write(async (repos) => {
    const deployment = await requireDeployment(repos, input.id)
    requireAllowed(deployment.id, deployment.status, 'review')
    if (deployment.status === 'completed' && input.kind !== 'progress') {
      throw refused(`Deployment ${deployment.id} is completed; only its progress review can still be recorded.`)
    }
    const heldOn = input.heldOn ?? context.today
    if (heldOn > context.today) throw invalidInput(`A review is recorded once held; ${heldOn} is in the future.`)
    const warnings: string[] = []
    const reviews = await repos.deployments.reviews(deployment.id)
    const scheduled = reviews.find((review) => review.kind === input.kind && review.heldOn === null)
    const id = scheduled?.id ?? (await repos.deployments.scheduleReview(deployment.id, input.kind, heldOn))
    if (!scheduled && input.kind !== 'other')
      warnings.push(`No ${input.kind} review was scheduled; recorded one held on ${heldOn}.`)
    await repos.deployments.updateReview(id, {heldOn, outcome: input.outcome, notes: input.notes?.trim() || null})
    const review = (await repos.deployments.reviews(deployment.id)).find((candidate) => candidate.id === id)!
    if (input.outcome === 'off-track')
      warnings.push('Off track: consider amending the agreement or ending it early with a reason.')
    await repos.audit.record({
      actor: context.actor,
      action: 'deployment.review',
      entity: 'deployment',
      entityId: deployment.id,
      before: scheduled ? {reviewId: id, kind: scheduled.kind, dueOn: scheduled.dueOn, heldOn: null} : null,
      after: {reviewId: id, kind: review.kind, dueOn: review.dueOn, heldOn, outcome: review.outcome},
    })
    return {deployment, review, warnings}
  })
}

export interface CompleteInput {
  id: number
  /** Outcome (1..4) and evidence per objective position. */
  outcomes: {position: number; outcome: number; evidence: string}[]
  supportedHeadEvaluation: string
  leaderReflection: string
  evaluatedOn?: string
  /** Opens a legacy link between the leader and the school when given. */
  legacy?: Omit<LegacyTerms, 'openedOn'>
}

export interface CompleteResult extends DeploymentChange {
  legacyLinkId: number | null
}

/** Completes an active deployment with per-objective outcomes, the head's evaluation and the leader's reflection. */
export async function completeDeployment(context: ServiceContext, input: CompleteInput): Promise<CompleteResult> {
  return context.registry.write(async (repos) => {
    const before = await requireDeployment(repos, input.id)
    requireAllowed(before.id, before.status, 'complete')
    const evaluatedOn = input.evaluatedOn ?? context.today
    if (evaluatedOn > context.today) throw invalidInput(`The evaluation date ${evaluatedOn} is in the future.`)
    const objectives = await repos.deployments.objectives(before.id)
    const given = new Map(input.outcomes.map((outcome) => [outcome.position, outcome]))
    const unknown = [...given.keys()].filter(
      (position) => !objectives.some((objective) => objective.position === position),
    )
    if (unknown.length > 0) {
      throw invalidInput(
        `Deployment ${before.id} has no objective ${unknown.join(', ')} (it has ${objectives.length}).`,
      )
    }
    const missing = objectives.filter(
      (objective) => !given.has(objective.position) || given.get(objective.position)!.evidence.trim() === '',
    )
    if (missing.length > 0) {
      throw invalidInput(
        `Every objective needs an outcome and evidence; missing for ${missing.map((objective) => `${objective.position} ("${objective.objective}")`).join(', ')}.`,
        {code: 'deployment.outcomes-missing', data: {positions: missing.map((objective) => objective.position)}},
      )
    }
    const supportedHeadEvaluation = requireText(
      input.supportedHeadEvaluation,
      'The supported head’s evaluation is missing',
      'evaluation',
    )
    const leaderReflection = requireText(input.leaderReflection, 'The leader’s reflection is missing', 'reflection')
    const warnings: string[] = []
    for (const outcome of given.values())
      await repos.deployments.setOutcome(before.id, outcome.position, outcome.outcome, outcome.evidence.trim())
    await repos.deployments.setEvaluation(before.id, {evaluatedOn, supportedHeadEvaluation, leaderReflection})
    const delivered = deliveredHalfDays((await repos.ledger.forDeployments([before.id])).get(before.id) ?? [])
    if (delivered < before.halfDays) {
      warnings.push(
        `${formatDays(delivered)} of ${formatDays(before.halfDays)} agreed days were delivered; the other ${formatDays(before.halfDays - delivered)} are released.`,
      )
    }
    if (
      (await repos.deployments.reviews(before.id)).some(
        (review) => review.kind === 'mid-point' && review.heldOn === null,
      )
    ) {
      warnings.push('The mid-point review was never recorded.')
    }
    await repos.deployments.update(before.id, {status: 'completed', closedOn: context.today})
    if (before.needId !== null)
      await setNeedStatus(repos, context.actor, before.needId, 'closed', `completed: deployment ${before.id}`, [
        'in-deployment',
      ])
    let legacyLinkId: number | null = null
    if (input.legacy) {
      const opened = await openLegacyLink(repos, context.actor, context.today, before, {
        ...input.legacy,
        openedOn: evaluatedOn,
      })
      legacyLinkId = opened.id
      warnings.push(...opened.warnings)
    }
    const change = await recordChange(repos, context.actor, 'deployment.complete', before, warnings)
    return {...change, legacyLinkId}
  })
}
