import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {doneLine, legacyIdArg} from '../../cli/deployments.js'
import {daysFlag, isoDateFlag} from '../../cli/flags.js'
import {formatDays} from '../../core/days.js'
import {type CheckinResult, checkinLegacy} from '../../services/legacy.js'

export default class LegacyCheckin extends BaseCommand<typeof LegacyCheckin> {
  static override summary = 'Record a legacy check-in held, with any days it used from the legacy budget.'

  static override description = `The earliest check-in still due is marked held; with none due, an unscheduled check-in is
recorded. Days go on the ledger against the link: a warning says when they pass the budget or the
leader's released days.`

  static override examples = [
    '<%= config.bin %> legacy checkin 3 --note "Phonics data holding up; new staff inducted"',
    '<%= config.bin %> legacy checkin 3 --on 2027-11-04 --days 0.5',
  ]

  static override args = {id: legacyIdArg}

  static override flags = {
    on: isoDateFlag({description: 'When it was held. Default: today.'}),
    days: daysFlag({description: 'Days used (halves allowed). Default: 0.'}),
    note: Flags.string({description: 'What was found.'}),
  }

  async run(): Promise<CheckinResult> {
    const flags = this.flags
    const result = await this.withContext((context) =>
      checkinLegacy(context, {id: this.args.id, heldOn: flags.on, halfDays: flags.days, note: flags.note ?? null}),
    )
    for (const warning of result.warnings) this.warn(warning)
    const {link} = result
    this.say(
      doneLine(
        `Checked in on legacy link ${link.id}: ${formatDays(link.usedHalfDays)} of ${formatDays(link.budgetHalfDays)} budget days used; next check-in ${link.nextCheckinDue ?? 'none scheduled'}`,
      ),
    )
    return result
  }
}
