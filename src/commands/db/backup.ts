import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {renderCopyChecks} from '../../cli/copy-report.js'
import {paint} from '../../cli/style.js'
import {backupRegistry, type BackupResult} from '../../services/registry-maintenance.js'

export default class DbBackup extends BaseCommand<typeof DbBackup> {
  static override summary = 'Copy the registry to a backup file, safely while others use it.'

  static override description = `Uses SQLite's online backup: the copy is one consistent moment of the registry even while
other broker commands write to it. The file is private (0600), integrity-checked, and appears
only once complete. Backups hold personal data: keep them as carefully as the registry.

A PostgreSQL registry is backed up into an SQLite file that any laptop can open with --db FILE
(the default file goes in backups/ under the current folder): one consistent snapshot copied
table by table, verified by row counts and checksums as \`broker db copy\` does.`

  static override examples = [
    '<%= config.bin %> db backup',
    '<%= config.bin %> db backup --out /secure/backups/hub-2026-09-01.db',
    '<%= config.bin %> db backup --out nightly.db --force --json',
    '<%= config.bin %> db backup --db postgresql://broker@db.example.org/broker --out hub-laptop.db',
  ]

  static override flags = {
    out: Flags.string({
      char: 'o',
      description: 'Backup file to write. Default: backups/registry-<time>.db beside the registry.',
    }),
    force: Flags.boolean({description: 'Replace the --out file if it exists.'}),
  }

  async run(): Promise<BackupResult> {
    const result = await this.withContext((context) =>
      backupRegistry(context, {out: this.flags.out, force: this.flags.force}),
    )
    this.say(() =>
      [
        `${paint.ok('✓')} Backed up ${result.registry} to ${result.path} (${(result.sizeBytes / 1024).toFixed(0)} KiB, schema version ${result.schemaVersion})`,
        ...(result.tables ? ['', renderCopyChecks(result.tables)] : []),
      ].join('\n'),
    )
    return result
  }
}
