import {readSchoolLinkRow} from '../core/school-link-rows.js'
import {
  linkKey,
  planLeaderMoves,
  type LeaderMove,
  type SchoolLink,
  successorsOfClosed,
  type UndecidedLeader,
} from '../core/school-links.js'
import type {Repos} from '../db/repos/index.js'
import type {FieldSpec} from '../importers/headers.js'
import type {ServiceContext} from './context.js'
import {type ImportOptions, type ImportReport, type Plan, prepareFile, runImport, validateRows} from './import.js'

/**
 * GIAS publishes predecessor/successor links as their own download (links_edubasealldata*.csv):
 * one row per link of one school. They go through the same pipeline as every import, and a
 * leader whose home school closed into a single successor moves with it, as after a school import.
 */

export const SCHOOL_LINK_FIELDS: FieldSpec[] = [
  {field: 'urn', label: 'URN', required: true, synonyms: ['URN', 'School URN', 'Establishment URN']},
  {
    field: 'linkedUrn',
    label: 'Linked URN',
    required: true,
    synonyms: ['LinkURN', 'Link URN', 'Linked URN', 'Linked establishment URN'],
  },
  // Recognised so the column is accounted for; the registry names the linked school by URN only.
  {
    field: 'linkName',
    label: 'Linked school name',
    synonyms: ['LinkName', 'Link name', 'Linked establishment name', 'Linked school name'],
  },
  {field: 'linkType', label: 'Link type', required: true, synonyms: ['LinkType', 'Link type', 'Type of link']},
  {
    field: 'linkedOn',
    label: 'Link established date',
    synonyms: ['LinkEstablishedDate', 'Link established date', 'Link date', 'Date established', 'Established'],
  },
]

export interface RepointedLeader {
  ref: string
  from: number
  to: number
}

/** What closures and links mean for leaders: who moves to a successor, and who waits for a person to choose. */
export interface LeaderMoves {
  repointedLeaders: RepointedLeader[]
  /** Leaders at a closed school with several successors: left for a person to decide. */
  unrepointedLeaders: UndecidedLeader[]
}

export interface SchoolLinkImportDetails extends LeaderMoves {
  /** Links (kept) naming a linked school the registry does not hold, such as one closed before it began. */
  linkedSchoolsNotInRegistry: number
}

export type SchoolLinkImportReport = ImportReport<SchoolLinkImportDetails>

const NOT_IN_REGISTRY = 'the school (URN) is not in the registry'

export async function importSchoolLinks(
  context: ServiceContext,
  options: ImportOptions,
): Promise<SchoolLinkImportReport> {
  const prepared = await prepareFile(context, 'school-links', SCHOOL_LINK_FIELDS, options)
  const validated = validateRows(
    prepared,
    (cells) => readSchoolLinkRow(cells, {date1904: prepared.table.date1904}),
    linkKey,
    options.onProgress,
  )

  return runImport(
    context,
    prepared,
    validated,
    options,
    async (repos, rows): Promise<Plan<SchoolLinkImportDetails>> => {
      const statuses = await repos.schools.statusByUrn()
      const stored = new Map((await repos.schools.links()).map((link) => [linkKey(link), link]))
      const toSave: SchoolLink[] = []
      const skipped = new Map<string, number>()
      let insert = 0
      let update = 0
      let unchanged = 0
      let linkedSchoolsNotInRegistry = 0
      for (const {row} of rows) {
        // The link table refers to the school a link belongs to; the school it names may be unknown.
        if (!statuses.has(row.urn)) {
          skipped.set(NOT_IN_REGISTRY, (skipped.get(NOT_IN_REGISTRY) ?? 0) + 1)
          continue
        }
        if (!statuses.has(row.linkedUrn)) linkedSchoolsNotInRegistry += 1
        const existing = stored.get(linkKey(row))
        if (existing === undefined) insert += 1
        // A file without a date leaves the date already known.
        else if (row.linkedOn !== null && row.linkedOn !== existing.linkedOn) update += 1
        else {
          unchanged += 1
          continue
        }
        toSave.push(row)
      }
      const closed = new Set([...statuses].filter(([, status]) => status === 'closed').map(([urn]) => urn))
      const moves = await leaderMovesAfter(repos, closed, [...stored.values(), ...toSave])
      const details: SchoolLinkImportDetails = {linkedSchoolsNotInRegistry, ...describeMoves(moves)}
      return {
        insert,
        update,
        unchanged,
        rejected: [],
        skipped,
        details,
        async apply() {
          await repos.schools.saveLinks(toSave)
          await moveLeaders(repos, moves.moves, context.actor)
          return details
        },
      }
    },
  )
}

export interface LeaderMovePlan {
  moves: LeaderMove[]
  undecided: UndecidedLeader[]
}

/**
 * Which leaders move, once the registry holds these closed schools and these links: planned
 * before anything is written, so a dry run shows the same moves a real run makes.
 */
export async function leaderMovesAfter(
  repos: Repos,
  closed: ReadonlySet<number>,
  links: Iterable<SchoolLink>,
): Promise<LeaderMovePlan> {
  const successors = successorsOfClosed(closed, links)
  if (successors.size === 0) return {moves: [], undecided: []}
  return planLeaderMoves(await repos.leaders.homedAt([...successors.keys()]), successors)
}

export function describeMoves(plan: LeaderMovePlan): LeaderMoves {
  return {repointedLeaders: plan.moves.map(({ref, from, to}) => ({ref, from, to})), unrepointedLeaders: plan.undecided}
}

/** Moves each leader to the successor planned, with an audit entry each. */
export async function moveLeaders(repos: Repos, moves: readonly LeaderMove[], actor: string): Promise<void> {
  for (const move of moves) {
    await repos.leaders.updateHome(move.id, {homeUrn: move.to})
    await repos.audit.record({
      actor,
      action: 'leader.repoint',
      entity: 'leader',
      entityId: move.id,
      before: {homeUrn: move.from},
      after: {homeUrn: move.to},
    })
  }
}
