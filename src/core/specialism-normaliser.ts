import Fuse from 'fuse.js'

import {foldText} from './text.js'

/**
 * Maps free-text areas of expertise ("Reading / Phonics", "SEN", "maths (primary)") to taxonomy
 * codes. The whole cell is tried first, so a phrase containing a separator can be a synonym; only
 * if that fails is the cell split on ; , / and newlines. Every mapping carries a confidence and
 * the method that produced it; nothing is dropped silently.
 */

export interface TaxonomyArea {
  code: string
  name: string
}

export interface Synonym {
  phrase: string
  codes: string[]
  confidence: number
}

export type MappingMethod = 'exact' | 'synonym' | 'qualifier' | 'fuzzy' | 'user-map' | 'unknown'

export interface PhraseMapping {
  text: string
  codes: string[]
  confidence: number
  method: MappingMethod
  /** For fuzzy mappings: the phrase it was taken to mean. */
  matched?: string
}

export interface CellMapping {
  text: string
  parts: PhraseMapping[]
}

/** Confidence at or above which a mapping is accepted without --accept-fuzzy. */
export const AUTO_ACCEPT_CONFIDENCE = 0.8
/** Fuzzy matches below this are reported as unknown rather than offered. */
const FUZZY_FLOOR = 0.5
const QUALIFIER_CONFIDENCE = 0.9
const SEPARATORS = [/[;\n]/, /,/, /\//]

interface Entry {
  key: string
  phrase: string
  codes: string[]
  confidence: number
  method: 'exact' | 'synonym'
}

export class SpecialismNormaliser {
  private readonly entries = new Map<string, Entry>()
  private readonly userPhrases: Set<string>
  private readonly fuse: Fuse<Entry>

  constructor(areas: readonly TaxonomyArea[], synonyms: readonly Synonym[], userMap: readonly Synonym[] = []) {
    const known = new Set(areas.map((area) => area.code))
    for (const synonym of [...synonyms, ...userMap]) {
      const unknown = synonym.codes.filter((code) => !known.has(code))
      if (unknown.length > 0)
        throw new Error(`synonym "${synonym.phrase}" names unknown area codes: ${unknown.join(', ')}`)
    }
    // Later entries win: taxonomy names, then shipped synonyms, then the user's own mapping file.
    for (const area of areas) {
      this.add({key: foldText(area.name), phrase: area.name, codes: [area.code], confidence: 1, method: 'exact'})
      this.add({key: foldText(area.code), phrase: area.code, codes: [area.code], confidence: 1, method: 'exact'})
    }
    for (const synonym of [...synonyms, ...userMap])
      this.add({key: foldText(synonym.phrase), ...synonym, method: 'synonym'})
    this.userPhrases = new Set(userMap.map((synonym) => foldText(synonym.phrase)))
    this.fuse = new Fuse([...this.entries.values()], {
      keys: ['key'],
      includeScore: true,
      threshold: 0.4,
      ignoreLocation: true,
    })
  }

  private add(entry: Entry): void {
    if (entry.key !== '') this.entries.set(entry.key, entry)
  }

  /**
   * Maps one cell (which may list several areas). Separators are tried from strongest to weakest
   * (";" and newlines, then ",", then "/"), and a piece is split further only when it is not
   * itself a known phrase, so "SEND; Reading / Phonics" keeps "Reading / Phonics" whole.
   */
  mapCell(text: string): CellMapping {
    return {text, parts: this.mapPieces(text, 0)}
  }

  private mapPieces(text: string, level: number): PhraseMapping[] {
    const exact = this.exact(text)
    if (exact) return [exact]
    const separator = SEPARATORS[level]
    if (separator === undefined) return [this.mapPhrase(text.trim())]
    const pieces = text
      .split(separator)
      .map((piece) => piece.trim())
      .filter((piece) => piece !== '')
    if (pieces.length === 0) return []
    if (pieces.length === 1) return this.mapPieces(pieces[0]!, level + 1)
    return pieces.flatMap((piece) => this.mapPieces(piece, level + 1))
  }

  /** Maps a single phrase: exact name or synonym, then without a "(qualifier)", then fuzzy. */
  mapPhrase(text: string): PhraseMapping {
    const exact = this.exact(text)
    if (exact) return exact
    const withoutQualifier = text.replace(/\s*[([].*?[)\]]\s*/g, ' ').trim()
    if (withoutQualifier !== text.trim() && withoutQualifier !== '') {
      const stripped = this.exact(withoutQualifier)
      if (stripped) {
        return {
          ...stripped,
          text,
          method: 'qualifier',
          confidence: Math.min(stripped.confidence, QUALIFIER_CONFIDENCE),
          matched: withoutQualifier,
        }
      }
    }
    const key = foldText(text)
    if (key === '') return {text, codes: [], confidence: 0, method: 'unknown'}
    const [best] = this.fuse.search(key, {limit: 1})
    if (best && best.score !== undefined) {
      const confidence = Math.round((1 - best.score) * best.item.confidence * 0.9 * 100) / 100
      if (confidence >= FUZZY_FLOOR) {
        return {text, codes: [...best.item.codes], confidence, method: 'fuzzy', matched: best.item.phrase}
      }
    }
    return {text, codes: [], confidence: 0, method: 'unknown'}
  }

  private exact(text: string): PhraseMapping | undefined {
    const key = foldText(text)
    const entry = this.entries.get(key)
    if (!entry) return undefined
    const method: MappingMethod = this.userPhrases.has(key) ? 'user-map' : entry.method
    return {text: text.trim(), codes: [...entry.codes], confidence: entry.confidence, method}
  }
}

/** Parses the synonyms CSV rows (phrase, codes, confidence). */
export function parseSynonyms(rows: readonly Record<string, string>[], source = 'synonyms'): Synonym[] {
  return rows.map((row, index) => {
    const phrase = row.phrase?.trim() ?? ''
    const codes = (row.codes ?? '').split(/[\s;,]+/).filter((code) => code !== '')
    const confidence = row.confidence === undefined || row.confidence.trim() === '' ? 1 : Number(row.confidence)
    if (phrase === '' || codes.length === 0 || !Number.isFinite(confidence) || confidence <= 0 || confidence > 1) {
      throw new Error(`${source} row ${index + 2}: needs a phrase, one or more codes and a confidence in (0, 1]`)
    }
    return {phrase, codes, confidence}
  })
}

/** Flattens a cell mapping into the distinct codes it names, keeping each code's best confidence. */
export function codesOf(mapping: CellMapping): {code: string; confidence: number}[] {
  const best = new Map<string, number>()
  for (const part of mapping.parts) {
    for (const code of part.codes) best.set(code, Math.max(best.get(code) ?? 0, part.confidence))
  }
  return [...best].map(([code, confidence]) => ({code, confidence}))
}
