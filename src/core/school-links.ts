/**
 * Predecessor/successor links between schools (from GIAS), and what they mean for leaders: a
 * leader whose home school closed with exactly one successor now belongs to the successor.
 */

export type SchoolLinkType = 'predecessor' | 'successor'

export interface SchoolLink {
  /** The school the link belongs to. */
  urn: number
  /** The school it names as its predecessor or successor. */
  linkedUrn: number
  linkType: SchoolLinkType
  /** When the link was established (GIAS LinkEstablishedDate); null when unknown. */
  linkedOn: string | null
}

export const linkKey = (link: Pick<SchoolLink, 'urn' | 'linkedUrn' | 'linkType'>): string =>
  `${link.urn}|${link.linkedUrn}|${link.linkType}`

/** Each closed school's successors, read from either side of a link (A's successor B, or B's predecessor A). */
export function successorsOfClosed(closed: ReadonlySet<number>, links: Iterable<SchoolLink>): Map<number, number[]> {
  const result = new Map<number, number[]>()
  for (const link of links) {
    const [closedUrn, successorUrn] =
      link.linkType === 'successor' ? [link.urn, link.linkedUrn] : [link.linkedUrn, link.urn]
    if (!closed.has(closedUrn) || closedUrn === successorUrn) continue
    const successors = result.get(closedUrn) ?? []
    if (!successors.includes(successorUrn)) successors.push(successorUrn)
    result.set(closedUrn, successors)
  }
  for (const successors of result.values()) successors.sort((a, b) => a - b)
  return result
}

export interface HomedLeader {
  id: number
  ref: string
  homeUrn: number
}

export interface LeaderMove {
  id: number
  ref: string
  from: number
  to: number
}

/** A leader at a closed school with several successors: a person chooses which. */
export interface UndecidedLeader {
  ref: string
  homeUrn: number
  successors: number[]
}

/**
 * Where leaders at closed schools go. A leader follows single successors as far as they lead (a
 * school that closed into another that later closed too), so importing the same file again moves
 * nobody; where a closed school has several successors, the choice is left to a person.
 */
export function planLeaderMoves(
  leaders: readonly HomedLeader[],
  successors: ReadonlyMap<number, readonly number[]>,
): {moves: LeaderMove[]; undecided: UndecidedLeader[]} {
  const moves: LeaderMove[] = []
  const undecided: UndecidedLeader[] = []
  for (const leader of leaders) {
    const first = successors.get(leader.homeUrn)
    if (first === undefined) continue
    if (first.length !== 1) {
      undecided.push({ref: leader.ref, homeUrn: leader.homeUrn, successors: [...first]})
      continue
    }
    const seen = new Set([leader.homeUrn])
    let to = first[0]!
    for (
      let next = successors.get(to);
      next?.length === 1 && !seen.has(to) && !seen.has(next[0]!);
      next = successors.get(to)
    ) {
      seen.add(to)
      to = next[0]!
    }
    moves.push({id: leader.id, ref: leader.ref, from: leader.homeUrn, to})
    const branches = successors.get(to)
    if (branches !== undefined && branches.length > 1)
      undecided.push({ref: leader.ref, homeUrn: to, successors: [...branches]})
  }
  return {moves, undecided}
}
