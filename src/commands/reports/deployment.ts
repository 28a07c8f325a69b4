import {deploymentIdArg} from '../../cli/deployments.js'
import {ReportCommand, reportFlags, type ReportResult} from '../../cli/report-command.js'
import type {DeploymentReport} from '../../core/reports/deployment.js'
import {layoutDeployment} from '../../core/reports/layouts/deployment.js'
import {deploymentReport} from '../../services/reports.js'

export default class ReportsDeployment extends ReportCommand<typeof ReportsDeployment> {
  static override summary =
    'Report one deployment for a board or a funder: agreement, objectives, days, visit log, reviews, evaluation and legacy.'

  static override description = `Prints to the terminal, or writes Markdown, HTML, PDF, CSV (the visit log) or JSON with --out FILE. --redact leaves out names, sign-offs and free-text notes.`

  static override examples = [
    '<%= config.bin %> reports deployment 12',
    '<%= config.bin %> reports deployment 12 --out deployment-12.pdf',
    '<%= config.bin %> reports deployment 12 --redact --format markdown',
    '<%= config.bin %> reports deployment 12 --format csv --table objectives',
  ]

  static override args = {id: deploymentIdArg}

  static override flags = {...reportFlags}

  async run(): Promise<ReportResult<DeploymentReport>> {
    return this.report(
      (context) => deploymentReport(context, {id: this.args.id, redact: this.flags.redact}),
      layoutDeployment,
    )
  }
}
