import {distanceKm} from '../geo.js'
import {type ClusterProblem, metres} from './model.js'

/**
 * The obvious grouping by hand, to compare a plan with: the schools of each local authority in
 * postcode order, cut into groups of the largest size. Each group's centre is the school nearest
 * the others (least total distance); its leader, taken in turn from the leaders still free, is the
 * first (by id) who fits every school and has the days. Measured as the plan is: schools placed (in
 * a group of at least the smallest size with a fitting leader), travel to the centre, and how many
 * groups break the plan's rules (a school beyond the distance, phases mixed).
 */

export interface ManualGroup {
  laCode: string | null
  members: number[]
  centre: number
  leader: number | null
  travelMetres: number
  /** Schools farther than the cluster distance from the centre. */
  beyondKm: number
  mixedPhases: boolean
}

export interface ManualGrouping {
  groups: ManualGroup[]
  placed: number
  /** Travel of every group with a location, placed or not. */
  travelMetres: number
  /** Travel of the groups that count as placed. */
  placedTravelMetres: number
  breakingRules: number
}

const postcodeKey = (postcode: string | null) => (postcode ?? '~').toUpperCase().replace(/\s+/g, '')

export function manualGrouping(problem: ClusterProblem): ManualGrouping {
  const {schools, rules} = problem
  const byLa = new Map<string, number[]>()
  schools.forEach((school, index) => {
    if (!school.location) return
    const key = school.laCode ?? ''
    byLa.set(key, [...(byLa.get(key) ?? []), index])
  })
  const groups: ManualGroup[] = []
  const used = new Set<number>()
  for (const key of [...byLa.keys()].sort()) {
    const members = byLa
      .get(key)!
      .sort((a, b) => postcodeKey(schools[a]!.postcode).localeCompare(postcodeKey(schools[b]!.postcode)) || a - b)
    for (let start = 0; start < members.length; start += rules.maxSize) {
      const group = members.slice(start, start + rules.maxSize)
      const distance = (a: number, b: number) => metres(distanceKm(schools[a]!.location!, schools[b]!.location!))
      let centre = group[0]!
      let travel = Number.POSITIVE_INFINITY
      for (const candidate of group) {
        const total = group.reduce((sum, member) => sum + distance(candidate, member), 0)
        if (total < travel) {
          travel = total
          centre = candidate
        }
      }
      const beyondKm = group.filter((member) => distance(centre, member) > metres(rules.maxKm)).length
      const mixedPhases = new Set(group.map((member) => schools[member]!.phase)).size > 1
      let leader: number | null = null
      if (group.length >= rules.minSize) {
        const found = problem.leaders.findIndex(
          (candidate, index) =>
            !used.has(index) &&
            candidate.maxSchools >= group.length &&
            group.every((member) => candidate.fits.has(member)),
        )
        if (found !== -1) {
          leader = found
          used.add(found)
        }
      }
      groups.push({laCode: key || null, members: group, centre, leader, travelMetres: travel, beyondKm, mixedPhases})
    }
  }
  const placedGroups = groups.filter((group) => group.leader !== null)
  return {
    groups,
    placed: placedGroups.reduce((sum, group) => sum + group.members.length, 0),
    travelMetres: groups.reduce((sum, group) => sum + group.travelMetres, 0),
    placedTravelMetres: placedGroups.reduce((sum, group) => sum + group.travelMetres, 0),
    breakingRules: groups.filter((group) => group.beyondKm > 0 || (group.mixedPhases && !rules.mixedPhase)).length,
  }
}
