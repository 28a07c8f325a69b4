import {invalidInput} from '../core/errors.js'
import type {PhaseCover, PhaseCoverRule} from '../core/match/candidates.js'
import type {MatchTables} from '../core/match/model.js'
import {isOneOf, type Phase, PHASES, SUPPORT_TYPES} from '../core/model.js'
import {
  AUTO_ACCEPT_CONFIDENCE,
  codesOf,
  parseSynonyms,
  SpecialismNormaliser,
  type Synonym,
} from '../core/specialism-normaliser.js'
import {WorkingCalendar} from '../core/working-days.js'
import {readDataCsv} from '../data-files.js'
import type {Repos} from '../db/repos/index.js'
import type {SpecialismAssignment} from '../db/repos/leaders.js'
import type {SpecialismNode} from '../db/repos/specialisms.js'

export interface Taxonomy {
  nodes: SpecialismNode[]
  areas: SpecialismNode[]
  byCode: Map<string, SpecialismNode>
}

export async function loadTaxonomy(repos: Repos): Promise<Taxonomy> {
  const nodes = await repos.specialisms.all()
  const areas = nodes.filter((node) => node.kind === 'area' && !node.retired)
  return {nodes, areas, byCode: new Map(nodes.map((node) => [node.code, node]))}
}

export function shippedSynonyms(): Synonym[] {
  return parseSynonyms(readDataCsv('specialism-synonyms.csv').rows, 'data/specialism-synonyms.csv')
}

export function makeNormaliser(taxonomy: Taxonomy, userMap: readonly Synonym[] = []): SpecialismNormaliser {
  return new SpecialismNormaliser(taxonomy.areas, shippedSynonyms(), userMap)
}

/**
 * Maps what a user typed (names, codes, synonyms, one or several per text) to taxonomy areas,
 * refusing unknown phrases and, unless acceptFuzzy, doubtful ones.
 */
export async function mapAreaTexts(
  repos: Repos,
  texts: readonly string[],
  acceptFuzzy: boolean,
): Promise<SpecialismAssignment[]> {
  if (texts.length === 0) return []
  const normaliser = makeNormaliser(await loadTaxonomy(repos))
  const assignments: SpecialismAssignment[] = []
  for (const text of texts) {
    const mapping = normaliser.mapCell(text)
    for (const part of mapping.parts) {
      if (part.method === 'unknown') {
        throw invalidInput(`"${part.text}" is not an area in the taxonomy.`, {
          code: 'areas.unknown',
          data: {text: part.text},
        })
      }
      if (part.confidence < AUTO_ACCEPT_CONFIDENCE && !acceptFuzzy) {
        throw invalidInput(
          `"${part.text}" only loosely matches ${part.matched ?? part.codes.join(', ')} (confidence ${part.confidence}).`,
          {
            code: 'areas.loose-match',
            data: {text: part.text, matched: part.matched ?? part.codes.join(', '), confidence: part.confidence},
          },
        )
      }
    }
    for (const {code, confidence} of codesOf(mapping)) assignments.push({code, confidence, sourceText: text})
  }
  return assignments
}

let calendar: WorkingCalendar | undefined

/** Weekdays less England and Wales bank holidays (data/bank-holidays-england-wales.csv). */
export function workingCalendar(): WorkingCalendar {
  calendar ??= new WorkingCalendar(readDataCsv('bank-holidays-england-wales.csv').rows.map((row) => row.date ?? ''))
  return calendar
}

/** A "row key, column..." CSV of numbers as nested maps (phase compatibility, designation fit). */
function numberGrid(name: string, rowKey: string): Map<string, Map<string, number>> {
  const grid = new Map<string, Map<string, number>>()
  for (const row of readDataCsv(name).rows) {
    const key = row[rowKey]
    if (!key) continue
    const cells = new Map<string, number>()
    for (const [column, value] of Object.entries(row)) {
      if (column === rowKey) continue
      const number = Number(value)
      if (!Number.isFinite(number) || number < 0 || number > 1)
        throw new Error(`data/${name}: ${key}/${column} must be a number from 0 to 1`)
      cells.set(column, number)
    }
    grid.set(key, cells)
  }
  return grid
}

