import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {doneLine, legacyIdArg} from '../../cli/deployments.js'
import {isoDateFlag} from '../../cli/flags.js'
import {endLegacy, type LegacyDetail} from '../../services/legacy.js'

export default class LegacyEnd extends BaseCommand<typeof LegacyEnd> {
  static override summary = "End a legacy link; its unused budget days go back to the leader's free days."

  static override examples = [
    '<%= config.bin %> legacy end 3 --reason "Year of termly check-ins complete"',
    '<%= config.bin %> legacy end 3 --reason "School joined a trust with its own support" --on 2027-12-01',
  ]

  static override args = {id: legacyIdArg}

  static override flags = {
    reason: Flags.string({description: 'Why it ends.', required: true}),
    on: isoDateFlag({description: 'When it ended. Default: today.'}),
  }

  async run(): Promise<LegacyDetail> {
    const result = await this.withContext((context) =>
      endLegacy(context, {id: this.args.id, reason: this.flags.reason, endedOn: this.flags.on}),
    )
    this.say(doneLine(`Ended legacy link ${result.link.id} on ${result.link.endedOn}`))
    return result
  }
}
