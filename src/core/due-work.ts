import {addDays} from './calendar.js'
import {type LedgerEntry, pairPlannedVisits, type Review} from './deployments.js'
import {type DeploymentStatus, type ReviewKind, VISIT_RECORD_WORKING_DAYS} from './lifecycle.js'
import type {WorkingCalendar} from './working-days.js'

/**
 * Due work: what someone must do by a date, across live deployments and open legacy links. An
 * item is overdue once its date has passed, and due soon when its date falls within the window.
 *
 * - a planned visit must be recorded as delivered within 5 working days (weekends and England and
 *   Wales bank holidays skipped); the leader owns it;
 * - scheduled reviews (the mid-point review from the agreed dates, owned by the broker; the NLG
 *   progress review 4 months after the initial report, owned by the leader);
 * - a proposal's hold expiring, an agreed start date passing, an agreed end date passing (broker);
 * - legacy check-ins (leader) and a legacy link's end date (broker).
 */

export interface DueDeployment {
  id: number
  leaderId: number
  leaderRef: string
  subject: string
  status: DeploymentStatus
  startsOn: string | null
  endsOn: string | null
  holdExpiresOn: string | null
  ledger: readonly Pick<LedgerEntry, 'id' | 'entry' | 'onDate' | 'halfDays' | 'activity'>[]
  reviews: readonly Pick<Review, 'kind' | 'dueOn' | 'heldOn'>[]
}

export interface DueLegacyLink {
  id: number
  leaderId: number
  leaderRef: string
  subject: string
  endsOn: string | null
  checkins: readonly {dueOn: string | null; heldOn: string | null}[]
}

export const DUE_KINDS = [
  'visit-record',
  'mid-point-review',
  'progress-review',
  'other-review',
  'proposal-hold',
  'start',
  'completion',
  'legacy-checkin',
  'legacy-end',
] as const
export type DueKind = (typeof DUE_KINDS)[number]

export const BROKER_OWNER = 'broker'

export interface DueItem {
  kind: DueKind
  dueOn: string
  state: 'overdue' | 'due-soon'
  /** `broker`, or the ref of the leader who must act. */
  owner: string
  leaderId: number
  deploymentId: number | null
  legacyLinkId: number | null
  subject: string
  what: string
  /** The planned visit a visit-record item asks to record; null for other kinds. */
  plannedOn: string | null
  /** The review a review item asks to hold; null for other kinds. */
  reviewKind: ReviewKind | null
  /**
   * Names the thing due within its deployment or legacy link, the same on every run (a calendar
   * event's UID is made from it): 'hold', 'start', 'completion', 'visit-record-<ledger id>',
   * 'review-<kind>', 'checkin-<due date>', 'legacy-end'.
   */
  key: string
}

/** What a step to take is, without when it is due: the CLI words the command that takes it. */
export type DueStep = Pick<DueItem, 'kind' | 'deploymentId' | 'legacyLinkId' | 'plannedOn' | 'reviewKind'>

/** Words the next step of a due item (the CLI knows its commands). */
export type NextStep = (step: DueStep) => string

type Draft = Omit<DueItem, 'state'>

export function dueWork(
  deployments: readonly DueDeployment[],
  legacyLinks: readonly DueLegacyLink[],
  today: string,
  withinDays: number,
  calendar: WorkingCalendar,
): DueItem[] {
  const horizon = addDays(today, withinDays)
  const drafts: Draft[] = []
  for (const deployment of deployments) drafts.push(...deploymentWork(deployment, calendar))
  for (const link of legacyLinks) drafts.push(...legacyWork(link))
  return drafts
    .filter((draft) => draft.dueOn <= horizon)
    .map((draft) => ({...draft, state: draft.dueOn < today ? ('overdue' as const) : ('due-soon' as const)}))
    .sort(
      (a, b) =>
        a.dueOn.localeCompare(b.dueOn) ||
        DUE_KINDS.indexOf(a.kind) - DUE_KINDS.indexOf(b.kind) ||
        (a.deploymentId ?? 0) - (b.deploymentId ?? 0) ||
        (a.legacyLinkId ?? 0) - (b.legacyLinkId ?? 0),
    )
}

