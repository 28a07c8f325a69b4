import {addMonths} from '../core/calendar.js'
import {formatDays} from '../core/days.js'
import {
  checkinSchedule,
  type Deployment,
  deliveredHalfDays,
  type LegacyCheckin,
  type LegacyLink,
} from '../core/deployments.js'
import {conflict, invalidInput, notFound} from '../core/errors.js'
import {LEGACY_CHECKIN_ACTIVITY} from '../core/lifecycle.js'
import type {Repos} from '../db/repos/index.js'
import type {LegacyFilter} from '../db/repos/legacy.js'
import type {ServiceContext} from './context.js'
import {checkCapacity, requireText} from './deployments.js'
import {resolveLeaderId, resolveSchoolUrn} from './resolve.js'

/**
 * Legacy support: the light-touch relationship between a leader and a school after a deployment,
 * with scheduled check-ins and a small day budget that capacity accounting holds while it is open.
 */

export interface LegacyTerms {
  openedOn: string
  /** How long the link lasts. */
  months: number
  /** Check-ins every this many months (4 is termly); null for none scheduled. */
  checkinEveryMonths: number | null
  budgetHalfDays: number
}

/** Opens a legacy link from a completed deployment, inside the caller's transaction. */
export async function openLegacyLink(
  repos: Repos,
  actor: string,
  today: string,
  deployment: Deployment,
  terms: LegacyTerms,
): Promise<{id: number; warnings: string[]}> {
  if (!Number.isInteger(terms.months) || terms.months <= 0)
    throw invalidInput('A legacy link lasts a whole number of months, more than 0.')
  if (
    terms.checkinEveryMonths !== null &&
    (!Number.isInteger(terms.checkinEveryMonths) || terms.checkinEveryMonths <= 0)
  ) {
    throw invalidInput('Check-ins come every whole number of months, more than 0.')
  }
  if (!Number.isInteger(terms.budgetHalfDays) || terms.budgetHalfDays < 0)
    throw invalidInput('A legacy day budget is zero or more days, in halves.')
  const endsOn = addMonths(terms.openedOn, terms.months)
  const link = {
    leaderId: deployment.leaderId,
    urn: deployment.urn,
    trustCode: deployment.trustCode,
    deploymentId: deployment.id,
    openedOn: terms.openedOn,
    endsOn,
    checkinEveryMonths: terms.checkinEveryMonths,
    budgetHalfDays: terms.budgetHalfDays,
  }
  let id = 0
  // A legacy budget that overcommits the leader is reported, not refused: the link costs nothing until used.
  const warnings = await checkCapacity(
    repos,
    {id: deployment.leaderId, ref: deployment.leaderRef},
    today,
    'allow',
    async () => {
      id = await repos.legacy.insert(link)
    },
  )
  const schedule =
    terms.checkinEveryMonths === null ? [] : checkinSchedule(terms.openedOn, endsOn, terms.checkinEveryMonths)
  await repos.legacy.scheduleCheckins(id, schedule)
  await repos.audit.record({
    actor,
    action: 'legacy.open',
    entity: 'legacy_link',
    entityId: id,
    after: {...link, checkinsScheduled: schedule},
  })
  return {id, warnings}
}

export interface LegacySummary extends LegacyLink {
  usedHalfDays: number
  nextCheckinDue: string | null
}

export interface LegacyListFilter extends Omit<LegacyFilter, 'leaderId' | 'urn'> {
  leader?: string
  /** URN or name. */
  school?: string
}

/** A page of legacy links, with the total. */
export interface LegacyList {
  links: LegacySummary[]
  total: number
}

export async function listLegacy(context: ServiceContext, filter: LegacyListFilter): Promise<LegacyList> {
  return context.registry.read(async (repos) => {
    const {leader, school, ...rest} = filter
    const leaderId = leader === undefined ? undefined : await resolveLeaderId(repos, leader)
    const urn = school === undefined ? undefined : (await resolveSchoolUrn(repos, school)).urn
    const {links, total} = await repos.legacy.list({...rest, leaderId, urn})
    return {links: await summarise(repos, links), total}
  })
}

export interface LegacyDetail {
  link: LegacySummary
  checkins: LegacyCheckin[]
}

export interface CheckinInput {
  id: number
  heldOn?: string
  note?: string | null
  halfDays?: number
}

export interface CheckinResult extends LegacyDetail {
  warnings: string[]
}

