import {formatDays} from './days.js'
import type {Components} from './match/scoring.js'
import {addressLines, type DesignationKind, headName, type SchoolAddress, type SchoolHead} from './model.js'

/**
 * What agreements, letters and e-mails after a match share: the parties as legal entities (a
 * maintained school's governing body, an academy's trust) and who signs for them, how a letter
 * greets a head, dates in words, and why a leader was proposed, in the match explanation's words.
 */

/** A school as a letter addresses it. */
export interface LetterSchool {
  urn: number
  name: string
  address: SchoolAddress
  /** Null when GIAS names no head (the letter says "Dear Headteacher"). */
  head: SchoolHead | null
  trust: {code: string; name: string | null} | null
}

/** One side of an agreement: the legal entity, the school it acts for, and who signs for it. */
export interface Party {
  /** The legal entity: "The governing body of X" or the trust's name. */
  body: string
  /** "the governing body" or "the academy trust", for prose. */
  kind: 'governing body' | 'academy trust' | 'unknown'
  school: string | null
  urn: number | null
  /** Postal address lines (the school's, blanks left out). */
  address: string[]
  /** Who signs: the head, or for a trust its chief executive. Null when not known. */
  signatory: string | null
  signatoryRole: string
}

/** "Carr Hill Primary School" with its trust, or a trust alone (a deployment to a trust). */
export function partyOf(school: LetterSchool | null, trust: {code: string; name: string | null} | null): Party {
  const owner = school?.trust ?? trust
  if (owner) {
    return {
      body: owner.name ?? `Trust ${owner.code}`,
      kind: 'academy trust',
      school: school?.name ?? null,
      urn: school?.urn ?? null,
      address: school ? addressLines(school.address) : [],
      // A trust signs through its chief executive; GIAS names the head, not the CEO.
      signatory: null,
      signatoryRole: 'Chief Executive Officer',
    }
  }
  if (school) {
    return {
      body: `The governing body of ${school.name}`,
      kind: 'governing body',
      school: school.name,
      urn: school.urn,
      address: addressLines(school.address),
      signatory: headName(school.head),
      signatoryRole: 'Headteacher',
    }
  }
  return {
    body: "The leader's employer",
    kind: 'unknown',
    school: null,
    urn: null,
    address: [],
    signatory: null,
    signatoryRole: 'Headteacher or Chief Executive Officer',
  }
}

/** "Dear Mrs O’Brien", "Dear Zoë Ng" (no title), or "Dear Headteacher" when GIAS names no head. */
export function salutation(head: SchoolHead | null, fallback = 'Headteacher'): string {
  const present = (part: string | null | undefined): part is string =>
    part !== null && part !== undefined && part.trim() !== ''
  if (head && present(head.lastName)) {
    const name = present(head.title) ? `${head.title.trim()} ${head.lastName.trim()}` : headName(head)
    return `Dear ${name}`
  }
  return `Dear ${fallback}`
}

/** A head's (or trust's) place on an envelope: their name, role, the school and its address. */
export function recipientLines(school: LetterSchool): string[] {
  const name = headName(school.head)
  return [name ?? 'The Headteacher', ...(name ? ['Headteacher'] : []), school.name, ...addressLines(school.address)]
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** "4 January 2027" from an ISO date; other text is returned as it is. */
export function longDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!match) return iso
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}`
}

/** "6 days", "1 day", "2.5 days" from half days. */
export function daysInWords(halfDays: number): string {
  return `${formatDays(halfDays)} ${halfDays === 2 ? 'day' : 'days'}`
}

export const DESIGNATION_NAMES: Record<DesignationKind, string> = {
  NLE: 'National Leader of Education',
  NLG: 'National Leader of Governance',
  LLE: 'Local Leader of Education',
  SLE: 'Specialist Leader of Education',
}

/** "a Specialist Leader of Education (SLE)", or null without a designation. */
export function designationInWords(kind: string | null): string | null {
  if (kind === null) return null
  const name = DESIGNATION_NAMES[kind as DesignationKind]
  return name ? `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name} (${kind})` : kind
}

/** What a match knew of the pair when it proposed it (the run keeps these with the proposal). */
export interface ProposalBasis {
  components: Components
  distanceKm: number | null
  pinned: boolean
}

export interface ReasonsInput {
  designation: string | null
  /** The need's areas the leader holds, by name. */
  sharedAreas: string[]
  /** All the need's areas, by name. */
  needAreas: string[]
  deliveryMode: string
  /** Null for a deployment made by hand, not by a match. */
  basis: ProposalBasis | null
  /** Whom the reasons are written to: the leader, or the supported school ("a school like yours"). */
  reader: 'leader' | 'school'
  /** The supported school's (or trust's) name. */
  supportedName: string
}

/**
 * Why this leader, in the words the match explanation uses for each part of the score: the
 * expertise they hold, their designation, a school like the one supported, the days free, the
 * distance and a history with the school. Only this pair is spoken of: never another candidate,
 * a score or an objection.
 */
export function proposalReasons(input: ReasonsInput): string[] {
  const reasons: string[] = []
  const designation = designationTitleOf(input.designation)
  const asked = input.reader === 'school' ? 'you asked for' : `${input.supportedName} asked for`
  if (input.sharedAreas.length > 0) reasons.push(`expertise in ${joinWords(input.sharedAreas)}, which ${asked}`)
  else if (input.needAreas.length > 0) reasons.push(`expertise related to ${joinWords(input.needAreas)}`)
  if (designation) reasons.push(`designation as ${designation}, suited to this kind of support`)
  const basis = input.basis
  if (basis) {
    const context = basis.components.context
    const like = input.reader === 'school' ? 'yours' : input.supportedName
    if (context !== null && context >= 0.6)
      reasons.push(
        `experience of leading in a school like ${like} (its phase, size and the disadvantage of its pupils)`,
      )
    if (basis.components.availability !== null && basis.components.availability > 0)
      reasons.push(`days free in the window ${asked}`)
    if (input.deliveryMode === 'remote') reasons.push('support that can be given remotely')
    else if (basis.distanceKm !== null) reasons.push(`a home school ${formatKm(basis.distanceKm)} away`)
    if (basis.components.continuity > 0)
      reasons.push(`a history of working with ${input.reader === 'school' ? 'you' : input.supportedName}`)
    if (basis.pinned) reasons.push("the hub's choice for this need")
  }
  return reasons
}

/** "Specialist Leader of Education (SLE)", or null without a designation. */
export function designationTitleOf(kind: string | null): string | null {
  if (kind === null) return null
  const name = DESIGNATION_NAMES[kind as DesignationKind]
  return name ? `${name} (${kind})` : kind
}

const formatKm = (km: number) => `${km < 10 ? km.toFixed(1) : Math.round(km)} km`

/** "a, b and c". */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('')
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`
}
