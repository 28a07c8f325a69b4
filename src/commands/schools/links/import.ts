import {ImportCommand, importArgs, importFlags, leaderMoveLines} from '../../../cli/import-command.js'
import {plural} from '../../../cli/table.js'
import {importSchoolLinks, type SchoolLinkImportReport} from '../../../services/import-school-links.js'

export default class SchoolsLinksImport extends ImportCommand<typeof SchoolsLinksImport> {
  static override summary = 'Import the GIAS links file: which schools succeeded which (CSV or XLSX).'

  static override description = `Reads the "links" download from Get Information About Schools (links_edubasealldata*.csv: URN, LinkURN, LinkName, LinkType, LinkEstablishedDate), one row per link of one school. Predecessor and successor links ("Predecessor - amalgamated", "Successor - Split School" ...) are kept with the date they were established; other link types are skipped and counted by type. Rows for schools not in the registry are skipped and counted; a link may name a school the registry does not hold. A leader whose home school closed with exactly one successor moves to it, and the report says so. Re-importing the same file changes nothing.`

  static override examples = [
    '<%= config.bin %> schools links import links_edubasealldata20260901.csv --dry-run',
    '<%= config.bin %> schools links import links_edubasealldata20260901.csv',
  ]

  static override args = importArgs

  static override flags = {...importFlags}

  async run(): Promise<SchoolLinkImportReport> {
    return this.importFile(importSchoolLinks, (report) => {
      const lines: string[] = []
      const unknown = report.details.linkedSchoolsNotInRegistry
      if (unknown > 0)
        lines.push(`${plural(unknown, 'link')} ${unknown === 1 ? 'names' : 'name'} a school not in the registry (kept)`)
      lines.push(...leaderMoveLines(report.details, report.dryRun))
      return lines
    })
  }
}
