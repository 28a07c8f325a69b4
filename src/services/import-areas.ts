import {invalidInput} from '../core/errors.js'
import {parseSynonyms, type SpecialismNormaliser, type Synonym} from '../core/specialism-normaliser.js'
import {headerKey} from '../importers/headers.js'
import {readTable} from '../importers/table.js'
import type {ServiceContext} from './context.js'
import {loadTaxonomy, makeNormaliser} from './reference.js'

/**
 * The specialism normaliser for an import: the taxonomy, the shipped synonyms, and the user's own
 * mapping file (phrase,codes[,confidence]) for phrases broker does not know.
 */
export async function areaNormaliser(
  context: ServiceContext,
  mapFile: string | undefined,
): Promise<SpecialismNormaliser> {
  const userMap = mapFile === undefined ? [] : await readSpecialismMap(mapFile)
  const taxonomy = await context.registry.read((repos) => loadTaxonomy(repos))
  try {
    return makeNormaliser(taxonomy, userMap)
  } catch (error) {
    throw invalidInput(`${mapFile}: ${(error as Error).message}.`, {
      code: 'import.area-map-invalid',
      data: {file: mapFile!},
    })
  }
}

async function readSpecialismMap(path: string): Promise<Synonym[]> {
  const table = await readTable(path)
  const keys = table.headers.map(headerKey)
  const records = table.rows.map((record) =>
    Object.fromEntries(keys.map((key, index) => [key, record.cells[index] ?? ''])),
  )
  try {
    return parseSynonyms(records, path)
  } catch (error) {
    throw invalidInput(`${(error as Error).message}.`, {
      suggestion: 'The map is a CSV with the columns phrase,codes,confidence, for example: "maths (ks2)",maths,1',
    })
  }
}
