import {BrokerError, notFound} from '../core/errors.js'
import type {Leader, School} from '../core/model.js'
import {isEmail} from '../core/validation.js'
import type {Repos} from '../db/repos/index.js'

/**
 * Turns what a user typed into one school or one leader: an exact key first (URN; leader ref,
 * designation reference or email), then a name. An ambiguous name stops with the candidates
 * instead of guessing.
 */

export interface Candidate {
  key: string
  label: string
}

const MAX_CANDIDATES = 8

function ambiguous(what: string, text: string, candidates: Candidate[]): BrokerError {
  const shown = candidates.slice(0, MAX_CANDIDATES)
  const list = shown.map((candidate) => `  ${candidate.key}  ${candidate.label}`).join('\n')
  return new BrokerError('conflict', `"${text}" matches ${candidates.length} ${what}:\n${list}`, {
    suggestion: `Give the ${what === 'schools' ? 'URN' : 'reference'} of the one you mean.`,
    data: {candidates: shown},
  })
}

export async function resolveSchool(repos: Repos, text: string): Promise<School> {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) {
    const school = await repos.schools.get(Number(trimmed))
    if (!school) {
      throw notFound(`No school with URN ${trimmed} is in the registry.`, {
        suggestion: 'Import the GIAS extract that holds it with `broker schools import FILE`, or search with `broker search`.',
      })
    }
    return school
  }
  const {schools} = await repos.schools.list({nameContains: trimmed, status: 'any', limit: 50})
  const exact = schools.filter((school) => school.name.toLowerCase() === trimmed.toLowerCase())
  const matches = exact.length > 0 ? exact : schools
  if (matches.length === 1) return matches[0]!
  if (matches.length === 0) {
    throw notFound(`No school named like "${trimmed}" is in the registry.`, {suggestion: 'Try `broker search` with part of the name, or give the URN.'})
  }
  throw ambiguous(
    'schools',
    trimmed,
    matches.map((school) => ({key: String(school.urn), label: `${school.name}${school.town ? `, ${school.town}` : ''}`})),
  )
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
  const {ids} = await repos.leaders.findIds({nameContains: trimmed, status: 'any', limit: 50})
  const leaders = await repos.leaders.load(ids)
  const exact = leaders.filter((leader) => leader.name?.toLowerCase() === trimmed.toLowerCase())
  const matches = exact.length > 0 ? exact : leaders
  if (matches.length === 1) return matches[0]!.id
  if (matches.length === 0) {
    throw notFound(`No leader with reference, email or name "${trimmed}" is in the registry.`, {
      suggestion: 'List leaders with `broker leaders list`, or search with `broker search`.',
    })
  }
  throw ambiguous('leaders', trimmed, matches.map(leaderCandidate))
}

export async function resolveLeader(repos: Repos, text: string): Promise<Leader> {
  const id = await resolveLeaderId(repos, text)
  const leader = await repos.leaders.get(id)
  if (!leader) throw notFound(`Leader ${text} disappeared while being read.`)
  return leader
}

function leaderCandidate(leader: Leader): Candidate {
  const designations = leader.designations.map((designation) => `${designation.kind} ${designation.reference}`).join(', ')
  return {key: leader.ref, label: `${leader.name ?? '(erased)'}${designations ? ` (${designations})` : ''}`}
}
