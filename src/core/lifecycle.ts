import {refused} from './errors.js'
import type {NeedStatus} from './model.js'

/**
 * A deployment's lifecycle: which operation is allowed in which status, where it leads, and the
 * coded reasons a deployment ends without completing.
 *
 *   proposed → agreed → active → completed (→ a legacy link)
 *   proposed | agreed → cancelled;  active → ended-early   (both with a coded reason)
 */

export const DEPLOYMENT_STATUSES = ['proposed', 'agreed', 'active', 'completed', 'cancelled', 'ended-early'] as const
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number]

/** Statuses that hold or commit a leader's days and keep their need out of the match. */
export const LIVE_STATUSES = ['proposed', 'agreed', 'active'] as const satisfies readonly DeploymentStatus[]

export const OPERATIONS = {
  agree: {from: ['proposed'], to: 'agreed'},
  start: {from: ['agreed'], to: 'active'},
  complete: {from: ['active'], to: 'completed'},
  cancel: {from: ['proposed', 'agreed'], to: 'cancelled'},
  'end-early': {from: ['active'], to: 'ended-early'},
  amend: {from: ['agreed', 'active'], to: null},
  'plan-visit': {from: ['agreed', 'active'], to: null},
  'log-delivered': {from: ['active'], to: null},
  review: {from: ['agreed', 'active', 'completed'], to: null},
} as const satisfies Record<string, {from: readonly DeploymentStatus[]; to: DeploymentStatus | null}>

export type Operation = keyof typeof OPERATIONS

const OPERATION_WORDS: Record<Operation, string> = {
  agree: 'agreed',
  start: 'started',
  complete: 'completed',
  cancel: 'cancelled',
  'end-early': 'ended early',
  amend: 'amended',
  'plan-visit': 'given planned visits',
  'log-delivered': 'given delivered days',
  review: 'reviewed',
}

export function isAllowed(operation: Operation, status: DeploymentStatus): boolean {
  return (OPERATIONS[operation].from as readonly DeploymentStatus[]).includes(status)
}

/** The status an operation leads to, or a refusal that says what the deployment needs first. */
export function requireAllowed(deploymentId: number, status: DeploymentStatus, operation: Operation): DeploymentStatus {
  if (!isAllowed(operation, status)) {
    const allowed = OPERATIONS[operation].from.join(' or ')
    throw refused(
      `Deployment ${deploymentId} is ${status}; only ${allowed} deployments can be ${OPERATION_WORDS[operation]}.`,
      {code: 'deployment.wrong-status', data: {deploymentId, status}},
    )
  }
  return OPERATIONS[operation].to ?? status
}

/**
 * Cancelling before the work starts cancels; cancelling once it is active ends it early. A closed
 * deployment (completed, cancelled or ended early) can be neither, and the refusal says which can.
 */
export function cancelOperation(
  deploymentId: number,
  status: DeploymentStatus,
): {operation: 'cancel' | 'end-early'; to: DeploymentStatus} {
  const operation = status === 'active' ? 'end-early' : 'cancel'
  if (isAllowed(operation, status)) return {operation, to: OPERATIONS[operation].to}
  throw refused(
    `Deployment ${deploymentId} is ${status}, so it cannot be cancelled: only ${OPERATIONS.cancel.from.join(' or ')} deployments can be cancelled, and ${OPERATIONS['end-early'].from.join(' or ')} ones ended early.`,
    {code: 'deployment.wrong-status', data: {deploymentId, status}},
  )
}

// ---- why a deployment ends without completing ---------------------------------------------------

export interface EndReason {
  code: string
  label: string
  /** The statuses this reason can end. */
  from: readonly DeploymentStatus[]
  /** What happens to the need the deployment served. */
  needBecomes: Extract<NeedStatus, 'open' | 'closed' | 'withdrawn'>
  /** The matching engine must not propose this leader for this need again. */
  vetoesLeader: boolean
  /** The reason is too vague to stand without a note. */
  noteRequired: boolean
}

const BEFORE_START = ['proposed'] as const
const ANY_LIVE = LIVE_STATUSES
const AFTER_AGREEMENT = ['agreed', 'active'] as const

