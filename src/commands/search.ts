import {Args, Flags} from '@oclif/core'

import {limitFlag, wideFlag} from '../cli/flags.js'
import {ListCommand, listOutputFlags, type WithOutput} from '../cli/list-command.js'
import {paint} from '../cli/style.js'
import {renderTable} from '../cli/table.js'
import {usage} from '../core/errors.js'
import {decimal, table, text} from '../core/reports/document.js'
import {SEARCH_KINDS, type SearchHit, type SearchKind, type SearchResult, searchRegistry} from '../services/search.js'

export default class Search extends ListCommand<typeof Search> {
  static override summary = 'Find schools, leaders and specialism areas by a half-remembered name.'

  static override description = `One ranked, typo-tolerant search over schools (name, URN, postcode, town), leaders (name, email, reference) and specialism areas. Word order, case, accents, apostrophes and "St"/"Saint" do not matter. The key column is what other commands accept (URN, leader ref, area code). Quotes around the query are optional.`

  static override examples = [
    '<%= config.bin %> search st marys primry leeds',
    '<%= config.bin %> search "NE12 1WB"',
    '<%= config.bin %> search ewan gibsen --type leader',
    '<%= config.bin %> search phonix --type specialism --json',
    '<%= config.bin %> search academy --type school --limit 500 --out academies.xlsx',
  ]

  static override strict = false

  static override args = {
    query: Args.string({description: 'What to look for.', required: true}),
  }

  static override flags = {
    wide: wideFlag,
    type: Flags.string({
      char: 't',
      description: 'Only this kind of record; repeat for several.',
      options: [...SEARCH_KINDS],
      multiple: true,
    }),
    limit: {...limitFlag, default: 10},
    ...listOutputFlags,
  }

  async run(): Promise<SearchResult & WithOutput> {
    const {argv} = await this.parse(Search)
    const query = argv.map(String).join(' ').trim()
    if (query === '')
      throw usage('Give something to search for.', {suggestion: 'For example: broker search st marys leeds'})
    const spreadsheet = this.spreadsheetTarget()
    const result = await this.withContext((context) =>
      searchRegistry(context, {
        query,
        kinds: this.flags.type as SearchKind[] | undefined,
        limit: this.rowLimit(spreadsheet !== null),
      }),
    )
    if (spreadsheet)
      return {
        ...result,
        output: await this.writeSpreadsheet(spreadsheet, [searchSheet(result.hits)], `Search: ${query}`),
      }
    this.say(() => {
      if (result.hits.length === 0) return paint.dim(`Nothing matches "${query}". Try fewer words, or part of a name.`)
      return renderTable(result.hits, [
        {header: 'Kind', value: (hit) => hit.kind},
        {header: 'Key', value: (hit) => hit.key},
        {header: 'Name', value: (hit) => hit.label},
        {header: 'Details', value: (hit) => hit.detail},
        {header: 'Match', value: (hit) => (1 - hit.score).toFixed(2), align: 'right'},
      ])
    })
    return result
  }
}

function searchSheet(hits: readonly SearchHit[]) {
  return table(
    'search',
    'Search',
    [{header: 'Kind'}, {header: 'Key'}, {header: 'Name'}, {header: 'Details'}, {header: 'Match'}],
    hits.map((hit) => [
      text(hit.kind),
      text(hit.key),
      text(hit.label),
      text(hit.detail),
      decimal(Math.round((1 - hit.score) * 100) / 100),
    ]),
  )
}
