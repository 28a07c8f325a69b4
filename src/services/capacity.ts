import {accountCapacity, type YearCapacity} from '../core/capacity.js'
import type {Repos} from '../db/repos/index.js'
import {workingCalendar} from './reference.js'

/** Capacity per leader and academic year, from the registry: see core/capacity for the rules. */
export async function capacityOf(repos: Repos, leaderIds: readonly number[] | 'all', today: string): Promise<Map<number, Map<number, YearCapacity>>> {
  const inputs = await repos.capacity.inputs(leaderIds)
  const calendar = workingCalendar()
  const result = new Map<number, Map<number, YearCapacity>>()
  for (const [leaderId, leaderInputs] of inputs) result.set(leaderId, accountCapacity(leaderInputs, today, calendar))
  return result
}
