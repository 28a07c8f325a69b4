import {DEFAULT_IMPACT, type ImpactSchool} from '../core/impact/model.js'
import {type LeaderRecord, leaderRecordOf} from '../core/impact/record.js'
import type {Repos} from '../db/repos/index.js'

/** How many GIAS links away a converted school's results are looked for (as the impact report does). */
const LINK_DEPTH = 3

/**
 * A leader's own record (their closed deployments and what the supported schools' results did
 * after), for directors: `leaders show` and the leader report with --director, and every
 * subject access export. Reads only the leader's schools, their GIAS links and their results.
 */
export async function leaderRecord(repos: Repos, leaderId: number, today: string): Promise<LeaderRecord> {
  const deployments = await repos.impact.endedDeployments({leaderId})
  const schools = new Map<number, ImpactSchool>()
  const urns = new Set(deployments.map((deployment) => deployment.urn))
  let frontier = [...urns]
  for (let depth = 0; depth <= LINK_DEPTH && frontier.length > 0; depth += 1) {
    const found = await repos.impact.schools(frontier)
    frontier = []
    for (const school of found) {
      schools.set(school.urn, school)
      for (const linked of [...school.predecessors, ...school.successors])
        if (!urns.has(linked)) {
          urns.add(linked)
          frontier.push(linked)
        }
    }
  }
  return leaderRecordOf({
    asOf: today,
    afterMonths: DEFAULT_IMPACT.afterMonths,
    deployments,
    schools: [...schools.values()],
    results: await repos.results.forUrns([...urns]),
    yearsOnRecord: await repos.results.yearsOnRecord(),
  })
}
