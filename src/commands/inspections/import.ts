import {ImportCommand, importArgs, importFlags} from '../../cli/import-command.js'
import {importInspections, type InspectionImportReport} from '../../services/import-inspections.js'

export default class InspectionsImport extends ImportCommand<typeof InspectionsImport> {
  static override summary =
    'Import Ofsted inspection outcomes (management information CSV or XLSX) into the inspection history.'

  static override description = `One row per inspection, keyed by URN and inspection date. Each row keeps its framework and is read on that framework's own scale, never mapped onto the other: legacy 1-4 grades with leadership and management (no overall grade from September 2024), or the 2025 report cards (Exceptional .. Urgent improvement per area, safeguarding met or not met). A Framework column says which; without one it is told from the columns filled in, then from the date. Rows for schools not in the registry are skipped and counted.`

  static override examples = [
    '<%= config.bin %> inspections import management_information_state_funded_schools.csv --dry-run',
    '<%= config.bin %> inspections import inspections.csv',
  ]

  static override args = importArgs

  static override flags = {...importFlags}

  async run(): Promise<InspectionImportReport> {
    return this.importFile(importInspections, (report) => [
      `legacy 1-4: ${report.details.byFramework['legacy-1-4']} (of which ${report.details.withoutOverallGrade} without an overall grade), report cards 2025: ${report.details.byFramework['report-card-2025']}`,
    ])
  }
}
