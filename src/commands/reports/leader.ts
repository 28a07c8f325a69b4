import {Args} from '@oclif/core'

import {ReportCommand, reportFlags, type ReportResult} from '../../cli/report-command.js'
import {layoutLeader} from '../../core/reports/layouts/leader.js'
import type {LeaderReport} from '../../core/reports/leader.js'
import {leaderReport} from '../../services/reports.js'

export default class ReportsLeader extends ReportCommand<typeof ReportsLeader> {
  static override summary = "Report a leader's deployments, days by academic year and utilisation."

  static override description = `Days released, held, committed, delivered and free per academic year come from the same capacity accounting as \`broker leaders show\`; utilisation is (delivered + committed) ÷ released.`

  static override examples = [
    '<%= config.bin %> reports leader SH-0003',
    '<%= config.bin %> reports leader "Declan Gibson" --out gibson.pdf',
    '<%= config.bin %> reports leader SH-0003 --redact --format json',
  ]

  static override args = {
    leader: Args.string({description: 'Leader reference, designation reference, email or name.', required: true}),
  }

  static override flags = {...reportFlags}

  async run(): Promise<ReportResult<LeaderReport>> {
    return this.report(
      (context) => leaderReport(context, {leader: this.args.leader, redact: this.flags.redact}),
      layoutLeader,
    )
  }
}
