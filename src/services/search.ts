import type {Leader, School} from '../core/model.js'
import {informativeTrigrams, queryTrigrams, rank, type RankField, type Ranked} from '../core/search.js'
import type {Repos} from '../db/repos/index.js'
import type {SearchIndex} from '../db/repos/search.js'
import type {ServiceContext} from './context.js'
import {loadTaxonomy, shippedSynonyms} from './reference.js'

/**
 * One fuzzy search over schools, leaders and specialism areas. Schools and leaders are first
 * shortlisted by the trigram indexes (the rarer trigrams of the query, bm25 order), then ranked
 * word by word (core/search.ts); the taxonomy is small enough to rank whole.
 */

export const SEARCH_KINDS = ['school', 'leader', 'specialism'] as const
export type SearchKind = (typeof SEARCH_KINDS)[number]

export interface SearchHit {
  kind: SearchKind
  /** URN, leader ref or area code: what other commands accept. */
  key: string
  label: string
  detail: string | null
  /** 0 is a perfect match; hits above 0.5 are never shown. */
  score: number
  matchedFields: string[]
}

export interface SearchInput {
  query: string
  kinds?: readonly SearchKind[]
  limit?: number
}

export interface SearchResult {
  query: string
  hits: SearchHit[]
}

/** How many rows the index hands to the ranker: the 58 schools sharing the commonest name fit, and bm25 puts those sharing the query's town first. */
const SHORTLIST = 100

const SCHOOL_FIELDS: RankField[] = [
  {name: 'name', weight: 1},
  {name: 'town', weight: 0.9},
  {name: 'la', weight: 0.8},
  {name: 'postcode', weight: 1},
  {name: 'urn', weight: 1},
]

const LEADER_FIELDS: RankField[] = [
  {name: 'name', weight: 1},
  {name: 'ref', weight: 1},
  {name: 'email', weight: 0.9},
  {name: 'designations', weight: 1},
]

const AREA_FIELDS: RankField[] = [
  {name: 'name', weight: 1},
  {name: 'code', weight: 1},
]

export async function searchRegistry(context: ServiceContext, input: SearchInput): Promise<SearchResult> {
  const kinds = new Set(input.kinds && input.kinds.length > 0 ? input.kinds : SEARCH_KINDS)
  const limit = input.limit ?? 10
  return context.registry.read(async (repos) => {
    const hits: SearchHit[] = []
    if (kinds.has('school')) hits.push(...(await findSchools(repos, input.query)).map(schoolHit))
    if (kinds.has('leader')) hits.push(...(await findLeaders(repos, input.query)).map(leaderHit))
    if (kinds.has('specialism')) hits.push(...(await findAreas(repos, input.query)))
    hits.sort(
      (a, b) =>
        a.score - b.score ||
        SEARCH_KINDS.indexOf(a.kind) - SEARCH_KINDS.indexOf(b.kind) ||
        a.label.localeCompare(b.label),
    )
    return {query: input.query, hits: limit > 0 ? hits.slice(0, limit) : hits}
  })
}

export async function findSchools(repos: Repos, query: string): Promise<Ranked<School>[]> {
  const urns = await shortlist(repos, 'school_search', query)
  const schools = await repos.schools.getMany(urns)
  const candidates = urns.flatMap((urn) => {
    const school = schools.get(urn)
    if (!school) return []
    return [
      {
        item: school,
        fields: {
          name: school.name,
          town: school.town,
          la: school.la?.name ?? null,
          postcode: school.postcode,
          urn: String(school.urn),
        },
      },
    ]
  })
  return rank(query, candidates, SCHOOL_FIELDS)
}

export async function findLeaders(repos: Repos, query: string): Promise<Ranked<Leader>[]> {
  const ids = await shortlist(repos, 'leader_search', query)
  const leaders = await repos.leaders.load(ids)
  const candidates = leaders.map((leader) => ({
    item: leader,
    fields: {
      name: leader.name,
      ref: leader.ref,
      email: leader.email,
      designations: leader.designations.map((designation) => designation.reference).join(' '),
    },
  }))
  return rank(query, candidates, LEADER_FIELDS)
}

async function shortlist(repos: Repos, index: SearchIndex, query: string): Promise<number[]> {
  const trigrams = queryTrigrams(query)
  if (trigrams.length === 0) return []
  const frequencies = await repos.search.frequencies(index, trigrams)
  const rows = await repos.search.size(index)
  return repos.search.shortlist(index, informativeTrigrams(frequencies, rows), SHORTLIST)
}

async function findAreas(repos: Repos, query: string): Promise<SearchHit[]> {
  const taxonomy = await loadTaxonomy(repos)
  const phrases = [
    ...taxonomy.areas.map((area) => ({
      item: {codes: [area.code], via: null as string | null},
      fields: {name: area.name, code: area.code},
    })),
    ...shippedSynonyms().map((synonym) => ({
      item: {codes: synonym.codes, via: synonym.phrase},
      fields: {name: synonym.phrase, code: null},
    })),
  ]
  const best = new Map<string, SearchHit>()
  for (const ranked of rank(query, phrases, AREA_FIELDS)) {
    for (const code of ranked.item.codes) {
      const area = taxonomy.byCode.get(code)
      if (!area || best.has(code)) continue
      const focus = area.parentCode ? taxonomy.byCode.get(area.parentCode)?.name : undefined
      const via = ranked.item.via ? `"${ranked.item.via}"` : null
      best.set(code, {
        kind: 'specialism',
        key: code,
        label: area.name,
        detail: [focus, via ? `matched ${via}` : null].filter(Boolean).join('; ') || null,
        score: ranked.score,
        matchedFields: ranked.matchedFields,
      })
    }
  }
  return [...best.values()]
}

function schoolHit(ranked: Ranked<School>): SearchHit {
  const school = ranked.item
  const place = [school.town, school.postcode].filter(Boolean).join(' ')
  return {
    kind: 'school',
    key: String(school.urn),
    label: school.name,
    detail: [place, school.phase, school.status === 'open' ? null : school.status].filter(Boolean).join(', ') || null,
    score: ranked.score,
    matchedFields: ranked.matchedFields,
  }
}

function leaderHit(ranked: Ranked<Leader>): SearchHit {
  const leader = ranked.item
  return {
    kind: 'leader',
    key: leader.ref,
    label: leader.name ?? '(erased)',
    detail: leaderDetail(leader),
    score: ranked.score,
    matchedFields: ranked.matchedFields,
  }
}

export function leaderDetail(leader: Leader): string | null {
  const designations = leader.designations.map(
    (designation) =>
      `${designation.kind} ${designation.reference}${designation.status === 'active' ? '' : ` (${designation.status})`}`,
  )
  return designations.join(', ') || null
}
