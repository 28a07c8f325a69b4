import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {doneLine} from '../../cli/deployments.js'
import {dueAction} from '../../cli/due-actions.js'
import {plural} from '../../cli/table.js'
import {type CalendarExport, exportDeploymentCalendar} from '../../services/calendar.js'
import {checkOutput, writeOutput} from '../../services/output.js'

export interface CalendarResult extends Omit<CalendarExport, 'ics'> {
  path: string
  bytes: number
}

export default class DeploymentsCalendar extends BaseCommand<typeof DeploymentsCalendar> {
  static override summary =
    'Write an iCalendar (.ics) file of planned visits, reviews, legacy check-ins and proposal holds for Outlook or Google.'

  static override description = `All-day events on their dates, with the school's address as the location. Each event keeps
its UID on every export and its SEQUENCE rises when it changes, so importing the file again
updates a calendar; events of cancelled deployments are marked cancelled.`

  static override examples = [
    '<%= config.bin %> deployments calendar --out support.ics',
    '<%= config.bin %> deployments calendar --leader SH-0001 --out sh-0001.ics',
    '<%= config.bin %> deployments calendar --school 910083 --out carr-hill.ics --force',
  ]

  static override flags = {
    leader: Flags.string({description: 'Only this leader (ref, email or name).'}),
    school: Flags.string({description: 'Only this school: URN or (part of) its name.'}),
    out: Flags.string({char: 'o', description: 'The .ics file to write.', required: true}),
    force: Flags.boolean({description: 'Replace the --out file if it exists.'}),
  }

  async run(): Promise<CalendarResult> {
    const {leader, school, out, force} = this.flags
    checkOutput(out, {force})
    const {ics, ...counts} = await this.withContext((context) =>
      exportDeploymentCalendar(context, {leader, school}, dueAction),
    )
    const written = writeOutput(out, ics, {force})
    this.say(
      doneLine(
        `Wrote ${plural(counts.events, 'event')} to ${written.path} (${counts.added} new, ${counts.changed} changed, ${counts.cancelled} cancelled).`,
      ),
    )
    return {...counts, path: written.path, bytes: written.bytes}
  }
}
