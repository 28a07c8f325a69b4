/** Percentile rank of `value` among `sorted` (ascending), in [0, 1]: ties count half. */
export function percentileRank(sorted: readonly number[], value: number): number {
  if (sorted.length === 0) return 0.5
  const below = lowerBound(sorted, value)
  let equal = 0
  for (let index = below; index < sorted.length && sorted[index] === value; index += 1) equal += 1
  return (below + equal / 2) / sorted.length
}

function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (sorted[middle]! < value) low = middle + 1
    else high = middle
  }
  return low
}