function deploymentWork(deployment: DueDeployment, calendar: WorkingCalendar): Draft[] {
  const {id, status} = deployment
  const base = {
    leaderId: deployment.leaderId,
    deploymentId: id,
    legacyLinkId: null,
    subject: deployment.subject,
    plannedOn: null,
    reviewKind: null,
  }
  const leader = {...base, owner: deployment.leaderRef}
  const broker = {...base, owner: BROKER_OWNER}
  const drafts: Draft[] = []

  if (status === 'proposed' && deployment.holdExpiresOn !== null) {
    drafts.push({
      ...broker,
      kind: 'proposal-hold',
      key: 'hold',
      dueOn: deployment.holdExpiresOn,
      what: 'Proposal awaiting agreement: its hold on the leader’s days ends',
    })
  }
  if (status === 'agreed' && deployment.startsOn !== null) {
    drafts.push({
      ...broker,
      kind: 'start',
      key: 'start',
      dueOn: deployment.startsOn,
      what: 'Agreed start date',
    })
  }
  if (status === 'active' && deployment.endsOn !== null) {
    drafts.push({
      ...broker,
      kind: 'completion',
      key: 'completion',
      dueOn: deployment.endsOn,
      what: 'Agreed end date: complete with outcomes and the evaluation, or amend the dates',
    })
  }
  if (status === 'agreed' || status === 'active') {
    for (const visit of pairPlannedVisits(deployment.ledger)) {
      if (visit.recordedBy !== null) continue
      drafts.push({
        ...leader,
        kind: 'visit-record',
        key: `visit-record-${visit.entry.id}`,
        dueOn: calendar.addWorkingDays(visit.entry.onDate, VISIT_RECORD_WORKING_DAYS),
        what: `Record the ${visit.entry.activity} planned for ${visit.entry.onDate}`,
        plannedOn: visit.entry.onDate,
      })
    }
  }
  for (const review of deployment.reviews) {
    if (review.heldOn !== null) continue
    // The NLG progress review often falls after the funded days are done.
    const reviewable: readonly DeploymentStatus[] =
      review.kind === 'progress' ? ['agreed', 'active', 'completed'] : ['agreed', 'active']
    if (!reviewable.includes(status)) continue
    const owner = review.kind === 'progress' ? leader : broker
    drafts.push({
      ...owner,
      key: `review-${review.kind}`,
      kind:
        review.kind === 'mid-point'
          ? 'mid-point-review'
          : review.kind === 'progress'
            ? 'progress-review'
            : 'other-review',
      dueOn: review.dueOn,
      what:
        review.kind === 'mid-point'
          ? 'Mid-point review: is it working? what is the exit strategy?'
          : review.kind === 'progress'
            ? 'NLG progress review after the initial report'
            : 'Review',
      reviewKind: review.kind,
    })
  }
  return drafts
}

function legacyWork(link: DueLegacyLink): Draft[] {
  const base = {
    leaderId: link.leaderId,
    deploymentId: null,
    legacyLinkId: link.id,
    subject: link.subject,
    plannedOn: null,
    reviewKind: null,
  }
  const drafts: Draft[] = []
  for (const checkin of link.checkins) {
    if (checkin.heldOn !== null || checkin.dueOn === null) continue
    drafts.push({
      ...base,
      owner: link.leaderRef,
      kind: 'legacy-checkin',
      key: `checkin-${checkin.dueOn}`,
      dueOn: checkin.dueOn,
      what: 'Legacy check-in',
    })
  }
  if (link.endsOn !== null) {
    drafts.push({
      ...base,
      owner: BROKER_OWNER,
      kind: 'legacy-end',
      key: 'legacy-end',
      dueOn: link.endsOn,
      what: 'Legacy link reaches its end date',
    })
  }
  return drafts
}
