import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {deploymentIdArg, doneLine} from '../../cli/deployments.js'
import {daysFlag, isoDateFlag} from '../../cli/flags.js'
import {formatDays} from '../../core/days.js'
import {LOG_KINDS, type LogKind, PROGRESS_REVIEW_MONTHS, VISIT_RECORD_WORKING_DAYS} from '../../core/lifecycle.js'
import {type LogResult, logWork} from '../../services/deployment-work.js'

export default class DeploymentsLog extends BaseCommand<typeof DeploymentsLog> {
  static override summary = 'Record a visit or activity on the days ledger, or schedule a planned visit.'

  static override description = `Delivered work (an active deployment) is dated today unless --on, and states its --days in
halves. A warning says when the delivered days pass the agreed days or the leader's released days.
--planned DATE schedules a visit instead: it is overdue in \`broker due\` when no delivered record
follows within ${VISIT_RECORD_WORKING_DAYS} working days (weekends and England and Wales bank holidays skipped).
--kind initial-report starts the NLG progress review, due ${PROGRESS_REVIEW_MONTHS} calendar months later.`

  static override examples = [
    '<%= config.bin %> deployments log 12 --days 1 --note "Observed KS1 phonics; coached the lead"',
    '<%= config.bin %> deployments log 12 --on 2027-02-03 --days 0.5 --kind remote',
    '<%= config.bin %> deployments log 12 --planned 2027-03-10 --days 1',
    '<%= config.bin %> deployments log 14 --kind initial-report --days 1 --on 2027-01-29',
  ]

  static override args = {id: deploymentIdArg}

  static override flags = {
    on: isoDateFlag({description: 'When the work was done. Default: today.', exclusive: ['planned']}),
    planned: isoDateFlag({
      description: 'Schedule a visit on this date instead of recording delivered work.',
      exclusive: ['on'],
    }),
    days: daysFlag({description: 'Days (halves allowed); required for delivered work.'}),
    kind: Flags.string({description: 'What was done.', options: [...LOG_KINDS], default: 'visit'}),
    note: Flags.string({description: 'What happened.'}),
  }

  async run(): Promise<LogResult> {
    const flags = this.flags
    const result = await this.withContext((context) =>
      logWork(context, {
        id: this.args.id,
        kind: flags.kind as LogKind,
        date: flags.on,
        planned: flags.planned,
        halfDays: flags.days,
        note: flags.note ?? null,
      }),
    )
    for (const warning of result.warnings) this.warn(warning)
    const {entry} = result
    this.say(() => {
      const what =
        entry.entry === 'planned'
          ? `Planned a ${entry.activity} on ${entry.onDate}`
          : `Logged ${formatDays(entry.halfDays)} days (${entry.activity}) on ${entry.onDate}`
      const lines = [
        doneLine(
          `${what} for deployment ${result.deployment.id}: ${formatDays(result.deliveredHalfDays)} of ${formatDays(result.agreedHalfDays)} agreed days delivered`,
        ),
      ]
      if (result.progressReviewDueOn) lines.push(`  Progress review due ${result.progressReviewDueOn}.`)
      return lines.join('\n')
    })
    return result
  }
}
