// Deterministic pseudo-random numbers (mulberry32) for the benchmarks, so every run builds the
// same registry.
export function seededRandom(seed) {
  let state = seed
  const random = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const pick = (n) => Math.floor(random() * n)
  /** A date up to `spanDays` after `start`. */
  const date = (start, spanDays) =>
    new Date(Date.parse(`${start}T00:00:00Z`) + pick(spanDays) * 86400000).toISOString().slice(0, 10)
  return {random, pick, date}
}
