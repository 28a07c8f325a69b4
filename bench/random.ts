// Deterministic pseudo-random numbers (mulberry32, src/core/random.ts) for the benchmarks, so every
// run builds the same registry.
import {seededRandom as mulberry32} from '../src/core/random.js'

export function seededRandom(seed: number): {
  random: () => number
  pick: (n: number) => number
  date: (start: string, spanDays: number) => string
  choose: <T>(items: readonly T[]) => T
} {
  const random = mulberry32(seed)
  const pick = (n: number) => Math.floor(random() * n)
  /** A date up to `spanDays` after `start`. */
  const date = (start: string, spanDays: number) =>
    new Date(Date.parse(`${start}T00:00:00Z`) + pick(spanDays) * 86400000).toISOString().slice(0, 10)
  /** One of `items` (never empty). */
  const choose = <T>(items: readonly T[]): T => items[pick(items.length)]!
  return {random, pick, date, choose}
}
