import {invalidInput, refused} from './errors.js'
import type {Need, NeedStatus} from './model.js'

/**
 * The life of a support request: open → proposed (a match holds a leader) → in deployment (agreed)
 * → closed; withdrawn when the school no longer wants it. A rejected or expired proposal, or a
 * deployment cancelled or ended early, returns the need to open. Closed and withdrawn are final:
 * a school that asks again makes a new need, so the history stays true.
 */

export const NEED_TRANSITIONS: Record<NeedStatus, readonly NeedStatus[]> = {
  open: ['proposed', 'withdrawn', 'closed'],
  proposed: ['open', 'in-deployment', 'withdrawn', 'closed'],
  'in-deployment': ['open', 'closed', 'withdrawn'],
  closed: [],
  withdrawn: [],
}

/** Statuses that end a need; reaching them needs a reason. */
export const FINAL_NEED_STATUSES: readonly NeedStatus[] = ['closed', 'withdrawn']

/** Fields a match depends on: they change only while a need is open, so no proposal goes stale. */
export const MATCHING_FIELDS = [
  'subjectUrn',
  'subjectTrustCode',
  'supportType',
  'deliveryMode',
  'requestedHalfDays',
  'windowStart',
  'windowEnd',
  'priority',
  'specialisms',
] as const satisfies readonly NeedField[]
export type MatchingField = (typeof MATCHING_FIELDS)[number]

/** The need fields a change can name (everything but its identity). */
export type NeedField = Exclude<keyof Need, 'id' | 'parentNeedId'>

/** The words people use for each field of a need: every message that names changed fields uses this table. */
export const NEED_FIELD_LABELS: Record<NeedField, string> = {
  reference: 'reference',
  subjectUrn: 'school',
  subjectTrustCode: 'trust',
  supportType: 'support type',
  teamSize: 'team size',
  deliveryMode: 'delivery mode',
  requestedHalfDays: 'days',
  windowStart: 'window start',
  windowEnd: 'window end',
  priority: 'priority',
  specialisms: 'areas of need',
  source: 'source',
  notes: 'notes',
  status: 'status',
  statusReason: 'status reason',
  receivedOn: 'received date',
}

/** "days, priority" for a list of need fields. */
export function needFieldLabels(fields: readonly NeedField[]): string {
  return fields.map((field) => NEED_FIELD_LABELS[field]).join(', ')
}

/** Refuses a status change the lifecycle does not allow, or a final status without a reason. */
export function checkNeedTransition(
  need: Pick<Need, 'id' | 'status' | 'statusReason'>,
  to: NeedStatus,
  reason: string | null | undefined,
): void {
  if (!NEED_TRANSITIONS[need.status].includes(to)) {
    const why = FINAL_NEED_STATUSES.includes(need.status)
      ? `it is already ${need.status}${need.statusReason ? ` (${need.statusReason})` : ''}`
      : `a need that is ${need.status} can only become ${NEED_TRANSITIONS[need.status].join(', ')}`
    throw refused(`Need ${need.id} cannot become ${to}: ${why}.`, {
      code: 'need.transition-refused',
      data: {needId: need.id, from: need.status, to, final: FINAL_NEED_STATUSES.includes(need.status)},
    })
  }
  if (FINAL_NEED_STATUSES.includes(to) && (reason === null || reason === undefined || reason.trim() === '')) {
    throw invalidInput(`A need that is ${to} needs a reason.`, {
      code: 'need.reason-missing',
      data: {to},
    })
  }
}

/** Refuses a change to what a match depends on unless the need is open. */
export function checkNeedEditable(need: Pick<Need, 'id' | 'status'>, changed: readonly string[]): void {
  const matching = changed.filter((field): field is MatchingField =>
    (MATCHING_FIELDS as readonly string[]).includes(field),
  )
  if (matching.length === 0 || need.status === 'open') return
  // In domain words for an import's rejected rows; the CLI's advice names the commands.
  const advice: Record<NeedStatus, string> = {
    open: '',
    proposed:
      'Reject the proposal first (cancelling it as rejected by the broker returns the need to open), then change it.',
    'in-deployment': 'Vary the deployment instead, or end it first.',
    closed: 'Record the request as a new need.',
    withdrawn: 'Record the request as a new need.',
  }
  throw refused(`Need ${need.id} is ${need.status}, so these cannot change now: ${needFieldLabels(matching)}.`, {
    code: 'need.not-editable',
    data: {needId: need.id, status: need.status},
    suggestion: advice[need.status],
  })
}
