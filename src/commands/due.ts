import {Flags} from '@oclif/core'

import {doneLine} from '../cli/deployments.js'
import {dueAction, type DueListing, withActions} from '../cli/due-actions.js'
import {wideFlag} from '../cli/flags.js'
import {ListCommand, listOutputFlags, type WithOutput} from '../cli/list-command.js'
import {paint} from '../cli/style.js'
import {plural, renderTable} from '../cli/table.js'
import {BROKER_OWNER} from '../core/due-work.js'
import {usage} from '../core/errors.js'
import {date, decimal, table, text} from '../core/reports/document.js'
import {exportDueCalendar} from '../services/calendar.js'
import {listDueWork} from '../services/due.js'
import {checkOutput, writeOutput} from '../services/output.js'

export interface DueResult extends DueListing, WithOutput {
  /** The .ics written with --ics. */
  calendar?: {path: string; bytes: number; events: number; changed: number; added: number; cancelled: number}
}

export default class Due extends ListCommand<typeof Due> {
  static override summary = 'What is overdue or due soon across deployments and legacy links, by owner.'

  static override description = `Visit records (5 working days after a planned visit, skipping weekends and England and Wales
bank holidays), mid-point and NLG progress reviews, proposals whose hold is ending, agreed start
and end dates, legacy check-ins and legacy end dates. The broker owns agreements, reviews and
dates; leaders own their visit records, progress reviews and check-ins.`

  static override examples = [
    '<%= config.bin %> due',
    '<%= config.bin %> due --within 30 --owner SH-0001',
    '<%= config.bin %> due --overdue --owner broker --json',
    '<%= config.bin %> due --within 60 --out due.xlsx',
    '<%= config.bin %> due --within 90 --ics --out due.ics',
  ]

  static override flags = {
    wide: wideFlag,
    within: Flags.integer({description: 'Include work due within this many days.', default: 14, min: 0}),
    owner: Flags.string({description: '`broker`, or a leader (ref, email or name).'}),
    overdue: Flags.boolean({description: 'Only what is overdue.'}),
    ...listOutputFlags,
    ics: Flags.boolean({description: 'Write the items as an iCalendar (.ics) file to --out, for Outlook or Google.'}),
  }

  async run(): Promise<DueResult> {
    const {within, owner, overdue} = this.flags
    if (this.flags.ics) {
      const {out, force} = this.flags
      if (!out) throw usage('A calendar needs a file to go to.', {suggestion: 'Add --out due.ics.'})
      checkOutput(out, {force})
      const {ics, report, ...counts} = await this.withContext((context) =>
        exportDueCalendar(context, {withinDays: within, owner, overdueOnly: overdue}, dueAction),
      )
      const written = writeOutput(out, ics, {force})
      this.say(doneLine(`Wrote ${plural(counts.events, 'event')} to ${written.path} (${counts.changed} changed).`))
      return {...withActions(report), calendar: {...counts, path: written.path, bytes: written.bytes}}
    }
    const spreadsheet = this.spreadsheetTarget()
    const report = withActions(
      await this.withContext((context) => listDueWork(context, {withinDays: within, owner, overdueOnly: overdue})),
    )
    if (spreadsheet)
      return {...report, output: await this.writeSpreadsheet(spreadsheet, [dueSheet(report)], 'Due work')}
    this.say(() => renderDue(report))
    return report
  }
}

function renderDue(report: DueListing): string {
  if (report.items.length === 0)
    return paint.dim(`Nothing overdue or due by ${report.today} + ${report.withinDays} days.`)
  const parts: string[] = []
  for (const owner of report.owners) {
    const who = owner.owner === BROKER_OWNER ? 'Broker' : `${owner.owner}${owner.name ? ` ${owner.name}` : ''}`
    const counts = [
      owner.overdue > 0 ? paint.error(`${owner.overdue} overdue`) : null,
      owner.dueSoon > 0 ? `${owner.dueSoon} due soon` : null,
    ]
      .filter(Boolean)
      .join(', ')
    parts.push(paint.heading(`${who} — ${counts}`))
    parts.push(
      renderTable(
        report.items.filter((item) => item.owner === owner.owner),
        [
          {header: 'Due', value: (i) => (i.state === 'overdue' ? paint.error(`${i.dueOn} overdue`) : i.dueOn)},
          {
            header: 'For',
            value: (i) => (i.deploymentId !== null ? `deployment ${i.deploymentId}` : `legacy ${i.legacyLinkId}`),
          },
          {header: 'School', value: (i) => i.subject},
          {header: 'What', value: (i) => i.what},
          {header: 'Next step', value: (i) => i.action},
        ],
      ),
      '',
    )
  }
  parts.push(
    paint.dim(`${plural(report.items.length, 'item')} as of ${report.today}, looking ${report.withinDays} days ahead.`),
  )
  return parts.join('\n')
}

function dueSheet(report: DueListing) {
  const names = new Map(report.owners.map((owner) => [owner.owner, owner.name]))
  return table(
    'due',
    'Due work',
    [
      {header: 'Due'},
      {header: 'State'},
      {header: 'Owner'},
      {header: 'Owner name'},
      {header: 'Deployment'},
      {header: 'Legacy link'},
      {header: 'School'},
      {header: 'What'},
      {header: 'Next step'},
    ],
    report.items.map((item) => [
      date(item.dueOn),
      text(item.state),
      text(item.owner),
      text(names.get(item.owner)),
      decimal(item.deploymentId),
      decimal(item.legacyLinkId),
      text(item.subject),
      text(item.what),
      text(item.action),
    ]),
  )
}
