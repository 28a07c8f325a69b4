// One OR-Library `pmedcap1` instance as a clustering problem (see bench/pmedcap.ts): every point a
// school with its demand, p identical leaders (one per median), the capacity, no distance limit,
// and the Euclidean distance truncated to an integer (the convention that reproduces the optima).
import type {ClusterProblem} from '../src/core/clusters/model.js'

export function pmedcapInstance(text: string): {problem: ClusterProblem; optimum: number; p: number} {
  const numbers = text.trim().split(/\s+/).map(Number)
  const [, optimum, n, p, capacity] = numbers as [number, number, number, number, number]
  const points = Array.from({length: n}, (_, index) => {
    const [, x, y, demand] = numbers.slice(5 + 4 * index, 9 + 4 * index) as [number, number, number, number]
    return {x, y, demand}
  })
  const between = (a: number, b: number) =>
    Math.trunc(Math.hypot(points[a]!.x - points[b]!.x, points[a]!.y - points[b]!.y))
  return {
    optimum,
    p,
    problem: {
      schools: points.map((point, index) => ({
        urn: index + 1,
        name: `point ${index + 1}`,
        phase: null,
        town: null,
        laCode: null,
        laName: null,
        postcode: null,
        location: {latitude: point.y, longitude: point.x},
        demand: point.demand,
      })),
      leaders: [
        {
          id: 1,
          ref: 'median',
          name: null,
          maxSchools: n,
          fits: new Map(points.map((_, index) => [index, 0])),
          location: null,
          copies: p,
        },
      ],
      rules: {minSize: 1, maxSize: n, maxKm: Number.POSITIVE_INFINITY, mixedPhase: true, capacity},
      // The model counts travel in whole metres: the truncated distances are taken as metres here.
      between,
    },
  }
}
