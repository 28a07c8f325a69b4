import {BaseCommand} from '../../cli/base-command.js'
import {deploymentIdArg, deploymentLine, doneLine} from '../../cli/deployments.js'
import {type DeploymentChange, startDeployment} from '../../services/deployments.js'

export default class DeploymentsStart extends BaseCommand<typeof DeploymentsStart> {
  static override summary = 'Mark an agreed deployment as under way (active).'

  static override examples = ['<%= config.bin %> deployments start 12', '<%= config.bin %> deployments start 12 --json']

  static override args = {id: deploymentIdArg}

  async run(): Promise<DeploymentChange> {
    const result = await this.withContext((context) => startDeployment(context, this.args.id))
    for (const warning of result.warnings) this.warn(warning)
    this.say(doneLine(deploymentLine(result.deployment)))
    return result
  }
}
