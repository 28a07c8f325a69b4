import {invalidInput} from '../core/errors.js'
import {WorkingCalendar} from '../core/working-days.js'
import {AUTO_ACCEPT_CONFIDENCE, codesOf, parseSynonyms, SpecialismNormaliser, type Synonym} from '../core/specialism-normaliser.js'
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
export async function mapAreaTexts(repos: Repos, texts: readonly string[], acceptFuzzy: boolean): Promise<SpecialismAssignment[]> {
  if (texts.length === 0) return []
  const normaliser = makeNormaliser(await loadTaxonomy(repos))
  const assignments: SpecialismAssignment[] = []
  for (const text of texts) {
    const mapping = normaliser.mapCell(text)
    for (const part of mapping.parts) {
      if (part.method === 'unknown') {
        throw invalidInput(`"${part.text}" is not an area in the taxonomy.`, {
          suggestion: 'Use an area name or code such as maths, phonics, send or governance (`broker search TEXT` finds areas).',
        })
      }
      if (part.confidence < AUTO_ACCEPT_CONFIDENCE && !acceptFuzzy) {
        throw invalidInput(`"${part.text}" only loosely matches ${part.matched ?? part.codes.join(', ')} (confidence ${part.confidence}).`, {
          suggestion: 'Use the exact area name, or pass --accept-fuzzy to take the suggested match.',
        })
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
