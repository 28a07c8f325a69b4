// Deterministic pseudo-random numbers (mulberry32) for the benchmarks, so every run builds the
// same registry.
export function seededRandom(seed: number): {
  random: () => number
  pick: (n: number) => number
  date: (start: string, spanDays: number) => string
  choose: <T>(items: readonly T[]) => T
} {
  let state = seed
  const random = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const pick = (n: number) => Math.floor(random() * n)
  /** A date up to `spanDays` after `start`. */
  const date = (start: string, spanDays: number) =>
    new Date(Date.parse(`${start}T00:00:00Z`) + pick(spanDays) * 86400000).toISOString().slice(0, 10)
  /** One of `items` (never empty). */
  const choose = <T>(items: readonly T[]): T => items[pick(items.length)]!
  return {random, pick, date, choose}
}
