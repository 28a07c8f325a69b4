import type {MatchConfig} from '../match/config.js'
import type {MatchLeader, MatchNeed, MatchTables} from '../match/model.js'
import {newScratch, scorePair, VETO_BIT} from '../match/scoring.js'
import type {DesignationKind} from '../model.js'
import type {ClusterLeader} from './model.js'

/**
 * Who may lead a cluster, by the match engine's own rules: each school of a cluster is scored as
 * a need of `days per school` with the leader (scoring.ts), and every veto but capacity rules the
 * pair out: expertise (the area, or whole-school leadership), designation and its dates, phase
 * cover, the in-person radius from the leader's base, their own school (and its predecessors),
 * the same trust (`vetoSameTrust`), objections, time off. Capacity is the cluster's: days per
 * school times its size, charged across the academic years of the window (`maxSchools`).
 */

/** Leaders holding none of these designations (active through the window) are no candidates. */
export function holdsDesignation(
  leader: Pick<MatchLeader, 'designations'>,
  kinds: readonly DesignationKind[],
  windowEnd: string,
): boolean {
  return leader.designations.some(
    (designation) =>
      kinds.includes(designation.kind) &&
      designation.status === 'active' &&
      (designation.reviewOn === null || designation.reviewOn >= windowEnd),
  )
}

/** The most schools (up to `upTo`) whose days fit the leader's free days in every academic year. */
export function schoolsWithinDays(
  freeByYear: ReadonlyMap<number, number>,
  upTo: number,
  chargeOf: (schools: number) => ReadonlyMap<number, number>,
): number {
  let most = 0
  for (let schools = 1; schools <= upTo; schools += 1) {
    for (const [year, halfDays] of chargeOf(schools)) if (halfDays > (freeByYear.get(year) ?? 0)) return most
    most = schools
  }
  return most
}

const IGNORED = VETO_BIT['no-capacity']

/** Each leader's fits: the schools (by index in `needs`) they may lead, with the pair's score. */
export function clusterLeaders(
  needs: readonly MatchNeed[],
  leaders: readonly MatchLeader[],
  config: MatchConfig,
  tables: MatchTables,
  upTo: number,
  chargeOf: (schools: number) => ReadonlyMap<number, number>,
): ClusterLeader[] {
  const out = newScratch()
  return leaders.map((leader) => {
    const fits = new Map<number, number>()
    needs.forEach((need, index) => {
      scorePair(need, leader, config, tables, false, out, false)
      if ((out.vetoes & ~IGNORED) === 0) fits.set(index, out.score)
    })
    return {
      id: leader.id,
      ref: leader.ref,
      name: leader.name,
      maxSchools: schoolsWithinDays(leader.freeByYear, upTo, chargeOf),
      fits,
      location: leader.location,
    }
  })
}
