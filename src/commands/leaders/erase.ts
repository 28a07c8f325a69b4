import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {wideFlag} from '../../cli/flags.js'
import {canPrompt} from '../../cli/prompts.js'
import {paint} from '../../cli/style.js'
import {renderTable} from '../../cli/table.js'
import {BrokerError, usage} from '../../core/errors.js'
import {type ErasureReport, type ErasureTarget, eraseLeader, erasureTarget} from '../../services/personal-data.js'

export default class LeadersErase extends BaseCommand<typeof LeadersErase> {
  static override summary = "Erase a leader's personal data (UK GDPR right to erasure), keeping anonymised history."

  static override description = `Deletes the name, email, phone and notes, and the profile that describes the person
(phases, specialisms, capacity, unavailability, objections). Deployments and the days ledger are
kept for the record of public money spent, under a new reference (ERASED-<id>) that says nothing
about the person; match runs and audit entries are rewritten to that reference; rows about them in
reject files written by imports are removed. The freed bytes are overwritten and the write-ahead
log emptied, so the name and email are gone from the registry files. Free text elsewhere that
mentions them is listed for you to review. Backups made earlier are out of reach.

Refused while the leader has a proposed, agreed or active deployment or an open legacy link.
Asks for the reference to be typed back; --yes skips the question (needed without a terminal).`

  static override examples = [
    '<%= config.bin %> leaders erase NE-0001',
    '<%= config.bin %> leaders erase NE-0001 --yes --json',
  ]

  static override args = {
    leader: Args.string({
      description: 'Leader ref, designation reference or email (exactly; not a name).',
      required: true,
    }),
  }

  static override flags = {
    wide: wideFlag,
    yes: Flags.boolean({char: 'y', description: 'Erase without asking to confirm.'}),
  }

  async run(): Promise<ErasureReport> {
    const report = await this.withContext(async (context) => {
      const target = await erasureTarget(context, this.args.leader)
      if (!this.flags.yes) await this.confirm(target)
      return eraseLeader(context, target)
    })
    this.say(() => renderErasure(report))
    for (const notice of report.notices) this.warn(notice)
    if (!report.filesPurged)
      this.warn('Run `broker db check` once the other process has ended, to flush the erased bytes.')
    return report
  }

  private async confirm(target: ErasureTarget): Promise<void> {
    if (!canPrompt(this.jsonEnabled())) {
      throw usage('Erasing needs confirmation: pass --yes.', {
        suggestion: `Run \`broker leaders erase ${target.ref} --yes\`, or run it in a terminal to confirm.`,
      })
    }
    const {input} = await import('@inquirer/prompts')
    const who = `${target.name ?? '(no name)'} (${target.ref}${target.designations.length > 0 ? `; ${target.designations.join(', ')}` : ''})`
    const typed = await input({
      message: `Erase the personal data of ${who}? This cannot be undone. Type ${target.ref} to confirm:`,
    })
    if (typed.trim() !== target.ref) {
      throw new BrokerError('refused', `You typed "${typed.trim()}", not ${target.ref}; nothing was erased.`)
    }
  }
}

function renderErasure(report: ErasureReport): string {
  const lines = [`${paint.ok('✓')} Erased leader ${report.leaderId}; their history is kept as ${report.ref}.`]
  const deleted = Object.entries(report.deleted).map(([table, count]) => `${count} ${table.replace(/_/g, ' ')}`)
  if (deleted.length > 0) lines.push(`  Deleted: ${deleted.join(', ')}.`)
  const scrubbed = Object.entries(report.scrubbed).map(([column, count]) => `${count} in ${column}`)
  if (scrubbed.length > 0) lines.push(`  Rewritten to ${report.ref}: ${scrubbed.join(', ')}.`)
  for (const file of report.rejectFiles) {
    const what = {
      scrubbed: `removed ${file.rowsRemoved} rows`,
      clean: 'nothing about them',
      missing: 'no longer there',
      unreadable: 'could not be read: check it by hand',
    }[file.status]
    lines.push(`  Reject file ${file.path}: ${what}.`)
  }
  if (report.review.length > 0) {
    lines.push('', paint.heading('Text that mentions them (review and edit by hand)'))
    lines.push(
      renderTable(report.review, [
        {header: 'Table', value: (mention) => mention.table},
        {header: 'Column', value: (mention) => mention.column},
        {
          header: 'Row',
          value: (mention) =>
            Object.entries(mention.key)
              .map(([key, value]) => `${key} ${String(value)}`)
              .join(', '),
        },
        {header: 'Mentions', value: (mention) => mention.matched.join(', ')},
      ]),
    )
  }
  return lines.join('\n')
}
