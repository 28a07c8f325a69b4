import {readInspectionRow, type InspectionRow} from '../core/inspection-rows.js'
import type {InspectionFramework} from '../core/model.js'
import type {InspectionRecord} from '../db/repos/inspections.js'
import type {FieldSpec} from '../importers/headers.js'
import type {ServiceContext} from './context.js'
import {type ImportOptions, type ImportReport, type Plan, prepareFile, runImport, validateRows} from './import.js'

export const INSPECTION_FIELDS: FieldSpec[] = [
  {field: 'urn', label: 'URN', required: true, synonyms: ['URN', 'School URN', 'Unique reference number']},
  {
    field: 'inspectedOn',
    label: 'Inspection date',
    required: true,
    synonyms: [
      'Inspection date',
      'Inspection start date',
      'Date of inspection',
      'Inspected on',
      'Start date of inspection',
    ],
  },
  {
    field: 'publishedOn',
    label: 'Publication date',
    synonyms: ['Publication date', 'Published', 'Date published', 'Report published'],
  },
  {field: 'framework', label: 'Framework', synonyms: ['Framework', 'Inspection framework']},
  {
    field: 'overall',
    label: 'Overall effectiveness',
    synonyms: ['Overall effectiveness', 'Overall grade', 'Overall judgement', 'Overall'],
  },
  {field: 'qualityOfEducation', label: 'Quality of education', synonyms: ['Quality of education']},
  {field: 'behaviourAndAttitudes', label: 'Behaviour and attitudes', synonyms: ['Behaviour and attitudes']},
  {field: 'personalDevelopment', label: 'Personal development', synonyms: ['Personal development']},
  {
    field: 'leadershipAndManagement',
    label: 'Leadership and management',
    synonyms: ['Leadership and management', 'Effectiveness of leadership and management'],
  },
  {
    field: 'earlyYears',
    label: 'Early years',
    synonyms: ['Early years provision (where applicable)', 'Early years provision', 'Early years'],
  },
  {
    field: 'sixthForm',
    label: 'Sixth form',
    synonyms: ['Sixth form provision (where applicable)', 'Sixth form provision', 'Sixth form'],
  },
  {field: 'inclusion', label: 'Inclusion', synonyms: ['Inclusion']},
  {field: 'curriculumAndTeaching', label: 'Curriculum and teaching', synonyms: ['Curriculum and teaching']},
  {field: 'achievement', label: 'Achievement', synonyms: ['Achievement']},
  {field: 'attendanceAndBehaviour', label: 'Attendance and behaviour', synonyms: ['Attendance and behaviour']},
  {
    field: 'personalDevelopmentAndWellBeing',
    label: 'Personal development and well-being',
    synonyms: ['Personal development and well-being', 'Personal development and wellbeing'],
  },
  {field: 'leadershipAndGovernance', label: 'Leadership and governance', synonyms: ['Leadership and governance']},
  {field: 'post16', label: 'Post-16 provision', synonyms: ['Post-16 provision', 'Post 16 provision', 'Post-16']},
  {
    field: 'safeguarding',
    label: 'Safeguarding',
    synonyms: [
      'Safeguarding',
      'Safeguarding is effective?',
      'Is safeguarding effective?',
      'Safeguarding effective',
      'Safeguarding standards',
    ],
  },
]

export interface InspectionImportDetails {
  byFramework: Record<InspectionFramework, number>
  /** Legacy inspections without an overall grade (from September 2024). */
  withoutOverallGrade: number
}

export type InspectionImportReport = ImportReport<InspectionImportDetails>

export async function importInspections(
  context: ServiceContext,
  options: ImportOptions,
): Promise<InspectionImportReport> {
  const prepared = await prepareFile(context, 'inspections', INSPECTION_FIELDS, options)
  const validated = validateRows(
    prepared,
    (cells) => readInspectionRow(cells, {date1904: prepared.table.date1904}),
    (row) => `URN ${row.urn} inspected on ${row.inspectedOn}`,
    options.onProgress,
  )
  const source = `import ${prepared.table.fileName}`
  return runImport(
    context,
    prepared,
    validated,
    options,
    async (repos, rows): Promise<Plan<InspectionImportDetails>> => {
      const schools = await repos.schools.getMany(rows.map(({row}) => row.urn))
      const known = rows.filter(({row}) => schools.has(row.urn))
      const stored = await repos.inspections.forSchools(known.map(({row}) => row.urn))
      const toInsert: InspectionRecord[] = []
      const toUpdate: {id: number; record: InspectionRecord}[] = []
      let unchanged = 0
      for (const {row} of known) {
        const record = toRecord(row, source)
        const existing = stored.get(`${row.urn}|${row.inspectedOn}`)
        if (existing === undefined) toInsert.push(record)
        else if (sameOutcome(existing, record)) unchanged += 1
        else toUpdate.push({id: existing.id, record})
      }
      const byFramework: Record<InspectionFramework, number> = {'legacy-1-4': 0, 'report-card-2025': 0}
      for (const {row} of known) byFramework[row.framework] += 1
      const details: InspectionImportDetails = {
        byFramework,
        withoutOverallGrade: known.filter(({row}) => row.framework === 'legacy-1-4' && row.overallGrade === null)
          .length,
      }
      const skipped = rows.length - known.length
      return {
        insert: toInsert.length,
        update: toUpdate.length,
        unchanged,
        rejected: [],
        skipped: new Map(skipped > 0 ? [['school not in the registry (import its GIAS extract first)', skipped]] : []),
        details,
        async apply(importRunId) {
          for (const [index, record] of toInsert.entries()) {
            if (index % 1000 === 0) options.onProgress?.('writing', index, toInsert.length)
            await repos.inspections.insert(record, importRunId)
          }
          for (const {id, record} of toUpdate) await repos.inspections.update(id, record, importRunId)
          return details
        },
      }
    },
  )
}

function toRecord(row: InspectionRow, source: string): InspectionRecord {
  return {
    urn: row.urn,
    inspectedOn: row.inspectedOn,
    framework: row.framework,
    overallGrade: row.overallGrade,
    publishedOn: row.publishedOn,
    judgements: row.judgements,
    source,
  }
}

/** The same outcome on record (where the record came from does not count as a change). */
function sameOutcome(a: InspectionRecord, b: InspectionRecord): boolean {
  const judgements = (record: InspectionRecord) =>
    JSON.stringify(Object.entries(record.judgements).sort(([x], [y]) => x.localeCompare(y)))
  return (
    a.framework === b.framework &&
    a.overallGrade === b.overallGrade &&
    a.publishedOn === b.publishedOn &&
    judgements(a) === judgements(b)
  )
}
