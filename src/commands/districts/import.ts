import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {paint} from '../../cli/style.js'
import {plural} from '../../cli/table.js'
import {type DistrictImportResult, importDistricts} from '../../services/eligibility-data.js'

export default class DistrictsImport extends BaseCommand<typeof DistrictsImport> {
  static override summary = 'Load the AEA category of local authority districts from a CSV.'

  static override description = `The file lists districts by GSS code (as schools carry them in GIAS "District (code)") with their Achieving Excellence Areas category, 1 to 6: columns "District code", "District name", "AEA category" and optionally "LA code". Districts already held are updated; nothing is loaded if any row is bad. Eligibility for Leading Together and priority areas reads these categories.`

  static override examples = [
    '<%= config.bin %> districts import aea-categories.csv',
    '<%= config.bin %> districts import aea-categories.csv --dry-run --json',
  ]

  static override args = {
    file: Args.string({description: 'CSV of district code, name and AEA category.', required: true}),
  }

  static override flags = {
    'dry-run': Flags.boolean({description: 'Check the file and show what would change, without changing anything.'}),
  }

  async run(): Promise<DistrictImportResult> {
    const result = await this.withContext((context) =>
      importDistricts(context, {path: this.args.file, dryRun: this.flags['dry-run']}),
    )
    const mapped = Object.entries(result.columns)
      .filter(([, column]) => column !== null)
      .map(([field, column]) => `${column} → ${field}`)
      .join(', ')
    this.say(
      [
        `${result.dryRun ? paint.warning('Dry run:') : paint.ok('✓')} ${plural(result.districts, 'district')} in ${result.fileName}: ${result.added} new, ${result.changed} changed, ${result.unchanged} unchanged.`,
        paint.dim(
          `Columns: ${mapped}. ${plural(result.schoolsCovered, 'school')} in the registry lie in these districts.`,
        ),
      ].join('\n'),
    )
    return result
  }
}
