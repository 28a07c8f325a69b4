import {Flags} from '@oclif/core'

import {ImportCommand, importArgs, importFlags} from '../../cli/import-command.js'
import {plural} from '../../cli/table.js'
import {academicYearLabel} from '../../core/calendar.js'
import {MEASURE_INFO, type Measure, RESULT_RELEASES, type ResultRelease} from '../../core/results.js'
import {importResults, type ResultsImportReport} from '../../services/import-results.js'

export default class ResultsImport extends ImportCommand<typeof ResultsImport> {
  static override summary = 'Import one year of DfE school performance tables (KS2 or KS4) as published.'

  static override description = `Reads the performance-tables download as it comes (england_ks2final.csv, england_ks4provisional.csv ...): KS2 % meeting the expected standard in reading, writing and maths and average scaled scores in reading and maths; KS4 Attainment 8, Progress 8 and % with grade 5+ in English and maths; and the cohort size. The key stage is told from the columns. The files carry no year, so --year says which summer the exams were sat (2019 for 2018/19). School rows only (RECTYPE 1 and 2): local-authority and national totals and independent schools are counted and skipped. "70.8%" reads as 70.8; SUPP, NE, NA, LOWCOV and the like are kept as missing, never as zero. Results are kept for schools not (or no longer) in the registry, since a converted academy's baseline is its predecessor's. A revised release replaces the provisional one for the same year; a provisional release never replaces a revised one.`

  static override examples = [
    '<%= config.bin %> results import england_ks4provisional.csv --year 2019 --dry-run',
    '<%= config.bin %> results import england_ks2final.csv --year 2024 --release revised',
  ]

  static override args = importArgs

  static override flags = {
    ...importFlags,
    year: Flags.integer({
      description: 'The calendar year the exams were sat (2019 for the 2018/19 tables).',
      required: true,
    }),
    release: Flags.string({
      description: 'provisional (published in the autumn) or revised (the spring after). Default: provisional.',
      options: [...RESULT_RELEASES],
    }),
  }

  async run(): Promise<ResultsImportReport> {
    return this.importFile(
      (context, options) =>
        importResults(context, {
          ...options,
          year: this.flags.year,
          release: this.flags.release as ResultRelease | undefined,
        }),
      (report) => {
        const {details} = report
        const lines = [
          `${details.keyStage.toUpperCase()} ${academicYearLabel(details.year - 1)} (${details.year}), ${details.release} release`,
        ]
        if (details.replacedProvisional > 0)
          lines.push(`${plural(details.replacedProvisional, 'school')}: revised results replace provisional ones`)
        for (const [measure, count] of Object.entries(details.missing) as [Measure, number][])
          lines.push(
            `${MEASURE_INFO[measure].label}: missing for ${plural(count, 'school')} (suppressed or not published; never counted as zero)`,
          )
        return lines
      },
    )
  }
}
