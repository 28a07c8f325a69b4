import {Flags} from '@oclif/core'

import {academicYearFlag} from '../../cli/flags.js'
import {ImportCommand, importArgs, importFlags} from '../../cli/import-command.js'
import {importLeaders, type LeaderImportReport} from '../../services/import-leaders.js'

export default class LeadersImport extends ImportCommand<typeof LeadersImport> {
  static override summary = 'Import a hub designation list (CSV or XLSX): one row per designation.'

  static override description = `Rows are matched on the designating body and reference (--body or a column, default the hub), then on email; a row whose reference and email belong to different people is rejected. Specialisms are free text mapped to the taxonomy (whole cell first, then split on ; , /); loose matches need --accept-fuzzy or a --specialism-map file, unknown ones reject the row. Days go to the academic year named in the days column's header ("Days offered 2026/27"), else --year, else the current year; other years are never touched. Dates may be ISO, text, Excel serials or dd/mm/yyyy.`

  static override examples = [
    '<%= config.bin %> leaders import designations.csv --dry-run',
    '<%= config.bin %> leaders import designations.xlsx --accept-fuzzy',
    '<%= config.bin %> leaders import sle-list.csv --body "North East TSH" --year 2026/27 --full',
    '<%= config.bin %> leaders import designations.csv --specialism-map our-words.csv --save-map',
  ]

  static override args = importArgs

  static override flags = {
    ...importFlags,
    body: Flags.string({
      description: 'Designating body of rows that do not name one. Default: the hub named at `broker init --hub`.',
    }),
    year: academicYearFlag({
      description: 'Academic year the days are for, when the days column header does not name one (e.g. 2026/27).',
    }),
    'accept-fuzzy': Flags.boolean({
      description: 'Accept loose specialism matches (each is recorded with its confidence).',
    }),
    'specialism-map': Flags.string({
      description: 'A CSV of phrase,codes[,confidence] lines mapping your own specialism words to taxonomy codes.',
    }),
    full: Flags.boolean({
      description: "The file is the body's complete list: its designations missing from the file are withdrawn.",
    }),
  }

  async run(): Promise<LeaderImportReport> {
    const flags = this.flags
    return this.importFile(
      (context, options) =>
        importLeaders(context, {
          ...options,
          body: flags.body,
          year: flags.year,
          acceptFuzzy: flags['accept-fuzzy'],
          specialismMap: flags['specialism-map'],
          full: flags.full,
        }),
      (report) => {
        const details = report.details
        const source = {
          header: "named in the days column's header",
          flag: 'from --year',
          title: "named in the file's title",
          today: 'the current one (no year in the header; --year sets one)',
        }[details.academicYearSource]
        const lines = [
          `days go to ${details.academicYearLabel}: ${source}`,
          `designating body for rows without one: ${details.body}`,
        ]
        if (details.newLeaders > 0) lines.push(`${details.newLeaders} new leaders`)
        if (details.specialismMappings.length > 0) {
          lines.push('specialisms not written word for word:')
          for (const phrase of details.specialismMappings)
            lines.push(
              `  "${phrase.text}" -> ${phrase.codes.join(', ')} (${phrase.method}, confidence ${phrase.confidence})`,
            )
        }
        if (flags.full)
          lines.push(
            `--full: ${details.withdrawn.length} designations missing from the list ${report.dryRun ? 'would be' : 'were'} withdrawn${details.withdrawn.length > 0 ? `: ${details.withdrawn.map((d) => d.reference).join(', ')}` : ''}`,
          )
        return lines
      },
    )
  }
}
