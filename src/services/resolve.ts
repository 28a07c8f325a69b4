import {BrokerError, notFound} from '../core/errors.js'
import type {Leader, Need, School} from '../core/model.js'
import {clearWinner, type Ranked} from '../core/search.js'
import {isEmail} from '../core/validation.js'
import type {Repos} from '../db/repos/index.js'
import {findLeaders, findSchools, leaderDetail} from './search.js'

/**
 * Turns what a user typed into one school, leader or need: an exact key first (URN; leader ref,
 * designation reference or email; need id or reference), then a fuzzy name through the same
 * search as `broker search` (typos, word order, accents, St/Saint). A name is taken only when one
 * candidate is clearly best; otherwise the command stops with the candidates instead of guessing.
 */

export interface Candidate {
  key: string
  label: string
}

const MAX_CANDIDATES = 8
/** Candidates this close to the best are listed when a name is ambiguous. */
const CANDIDATE_SPREAD = 0.15

function ambiguous(what: 'schools' | 'leaders', text: string, candidates: Candidate[]): BrokerError {
  const shown = candidates.slice(0, MAX_CANDIDATES)
  const more = candidates.length > shown.length ? `\n  ... and ${candidates.length - shown.length} more` : ''
  const list = shown.map((candidate) => `  ${candidate.key}  ${candidate.label}`).join('\n')
  return new BrokerError('conflict', `"${text}" could be any of ${candidates.length} ${what}:\n${list}${more}`, {
    suggestion: `Give the ${what === 'schools' ? 'URN' : 'leader ref'} of the one you mean, or more of the name (a town helps).`,
    data: {candidates: shown},
  })
}

/** The candidates worth listing: those close to the best. */
function contenders<T>(ranked: readonly Ranked<T>[]): Ranked<T>[] {
  const best = ranked[0]?.score ?? 0
  return ranked.filter((entry) => entry.score <= best + CANDIDATE_SPREAD)
}

export async function resolveSchool(repos: Repos, text: string): Promise<School> {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) {
    const school = await repos.schools.get(Number(trimmed))
    if (!school) {
      throw notFound(`No school with URN ${trimmed} is in the registry.`, {
        code: 'school.unknown-urn',
        data: {urn: Number(trimmed)},
        // In domain words for an import's rejected rows; the CLI's advice names the commands.
        suggestion: 'Import the GIAS extract that holds it, or search for the school by name.',
      })
    }
    return school
  }
  const ranked = await findSchools(repos, trimmed)
  const winner = clearWinner(ranked)
  if (winner) return winner.item
  if (ranked.length === 0) {
    throw notFound(`No school named like "${trimmed}" is in the registry.`, {
      code: 'school.unknown-name',
      data: {text: trimmed},
      suggestion: 'Search with part of the name, or give the URN.',
    })
  }
  throw ambiguous(
    'schools',
    trimmed,
    contenders(ranked).map((entry) => schoolCandidate(entry.item)),
  )
}

/**
 * A school given by URN or name where the URN may be one the registry does not hold yet (a
 * leader's home school can be recorded before its GIAS extract is imported).
 */
export async function resolveSchoolUrn(repos: Repos, text: string): Promise<{urn: number; school: School | null}> {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return {urn: Number(trimmed), school: (await repos.schools.get(Number(trimmed))) ?? null}
  const school = await resolveSchool(repos, trimmed)
  return {urn: school.urn, school}
}

export async function resolveLeaderId(repos: Repos, text: string): Promise<number> {
  const trimmed = text.trim()
  const byRef = await repos.leaders.idByRef(trimmed)
  if (byRef !== undefined) return byRef
  const byDesignation = await repos.leaders.idsByDesignationReference(trimmed)
  if (byDesignation.length === 1) return byDesignation[0]!
  if (byDesignation.length > 1) {
    const leaders = await repos.leaders.load(byDesignation)
    throw ambiguous('leaders', trimmed, leaders.map(leaderCandidate))
  }
  if (isEmail(trimmed)) {
    const byEmail = await repos.leaders.idByEmail(trimmed)
    if (byEmail !== undefined) return byEmail
  }
  const ranked = await findLeaders(repos, trimmed)
  const winner = clearWinner(ranked)
  if (winner) return winner.item.id
  if (ranked.length === 0) {
    throw notFound(`No leader with reference, email or name "${trimmed}" is in the registry.`, {
      code: 'leader.unknown',
      data: {text: trimmed},
    })
  }
  throw ambiguous(
    'leaders',
    trimmed,
    contenders(ranked).map((entry) => leaderCandidate(entry.item)),
  )
}

export async function resolveLeader(repos: Repos, text: string): Promise<Leader> {
  const id = await resolveLeaderId(repos, text)
  const leader = await repos.leaders.get(id)
  if (!leader) throw notFound(`Leader ${text} disappeared while being read.`)
  return leader
}

/** A need by id ("12") or by the reference it was recorded with ("REQ-27-001"). */
export async function resolveNeed(repos: Repos, text: string): Promise<Need> {
  const trimmed = text.trim()
  const id = /^\d+$/.test(trimmed) ? Number(trimmed) : await repos.needs.idByReference(trimmed)
  const need = id === undefined ? undefined : await repos.needs.get(id)
  if (!need) {
    throw notFound(`There is no need with id or reference "${trimmed}".`, {
      code: 'need.unknown',
      data: {text: trimmed},
    })
  }
  return need
}

function schoolCandidate(school: School): Candidate {
  const place = [school.town, school.postcode].filter(Boolean).join(' ')
  const status = school.status === 'open' ? '' : ` [${school.status}]`
  return {key: String(school.urn), label: `${school.name}${place ? `, ${place}` : ''}${status}`}
}

function leaderCandidate(leader: Leader): Candidate {
  const designations = leaderDetail(leader)
  return {key: leader.ref, label: `${leader.name ?? '(erased)'}${designations ? ` (${designations})` : ''}`}
}
