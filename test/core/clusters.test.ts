import {describe, expect, it} from 'vitest'

import {travelLowerBound, travelLpBound} from '../../src/core/clusters/bound.js'
import {clusterTravel} from '../../src/core/clusters/heuristic.js'
import {clusterLeaders, holdsDesignation, schoolsWithinDays} from '../../src/core/clusters/leaders.js'
import {manualGrouping} from '../../src/core/clusters/manual.js'
import {
  type ClusterLeader,
  type ClusterProblem,
  type ClusterSchool,
  metres,
  type PlannedCluster,
} from '../../src/core/clusters/model.js'
import {leftOutSchools} from '../../src/core/clusters/report.js'
import {shareHalfDays} from '../../src/core/clusters/sessions.js'
import {solveClusters} from '../../src/core/clusters/solve.js'
import {buildStructure} from '../../src/core/clusters/structure.js'
import {distanceKm} from '../../src/core/geo.js'
import type {Phase} from '../../src/core/model.js'
import {seededRandom} from '../../src/core/random.js'
import {loadHighsSolver} from '../../src/services/solver.js'
import {aDesignation, aLeader, aNeed, aSchool, config, north, tables} from './match-builders.js'

/** A school about (eastKm, northKm) from a point in County Durham. */
function school(index: number, eastKm: number, northKm: number, phase: Phase = 'primary'): ClusterSchool {
  return {
    urn: 100_000 + index,
    name: `School ${index}`,
    phase,
    town: 'Town',
    laCode: index % 2 === 0 ? '391' : '392',
    laName: null,
    postcode: `NE${index} 1AA`,
    location: {latitude: 54.7 + northKm / 111.2, longitude: -1.6 + eastKm / 64.3},
  }
}

function leader(id: number, fits: Iterable<[number, number]>, maxSchools = 6): ClusterLeader {
  return {id, ref: `L-${id}`, name: `Leader ${id}`, maxSchools, fits: new Map(fits), location: null}
}

const everyone = (count: number, score = 0.5) =>
  Array.from({length: count}, (_, index) => [index, score] as [number, number])

/** Every hard rule of a plan: sizes, distance and phase to the centre, leader fit, days, one cluster each. */
function expectRulesHeld(problem: ClusterProblem, clusters: readonly PlannedCluster[]): void {
  const seen = new Set<number>()
  const leaders = new Set<number>()
  for (const cluster of clusters) {
    expect(cluster.members[0]).toBe(cluster.centre)
    expect(cluster.members.length).toBeGreaterThanOrEqual(problem.rules.minSize)
    expect(cluster.members.length).toBeLessThanOrEqual(problem.rules.maxSize)
    const lead = problem.leaders[cluster.leader]!
    expect(leaders.has(cluster.leader)).toBe(false)
    leaders.add(cluster.leader)
    expect(lead.maxSchools).toBeGreaterThanOrEqual(cluster.members.length)
    const centre = problem.schools[cluster.centre]!
    for (const member of cluster.members) {
      expect(seen.has(member)).toBe(false)
      seen.add(member)
      expect(lead.fits.has(member)).toBe(true)
      expect(distanceKm(centre.location!, problem.schools[member]!.location!)).toBeLessThanOrEqual(problem.rules.maxKm)
      if (!problem.rules.mixedPhase) expect(problem.schools[member]!.phase).toBe(centre.phase)
    }
  }
}

/**
 * The lexicographic optimum by brute force: every way to form clusters (each with its best centre)
 * and give each a distinct fitting leader with the days; most placed, then least travel, then the
 * highest score.
 */
