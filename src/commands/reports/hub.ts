import {isoDateFlag} from '../../cli/flags.js'
import {ReportCommand, reportFlags, type ReportResult} from '../../cli/report-command.js'
import {defaultPeriod} from '../../core/reports/common.js'
import type {HubReport} from '../../core/reports/hub.js'
import {layoutHub} from '../../core/reports/layouts/hub.js'
import {hubReport} from '../../services/reports.js'

export default class ReportsHub extends ReportCommand<typeof ReportsHub> {
  static override summary =
    'Report a period for the hub board: needs, matches, days, money by funding source, utilisation, outcomes and areas.'

  static override description = `Needs count by received date and days by ledger date; unmatched reasons come from the latest match run in the period (its id is printed). HTML and PDF add charts (days by month, utilisation by designation) and a map. --format csv writes the finance table (one row per deployment); --table funding writes the totals by funding source. Email addresses are never printed.`

  static override examples = [
    '<%= config.bin %> reports hub --from 2026-09-01 --to 2027-08-31',
    '<%= config.bin %> reports hub --from 2027-01-01 --to 2027-03-31 --out spring.pdf',
    '<%= config.bin %> reports hub --out finance.csv',
    '<%= config.bin %> reports hub --format csv --table funding',
  ]

  static override flags = {
    ...reportFlags,
    from: isoDateFlag({description: 'First day of the period. Default: 1 September of the academic year of --to.'}),
    to: isoDateFlag({description: 'Last day of the period. Default: today.'}),
  }

  async run(): Promise<ReportResult<HubReport>> {
    return this.report(
      (context) =>
        hubReport(context, {
          period: defaultPeriod(context.today, this.flags.from, this.flags.to),
          redact: this.flags.redact,
        }),
      layoutHub,
    )
  }
}
