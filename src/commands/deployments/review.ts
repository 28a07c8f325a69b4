import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {deploymentIdArg, doneLine} from '../../cli/deployments.js'
import {isoDateFlag} from '../../cli/flags.js'
import {REVIEW_KINDS, REVIEW_OUTCOMES, type ReviewKind, type ReviewOutcome} from '../../core/lifecycle.js'
import {recordReview, type ReviewResult} from '../../services/deployment-work.js'

export default class DeploymentsReview extends BaseCommand<typeof DeploymentsReview> {
  static override summary = 'Record a review held: the mid-point review, the NLG progress review, or another.'

  static override description = `The scheduled review of that kind (the mid-point review set at agreement, the progress review
set by an initial report) is marked held; with none scheduled, an unscheduled one is recorded.`

  static override examples = [
    '<%= config.bin %> deployments review 12 --outcome on-track --notes "Exit strategy: KS1 lead runs the coaching from May"',
    '<%= config.bin %> deployments review 14 --kind progress --on 2027-05-20 --outcome at-risk',
  ]

  static override args = {id: deploymentIdArg}

  static override flags = {
    kind: Flags.string({description: 'Which review.', options: [...REVIEW_KINDS], default: 'mid-point'}),
    on: isoDateFlag({description: 'When it was held. Default: today.'}),
    outcome: Flags.string({description: 'Is it working?', options: [...REVIEW_OUTCOMES], required: true}),
    notes: Flags.string({description: 'What was decided (the exit strategy ...).'}),
  }

  async run(): Promise<ReviewResult> {
    const flags = this.flags
    const result = await this.withContext((context) =>
      recordReview(context, {
        id: this.args.id,
        kind: flags.kind as ReviewKind,
        heldOn: flags.on,
        outcome: flags.outcome as ReviewOutcome,
        notes: flags.notes ?? null,
      }),
    )
    for (const warning of result.warnings) this.warn(warning)
    this.say(
      doneLine(
        `Recorded the ${result.review.kind} review of deployment ${result.deployment.id} held on ${result.review.heldOn}: ${result.review.outcome}`,
      ),
    )
    return result
  }
}