function bruteForce(problem: ClusterProblem): {placed: number; travel: number; score: number} {
  const {schools, leaders, rules} = problem
  const n = schools.length
  let best = {placed: 0, travel: 0, score: 0}
  const better = (a: typeof best, b: typeof best) =>
    a.placed > b.placed ||
    (a.placed === b.placed && (a.travel < b.travel || (a.travel === b.travel && a.score > b.score + 1e-9)))
  const groups: number[][] = []
  const centreTravel = (group: number[]) => {
    let least: number | null = null
    for (const centre of group) {
      if (!rules.mixedPhase && group.some((member) => schools[member]!.phase !== schools[centre]!.phase)) continue
      const km = group.map((member) => distanceKm(schools[centre]!.location!, schools[member]!.location!))
      if (km.some((value) => value > rules.maxKm)) continue
      const travel = km.reduce((sum, value) => sum + metres(value), 0)
      if (least === null || travel < least) least = travel
    }
    return least
  }
  const assignLeaders = (index: number, used: Set<number>): number | null => {
    if (index === groups.length) return 0
    let top: number | null = null
    leaders.forEach((lead, l) => {
      const group = groups[index]!
      if (used.has(l) || lead.maxSchools < group.length || !group.every((member) => lead.fits.has(member))) return
      used.add(l)
      const rest = assignLeaders(index + 1, used)
      used.delete(l)
      if (rest === null) return
      const score = group.reduce((sum, member) => sum + lead.fits.get(member)!, 0) + rest
      if (top === null || score > top) top = score
    })
    return top
  }
  const all: {placed: number; travel: number; score: number}[] = []
  const walk = (next: number) => {
    if (next === n) {
      if (groups.some((group) => group.length < rules.minSize)) return
      let travel = 0
      for (const group of groups) {
        const cost = centreTravel(group)
        if (cost === null) return
        travel += cost
      }
      const score = assignLeaders(0, new Set())
      if (score === null) return
      all.push({placed: groups.reduce((sum, group) => sum + group.length, 0), travel, score})
      return
    }
    walk(next + 1)
    for (const group of groups) {
      if (group.length >= rules.maxSize) continue
      group.push(next)
      walk(next + 1)
      group.pop()
    }
    groups.push([next])
    walk(next + 1)
    groups.pop()
  }
  walk(0)
  for (const found of all) if (better(found, best)) best = found
  return best
}

function randomProblem(seed: number, size: number): ClusterProblem {
  const random = seededRandom(seed)
  const schools = Array.from({length: size}, (_, index) =>
    school(index, random() * 30, random() * 30, random() < 0.25 ? 'secondary' : 'primary'),
  )
  const leaders = Array.from({length: 3}, (_, l) => {
    const fits: [number, number][] = []
    schools.forEach((_, index) => {
      if (random() < 0.8) fits.push([index, Math.round(random() * 10_000) / 10_000])
    })
    return leader(l + 1, fits, 2 + Math.floor(random() * 3))
  })
  return {schools, leaders, rules: {minSize: 2, maxSize: 3, maxKm: 15, mixedPhase: random() < 0.3}}
}

