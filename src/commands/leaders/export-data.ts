import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {paint} from '../../cli/style.js'
import {checkOutput, writeOutput} from '../../services/output.js'
import {exportPersonalData, type PersonalDataExport} from '../../services/personal-data.js'

export default class LeadersExportData extends BaseCommand<typeof LeadersExportData> {
  static override summary = 'Export everything the registry holds about one leader, as JSON (a subject access request).'

  static override description = `The document holds the leader's personal details, every row linked to them (designations,
specialisms, capacity, deployments and their objectives, reviews and ledger entries, legacy
links), the audit log's entries about them, the match runs that considered them, text anywhere
else that mentions them, and their rows in reject files written by imports. --redact replaces the
name, email, phone and notes (and mentions of them) with "[redacted]". With --out the file is
written private (0600) and complete or not at all; an existing file is replaced only with --force.`

  static override examples = [
    '<%= config.bin %> leaders export-data NE-0001 --out jo-bloggs-sar.json',
    '<%= config.bin %> leaders export-data j.bloggs@school.sch.uk --redact',
    '<%= config.bin %> leaders export-data NE-0001 --out jo-bloggs-sar.json --force',
  ]

  static override args = {
    leader: Args.string({description: 'Leader ref, designation reference, email or name.', required: true}),
  }

  static override flags = {
    out: Flags.string({char: 'o', description: 'Write the JSON to this file instead of the terminal.'}),
    force: Flags.boolean({description: 'Replace the --out file if it exists.'}),
    redact: Flags.boolean({description: 'Replace personal fields (name, email, phone, notes) with "[redacted]".'}),
  }

  async run(): Promise<PersonalDataExport> {
    const {out: target, force} = this.flags
    if (target) checkOutput(target, {force})
    const document = await this.withContext((context) =>
      exportPersonalData(context, {leader: this.args.leader, redact: this.flags.redact}),
    )
    if (target) {
      const {path: out} = writeOutput(target, `${JSON.stringify(document, null, 2)}\n`, {force})
      const rows = Object.values(document.records).reduce((sum, records) => sum + records.length, 0)
      this.say(
        `${paint.ok('✓')} Wrote what the registry holds about ${String(document.leader.ref)} to ${out} (${rows} linked rows, ${document.audit.length} audit entries, ${document.mentions.length} mentions elsewhere${document.redacted ? ', redacted' : ''})`,
      )
    } else {
      this.say(JSON.stringify(document, null, 2))
    }
    return document
  }
}
