import Fuse from 'fuse.js'

import {foldName} from './text.js'

/**
 * Fuzzy ranking for `broker search` and for resolving a typed school or leader name. A database
 * index shortlists candidates by shared trigrams (see services/search.ts); this module ranks the
 * shortlist. Each query word is matched on its own against every field (fuse.js, so typos cost a
 * little), which makes the ranking indifferent to word order: "st marys primry leeds" finds
 * "St Mary's Catholic Primary School" in Leeds.
 */

export interface RankField {
  /** Field name, reported with the match. */
  name: string
  /** 0..1: a word found only in a lighter field counts a little less. */
  weight: number
}

export interface Rankable<T> {
  item: T
  /** Field name -> raw text (null when unknown). */
  fields: Record<string, string | null>
}

export interface Ranked<T> {
  item: T
  /** 0 is a perfect match, 1 no match at all. */
  score: number
  /** True when the whole query equals one field once both are folded. */
  exact: boolean
  /** The fields the query words were found in. */
  matchedFields: string[]
}

/** Words shorter than this are matched exactly (st, of, c, e); longer ones tolerate typos. */
const SHORT_WORD = 3
/** A word whose best fuzzy score is above this is taken as not found. */
const WORD_THRESHOLD = 0.45
/** A candidate whose words score above this on average is not shown at all. */
export const RESULT_THRESHOLD = 0.5
/** Share of the score that rewards a candidate whose first field is fully covered by the query. */
const COVERAGE_SHARE = 0.15
/** Words so common in school names that leaving them out of a query should cost nothing. */
const FILLER_WORDS = new Set(['school', 'the', 'of', 'and', 'academy', 'primary', 'c', 'e', 'ce', 'rc', 'va', 'vc'])

/** The words of a query or a field after folding (case, accents, apostrophes, Saint/St). */
export function words(text: string): string[] {
  const folded = foldName(text)
  return folded === '' ? [] : folded.split(' ')
}

/**
 * Distinct trigrams of the query's words, as the trigram index stores them, plus each word's
 * boundary trigrams (" bu", "ts "): a typo inside a short word ("buyts") leaves none of its inner
 * trigrams intact, but usually spares its first and last letters.
 */
export function queryTrigrams(query: string): string[] {
  const trigrams = new Set<string>()
  for (const word of words(query)) {
    if (word.length >= 2) {
      trigrams.add(` ${word.slice(0, 2)}`)
      trigrams.add(`${word.slice(-2)} `)
    }
    for (let start = 0; start + 3 <= word.length; start += 1) trigrams.add(word.slice(start, start + 3))
  }
  return [...trigrams]
}

/**
 * Which trigrams to send to the index: the informative ones. Trigrams held by more than `share`
 * of the rows ("pri", "ool") would shortlist half the country; the rarest `minimum` are always
 * kept so that a query made only of common words still finds something.
 */
export function informativeTrigrams(
  frequencies: readonly {trigram: string; documents: number}[],
  rows: number,
  share = 0.08,
  minimum = 3,
): string[] {
  const sorted = [...frequencies]
    .filter((entry) => entry.documents > 0)
    .sort((a, b) => a.documents - b.documents || a.trigram.localeCompare(b.trigram))
  const ceiling = Math.max(50, rows * share)
  const kept = sorted.filter((entry, index) => index < minimum || entry.documents <= ceiling)
  return kept.map((entry) => entry.trigram)
}

interface Prepared<T> {
  candidate: Rankable<T>
  folded: Map<string, string>
  wordSets: Map<string, Set<string>>
}

/** Fuse.js over single words, anchored at the word's start: "marys" must not match inside "primary". */
const WORD_SEARCH = {
  includeScore: true,
  isCaseSensitive: true,
  ignoreFieldNorm: true,
  threshold: WORD_THRESHOLD,
  location: 0,
  distance: 8,
  minMatchCharLength: 2,
} as const

