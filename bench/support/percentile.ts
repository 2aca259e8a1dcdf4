/** Nearest-rank percentile of values sorted ascending: the smallest value with at least p% of all values at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('No values to take a percentile of')
  const rank = Math.min(Math.max(Math.ceil((p / 100) * sorted.length), 1), sorted.length)
  return sorted[rank - 1]!
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  )
}
