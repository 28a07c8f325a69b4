import {Flags} from '@oclif/core'

import {ImportCommand, importArgs, importFlags} from '../../cli/import-command.js'
import {importNeeds, type NeedImportReport} from '../../services/import-needs.js'

export default class NeedsImport extends ImportCommand<typeof NeedsImport> {
  static override summary = "Import a batch of support requests (CSV or XLSX), such as a term's needs."

  static override description = `One row per request: school (URN or name), areas of need, support type, days, window, priority, delivery mode, notes. Rows are keyed by a Reference column when there is one, else by school, areas and window start, so re-importing the file changes nothing. Areas are normalised like leaders' specialisms. A team need ("Team size" 2 or more) is split into linked sub-needs, one leader each. A row that would change a need already proposed or in deployment is rejected. An "Objections" column naming leaders (reference, email or name) records that the school does not want them: the matching engine never proposes those pairs.`

  static override examples = [
    '<%= config.bin %> needs import spring-term.csv --dry-run',
    '<%= config.bin %> needs import spring-term.xlsx --accept-fuzzy',
    '<%= config.bin %> needs import requests.csv --skip-invalid --rejects to-fix.csv',
  ]

  static override args = importArgs

  static override flags = {
    ...importFlags,
    'accept-fuzzy': Flags.boolean({description: 'Accept loose area matches (each is shown with its confidence).'}),
    'specialism-map': Flags.string({
      description: 'A CSV of phrase,codes[,confidence] lines mapping your own words to taxonomy codes.',
    }),
  }

  async run(): Promise<NeedImportReport> {
    return this.importFile(
      (context, options) =>
        importNeeds(context, {
          ...options,
          acceptFuzzy: this.flags['accept-fuzzy'],
          specialismMap: this.flags['specialism-map'],
        }),
      (report) => {
        const details = report.details
        const lines = [`rows recognised by ${details.keyedBy}`]
        if (details.subNeeds > 0) lines.push(`${details.subNeeds} linked sub-needs for team needs`)
        if (details.objectionsAdded > 0) lines.push(`${details.objectionsAdded} objections to named leaders recorded`)
        if (details.areaMappings.length > 0) {
          lines.push('areas not written word for word:')
          for (const phrase of details.areaMappings)
            lines.push(
              `  "${phrase.text}" -> ${phrase.codes.join(', ')} (${phrase.method}, confidence ${phrase.confidence})`,
            )
        }
        return lines
      },
    )
  }
}
