import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {renderCopyChecks} from '../../cli/copy-report.js'
import {paint} from '../../cli/style.js'
import {copyRegistryTo, type CopyResult} from '../../services/registry-copy.js'

export default class DbCopy extends BaseCommand<typeof DbCopy> {
  static override summary = 'Copy the whole registry into another SQLite file or PostgreSQL database, and verify it.'

  static override description = `Moves a registry between engines: from an SQLite file to a PostgreSQL server or back, or to a
new file. Every table is copied in one transaction on the target (nothing half-copied if it
fails); a new file or an empty database gets the schema first. The copy is then read back and
compared with the registry, table by table (rows and a SHA-256 checksum), before it commits.
A target of another schema version is refused; one that already holds a registry is refused
unless --force, which replaces what it holds. The registry itself is only read.`

  static override examples = [
    '<%= config.bin %> db copy --db hub.db --to postgresql://broker@db.example.org/broker',
    '<%= config.bin %> db copy --db postgresql://broker@db.example.org/broker --to laptop.db',
    '<%= config.bin %> db copy --to postgresql://broker@localhost/broker --force --json',
  ]

  static override flags = {
    to: Flags.string({
      description: 'Where to copy to: an SQLite file path or a postgres:// URL (password in ~/.pgpass, not here).',
      required: true,
    }),
    force: Flags.boolean({description: 'Replace what the target already holds.'}),
  }

  async run(): Promise<CopyResult> {
    const result = await this.withContext((context) =>
      copyRegistryTo(context, {to: this.flags.to, force: this.flags.force}),
    )
    const rows = result.tables.reduce((sum, table) => sum + table.sourceRows, 0)
    this.say(() =>
      [
        `${paint.ok('✓')} Copied ${result.from} to ${result.to}: ${rows} rows in ${result.tables.length} tables, schema version ${result.schemaVersion}, verified`,
        result.replacedRows > 0 ? `  Replaced the ${result.replacedRows} rows it held.` : '',
        '',
        renderCopyChecks(result.tables),
      ]
        .filter((line, index) => line !== '' || index === 2)
        .join('\n'),
    )
    return result
  }
}
