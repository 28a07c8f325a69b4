import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {
  deploymentIdArg,
  deploymentLine,
  doneLine,
  objectivesFrom,
  poundsFlag,
  termFlags,
} from '../../cli/deployments.js'
import {FUNDING_SOURCES, type FundingSource} from '../../core/lifecycle.js'
import {agreeDeployment, type DeploymentChange} from '../../services/deployments.js'

export default class DeploymentsAgree extends BaseCommand<typeof DeploymentsAgree> {
  static override summary = 'Record the agreement for a proposal: objectives, days, dates, money and sign-offs.'

  static override description = `Each --objective is paired with the --criteria in the same position. Days and dates default to
the proposal's. The mid-point review is scheduled halfway through the dates (on a working day)
unless --mid-review. The supported school's head and the home-school head releasing the leader
must sign off; the broker's sign-off defaults to you. The need moves to in-deployment. The
leader's days are re-checked: an agreement that overcommits them is refused unless
--allow-overcommit.`

  static override examples = [
    '<%= config.bin %> deployments agree 12 --objective "Phonics teaching is consistent in KS1" --criteria "90% of lessons observed secure" --rate 450 --funding dfe-grant --programme "Phonics hubs" --supported-head-signoff "A. Head, 2027-01-05" --home-head-signoff "B. Head, 2027-01-05"',
    '<%= config.bin %> deployments agree 14 --objective "Board understands its statutory duties" --criteria "Skills audit complete" --days 3 --from 2027-01-11 --to 2027-03-26 --rate 0 --funding dfe-grant --programme "NLG funded offer" --grant-ref NLG-2027-014 --payer DfE --supported-head-signoff "Chair, 2027-01-08" --home-head-signoff "Head, 2027-01-08"',
  ]

  static override args = {id: deploymentIdArg}

  static override flags = {
    ...termFlags(),
    rate: poundsFlag({description: 'Day rate in pounds (0 for unpaid support).', required: true}),
    funding: Flags.string({description: 'Funding source.', options: [...FUNDING_SOURCES], required: true}),
    'supported-head-signoff': Flags.string({
      description: "Sign-off of the supported school's head (who and when).",
      required: true,
    }),
    'home-head-signoff': Flags.string({
      description: 'Sign-off of the home-school head releasing the leader (who and when).',
      required: true,
    }),
    'broker-signoff': Flags.string({description: "The broker's sign-off. Default: you (BROKER_USER or your login)."}),
  }

  async run(): Promise<DeploymentChange> {
    const flags = this.flags
    const result = await this.withContext((context) =>
      agreeDeployment(context, {
        id: this.args.id,
        objectives: objectivesFrom(flags.objective, flags.criteria) ?? [],
        halfDays: flags.days,
        startsOn: flags.from,
        endsOn: flags.to,
        midReviewOn: flags['mid-review'],
        dayRatePence: flags.rate,
        fundingSource: flags.funding as FundingSource,
        fundingProgramme: flags.programme ?? null,
        grantReference: flags['grant-ref'] ?? null,
        payer: flags.payer ?? null,
        supportedHeadSignoff: flags['supported-head-signoff'],
        homeHeadSignoff: flags['home-head-signoff'],
        brokerSignoff: flags['broker-signoff'],
        allowOvercommit: flags['allow-overcommit'],
      }),
    )
    for (const warning of result.warnings) this.warn(warning)
    this.say(doneLine(`${deploymentLine(result.deployment)}; mid-point review due ${result.deployment.midReviewOn}`))
    return result
  }
}