export const END_REASONS: readonly EndReason[] = [
  {
    code: 'rejected-by-school',
    label: 'the supported school declined this leader',
    from: BEFORE_START,
    needBecomes: 'open',
    vetoesLeader: true,
    noteRequired: false,
  },
  {
    code: 'rejected-by-leader',
    label: 'the leader declined',
    from: BEFORE_START,
    needBecomes: 'open',
    vetoesLeader: true,
    noteRequired: false,
  },
  {
    code: 'rejected-by-home-school',
    label: "the leader's home-school head would not release them",
    from: BEFORE_START,
    needBecomes: 'open',
    vetoesLeader: true,
    noteRequired: false,
  },
  {
    code: 'rejected-by-broker',
    label: 'the broker chose otherwise',
    from: BEFORE_START,
    needBecomes: 'open',
    vetoesLeader: true,
    noteRequired: false,
  },
  {
    code: 'hold-expired',
    label: 'the proposal lapsed unanswered',
    from: BEFORE_START,
    needBecomes: 'open',
    vetoesLeader: false,
    noteRequired: false,
  },
  {
    code: 'replanned',
    label: 'a new match replaced the proposal',
    from: BEFORE_START,
    needBecomes: 'open',
    vetoesLeader: false,
    noteRequired: false,
  },
  {
    code: 'leader-unavailable',
    label: 'the leader is no longer available (illness, new post, designation lapsed)',
    from: ANY_LIVE,
    needBecomes: 'open',
    vetoesLeader: false,
    noteRequired: false,
  },
  {
    code: 'relationship-broke-down',
    label: 'the working relationship broke down',
    from: AFTER_AGREEMENT,
    needBecomes: 'open',
    vetoesLeader: true,
    noteRequired: true,
  },
  {
    code: 'school-withdrew',
    label: 'the school no longer wants support',
    from: ANY_LIVE,
    needBecomes: 'withdrawn',
    vetoesLeader: false,
    noteRequired: false,
  },
  {
    code: 'school-closed',
    label: 'the school closed or converted',
    from: ANY_LIVE,
    needBecomes: 'withdrawn',
    vetoesLeader: false,
    noteRequired: false,
  },
  {
    code: 'funding-withdrawn',
    label: 'the funding was withdrawn',
    from: ANY_LIVE,
    needBecomes: 'withdrawn',
    vetoesLeader: false,
    noteRequired: false,
  },
  {
    code: 'need-met',
    label: 'the need was met (early, or another way)',
    from: ANY_LIVE,
    needBecomes: 'closed',
    vetoesLeader: false,
    noteRequired: false,
  },
  {
    code: 'other',
    label: 'another reason, given in the note',
    from: ANY_LIVE,
    needBecomes: 'open',
    vetoesLeader: false,
    noteRequired: true,
  },
]

export const END_REASON_CODES = END_REASONS.map((reason) => reason.code)
export const VETO_REASON_CODES = END_REASONS.filter((reason) => reason.vetoesLeader).map((reason) => reason.code)

/** The reason for a cancellation or early end, checked against the status it ends. */
export function requireEndReason(
  deploymentId: number,
  status: DeploymentStatus,
  code: string,
  note: string | null,
): EndReason {
  const reason = END_REASONS.find((candidate) => candidate.code === code)
  if (!reason) {
    throw refused(`"${code}" is not a reason code.`, {suggestion: `Use one of: ${END_REASON_CODES.join(', ')}.`})
  }
  if (!reason.from.includes(status)) {
    const fitting = END_REASONS.filter((candidate) => candidate.from.includes(status)).map(
      (candidate) => candidate.code,
    )
    throw refused(
      `Reason ${code} cannot end deployment ${deploymentId}, which is ${status}: it is for ${reason.from.join(' or ')} deployments.`,
      {
        suggestion: `For a ${status} deployment use one of: ${fitting.join(', ')}.`,
      },
    )
  }
  if (reason.noteRequired && (note === null || note.trim() === '')) {
    throw refused(`Reason ${code} needs a note saying what happened.`, {
      code: 'deployment.end-note-missing',
      data: {reason: code},
    })
  }
  return reason
}

// ---- scales and kinds -------------------------------------------------------------------------------

/** The fixed four-point scale every objective's outcome is judged on (stored 1..4). */
export const OUTCOME_SCALE = [
  {value: 1, code: 'not-met', label: 'Not met'},
  {value: 2, code: 'partly-met', label: 'Partly met'},
  {value: 3, code: 'met', label: 'Met'},
  {value: 4, code: 'exceeded', label: 'Exceeded'},
] as const

export type OutcomeValue = (typeof OUTCOME_SCALE)[number]['value']

/** Reads "3", "met" or "Met" as 3; null when it is not on the scale. */
export function parseOutcome(text: string): OutcomeValue | null {
  const cleaned = text.trim().toLowerCase().replace(/\s+/g, '-')
  const found = OUTCOME_SCALE.find((step) => String(step.value) === cleaned || step.code === cleaned)
  return found?.value ?? null
}

export function outcomeLabel(value: number | null): string | null {
  return OUTCOME_SCALE.find((step) => step.value === value)?.label ?? null
}

export const REVIEW_KINDS = ['mid-point', 'progress', 'other'] as const
export type ReviewKind = (typeof REVIEW_KINDS)[number]

export const REVIEW_OUTCOMES = ['on-track', 'at-risk', 'off-track'] as const
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number]

/** What a ledger entry records. An initial report starts the NLG progress-review clock. */
export const LOG_KINDS = ['visit', 'remote', 'activity', 'initial-report'] as const
export type LogKind = (typeof LOG_KINDS)[number]
export const LEGACY_CHECKIN_ACTIVITY = 'legacy-checkin'

export const FUNDING_SOURCES = [
  'dfe-grant',
  'school-budget',
  'trust',
  'local-authority',
  'hub',
  'pro-bono',
  'other',
] as const
export type FundingSource = (typeof FUNDING_SOURCES)[number]

// ---- the rules for due work -------------------------------------------------------------------------

/** A planned visit must be recorded as delivered within this many working days. */
export const VISIT_RECORD_WORKING_DAYS = 5
/** The NLG progress review is due this many calendar months after the initial report. */
export const PROGRESS_REVIEW_MONTHS = 4
/** A hand-made proposal holds the leader's days this long unless told otherwise (as `broker match`). */
export const DEFAULT_HOLD_DAYS = 21
