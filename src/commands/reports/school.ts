import {Args} from '@oclif/core'

import {ReportCommand, reportFlags, type ReportResult} from '../../cli/report-command.js'
import {layoutSchool} from '../../core/reports/layouts/school.js'
import type {SchoolReport} from '../../core/reports/school.js'
import {schoolReport} from '../../services/reports.js'

export default class ReportsSchool extends ReportCommand<typeof ReportsSchool> {
  static override summary = 'Report the support a school has received and its outcomes.'

  static override description = `Every deployment for the school that reached agreement (days agreed and delivered, cost, funding, objectives met), each objective's outcome and evidence, its requests and legacy links.`

  static override examples = [
    '<%= config.bin %> reports school 910083',
    '<%= config.bin %> reports school "Carr Hill" --out carr-hill.html',
    '<%= config.bin %> reports school 910083 --format csv --out support.csv',
  ]

  static override args = {school: Args.string({description: "URN, or the school's name.", required: true})}

  static override flags = {...reportFlags}

  async run(): Promise<ReportResult<SchoolReport>> {
    return this.report(
      (context) => schoolReport(context, {school: this.args.school, redact: this.flags.redact}),
      layoutSchool,
    )
  }
}
