import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {deploymentIdArg, deploymentLine, doneLine, objectivesFrom, termFlags} from '../../cli/deployments.js'
import {termLabels} from '../../core/deployments.js'
import type {FundingSource} from '../../core/lifecycle.js'
import {type AmendResult, amendDeployment} from '../../services/deployments.js'

export default class DeploymentsAmend extends BaseCommand<typeof DeploymentsAmend> {
  static override summary = 'Vary an agreement (days, dates, objectives, rate or funding) with a reason.'

  static override description = `Only the terms you pass change; --objective/--criteria replace the whole list of objectives.
The original agreement and every variation are kept (see \`broker deployments show ID\`). The
leader's days are re-checked: a variation that overcommits them is refused unless
--allow-overcommit. Agreed days cannot fall below the days already delivered.`

  static override examples = [
    '<%= config.bin %> deployments amend 12 --days 4 --to 2027-05-21 --reason "Extra coaching for the new KS1 lead"',
    '<%= config.bin %> deployments amend 12 --rate 500 --reason "Rate agreed with the trust from April"',
  ]

  static override args = {id: deploymentIdArg}

  static override flags = {
    ...termFlags(),
    reason: Flags.string({description: 'Why the agreement changes.', required: true}),
  }

  async run(): Promise<AmendResult> {
    const flags = this.flags
    const result = await this.withContext((context) =>
      amendDeployment(context, {
        id: this.args.id,
        reason: flags.reason,
        halfDays: flags.days,
        startsOn: flags.from,
        endsOn: flags.to,
        midReviewOn: flags['mid-review'],
        objectives: objectivesFrom(flags.objective, flags.criteria),
        dayRatePence: flags.rate,
        fundingSource: flags.funding as FundingSource | undefined,
        fundingProgramme: flags.programme,
        grantReference: flags['grant-ref'],
        payer: flags.payer,
        allowOvercommit: flags['allow-overcommit'],
      }),
    )
    for (const warning of result.warnings) this.warn(warning)
    this.say(doneLine(`${deploymentLine(result.deployment)}; varied ${termLabels(result.changed)}`))
    return result
  }
}
