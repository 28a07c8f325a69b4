import {Args} from '@oclif/core'

import {BaseCommand, currentActor} from '../../cli/base-command.js'
import {paint} from '../../cli/style.js'
import {restoreFromBackup, type RestoreResult} from '../../services/registry-maintenance.js'

export default class DbRestore extends BaseCommand<typeof DbRestore> {
  static override summary = 'Replace the registry with a backup, keeping the current one aside.'

  static override description = `The backup is copied and checked first (SQLite integrity, foreign keys, a broker registry
this version can read); nothing is replaced if it fails. The current registry is kept beside it
as <registry>.before-restore-<time>, so a restore can itself be undone with another restore.
Other broker commands may run meanwhile: they see the registry before or after, never between.
An older backup is upgraded to the current schema.

Into a PostgreSQL registry, the backup's rows replace the database's in one transaction (or fill
an empty database), verified as \`broker db copy\` does; what the database held is first backed
up into backups/registry-before-restore-<time>.db under the current folder.`

  static override examples = [
    '<%= config.bin %> db restore backups/registry-20260901T020000Z.db',
    '<%= config.bin %> db restore /secure/backups/hub-2026-09-01.db --db ./hub.db --json',
    '<%= config.bin %> db restore hub-laptop.db --db postgresql://broker@db.example.org/broker',
  ]

  static override args = {
    file: Args.string({description: 'Backup file made by `broker db backup`.', required: true}),
  }

  async run(): Promise<RestoreResult> {
    const result = await restoreFromBackup({
      path: this.registryPath(),
      file: this.args.file,
      busyTimeoutMs: this.busyTimeoutMs(),
      actor: currentActor(),
    })
    this.say(() =>
      [
        `${paint.ok('✓')} Restored ${result.registry} from ${result.restoredFrom} (schema version ${result.schemaVersion})`,
        result.previousKeptAt === null
          ? '  There was no registry before.'
          : `  The previous registry is kept at ${result.previousKeptAt}`,
        result.migrationsApplied.length > 0
          ? `  Upgraded the backup's schema (${result.migrationsApplied.join(', ')})`
          : '',
      ]
        .filter((line) => line !== '')
        .join('\n'),
    )
    return result
  }
}
