import {BaseCommand} from '../../cli/base-command.js'
import {wideFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {renderFields, renderTable} from '../../cli/table.js'
import {registryStatus, type RegistryStatus} from '../../services/registry-admin.js'

export default class DbStatus extends BaseCommand<typeof DbStatus> {
  static override summary = 'Show where the registry is, its engine, schema version and how much it holds.'

  static override examples = [
    '<%= config.bin %> db status',
    '<%= config.bin %> db status --db ./hub.db --json',
    '<%= config.bin %> db status --db postgresql://broker@db.example.org/broker',
  ]

  static override flags = {wide: wideFlag}

  async run(): Promise<RegistryStatus> {
    const status = await this.withContext((context) => registryStatus(context))
    for (const warning of status.warnings) this.warn(warning)
    this.say(() => {
      const parts = [
        renderFields([
          ['registry', status.path],
          ['engine', status.engine === 'postgres' ? `PostgreSQL ${status.serverVersion}` : 'SQLite'],
          ['size', `${(status.sizeBytes / 1024).toFixed(0)} KiB`],
          ['schema version', `${status.schemaVersion} (this broker knows ${status.latestKnownVersion})`],
          ['hub', status.hub],
          ...Object.entries(status.counts).map(([table, count]): [string, number] => [table.replace(/_/g, ' '), count]),
        ]),
      ]
      if (status.recentImports.length > 0) {
        parts.push(
          '',
          paint.heading('Latest imports'),
          renderTable(status.recentImports, [
            {header: 'Run', value: (run) => run.id, align: 'right'},
            {header: 'Kind', value: (run) => run.kind},
            {header: 'File', value: (run) => run.fileName},
            {header: 'When', value: (run) => run.startedAt.slice(0, 16).replace('T', ' ')},
            {header: 'New', value: (run) => run.counts.insert, align: 'right'},
            {header: 'Updated', value: (run) => run.counts.update, align: 'right'},
            {header: 'Unchanged', value: (run) => run.counts.unchanged, align: 'right'},
            {header: 'Rejected', value: (run) => run.counts.rejected, align: 'right'},
            {
              header: 'Seconds',
              value: (run) => (run.durationMs === null ? null : (run.durationMs / 1000).toFixed(2)),
              align: 'right',
            },
            {header: 'SHA-256', value: (run) => run.fileHash.slice(0, 12)},
          ]),
        )
      }
      return parts.join('\n')
    })
    return status
  }
}
