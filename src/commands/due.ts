import {Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {wideFlag} from '../cli/flags.js'
import {paint} from '../cli/style.js'
import {plural, renderTable} from '../cli/table.js'
import {BROKER_OWNER} from '../core/due-work.js'
import {type DueReport, listDueWork} from '../services/due.js'

export default class Due extends BaseCommand<typeof Due> {
  static override summary = 'What is overdue or due soon across deployments and legacy links, by owner.'

  static override description = `Visit records (5 working days after a planned visit, skipping weekends and England and Wales
bank holidays), mid-point and NLG progress reviews, proposals whose hold is ending, agreed start
and end dates, legacy check-ins and legacy end dates. The broker owns agreements, reviews and
dates; leaders own their visit records, progress reviews and check-ins.`

  static override examples = [
    '<%= config.bin %> due',
    '<%= config.bin %> due --within 30 --owner SH-0001',
    '<%= config.bin %> due --overdue --owner broker --json',
  ]

  static override flags = {
    wide: wideFlag,
    within: Flags.integer({description: 'Include work due within this many days.', default: 14, min: 0}),
    owner: Flags.string({description: '`broker`, or a leader (ref, email or name).'}),
    overdue: Flags.boolean({description: 'Only what is overdue.'}),
  }

  async run(): Promise<DueReport> {
    const {within, owner, overdue} = this.flags
    const report = await this.withContext((context) =>
      listDueWork(context, {withinDays: within, owner, overdueOnly: overdue}),
    )
    this.say(() => renderDue(report))
    return report
  }
}

function renderDue(report: DueReport): string {
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
