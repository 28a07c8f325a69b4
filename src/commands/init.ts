import {Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {paint} from '../cli/style.js'
import {initRegistry, type InitResult} from '../services/registry-admin.js'

export default class Init extends BaseCommand<typeof Init> {
  static override summary = 'Create the registry, or bring an existing one up to the current schema.'

  static override description = `Safe to run again: an up-to-date registry is left as it is. The registry is one SQLite file,
by default registry.db in the broker data folder; --db or BROKER_DB point at another. For a team,
--db takes a PostgreSQL URL (postgresql://USER@HOST/DATABASE): init creates the schema in that
existing database (create it first with createdb).`

  static override examples = [
    '<%= config.bin %> init',
    '<%= config.bin %> init --hub "North East Teaching School Hub"',
    '<%= config.bin %> init --db ./hub.db',
    '<%= config.bin %> init --db postgresql://broker@db.example.org/broker',
  ]

  static override flags = {
    hub: Flags.string({description: 'Name of your hub: the default designating body for leaders you add or import.'}),
  }

  async run(): Promise<InitResult> {
    const result = await this.withContext(
      async (context) => initRegistry(context, context.registry.created, this.flags.hub),
      {create: true},
    )
    for (const warning of result.warnings) this.warn(warning)
    this.say(() => {
      const what = result.created
        ? 'Created a new registry'
        : result.migrationsApplied.length > 0
          ? `Upgraded the registry (${result.migrationsApplied.join(', ')})`
          : 'The registry is up to date'
      const engine = result.engine === 'postgres' ? ` on PostgreSQL ${result.serverVersion}` : ''
      return `${paint.ok('✓')} ${what} at ${result.path}${engine}\n  schema version ${result.schemaVersion}, hub "${result.hub}"`
    })
    return result
  }
}
