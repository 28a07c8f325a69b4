import {type Deployment, type LegacyLink, subjectLabel} from '../core/deployments.js'
import {BROKER_OWNER, type DueItem, dueWork} from '../core/due-work.js'
import {invalidInput} from '../core/errors.js'
import type {Repos} from '../db/repos/index.js'
import type {ServiceContext} from './context.js'
import {workingCalendar} from './reference.js'
import {resolveLeader} from './resolve.js'

export interface DueFilter {
  /** Include work due within this many days from today. */
  withinDays: number
  /** `broker`, or a leader (ref, email or name). */
  owner?: string
  overdueOnly?: boolean
}

export interface DueOwner {
  owner: string
  /** The leader's name; null for the broker or an erased leader. */
  name: string | null
  overdue: number
  dueSoon: number
}

export interface DueReport {
  today: string
  withinDays: number
  items: DueItem[]
  owners: DueOwner[]
}

/** `broker due`: everything overdue or due soon across deployments and legacy links, by owner. */
export async function listDueWork(context: ServiceContext, filter: DueFilter): Promise<DueReport> {
  if (!Number.isInteger(filter.withinDays) || filter.withinDays < 0)
    throw invalidInput('The window (days ahead) is a whole number of days, 0 or more.')
  return context.registry.read(async (repos) => {
    const owner = await ownerRef(repos, filter.owner)
    const {items: all, leaderNames} = await collectDueWork(repos, context.today, filter.withinDays)
    const items = all.filter(
      (item) => (owner === undefined || item.owner === owner) && (!filter.overdueOnly || item.state === 'overdue'),
    )
    const owners = new Map<string, DueOwner>()
    for (const item of items) {
      const entry = owners.get(item.owner) ?? {
        owner: item.owner,
        name: leaderNames.get(item.owner) ?? null,
        overdue: 0,
        dueSoon: 0,
      }
      if (item.state === 'overdue') entry.overdue += 1
      else entry.dueSoon += 1
      owners.set(item.owner, entry)
    }
    const ordered = [...owners.values()].sort(
      (a, b) => Number(b.owner === BROKER_OWNER) - Number(a.owner === BROKER_OWNER) || a.owner.localeCompare(b.owner),
    )
    return {today: context.today, withinDays: filter.withinDays, items, owners: ordered}
  })
}

async function ownerRef(repos: Repos, text: string | undefined): Promise<string | undefined> {
  if (text === undefined) return undefined
  if (text.trim().toLowerCase() === BROKER_OWNER) return BROKER_OWNER
  return (await resolveLeader(repos, text)).ref
}

/**
 * Due work from the registry: by default every deployment that can have any and every open legacy
 * link; `scope` narrows it (one deployment's page).
 */
export async function collectDueWork(
  repos: Repos,
  today: string,
  withinDays: number,
  scope?: {deployments: readonly Deployment[]; links: readonly LegacyLink[]},
): Promise<{items: DueItem[]; leaderNames: Map<string, string | null>}> {
  const deployments = scope?.deployments ?? (await repos.deployments.withPossibleDueWork())
  const links = scope?.links ?? (await repos.legacy.list({status: 'open'})).links
  const ids = deployments.map((deployment) => deployment.id)
  const ledgers = await repos.ledger.forDeployments(ids)
  const reviews = await repos.deployments.reviewsFor(ids)
  const checkins = await repos.legacy.checkinsFor(links.map((link) => link.id))
  const leaderNames = new Map<string, string | null>(
    [...deployments, ...links].map((owner) => [owner.leaderRef, owner.leaderName]),
  )
  const items = dueWork(
    deployments.map((deployment) => ({
      id: deployment.id,
      leaderId: deployment.leaderId,
      leaderRef: deployment.leaderRef,
      subject: subjectLabel(deployment),
      status: deployment.status,
      startsOn: deployment.startsOn,
      endsOn: deployment.endsOn,
      holdExpiresOn: deployment.holdExpiresOn,
      ledger: ledgers.get(deployment.id) ?? [],
      reviews: reviews.get(deployment.id) ?? [],
    })),
    links
      .filter((link) => link.status === 'open')
      .map((link) => ({
        id: link.id,
        leaderId: link.leaderId,
        leaderRef: link.leaderRef,
        subject: subjectLabel(link),
        endsOn: link.endsOn,
        checkins: checkins.get(link.id) ?? [],
      })),
    today,
    withinDays,
    workingCalendar(),
  )
  return {items, leaderNames}
}
