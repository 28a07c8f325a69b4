import {accountCapacity, type YearCapacity} from '../core/capacity.js'
import type {Repos} from '../db/repos/index.js'
import {workingCalendar} from './reference.js'

/** Capacity per leader and academic year, from the registry: see core/capacity for the rules. */
export async function capacityOf(
  repos: Repos,
  leaderIds: readonly number[] | 'all',
  today: string,
  options: {ignoreDeployments?: ReadonlySet<number>} = {},
): Promise<Map<number, Map<number, YearCapacity>>> {
  const inputs = await repos.capacity.inputs(leaderIds)
  const calendar = workingCalendar()
  const ignored = options.ignoreDeployments
  const result = new Map<number, Map<number, YearCapacity>>()
  for (const [leaderId, leaderInputs] of inputs) {
    // A re-plan reconsiders some proposals: their held days are free for the run.
    const considered =
      ignored && ignored.size > 0
        ? {...leaderInputs, deployments: leaderInputs.deployments.filter((d) => !ignored.has(d.id))}
        : leaderInputs
    result.set(leaderId, accountCapacity(considered, today, calendar))
  }
  return result
}