/** Records a check-in held: the earliest one still due, else an unscheduled one; days count against the budget. */
export async function checkinLegacy(context: ServiceContext, input: CheckinInput): Promise<CheckinResult> {
  return context.registry.write(async (repos) => {
    const link = await requireOpenLink(repos, input.id, 'checked in')
    const heldOn = input.heldOn ?? context.today
    if (heldOn > context.today) throw invalidInput(`A check-in is recorded once held; ${heldOn} is in the future.`)
    if (heldOn < link.openedOn)
      throw invalidInput(`Legacy link ${link.id} opened on ${link.openedOn}, after ${heldOn}.`)
    const halfDays = input.halfDays ?? 0
    if (!Number.isInteger(halfDays) || halfDays < 0) throw invalidInput('Days must be zero or more, in halves.')
    const warnings: string[] = []
    const checkins = (await repos.legacy.checkinsFor([link.id])).get(link.id) ?? []
    const scheduled = checkins.find((checkin) => checkin.heldOn === null && checkin.dueOn !== null) ?? null
    const note = input.note?.trim() || null
    const checkinId = await repos.legacy.holdCheckin(link.id, scheduled?.id ?? null, heldOn, note)
    if (halfDays > 0) {
      const used = deliveredHalfDays((await repos.ledger.forLegacyLinks([link.id])).get(link.id) ?? []) + halfDays
      if (used > link.budgetHalfDays)
        warnings.push(`This uses ${formatDays(used)} days of a ${formatDays(link.budgetHalfDays)}-day legacy budget.`)
      warnings.push(
        ...(await checkCapacity(repos, {id: link.leaderId, ref: link.leaderRef}, context.today, 'allow', async () => {
          await repos.ledger.insert({
            deploymentId: null,
            legacyLinkId: link.id,
            leaderId: link.leaderId,
            entry: 'delivered',
            activity: LEGACY_CHECKIN_ACTIVITY,
            onDate: heldOn,
            halfDays,
            note,
          })
        })),
      )
    }
    await repos.audit.record({
      actor: context.actor,
      action: 'legacy.checkin',
      entity: 'legacy_link',
      entityId: link.id,
      before: scheduled ? {checkinId, dueOn: scheduled.dueOn, heldOn: null} : null,
      after: {checkinId, dueOn: scheduled?.dueOn ?? null, heldOn, halfDays},
    })
    return {...(await detail(repos, link.id)), warnings}
  })
}

export interface EndLegacyInput {
  id: number
  reason: string
  endedOn?: string
}

export async function endLegacy(context: ServiceContext, input: EndLegacyInput): Promise<LegacyDetail> {
  return context.registry.write(async (repos) => {
    const link = await requireOpenLink(repos, input.id, 'ended')
    const reason = requireText(input.reason, 'Ending a legacy link needs a reason', 'legacy-end-reason')
    const endedOn = input.endedOn ?? context.today
    if (endedOn < link.openedOn)
      throw invalidInput(`Legacy link ${link.id} opened on ${link.openedOn}, after ${endedOn}.`)
    await repos.legacy.end(link.id, endedOn, reason)
    await repos.audit.record({
      actor: context.actor,
      action: 'legacy.end',
      entity: 'legacy_link',
      entityId: link.id,
      before: {status: 'open'},
      after: {status: 'ended', endedOn},
    })
    return detail(repos, link.id)
  })
}

async function requireOpenLink(repos: Repos, id: number, verb: string): Promise<LegacyLink> {
  const link = await repos.legacy.get(id)
  if (!link) throw notFound(`There is no legacy link ${id}.`, {code: 'legacy.unknown', data: {legacyLinkId: id}})
  if (link.status !== 'open') throw conflict(`Legacy link ${id} ended on ${link.endedOn}; it cannot be ${verb}.`)
  return link
}

async function detail(repos: Repos, id: number): Promise<LegacyDetail> {
  const link = (await repos.legacy.get(id))!
  const [summary] = await summarise(repos, [link])
  return {link: summary!, checkins: (await repos.legacy.checkinsFor([id])).get(id) ?? []}
}

export async function summarise(repos: Repos, links: readonly LegacyLink[]): Promise<LegacySummary[]> {
  const ids = links.map((link) => link.id)
  const ledgers = await repos.ledger.forLegacyLinks(ids)
  const checkins = await repos.legacy.checkinsFor(ids)
  return links.map((link) => ({
    ...link,
    usedHalfDays: deliveredHalfDays(ledgers.get(link.id) ?? []),
    nextCheckinDue:
      (checkins.get(link.id) ?? []).find((checkin) => checkin.heldOn === null && checkin.dueOn !== null)?.dueOn ?? null,
  }))
}