describe('clusters: the exact plan', () => {
  it('equals the brute-force optimum on small random problems: placed, travel and score', async () => {
    const solver = await loadHighsSolver()
    let placedSomewhere = 0
    let severalClusters = 0
    for (let seed = 1; seed <= 12; seed += 1) {
      const problem = randomProblem(seed, 7)
      const expected = bruteForce(problem)
      placedSomewhere += expected.placed
      if (expected.placed > 3) severalClusters += 1
      const solution = solveClusters(problem, solver, {method: 'exact'})
      expectRulesHeld(problem, solution.clusters)
      expect(solution.placed, `seed ${seed}`).toBe(expected.placed)
      expect(solution.travelMetres, `seed ${seed}`).toBe(expected.travel)
      expect(solution.score, `seed ${seed}`).toBeCloseTo(expected.score, 3)
      expect(solution.optimal).toBe(true)
      expect(solution.gap).toBe(0)
    }
    // The cases are not trivial: most place schools, several in more than one cluster.
    expect(placedSomewhere).toBeGreaterThan(30)
    expect(severalClusters).toBeGreaterThan(3)
  }, 120_000)

  it('groups two tight groups of five with their own leaders and leaves the far school out as isolated', async () => {
    const near = Array.from({length: 5}, (_, index) => school(index, index * 0.5, 0))
    const far = Array.from({length: 5}, (_, index) => school(5 + index, 40 + index * 0.5, 0))
    const lonely = school(10, 100, 100)
    const schools = [...near, ...far, lonely]
    const problem: ClusterProblem = {
      schools,
      leaders: [leader(1, everyone(11)), leader(2, everyone(11))],
      rules: {minSize: 5, maxSize: 6, maxKm: 25, mixedPhase: false},
    }
    const solution = solveClusters(problem, await loadHighsSolver())
    expect(solution.placed).toBe(10)
    expect(solution.clusters.map((cluster) => cluster.members.slice().sort((a, b) => a - b))).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
    ])
    // Centres in the middle: 0.5 + 0.5 + 1 + 1 km each side.
    expect(solution.clusters.map((cluster) => cluster.centre)).toEqual([2, 7])
    const left = leftOutSchools(problem, solution, 4)
    expect(left).toEqual([expect.objectContaining({urn: 100_010, code: 'isolated'})])
  })

  it('keeps phases apart unless mixing is allowed', async () => {
    const schools = [
      ...Array.from({length: 3}, (_, index) => school(index, index, 0, 'primary')),
      ...Array.from({length: 2}, (_, index) => school(3 + index, index, 1, 'secondary')),
    ]
    const problem = (mixedPhase: boolean): ClusterProblem => ({
      schools,
      leaders: [leader(1, everyone(5))],
      rules: {minSize: 5, maxSize: 6, maxKm: 25, mixedPhase},
    })
    const solver = await loadHighsSolver()
    expect(solveClusters(problem(false), solver).placed).toBe(0)
    expect(solveClusters(problem(true), solver).placed).toBe(5)
  })

  it('gives each cluster a leader who fits every school and has the days, each leader once', async () => {
    const schools = Array.from({length: 12}, (_, index) => school(index, index * 0.3, 0))
    const problem: ClusterProblem = {
      schools,
      leaders: [
        // fits all but school 0, days for six
        leader(
          1,
          everyone(12).filter(([index]) => index !== 0),
        ),
        // fits all, days for five only
        leader(2, everyone(12), 5),
        // fits all, days for four: no cluster
        leader(3, everyone(12), 4),
      ],
      rules: {minSize: 5, maxSize: 6, maxKm: 25, mixedPhase: false},
    }
    const solution = solveClusters(problem, await loadHighsSolver())
    expectRulesHeld(problem, solution.clusters)
    expect(solution.placed).toBe(11)
    expect(solution.clusters.map((cluster) => problem.leaders[cluster.leader]!.id).sort()).toEqual([1, 2])
  })

  it('gives the same plan every time', async () => {
    const solver = await loadHighsSolver()
    const problem = randomProblem(99, 40)
    problem.rules = {minSize: 3, maxSize: 4, maxKm: 12, mixedPhase: false}
    problem.leaders = Array.from({length: 8}, (_, l) => leader(l + 1, everyone(40, 0.1 * (l + 1)), 4))
    const first = solveClusters(problem, solver)
    const second = solveClusters(problem, solver)
    expect(second.clusters).toEqual(first.clusters)
  }, 60_000)
})

describe('clusters: the heuristic and its bound', () => {
  it('keeps every hard rule, is deterministic, and its travel lies above the proven bounds', async () => {
    const solver = await loadHighsSolver()
    const random = seededRandom(7)
    const schools = Array.from({length: 150}, (_, index) =>
      school(index, random() * 60, random() * 60, random() < 0.2 ? 'secondary' : 'primary'),
    )
    const leaders = Array.from({length: 40}, (_, l) =>
      leader(
        l + 1,
        schools.flatMap((_, index) => (random() < 0.7 ? [[index, random()] as [number, number]] : [])),
        4 + Math.floor(random() * 3),
      ),
    )
    const problem: ClusterProblem = {schools, leaders, rules: {minSize: 5, maxSize: 6, maxKm: 15, mixedPhase: false}}
    const solution = solveClusters(problem, solver, {method: 'heuristic'})
    expectRulesHeld(problem, solution.clusters)
    expect(solution.placed).toBeGreaterThan(0)
    expect(solution.travelMetres).toBe(
      solution.clusters.reduce((sum, cluster) => sum + clusterTravel(problem, cluster), 0),
    )
    expect(solution.travelBoundMetres).toBeLessThanOrEqual(solution.travelMetres)
    expect(solution.placedBound).toBeGreaterThanOrEqual(solution.placed)
    expect(solveClusters(problem, solver, {method: 'heuristic'}).clusters).toEqual(solution.clusters)
  }, 60_000)

  it('never bounds travel above the exact optimum (LP and Lagrangian)', async () => {
    const solver = await loadHighsSolver()
    for (let seed = 20; seed < 26; seed += 1) {
      const problem = randomProblem(seed, 9)
      const exact = solveClusters(problem, solver, {method: 'exact'})
      if (exact.placed === 0) continue
      const centres = buildStructure(problem)
      const leaders = problem.leaders.filter((entry) => entry.maxSchools >= problem.rules.minSize).length
      const lp = travelLpBound(problem.schools.length, centres, problem.rules.minSize, exact.placed, leaders, solver)
      const lagrangian = travelLowerBound(problem.schools.length, centres, problem.rules.minSize, exact.placed, {
        upperBound: exact.travelMetres,
        leaders,
      })
      expect(lp, `seed ${seed}`).toBeLessThanOrEqual(exact.travelMetres)
      expect(lagrangian, `seed ${seed}`).toBeLessThanOrEqual(exact.travelMetres)
    }
  }, 60_000)
})

