import type {Deployment, LedgerEntry, LegacyCheckin, LegacyLink, Review} from './deployments.js'
import {subjectLabel} from './deployments.js'
import type {DueItem, DueStep, NextStep} from './due-work.js'
import {type CalendarEvent, eventFingerprint, type EventStatus, type SequencedEvent} from './icalendar.js'

/**
 * The events a hub puts in its calendars, each with a UID made from what it is (a planned visit's
 * ledger entry, a review's kind, a check-in's date), so the same event keeps its UID on every
 * export: planned visits, mid-point reviews, NLG progress reviews, legacy check-ins and proposal
 * hold expiries. Events of a cancelled deployment (or an ended link's check-ins that were not
 * held) are marked CANCELLED, so calendars that had them take them out.
 */

const UID_DOMAIN = 'broker.school-support'

export interface DeploymentForCalendar {
  deployment: Deployment
  ledger: readonly LedgerEntry[]
  reviews: readonly Review[]
  /** The supported school's postal address on one line, or null. */
  location: string | null
}

export interface LegacyForCalendar {
  link: LegacyLink
  checkins: readonly LegacyCheckin[]
  location: string | null
}

const step = (kind: DueStep['kind'], at: Partial<Omit<DueStep, 'kind'>>): DueStep => ({
  kind,
  deploymentId: null,
  legacyLinkId: null,
  plannedOn: null,
  reviewKind: null,
  ...at,
})

const who = (pairing: {leaderRef: string; leaderName: string | null}) =>
  pairing.leaderName ? `${pairing.leaderName} (${pairing.leaderRef})` : pairing.leaderRef

export function deploymentEvents(input: DeploymentForCalendar, nextStep: NextStep): CalendarEvent[] {
  const {deployment, location} = input
  const id = deployment.id
  const school = subjectLabel(deployment)
  const cancelled = deployment.status === 'cancelled'
  const status = (otherwise: EventStatus): EventStatus => (cancelled ? 'CANCELLED' : otherwise)
  const base = {location, categories: ['School-to-school support']}
  const events: CalendarEvent[] = []
  if (deployment.holdExpiresOn !== null && deployment.agreedOn === null) {
    events.push({
      ...base,
      uid: `deployment-${id}-hold@${UID_DOMAIN}`,
      date: deployment.holdExpiresOn,
      summary: `Proposal hold ends: ${who(deployment)} for ${school}`,
      description: `Deployment ${id} is proposed and not yet agreed; the hold on the leader's days ends today.\nNext step: ${nextStep(step('proposal-hold', {deploymentId: id}))}`,
      status: status(deployment.status === 'proposed' ? 'CONFIRMED' : 'CANCELLED'),
    })
  }
  for (const entry of input.ledger) {
    if (entry.entry !== 'planned') continue
    events.push({
      ...base,
      uid: `visit-${entry.id}@${UID_DOMAIN}`,
      date: entry.onDate,
      summary: `Visit: ${who(deployment)} at ${school}`,
      description: `Planned ${entry.activity} for deployment ${id}.${entry.note ? `\n${entry.note}` : ''}\nRecord it within 5 working days: ${nextStep(step('visit-record', {deploymentId: id, plannedOn: entry.onDate}))}`,
      status: status('CONFIRMED'),
    })
  }
  for (const review of input.reviews) {
    const title =
      review.kind === 'mid-point' ? 'Mid-point review' : review.kind === 'progress' ? 'NLG progress review' : 'Review'
    events.push({
      ...base,
      uid: `deployment-${id}-review-${review.kind}@${UID_DOMAIN}`,
      date: review.heldOn ?? review.dueOn,
      summary: `${title}: ${who(deployment)} at ${school}`,
      description: review.heldOn
        ? `${title} of deployment ${id}, held on ${review.heldOn}.`
        : `${title} of deployment ${id}, due ${review.dueOn}.\nRecord it with: ${nextStep(step('other-review', {deploymentId: id, reviewKind: review.kind}))}`,
      status: status('CONFIRMED'),
    })
  }
  return events
}

export function legacyEvents(input: LegacyForCalendar, nextStep: NextStep): CalendarEvent[] {
  const {link, location} = input
  const school = subjectLabel(link)
  return input.checkins.flatMap((checkin): CalendarEvent[] => {
    const date = checkin.heldOn ?? checkin.dueOn
    if (date === null) return []
    const dropped = link.status === 'ended' && checkin.heldOn === null
    return [
      {
        uid: `legacy-${link.id}-checkin-${checkin.dueOn ?? `held-${checkin.id}`}@${UID_DOMAIN}`,
        date,
        summary: `Legacy check-in: ${who(link)} with ${school}`,
        description: `Light-touch follow-up after the deployment (legacy link ${link.id}).\nRecord it with: ${nextStep(step('legacy-checkin', {legacyLinkId: link.id}))}`,
        location,
        status: dropped ? 'CANCELLED' : 'CONFIRMED',
        categories: ['School-to-school support', 'Legacy'],
      },
    ]
  })
}

/**
 * `broker due` items as events: the UID is the item's deployment or link and its key. `nextStep`
 * words what clears an item (the CLI knows its commands).
 */
export function dueEvents(
  items: readonly DueItem[],
  locations: ReadonlyMap<string, string | null>,
  nextStep: NextStep,
): CalendarEvent[] {
  return items.map((item) => {
    const owner = item.deploymentId !== null ? `deployment-${item.deploymentId}` : `legacy-${item.legacyLinkId}`
    return {
      uid: `due-${owner}-${item.key}@${UID_DOMAIN}`,
      date: item.dueOn,
      summary: `${item.what}: ${item.subject}`,
      description: `Owner: ${item.owner}.\nNext step: ${nextStep(item)}`,
      location: locations.get(owner) ?? null,
      status: 'CONFIRMED',
      categories: ['School-to-school support', 'Due'],
    }
  })
}

/**
 * Gives each event its SEQUENCE from what the last export said: unchanged keeps it, changed (or
 * seen before and now different) raises it by one, new starts at 0. Returns what to remember.
 */
export function sequenceEvents(
  events: readonly CalendarEvent[],
  exported: ReadonlyMap<string, {fingerprint: string; sequence: number}>,
): {events: SequencedEvent[]; remember: {uid: string; fingerprint: string; sequence: number}[]; changed: number} {
  const remember: {uid: string; fingerprint: string; sequence: number}[] = []
  let changed = 0
  const sequenced = events.map((event) => {
    const fingerprint = eventFingerprint(event)
    const before = exported.get(event.uid)
    if (before === undefined) {
      remember.push({uid: event.uid, fingerprint, sequence: 0})
      return {...event, sequence: 0}
    }
    if (before.fingerprint === fingerprint) return {...event, sequence: before.sequence}
    changed += 1
    remember.push({uid: event.uid, fingerprint, sequence: before.sequence + 1})
    return {...event, sequence: before.sequence + 1}
  })
  return {events: sequenced, remember, changed}
}
