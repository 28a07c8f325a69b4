/**
 * A session for a whole cluster: its days shared out across the schools in half days. Each school
 * gets the same whole number of half days; the half days left over go one each to the first
 * schools in order, so the shares add up to the session exactly and nothing is lost.
 */
export function shareHalfDays(halfDays: number, schools: number): {shares: number[]; remainder: number} {
  if (schools <= 0) return {shares: [], remainder: halfDays}
  const each = Math.floor(halfDays / schools)
  const remainder = halfDays - each * schools
  return {shares: Array.from({length: schools}, (_, index) => each + (index < remainder ? 1 : 0)), remainder}
}
