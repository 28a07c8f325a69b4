import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {isoDateFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {type ObjectionResult, recordObjection} from '../../services/schools.js'

export default class SchoolsObject extends BaseCommand<typeof SchoolsObject> {
  static override summary = 'Record that a school objects to a named leader (the match never proposes them there).'

  static override examples = [
    '<%= config.bin %> schools object --urn 910083 --leader SH-0012 --reason "previous working relationship broke down"',
    '<%= config.bin %> schools object --urn 910083 --leader SH-0012 --withdraw',
  ]

  static override flags = {
    urn: Flags.string({description: 'The school: URN or (part of) its name.', required: true}),
    leader: Flags.string({description: 'The leader: ref, designation reference, email or name.', required: true}),
    reason: Flags.string({description: 'Why the school objects (kept with the objection).'}),
    on: isoDateFlag({description: 'When the school objected. Default: today.'}),
    withdraw: Flags.boolean({description: 'Withdraw an objection recorded earlier.'}),
  }

  async run(): Promise<ObjectionResult> {
    const {urn, leader, reason, on, withdraw} = this.flags
    const result = await this.withContext((context) =>
      recordObjection(context, {
        school: urn,
        leader,
        reason: reason ?? null,
        objectedOn: on ?? context.today,
        withdraw,
      }),
    )
    this.say(
      `${paint.ok('✓')} ${result.withdrawn ? 'Withdrew the objection of' : 'Recorded that'} ${result.school} (${result.urn}) ${result.withdrawn ? 'to' : 'objects to'} ${result.leaderRef}`,
    )
    return result
  }
}
