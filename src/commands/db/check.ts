import {BaseCommand} from '../../cli/base-command.js'
import {wideFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {renderFields, renderTable} from '../../cli/table.js'
import {checkFailure, checkRegistry, type RegistryCheck} from '../../services/registry-maintenance.js'

export default class DbCheck extends BaseCommand<typeof DbCheck> {
  static override summary = 'Check the registry: SQLite integrity, foreign keys, schema version and file permissions.'

  static override description = `Reads only; the registry is not upgraded or changed. Exits 0 when all is well, 3 when the
data is damaged (restore a backup), 1 for other problems (files readable by others, a registry
from a newer broker).`

  static override examples = ['<%= config.bin %> db check', '<%= config.bin %> db check --db ./hub.db --json']

  static override flags = {wide: wideFlag}

  async run(): Promise<RegistryCheck> {
    const report = checkRegistry(this.registryPath(), this.busyTimeoutMs())
    for (const warning of report.warnings) this.warn(warning)
    this.say(() => renderCheck(report))
    if (!report.ok) throw checkFailure(report)
    return report
  }
}

function renderCheck(report: RegistryCheck): string {
  const schema = report.schema
  return [
    renderFields([
      ['registry', report.path],
      [
        'integrity',
        report.integrity.join() === 'ok' ? paint.ok('ok') : paint.error(`${report.integrity.length} problems`),
      ],
      [
        'foreign keys',
        report.foreignKeyProblems.length === 0
          ? paint.ok('ok')
          : paint.error(`${report.foreignKeyProblems.length} broken references`),
      ],
      [
        'schema version',
        `${schema.version ?? 'unknown'} (this broker knows ${schema.latestKnown})${schema.pending.length > 0 ? `; ${schema.pending.length} upgrades apply when broker next opens it` : ''}`,
      ],
    ]),
    '',
    renderTable(report.files, [
      {header: 'File', value: (file) => file.path},
      {header: 'Role', value: (file) => file.role},
      {header: 'Mode', value: (file) => file.mode},
      {header: 'Private', value: (file) => (file.ok ? paint.ok('yes') : paint.error('no'))},
    ]),
    report.ok ? `\n${paint.ok('✓')} No problems found.` : '',
  ].join('\n')
}
