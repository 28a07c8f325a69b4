import Fuse from 'fuse.js'

import {foldText} from '../core/text.js'

/**
 * Header mapping: which column of the user's file feeds which field of an import. A column is
 * mapped by the user's own map (a --map file or a saved mapping) first, then by exact name, then
 * by a known synonym, then by fuzzy score. Doubtful cases are not guessed: they come back as
 * `doubts` and the import stops until the user says what they mean.
 */

export interface FieldSpec {
  field: string
  /** How the field is named in messages and in the plan. */
  label: string
  required?: boolean
  /** Header names meaning this field, in any case and spacing ("EstablishmentName", "School name"). */
  synonyms: readonly string[]
  /** Several columns may feed the field; their cells are joined with "; " (areas, phases). */
  multiple?: boolean
}

export type HeaderMethod = 'map' | 'exact' | 'synonym' | 'fuzzy'

export interface ColumnMapping {
  index: number
  column: string
  field: string | null
  method: HeaderMethod | null
  /** 1 for exact, synonym and user-mapped columns; the fuzzy score otherwise. */
  confidence: number
  /** Why an unmapped column was left out, or what else it might be. */
  note?: string
}

export interface HeaderCandidate {
  field: string
  label: string
  confidence: number
}

export interface HeaderDoubt {
  index: number
  column: string
  reason: string
  candidates: HeaderCandidate[]
}

export interface HeaderProblem {
  column: string | null
  reason: string
}

export interface HeaderMapping {
  columns: ColumnMapping[]
  /** Column indexes feeding each mapped field, in file order. */
  byField: Map<string, number[]>
  doubts: HeaderDoubt[]
  /** Problems that stop the import whatever the user answers (missing or duplicated required columns). */
  problems: HeaderProblem[]
}

/** The user's decisions, keyed by folded header text: a field name, or null to ignore the column. */
export type HeaderOverrides = ReadonlyMap<string, string | null>

/** Confidence at or above which a fuzzy header match is taken without asking. */
export const HEADER_AUTO_ACCEPT = 0.8
/** Fuzzy header matches below this are not candidates at all. */
const HEADER_FLOOR = 0.6
/** Two candidates closer than this are "close": the user decides. */
const HEADER_CLOSE = 0.1