/** Ranks candidates against the query; candidates scoring above RESULT_THRESHOLD are dropped. */
export function rank<T>(query: string, candidates: readonly Rankable<T>[], fields: readonly RankField[]): Ranked<T>[] {
  const queryWords = [...new Set(words(query))]
  if (queryWords.length === 0 || candidates.length === 0) return []
  const foldedQuery = queryWords.join(' ')
  const vocabulary = new Set<string>()
  const prepared: Prepared<T>[] = candidates.map((candidate) => {
    const folded = new Map<string, string>()
    const wordSets = new Map<string, Set<string>>()
    for (const field of fields) {
      const text = candidate.fields[field.name]
      if (text === null || text === undefined || text.trim() === '') continue
      const fieldWords = words(text)
      folded.set(field.name, fieldWords.join(' '))
      wordSets.set(field.name, new Set(fieldWords))
      for (const word of fieldWords) vocabulary.add(word)
    }
    return {candidate, folded, wordSets}
  })

  // Each query word is scored against every distinct word of the shortlist once.
  const fuse = new Fuse([...vocabulary], WORD_SEARCH)
  const wordMatches = queryWords.map((queryWord) => matchWord(queryWord, vocabulary, fuse))
  const weightOf = new Map(fields.map((field) => [field.name, field.weight]))
  const weights = queryWords.map((word) => (FILLER_WORDS.has(word) ? 0.5 : Math.min(word.length, 8)))
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0)
  const primary = fields[0]?.name
  const ranked: Ranked<T>[] = []
  for (const entry of prepared) {
    let wordScore = 0
    const matchedFields = new Set<string>()
    wordMatches.forEach((matches, w) => {
      let best = 1
      let where: string | undefined
      for (const [field, set] of entry.wordSets) {
        const penalty = (1 - (weightOf.get(field) ?? 1)) * 0.2
        for (const word of set) {
          const score = matches.get(word)
          if (score !== undefined && score + penalty < best) {
            best = score + penalty
            where = field
          }
        }
      }
      wordScore += weights[w]! * Math.min(1, best)
      if (where) matchedFields.add(where)
    })
    wordScore /= totalWeight
    if (wordScore > RESULT_THRESHOLD) continue
    const primaryWords = primary ? entry.wordSets.get(primary) : undefined
    const coverage = primaryWords && primaryWords.size > 0 ? coveredShare(primaryWords, queryWords) : 0
    const exact = [...entry.folded.values()].some((text) => text === foldedQuery)
    const score = exact ? 0 : (1 - COVERAGE_SHARE) * wordScore + COVERAGE_SHARE * (1 - coverage)
    ranked.push({
      item: entry.candidate.item,
      score: Math.round(score * 1000) / 1000,
      exact,
      matchedFields: [...matchedFields],
    })
  }
  return ranked.sort((a, b) => a.score - b.score)
}

/**
 * Scores of the vocabulary words one query word may mean (lower is better). Short words and
 * numbers must be exact (a URN may be given by its start); longer words tolerate typos, and a
 * word the query only begins ("hart" for "hartside") costs a little for the letters not typed.
 */
function matchWord(queryWord: string, vocabulary: ReadonlySet<string>, fuse: Fuse<string>): Map<string, number> {
  const matches = new Map<string, number>()
  if (queryWord.length < SHORT_WORD || /^\d+$/.test(queryWord)) {
    if (vocabulary.has(queryWord)) matches.set(queryWord, 0)
    if (/^\d+$/.test(queryWord))
      for (const word of vocabulary) if (word !== queryWord && word.startsWith(queryWord)) matches.set(word, 0.2)
    return matches
  }
  // One typo in a short word, two in a longer one ("marys" must not become "hartside").
  const allowed = queryWord.length <= 5 ? 0.25 : WORD_THRESHOLD
  for (const result of fuse.search(queryWord)) {
    if ((result.score ?? 1) > allowed) continue
    const word = result.item
    const untyped = word.length > queryWord.length ? (0.2 * (word.length - queryWord.length)) / word.length : 0
    matches.set(word, word === queryWord ? 0 : Math.min(1, (result.score ?? 1) + untyped))
  }
  return matches
}

/** Share of a field's words (fillers count half) that some query word equals, begins or nearly equals. */
function coveredShare(fieldWords: Set<string>, queryWords: readonly string[]): number {
  let covered = 0
  let total = 0
  for (const word of fieldWords) {
    const weight = FILLER_WORDS.has(word) ? 0.5 : 1
    total += weight
    const coveredBy = (queryWord: string) =>
      queryWord === word ||
      (queryWord.length >= SHORT_WORD && word.startsWith(queryWord)) ||
      (queryWord.length >= 4 && editDistanceAtMostOne(queryWord, word))
    if (queryWords.some(coveredBy)) covered += weight
  }
  return total === 0 ? 0 : covered / total
}

/** True when a and b differ by at most one insertion, deletion, substitution or adjacent swap. */
export function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true
  if (Math.abs(a.length - b.length) > 1) return false
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1
  const restA = a.slice(start)
  const restB = b.slice(start)
  if (a.length === b.length) {
    if (restA.slice(1) === restB.slice(1)) return true
    return restA.length >= 2 && restA[0] === restB[1] && restA[1] === restB[0] && restA.slice(2) === restB.slice(2)
  }
  return a.length > b.length ? restA.slice(1) === restB : restA === restB.slice(1)
}

/**
 * Whether the best of a ranked list can be taken without asking: a unique exact match, or a
 * single good candidate clearly ahead of the next. Anything else is ambiguous.
 */
export function clearWinner<T>(ranked: readonly Ranked<T>[], margin = 0.1, good = 0.25): Ranked<T> | undefined {
  const exact = ranked.filter((entry) => entry.exact)
  if (exact.length === 1) return exact[0]
  if (exact.length > 1) return undefined
  const [best, next] = ranked
  if (!best || best.score > good) return undefined
  if (!next || next.score - best.score >= margin) return best
  return undefined
}
