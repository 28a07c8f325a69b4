import {Args} from '@oclif/core'

import {directorFlag} from '../../cli/flags.js'
import {ReportCommand, reportFlags, type ReportResult} from '../../cli/report-command.js'
import {layoutLeader} from '../../core/reports/layouts/leader.js'
import type {LeaderReport} from '../../core/reports/leader.js'
import {leaderReport} from '../../services/reports.js'

export default class ReportsLeader extends ReportCommand<typeof ReportsLeader> {
  static override summary = "Report a leader's deployments, days by academic year and utilisation."

  static override description = `Days released, held, committed, delivered and free per academic year come from the same capacity accounting as \`broker leaders show\`; utilisation is (delivered + committed) ÷ released. With --director the report adds the leader's own record: each deployment they completed (or that ended early) and what the supported school's published results did from before support to after it, as \`broker reports impact\` measures them, without comparison schools, totals, a score or a rank. --redact leaves the record out.`

  static override examples = [
    '<%= config.bin %> reports leader SH-0003',
    '<%= config.bin %> reports leader "Declan Gibson" --out gibson.pdf',
    '<%= config.bin %> reports leader SH-0003 --redact --format json',
    '<%= config.bin %> reports leader SH-0003 --director --out sh-0003-record.pdf',
  ]

  static override args = {
    leader: Args.string({description: 'Leader reference, designation reference, email or name.', required: true}),
  }

  static override flags = {
    ...reportFlags,
    director: directorFlag("the leader's own record of outcomes"),
  }

  async run(): Promise<ReportResult<LeaderReport>> {
    return this.report(
      (context) =>
        leaderReport(context, {leader: this.args.leader, redact: this.flags.redact, director: this.flags.director}),
      layoutLeader,
    )
  }
}
