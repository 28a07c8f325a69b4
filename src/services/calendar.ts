import {deploymentEvents, dueEvents, legacyEvents, sequenceEvents} from '../core/calendar-events.js'
import type {NextStep} from '../core/due-work.js'
import {type CalendarEvent, renderCalendar} from '../core/icalendar.js'
import {addressLines} from '../core/model.js'
import {nowInstant} from '../db/codec.js'
import type {Repos} from '../db/repos/index.js'
import type {ServiceContext} from './context.js'
import {listDueWork, type DueFilter, type DueReport} from './due.js'
import {resolveLeaderId, resolveSchoolUrn} from './resolve.js'

/**
 * Calendars for Outlook and Google (RFC 5545 .ics): every planned visit, review, legacy check-in
 * and proposal hold of the chosen deployments, or the items of `broker due`. Exporting remembers a
 * fingerprint of each event, so the next export keeps an unchanged event's SEQUENCE and raises a
 * changed one's: calendar programs that imported the file before then update their copy.
 */

export interface CalendarFilter {
  /** A leader (ref, email or name). */
  leader?: string
  /** A school (URN or name). */
  school?: string
}

export interface CalendarExport {
  ics: string
  events: number
  /** Events whose content changed since the last export (their SEQUENCE rose). */
  changed: number
  /** Events exported for the first time. */
  added: number
  cancelled: number
}

export async function exportDeploymentCalendar(
  context: ServiceContext,
  filter: CalendarFilter,
  nextStep: NextStep,
): Promise<CalendarExport> {
  return context.registry.write(async (repos) => {
    const leaderId = filter.leader === undefined ? undefined : await resolveLeaderId(repos, filter.leader)
    const urn = filter.school === undefined ? undefined : (await resolveSchoolUrn(repos, filter.school)).urn
    const {deployments} = await repos.deployments.list({status: 'any', leaderId, urn, limit: 0})
    const {links} = await repos.legacy.list({status: 'any', leaderId, urn, limit: 0})
    const ids = deployments.map((deployment) => deployment.id)
    const ledgers = await repos.ledger.forDeployments(ids)
    const reviews = await repos.deployments.reviewsFor(ids)
    const checkins = await repos.legacy.checkinsFor(links.map((link) => link.id))
    const locations = await schoolLocations(
      repos,
      [...deployments, ...links].map((pairing) => pairing.urn),
    )
    const events = [
      ...deployments.flatMap((deployment) =>
        deploymentEvents(
          {
            deployment,
            ledger: ledgers.get(deployment.id) ?? [],
            reviews: reviews.get(deployment.id) ?? [],
            location: deployment.urn === null ? null : (locations.get(deployment.urn) ?? null),
          },
          nextStep,
        ),
      ),
      ...links.flatMap((link) =>
        legacyEvents(
          {
            link,
            checkins: checkins.get(link.id) ?? [],
            location: link.urn === null ? null : (locations.get(link.urn) ?? null),
          },
          nextStep,
        ),
      ),
    ]
    return sequenceAndRender(repos, events, 'School-to-school support')
  })
}

/** `broker due --ics`: what `broker due` lists with the same filter, as all-day events. */
export async function exportDueCalendar(
  context: ServiceContext,
  filter: DueFilter,
  nextStep: NextStep,
): Promise<CalendarExport & {report: DueReport}> {
  const report = await listDueWork(context, filter)
  return context.registry.write(async (repos) => {
    const deploymentIds = report.items.flatMap((item) => (item.deploymentId === null ? [] : [item.deploymentId]))
    const linkIds = report.items.flatMap((item) => (item.legacyLinkId === null ? [] : [item.legacyLinkId]))
    const {deployments} = await repos.deployments.list({status: 'any', ids: deploymentIds, limit: 0})
    const {links} = await repos.legacy.list({status: 'any', ids: linkIds, limit: 0})
    const byUrn = await schoolLocations(
      repos,
      [...deployments, ...links].map((pairing) => pairing.urn),
    )
    const locations = new Map<string, string | null>([
      ...deployments.map((d): [string, string | null] => [`deployment-${d.id}`, byUrn.get(d.urn ?? 0) ?? null]),
      ...links.map((l): [string, string | null] => [`legacy-${l.id}`, byUrn.get(l.urn ?? 0) ?? null]),
    ])
    return {
      ...(await sequenceAndRender(
        repos,
        dueEvents(report.items, locations, nextStep),
        'School-to-school support: due',
      )),
      report,
    }
  })
}

async function sequenceAndRender(repos: Repos, events: CalendarEvent[], name: string): Promise<CalendarExport> {
  const exported = await repos.calendar.exported(events.map((event) => event.uid))
  const sequenced = sequenceEvents(events, exported)
  const now = nowInstant()
  await repos.calendar.save(sequenced.remember, now)
  const ordered = [...sequenced.events].sort((a, b) => a.date.localeCompare(b.date) || a.uid.localeCompare(b.uid))
  return {
    ics: renderCalendar(ordered, {name, stamp: now}),
    events: ordered.length,
    changed: sequenced.changed,
    added: events.filter((event) => !exported.has(event.uid)).length,
    cancelled: ordered.filter((event) => event.status === 'CANCELLED').length,
  }
}

async function schoolLocations(repos: Repos, urns: readonly (number | null)[]): Promise<Map<number, string>> {
  const schools = await repos.schools.getMany(urns.filter((urn): urn is number => urn !== null))
  return new Map([...schools].map(([urn, school]) => [urn, [school.name, ...addressLines(school.address)].join(', ')]))
}