/** Explicitly related areas (symmetric), with the share of an exact match they earn. */
export function relatedAreas(): Map<string, Map<string, number>> {
  const related = new Map<string, Map<string, number>>()
  const add = (a: string, b: string, credit: number) => {
    const row = related.get(a) ?? new Map<string, number>()
    row.set(b, Math.max(row.get(b) ?? 0, credit))
    related.set(a, row)
  }
  for (const row of readDataCsv('related-specialisms.csv').rows) {
    const credit = Number(row.credit)
    if (!row.a || !row.b || !Number.isFinite(credit) || credit <= 0 || credit > 1)
      throw new Error('data/related-specialisms.csv: each row needs a, b and a credit in (0, 1]')
    add(row.a, row.b, credit)
    add(row.b, row.a, credit)
  }
  return related
}

export function phaseCompatibility(): Map<string, Map<string, number>> {
  return numberGrid('phase-compatibility.csv', 'school_phase')
}

export function designationFit(): Map<string, Map<string, number>> {
  return numberGrid('designation-fit.csv', 'support_type')
}

let phaseCoverData: PhaseCover | undefined

/**
 * What phase experience covers a need: data/phase-cover.csv's rules over data/area-phases.csv's
 * areas. A wrong cell is a bug in the shipped data, so it throws naming the file and row.
 */
export function phaseCover(): PhaseCover {
  if (phaseCoverData) return phaseCoverData
  const areaCodes = new Set(readDataCsv('taxonomy.csv').rows.map((row) => row.code))
  const areaPhase = new Map<string, Phase>()
  const areaGroups = new Map<string, Set<string>>()
  const groups = new Set<string>(['*'])
  for (const row of readDataCsv('area-phases.csv').rows) {
    const area = row.area ?? ''
    if (!areaCodes.has(area)) throw new Error(`data/area-phases.csv: "${area}" is not an area of data/taxonomy.csv`)
    if (row.phase) {
      if (!isOneOf(PHASES, row.phase)) throw new Error(`data/area-phases.csv: ${area} has no phase "${row.phase}"`)
      areaPhase.set(area, row.phase)
    }
    const named = (row.groups ?? '')
      .split(';')
      .map((group) => group.trim())
      .filter(Boolean)
    named.forEach((group) => groups.add(group))
    areaGroups.set(area, new Set(named))
  }
  const anyOf = <T extends string>(values: readonly T[], value: string | undefined, column: string): T | '*' => {
    if (value === '*' || isOneOf(values, value)) return value
    throw new Error(`data/phase-cover.csv: ${column} "${value}" is not * or one of ${values.join(', ')}`)
  }
  const rules: PhaseCoverRule[] = readDataCsv('phase-cover.csv').rows.map((row) => {
    if (!groups.has(row.area_group ?? ''))
      throw new Error(
        `data/phase-cover.csv: area_group "${row.area_group}" is not * or a group of data/area-phases.csv`,
      )
    return {
      needPhase: anyOf(PHASES, row.need_phase, 'need_phase'),
      leaderPhase: anyOf(PHASES, row.leader_phase, 'leader_phase'),
      supportType: anyOf(SUPPORT_TYPES, row.support_type, 'support_type'),
      areaGroup: row.area_group!,
    }
  })
  phaseCoverData = {rules, areaPhase, areaGroups}
  return phaseCoverData
}

/** The shipped tables the match engine scores with, and the taxonomy's area names. */
export function matchTables(taxonomy: Taxonomy): MatchTables {
  return {
    phaseCompatibility: phaseCompatibility(),
    phaseCover: phaseCover(),
    designationFit: designationFit(),
    related: relatedAreas(),
    areaNames: new Map(taxonomy.nodes.map((node) => [node.code, node.name])),
  }
}
