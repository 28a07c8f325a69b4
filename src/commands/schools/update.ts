import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {isoDateFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {usage} from '../../core/errors.js'
import {type SchoolChange, setLeadingTogetherCompletion} from '../../services/eligibility-data.js'

export default class SchoolsUpdate extends BaseCommand<typeof SchoolsUpdate> {
  static override summary = 'Record what no GIAS import brings: when a school completed Leading Together.'

  static override description = `A school that has completed Leading Together cannot apply again; \`broker eligibility\` reads
the date recorded here. Everything else about a school comes from \`broker schools import\`.`

  static override examples = [
    '<%= config.bin %> schools update 910083 --leading-together-completed-on 2025-07-18',
    '<%= config.bin %> schools update "southlands primary" --clear-leading-together',
  ]

  static override args = {
    school: Args.string({description: 'URN or (part of) the school name.', required: true}),
  }

  static override flags = {
    'leading-together-completed-on': isoDateFlag({
      description: 'Date the school completed Leading Together.',
      exclusive: ['clear-leading-together'],
    }),
    'clear-leading-together': Flags.boolean({description: 'Remove a Leading Together completion recorded in error.'}),
  }

  async run(): Promise<SchoolChange> {
    const completedOn = this.flags['clear-leading-together'] ? null : this.flags['leading-together-completed-on']
    if (completedOn === undefined) {
      throw usage('Nothing to change.', {
        suggestion: 'Pass --leading-together-completed-on DATE or --clear-leading-together.',
      })
    }
    const change = await this.withContext((context) =>
      setLeadingTogetherCompletion(context, {school: this.args.school, completedOn}),
    )
    const {school} = change
    this.say(
      `${paint.ok('✓')} ${school.name} (${school.urn}): ${completedOn === null ? 'no Leading Together completion recorded' : `completed Leading Together on ${completedOn}`}.`,
    )
    return change
  }
}
