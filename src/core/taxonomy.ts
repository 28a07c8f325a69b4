/** The specialism taxonomy: Ofsted focus -> area, plus whole-school areas. */

export interface TaxonomyNode {
  code: string
  name: string
  kind: 'focus' | 'area'
  parentCode: string | null
  wholeSchool: boolean
  sortOrder: number
}

export function parseTaxonomy(rows: Record<string, string>[]): TaxonomyNode[] {
  const nodes: TaxonomyNode[] = []
  const codes = new Set<string>()
  rows.forEach((row, index) => {
    const code = row.code ?? ''
    const kind = row.kind
    if (!/^[a-z0-9-]+$/.test(code)) throw new Error(`taxonomy row ${index + 2}: bad code "${code}"`)
    if (kind !== 'focus' && kind !== 'area') throw new Error(`taxonomy row ${index + 2}: bad kind "${kind}"`)
    if (codes.has(code)) throw new Error(`taxonomy row ${index + 2}: duplicate code "${code}"`)
    const parentCode = row.parent ? row.parent : null
    if (kind === 'area' && (parentCode === null || !codes.has(parentCode))) {
      throw new Error(`taxonomy row ${index + 2}: area "${code}" needs a focus listed above it`)
    }
    codes.add(code)
    nodes.push({
      code,
      name: row.name ?? code,
      kind,
      parentCode,
      wholeSchool: row.whole_school === '1',
      sortOrder: index,
    })
  })
  return nodes
}