describe('clusters: grouping by hand', () => {
  it('cuts each local authority in postcode order into groups of the largest size', () => {
    const schools = Array.from({length: 8}, (_, index) => ({
      ...school(index, index, 0),
      laCode: '391',
      postcode: `NE${8 - index} 1AA`,
    }))
    const problem: ClusterProblem = {
      schools,
      leaders: [leader(1, everyone(8))],
      rules: {minSize: 2, maxSize: 3, maxKm: 25, mixedPhase: false},
    }
    const manual = manualGrouping(problem)
    // Postcodes NE1..NE8 run from school 7 down to school 0.
    expect(manual.groups.map((group) => group.members)).toEqual([
      [7, 6, 5],
      [4, 3, 2],
      [1, 0],
    ])
    // One leader: only the first group is placed.
    expect(manual.placed).toBe(3)
    expect(manual.groups[0]!.centre).toBe(6)
  })
})

describe('clusters: who may lead', () => {
  const home = aSchool({urn: 900_099, trustCode: 'T1', location: north(aSchool().location!, 10)})
  const needFor = (urn: number, overrides: Parameters<typeof aSchool>[0] = {}) =>
    aNeed({
      id: -urn,
      school: aSchool({urn, ...overrides}),
      areas: ['leadership'],
      supportType: 'leadership',
      location: overrides.location ?? aSchool().location,
    })

  it("vetoes a leader's own school, their trust's schools, schools beyond their radius and the wrong phase", () => {
    const needs = [
      needFor(900_001),
      needFor(900_099),
      needFor(900_002, {trustCode: 'T1'}),
      needFor(900_003, {location: north(aSchool().location!, 80)}),
      needFor(900_004, {phase: 'secondary'}),
    ]
    const lead = aLeader({
      designations: [aDesignation({kind: 'NLE'})],
      specialisms: new Map([['leadership', 1]]),
      home,
      trustCode: 'T1',
      location: home.location,
    })
    const [fits] = clusterLeaders(needs, [lead], config(), tables, 6, () => new Map())
    expect([...fits!.fits.keys()]).toEqual([0])
  })

  it('counts the schools whose days fit in every academic year', () => {
    const free = new Map([
      [2026, 20],
      [2027, 12],
    ])
    const charge = (count: number) =>
      new Map([
        [2026, 2 * count],
        [2027, 2 * count],
      ])
    expect(schoolsWithinDays(free, 6, charge)).toBe(6)
    expect(schoolsWithinDays(new Map([[2026, 20]]), 6, charge)).toBe(0)
    expect(
      schoolsWithinDays(
        new Map([
          [2026, 9],
          [2027, 9],
        ]),
        6,
        charge,
      ),
    ).toBe(4)
  })

  it('takes only the designations named, active through the window', () => {
    const nle = {designations: [aDesignation({kind: 'NLE', reviewOn: '2028-08-31'})]}
    expect(holdsDesignation(nle, ['NLE', 'LLE'], '2028-08-31')).toBe(true)
    expect(holdsDesignation(nle, ['NLE'], '2029-02-28')).toBe(false)
    expect(holdsDesignation(nle, ['SLE'], '2027-07-16')).toBe(false)
  })
})

describe('clusters: a session shared out', () => {
  it('gives each school the same half days and the rest one each to the first, losing nothing', () => {
    expect(shareHalfDays(5, 2)).toEqual({shares: [3, 2], remainder: 1})
    expect(shareHalfDays(12, 6)).toEqual({shares: [2, 2, 2, 2, 2, 2], remainder: 0})
    expect(shareHalfDays(3, 5)).toEqual({shares: [1, 1, 1, 0, 0], remainder: 3})
    for (let halfDays = 0; halfDays < 30; halfDays += 1)
      for (let schools = 1; schools <= 6; schools += 1) {
        const {shares} = shareHalfDays(halfDays, schools)
        expect(shares.reduce((sum, share) => sum + share, 0)).toBe(halfDays)
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1)
      }
  })
})
