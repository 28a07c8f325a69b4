import {Flags} from '@oclif/core'

import {ReportCommand, reportFlags, type ReportResult} from '../../cli/report-command.js'
import {DEFAULT_MATCH_CONFIG} from '../../core/match/config.js'
import type {CoverageReport} from '../../core/reports/coverage.js'
import {layoutCoverage} from '../../core/reports/layouts/coverage.js'
import {coverageReport} from '../../services/reports.js'

export default class ReportsCoverage extends ReportCommand<typeof ReportsCoverage> {
  static override summary =
    'Report where supply falls short: free days against open needs per specialism and local authority, and cold spots.'

  static override description = `A cold spot is an open in-person or blended need with no candidate leader (the expertise, a fitting active designation, suitable phase) within the radius, by the matching engine's own rules. HTML and PDF add a chart and a map. Email addresses are never printed.`

  static override examples = [
    '<%= config.bin %> reports coverage',
    '<%= config.bin %> reports coverage --radius 30 --out coverage.pdf',
    '<%= config.bin %> reports coverage --format csv --table cold-spots',
  ]

  static override flags = {
    ...reportFlags,
    radius: Flags.integer({
      description: `In-person radius in km (blended support: twice this). Default: the match's ${DEFAULT_MATCH_CONFIG.maxRadiusKm}.`,
      min: 1,
    }),
  }

  async run(): Promise<ReportResult<CoverageReport>> {
    return this.report(
      (context) => coverageReport(context, {radiusKm: this.flags.radius, redact: this.flags.redact}),
      layoutCoverage,
    )
  }
}
