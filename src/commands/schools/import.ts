import {Flags} from '@oclif/core'

import {ImportCommand, importArgs, importFlags, leaderMoveLines, planned} from '../../cli/import-command.js'
import {plural} from '../../cli/table.js'
import {importSchools, type SchoolImportReport} from '../../services/import-schools.js'

export default class SchoolsImport extends ImportCommand<typeof SchoolsImport> {
  static override summary = 'Import schools from a GIAS extract or another school list (CSV or XLSX).'

  static override description = `Reads the "Get Information About Schools" download as it comes (Windows-1252 CSV) and other layouts, mapping headers by name, synonym and fuzzy match, and says which column became which. Location comes from Easting/Northing (converted to latitude/longitude), else from latitude and longitude columns. State-funded establishments are kept; the rest are skipped and counted unless --include-independent. Schools are matched on URN: re-importing the same file changes nothing. One bad row rejects the whole file (exit 3) unless --skip-invalid.`

  static override examples = [
    '<%= config.bin %> schools import edubasealldata20260901.csv --dry-run',
    '<%= config.bin %> schools import edubasealldata20260901.csv',
    '<%= config.bin %> schools import north-east.csv --full',
    '<%= config.bin %> schools import schools.xlsx --sheet Schools --skip-invalid --rejects fix-me.csv',
  ]

  static override args = importArgs

  static override flags = {
    ...importFlags,
    'include-independent': Flags.boolean({
      description: 'Keep independent and other non-state-funded establishments too.',
    }),
    full: Flags.boolean({
      description:
        'The file lists every school in its local authorities: schools it leaves out are marked closed (never deleted).',
    }),
  }

  async run(): Promise<SchoolImportReport> {
    return this.importFile(
      (context, options) =>
        importSchools(context, {
          ...options,
          includeIndependent: this.flags['include-independent'],
          full: this.flags.full,
        }),
      (report) => {
        const details = report.details
        const lines = [
          `${plural(details.withoutLocation, 'school')} without a location (no easting/northing or latitude/longitude)`,
        ]
        if (details.inspectionsAdded > 0)
          lines.push(`${details.inspectionsAdded} latest inspection grades from the extract added to the history`)
        if (details.linksAdded > 0)
          lines.push(planned(`${plural(details.linksAdded, 'predecessor/successor link')} added`, report.dryRun))
        if (details.fullScope !== undefined && this.flags.full) {
          lines.push(
            `--full: ${details.closedMissing} schools missing from the file ${report.dryRun ? 'would be' : 'were'} marked closed (scope: ${details.fullScope === null ? 'the whole registry' : `LA ${details.fullScope.join(', ')}`})`,
          )
        }
        lines.push(...leaderMoveLines(details, report.dryRun))
        return lines
      },
    )
  }
}
