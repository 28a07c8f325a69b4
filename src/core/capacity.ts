import {academicYearOf, addMonths} from './calendar.js'
import type {DeploymentStatus} from './lifecycle.js'
import {apportion, type WorkingCalendar} from './working-days.js'

export type {DeploymentStatus}

/**
 * Capacity accounting: the one source of truth for a leader's days, per academic year, in half
 * days. The matching engine, reports and `leaders show` all call `accountCapacity`.
 *
 *   free = released − held − committed − delivered − legacy
 *
 * - released: days the home school releases for the year;
 * - held: proposed deployments awaiting agreement (until their hold expires);
 * - committed: agreed or active deployments' days not yet delivered;
 * - delivered: the ledger's delivered entries, by the date of delivery;
 * - legacy: open legacy links' day budgets not yet used.
 *
 * A deployment's days are charged to the academic years its window spans in proportion to its
 * working days in each; what is still to deliver is spread over the years not yet used up.
 */

export interface CapacityDeployment {
  id: number
  status: DeploymentStatus
  halfDays: number
  /** The window the days fall in: agreed dates, else the need's window. */
  start: string
  end: string
  holdExpiresOn: string | null
}

export interface CapacityLegacyLink {
  id: number
  status: 'open' | 'ended'
  budgetHalfDays: number
  openedOn: string
  endsOn: string | null
}

export interface DeliveredEntry {
  deploymentId: number | null
  legacyLinkId: number | null
  onDate: string
  halfDays: number
}

export interface CapacityInputs {
  released: readonly {academicYear: number; releasedHalfDays: number}[]
  deployments: readonly CapacityDeployment[]
  delivered: readonly DeliveredEntry[]
  legacy: readonly CapacityLegacyLink[]
}

export interface YearCapacity {
  academicYear: number
  released: number
  held: number
  committed: number
  delivered: number
  legacy: number
  free: number
}

/** Legacy budgets with no end date are charged over this many months from opening. */
const OPEN_ENDED_LEGACY_MONTHS = 12

export function isHolding(deployment: CapacityDeployment, today: string): boolean {
  return deployment.status === 'proposed' && (deployment.holdExpiresOn === null || deployment.holdExpiresOn >= today)
}

export function accountCapacity(
  inputs: CapacityInputs,
  today: string,
  calendar: WorkingCalendar,
): Map<number, YearCapacity> {
  const years = new Map<number, YearCapacity>()
  const year = (academicYear: number): YearCapacity => {
    let entry = years.get(academicYear)
    if (!entry) {
      entry = {academicYear, released: 0, held: 0, committed: 0, delivered: 0, legacy: 0, free: 0}
      years.set(academicYear, entry)
    }
    return entry
  }

  for (const released of inputs.released) year(released.academicYear).released += released.releasedHalfDays

  const deliveredByDeployment = new Map<number, Map<number, number>>()
  const deliveredByLegacy = new Map<number, number>()
  for (const entry of inputs.delivered) {
    const academicYear = academicYearOf(entry.onDate)
    year(academicYear).delivered += entry.halfDays
    if (entry.deploymentId !== null) {
      const perYear = deliveredByDeployment.get(entry.deploymentId) ?? new Map<number, number>()
      perYear.set(academicYear, (perYear.get(academicYear) ?? 0) + entry.halfDays)
      deliveredByDeployment.set(entry.deploymentId, perYear)
    }
    if (entry.legacyLinkId !== null) {
      deliveredByLegacy.set(entry.legacyLinkId, (deliveredByLegacy.get(entry.legacyLinkId) ?? 0) + entry.halfDays)
    }
  }

  for (const deployment of inputs.deployments) {
    if (isHolding(deployment, today)) {
      for (const [academicYear, halfDays] of calendar.splitAcrossYears(
        deployment.halfDays,
        deployment.start,
        deployment.end,
      )) {
        year(academicYear).held += halfDays
      }
    } else if (deployment.status === 'agreed' || deployment.status === 'active') {
      const allocation = calendar.splitAcrossYears(deployment.halfDays, deployment.start, deployment.end)
      const delivered = deliveredByDeployment.get(deployment.id) ?? new Map<number, number>()
      const deliveredTotal = [...delivered.values()].reduce((sum, value) => sum + value, 0)
      const remaining = Math.max(0, deployment.halfDays - deliveredTotal)
      for (const [academicYear, halfDays] of spreadRemaining(remaining, allocation, delivered)) {
        year(academicYear).committed += halfDays
      }
    }
  }

  for (const link of inputs.legacy) {
    if (link.status !== 'open') continue
    const remaining = Math.max(0, link.budgetHalfDays - (deliveredByLegacy.get(link.id) ?? 0))
    if (remaining === 0) continue
    const end = link.endsOn ?? addMonths(link.openedOn, OPEN_ENDED_LEGACY_MONTHS)
    const from = today > link.openedOn && today <= end ? today : link.openedOn
    for (const [academicYear, halfDays] of calendar.splitAcrossYears(remaining, from, end))
      year(academicYear).legacy += halfDays
  }

  for (const entry of years.values()) {
    entry.free = entry.released - entry.held - entry.committed - entry.delivered - entry.legacy
  }
  return new Map([...years].sort(([a], [b]) => a - b))
}

/** Spreads what is left to deliver over the years whose allocation is not yet used up. */
function spreadRemaining(
  remaining: number,
  allocation: Map<number, number>,
  delivered: Map<number, number>,
): Map<number, number> {
  const open = [...allocation].map(([year, allocated]) => ({
    year,
    weight: Math.max(0, allocated - (delivered.get(year) ?? 0)),
  }))
  const result = new Map<number, number>()
  if (remaining === 0) return result
  if (open.every((share) => share.weight === 0)) {
    // Delivered ahead of plan everywhere but not in total: charge the rest to the last year.
    const last = [...allocation.keys()].at(-1)
    if (last !== undefined) result.set(last, remaining)
    return result
  }
  return apportion(remaining, open)
}

export interface YearStrain {
  academicYear: number
  released: number
  freeBefore: number
  freeAfter: number
}

/**
 * The academic years a change overcommits: free days below zero after it and fewer than before, so
 * a year that was already overcommitted does not block a change that leaves it no worse.
 */
export function capacityStrain(before: Map<number, YearCapacity>, after: Map<number, YearCapacity>): YearStrain[] {
  const strained: YearStrain[] = []
  for (const [academicYear, year] of after) {
    const freeBefore = before.get(academicYear)?.free ?? 0
    if (year.free < 0 && year.free < freeBefore)
      strained.push({academicYear, released: year.released, freeBefore, freeAfter: year.free})
  }
  return strained
}
