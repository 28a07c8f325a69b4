/** Percentile rank of `value` among `sorted` (ascending), in [0, 1]: ties count half. */
export function percentileRank(sorted: readonly number[], value: number): number {
  if (sorted.length === 0) return 0.5
  const below = firstIndex(sorted, (entry) => entry >= value)
  // Found by search, not counted: cohort sizes tie by the thousand on a national registry.
  const equal = firstIndex(sorted, (entry) => entry > value) - below
  return (below + equal / 2) / sorted.length
}

/** The first index of an ascending list at which `reached` holds (the list's length if nowhere). */
function firstIndex(sorted: readonly number[], reached: (entry: number) => boolean): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (reached(sorted[middle]!)) high = middle
    else low = middle + 1
  }
  return low
}