/** "PercentageFSMEver" -> "percentage fsm ever"; "Days offered 2026/27" -> "days offered". */
export function headerKey(header: string): string {
  const spaced = header.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
  return foldText(spaced)
    .replace(/\b(19|20)\d{2}(?: (?:\d{2}|(?:19|20)\d{2}))?\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

interface KeyEntry {
  key: string
  field: string
}

export class HeaderMapper {
  private readonly exactKeys = new Map<string, string>()
  private readonly synonymKeys = new Map<string, string>()
  private readonly fuse: Fuse<KeyEntry>
  private readonly specs: Map<string, FieldSpec>

  constructor(readonly fields: readonly FieldSpec[]) {
    this.specs = new Map(fields.map((spec) => [spec.field, spec]))
    const entries: KeyEntry[] = []
    for (const spec of fields) {
      for (const key of [headerKey(spec.field), headerKey(spec.label)]) {
        this.exactKeys.set(key, spec.field)
        entries.push({key, field: spec.field})
      }
      for (const synonym of spec.synonyms) {
        const key = headerKey(synonym)
        if (!this.exactKeys.has(key)) this.synonymKeys.set(key, spec.field)
        entries.push({key, field: spec.field})
      }
    }
    this.fuse = new Fuse(entries, {
      keys: ['key'],
      includeScore: true,
      threshold: 1 - HEADER_FLOOR,
      ignoreLocation: true,
    })
  }

  spec(field: string): FieldSpec | undefined {
    return this.specs.get(field)
  }

  map(
    headers: readonly string[],
    overrides: HeaderOverrides = new Map(),
    mergedFrom: ReadonlyMap<number, number> = new Map(),
  ): HeaderMapping {
    const columns: ColumnMapping[] = headers.map((column, index) => ({
      index,
      column,
      field: null,
      method: null,
      confidence: 0,
    }))
    const problems: HeaderProblem[] = []
    const doubts: HeaderDoubt[] = []
    const taken = new Map<string, ColumnMapping>()

    const take = (mapping: ColumnMapping, field: string, method: HeaderMethod, confidence: number): boolean => {
      const spec = this.specs.get(field)!
      const holder = taken.get(field)
      if (holder && !spec.multiple) return false
      Object.assign(mapping, {field, method, confidence})
      if (!holder) taken.set(field, mapping)
      return true
    }

    // Pass 1: certain mappings. Duplicates of a single-valued field are reported, not guessed.
    for (const mapping of columns) {
      const key = headerKey(mapping.column)
      const master = mergedFrom.has(mapping.index) ? columns[mergedFrom.get(mapping.index)!] : undefined
      if (master) {
        // A header merged across columns: the extra columns feed a multi-column field too.
        const spec = master.field === null ? undefined : this.specs.get(master.field)
        if (spec?.multiple)
          Object.assign(mapping, {
            column: master.column,
            field: spec.field,
            method: master.method,
            confidence: master.confidence,
          })
        else mapping.note = `under the merged header "${master.column}"`
        continue
      }
      if (key === '') {
        mapping.note = 'no header'
        continue
      }
      let field: string | null | undefined
      let method: HeaderMethod
      if (overrides.has(key)) {
        const named = overrides.get(key) ?? null
        method = 'map'
        if (named === null) {
          mapping.note = 'ignored by your map'
          continue
        }
        // A map may name the field by its key (fsmEverPct) or its label (% FSM ever).
        field = this.specs.has(named) ? named : (this.exactKeys.get(headerKey(named)) ?? named)
        if (!this.specs.has(field)) {
          problems.push({
            column: mapping.column,
            reason: `the map names an unknown field "${field}" (known: ${[...this.specs.keys()].join(', ')})`,
          })
          continue
        }
      } else {
        field = this.exactKeys.get(key)
        method = 'exact'
        if (field === undefined) {
          field = this.synonymKeys.get(key)
          method = 'synonym'
        }
      }
      if (field === undefined || field === null) continue
      if (!take(mapping, field, method, 1)) {
        const first = taken.get(field)!
        const same = headerKey(first.column) === key
        problems.push({
          column: mapping.column,
          reason: same
            ? `the header "${mapping.column}" appears twice (columns ${columnLetter(first.index)} and ${columnLetter(mapping.index)})`
            : `columns "${first.column}" and "${mapping.column}" both mean ${this.specs.get(field)!.label}`,
        })
      }
    }

    // Pass 2: fuzzy matches for the columns left, against fields not yet mapped.
    for (const mapping of columns) {
      if (mapping.field !== null || mapping.note !== undefined) continue
      const candidates = this.candidates(headerKey(mapping.column), taken)
      const [best, second] = candidates
      if (!best) continue
      const close = second !== undefined && best.confidence - second.confidence < HEADER_CLOSE
      const required = this.specs.get(best.field)!.required === true
      if (best.confidence >= HEADER_AUTO_ACCEPT && !close) {
        take(mapping, best.field, 'fuzzy', best.confidence)
      } else if (close && best.confidence >= HEADER_AUTO_ACCEPT) {
        doubts.push({
          index: mapping.index,
          column: mapping.column,
          reason: `could be ${best.label} or ${second.label}`,
          candidates,
        })
      } else if (required && !taken.has(best.field)) {
        doubts.push({
          index: mapping.index,
          column: mapping.column,
          reason: `is only a weak match for the required ${best.label} (${best.confidence})`,
          candidates,
        })
      } else {
        mapping.note = `might be ${best.label} (${best.confidence}); name it in a column map to use it`
      }
    }

    const byField = new Map<string, number[]>()
    for (const mapping of columns) {
      if (mapping.field === null) continue
      byField.set(mapping.field, [...(byField.get(mapping.field) ?? []), mapping.index])
    }
    const doubtedFields = new Set(doubts.flatMap((doubt) => doubt.candidates.map((candidate) => candidate.field)))
    for (const spec of this.fields) {
      if (spec.required && !byField.has(spec.field) && !doubtedFields.has(spec.field)) {
        problems.push({
          column: null,
          reason: `no column holds the required ${spec.label} (looked for ${[spec.label, ...spec.synonyms.slice(0, 4)].map((name) => `"${name}"`).join(', ')})`,
        })
      }
    }
    return {columns, byField, doubts, problems}
  }

  private candidates(key: string, taken: Map<string, ColumnMapping>): HeaderCandidate[] {
    if (key === '') return []
    const best = new Map<string, number>()
    for (const result of this.fuse.search(key, {limit: 20})) {
      const field = result.item.field
      const spec = this.specs.get(field)!
      if (taken.has(field) && !spec.multiple) continue
      const confidence = Math.round((1 - (result.score ?? 1)) * 100) / 100
      if (confidence >= HEADER_FLOOR && confidence > (best.get(field) ?? 0)) best.set(field, confidence)
    }
    return [...best]
      .map(([field, confidence]) => ({field, label: this.specs.get(field)!.label, confidence}))
      .sort((a, b) => b.confidence - a.confidence)
      .slice(0, 4)
  }
}

/** Spreadsheet column letters: 0 -> A, 27 -> AB. */
export function columnLetter(index: number): string {
  let letters = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  return letters
}
