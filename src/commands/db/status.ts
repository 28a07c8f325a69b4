import {BaseCommand} from '../../cli/base-command.js'
import {renderFields} from '../../cli/table.js'
import {registryStatus, type RegistryStatus} from '../../services/registry-admin.js'

export default class DbStatus extends BaseCommand<typeof DbStatus> {
  static override summary = 'Show where the registry is, its schema version and how much it holds.'

  static override examples = ['<%= config.bin %> db status', '<%= config.bin %> db status --db ./hub.db --json']

  async run(): Promise<RegistryStatus> {
    const status = await this.withContext((context) => registryStatus(context))
    this.say(() =>
      renderFields([
        ['registry', status.path],
        ['size', `${(status.sizeBytes / 1024).toFixed(0)} KiB`],
        ['schema version', `${status.schemaVersion} (this broker knows ${status.latestKnownVersion})`],
        ['hub', status.hub],
        ...Object.entries(status.counts).map(([table, count]): [string, number] => [table.replace(/_/g, ' '), count]),
      ]),
    )
    return status
  }
}
