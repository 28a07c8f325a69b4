// Longer than 400 lines: the GIAS import: rows against the registry (trusts, links, leaders whose home
// school closed), the plan and its write, read top to bottom in one file.
import {linkKey, type SchoolLink} from '../core/school-links.js'
import {readSchoolRow, type SchoolFacts, type SchoolRow} from '../core/school-rows.js'
import {nowInstant, toBit} from '../db/codec.js'
import type {Repos} from '../db/repos/index.js'
import type {NewSchoolRow, SchoolRow as StoredSchool} from '../db/schema.js'
import type {FieldSpec} from '../importers/headers.js'
import type {ServiceContext} from './context.js'
import {
  describeMoves,
  type LeaderMoves,
  leaderMovesAfter,
  moveLeaders,
  SCHOOL_LINK_FIELDS,
} from './import-school-links.js'
import {
  type AcceptedRow,
  type ImportOptions,
  type ImportReport,
  type Plan,
  prepareFile,
  runImport,
  validateRows,
} from './import.js'

/** Columns of a school list: GIAS extract names first, then other layouts' names. */
export const SCHOOL_FIELDS: FieldSpec[] = [
  {
    field: 'urn',
    label: 'URN',
    required: true,
    synonyms: ['URN', 'Unique reference number', 'School URN', 'Establishment URN'],
  },
  {
    field: 'name',
    label: 'School name',
    required: true,
    synonyms: ['EstablishmentName', 'Establishment name', 'School name', 'School', 'Name'],
  },
  {
    field: 'type',
    label: 'Establishment type',
    synonyms: [
      'TypeOfEstablishment (name)',
      'Type of establishment',
      'Establishment type',
      'School type',
      'census_school_type_2019',
      'Type',
    ],
  },
  {
    field: 'status',
    label: 'Establishment status',
    synonyms: ['EstablishmentStatus (name)', 'Establishment status', 'Status'],
  },
  {
    field: 'phase',
    label: 'Phase',
    synonyms: ['PhaseOfEducation (name)', 'Phase of education', 'Phase', 'School phase'],
  },
  {field: 'street', label: 'Street', synonyms: ['Street', 'Address 1', 'Address line 1', 'Address1']},
  {field: 'locality', label: 'Locality', synonyms: ['Locality', 'Address 2', 'Address line 2', 'Address2']},
  {field: 'address3', label: 'Address 3', synonyms: ['Address3', 'Address 3', 'Address line 3']},
  {field: 'town', label: 'Town', synonyms: ['Town', 'Town or city', 'City']},
  {field: 'county', label: 'County', synonyms: ['County (name)', 'County']},
  {
    field: 'headTitle',
    label: "Head's title",
    synonyms: ['HeadTitle (name)', 'HeadTitle', 'Head title', 'Headteacher title'],
  },
  {
    field: 'headFirstName',
    label: "Head's first name",
    synonyms: ['HeadFirstName', 'Head first name', 'Headteacher first name', 'Head forename'],
  },
  {
    field: 'headLastName',
    label: "Head's last name",
    synonyms: ['HeadLastName', 'Head last name', 'Headteacher last name', 'Head surname'],
  },
  {field: 'postcode', label: 'Postcode', synonyms: ['Postcode', 'Post code', 'Postal code']},
  {
    field: 'laCode',
    label: 'LA code',
    synonyms: ['LA (code)', 'Local authority (code)', 'LA code', 'LA number', 'LEA', 'LEA code', 'la_code'],
  },
  {
    field: 'laName',
    label: 'LA name',
    synonyms: ['LA (name)', 'Local authority (name)', 'Local authority', 'LA name', 'LA', 'la_name'],
  },
  {
    field: 'region',
    label: 'Region',
    synonyms: ['GOR (name)', 'Region', 'region_name', 'Government office region', 'Region name'],
  },
  {
    field: 'districtCode',
    label: 'District code',
    synonyms: [
      'District (code)',
      'DistrictAdministrative (code)',
      'admin_district_code_2014',
      'District code',
      'Local authority district code',
      'LAD code',
    ],
  },
  {field: 'easting', label: 'Easting', synonyms: ['Easting', 'OS easting']},
  {field: 'northing', label: 'Northing', synonyms: ['Northing', 'OS northing']},
  {field: 'latitude', label: 'Latitude', synonyms: ['Latitude', 'Lat']},
  {field: 'longitude', label: 'Longitude', synonyms: ['Longitude', 'Long', 'Lng', 'Lon']},
  {
    field: 'pupils',
    label: 'Pupils',
    synonyms: [
      'NumberOfPupils',
      'Number of pupils',
      'Pupils',
      'number_on_roll_2019',
      'Number on roll',
      'NOR',
      'Pupils on roll',
    ],
  },
  {
    field: 'fsmPct',
    label: '% FSM',
    synonyms: ['PercentageFSM', 'Percentage FSM', 'FSM %', '% FSM', 'FSM (%)', 'Free school meals %'],
  },
  {
    field: 'fsmEverPct',
    label: '% FSM ever',
    synonyms: [
      'PercentageFSMEver',
      'pct_fsm_ever_2019',
      'Percentage FSM ever',
      'FSM ever %',
      '% FSM ever',
      'PNUMFSMEVER',
      'Disadvantaged %',
    ],
  },
  {field: 'idaciPct', label: 'IDACI %', synonyms: ['IDACI (%)', 'IDACI %', 'IDACI percent', 'idaci_pct']},
  {field: 'idaciScore', label: 'IDACI score (0-1)', synonyms: ['IDACI score', 'idaci_score', 'IDACI decimal']},
  {
    field: 'trustCode',
    label: 'Trust code',
    synonyms: ['Trusts (code)', 'Trust code', 'Trust UID', 'Group UID', 'MAT code'],
  },
  {field: 'trustName', label: 'Trust name', synonyms: ['Trusts (name)', 'Trust name', 'Trust', 'MAT', 'Academy trust']},
  {
    field: 'openedOn',
    label: 'Open date',
    synonyms: ['OpenDate', 'Open date', 'Opening date', 'open_date', 'Date opened'],
  },
  {field: 'closedOn', label: 'Close date', synonyms: ['CloseDate', 'Close date', 'Closing date', 'Date closed']},
  {
    field: 'ofstedRating',
    label: 'Ofsted rating',
    synonyms: ['OfstedRating (name)', 'Ofsted rating', 'Ofsted grade', 'Latest Ofsted grade'],
  },
  {
    field: 'ofstedDate',
    label: 'Last Ofsted inspection',
    synonyms: ['OfstedLastInsp', 'Ofsted last inspection', 'Last inspection date', 'Date of last inspection'],
  },
  {
    field: 'predecessors',
    label: 'Predecessor URNs',
    synonyms: ['Predecessor URN', 'Predecessor URNs', 'Predecessors', 'Predecessor'],
    multiple: true,
  },
  {
    field: 'successors',
    label: 'Successor URNs',
    synonyms: ['Successor URN', 'Successor URNs', 'Successors', 'Successor'],
    multiple: true,
  },
]

/** Registry column of each school fact. */
const COLUMN_OF: {[K in keyof SchoolFacts]-?: keyof NewSchoolRow} = {
  name: 'name',
  type: 'type',
  typeGroup: 'type_group',
  phase: 'phase',
  status: 'status',
  stateFunded: 'state_funded',
  trustCode: 'trust_code',
  trustName: 'trust_name',
  laCode: 'la_code',
  laName: 'la_name',
  districtCode: 'district_code',
  region: 'region',
  street: 'street',
  locality: 'locality',
  address3: 'address3',
  town: 'town',
  county: 'county',
  postcode: 'postcode',
  headTitle: 'head_title',
  headFirstName: 'head_first_name',
  headLastName: 'head_last_name',
  easting: 'easting',
  northing: 'northing',
  latitude: 'latitude',
  longitude: 'longitude',
  pupils: 'pupils',
  fsmPct: 'fsm_pct',
  fsmEverPct: 'fsm_ever_pct',
  idaciPct: 'idaci_pct',
  openedOn: 'opened_on',
  closedOn: 'closed_on',
}

export interface SchoolImportOptions extends ImportOptions {
  includeIndependent?: boolean
  /** The file lists every school in its scope: schools it leaves out are marked closed. */
  full?: boolean
}

export interface SchoolImportDetails extends LeaderMoves {
  withoutLocation: number
  /** --full: the local authorities the file covers (null: the whole registry). */
  fullScope: string[] | null
  closedMissing: number
  linksAdded: number
  inspectionsAdded: number
  trusts: number
}

export type SchoolImportReport = ImportReport<SchoolImportDetails>

export async function importSchools(
  context: ServiceContext,
  options: SchoolImportOptions,
): Promise<SchoolImportReport> {
  const prepared = await prepareFile(context, 'schools', SCHOOL_FIELDS, options, [
    {
      what: 'a GIAS links file (predecessors and successors)',
      fields: SCHOOL_LINK_FIELDS,
      kind: 'school-links',
    },
  ])
  const includeIndependent = options.includeIndependent ?? false
  const validated = validateRows(
    prepared,
    (cells) => readSchoolRow(cells, {includeIndependent, date1904: prepared.table.date1904}),
    (row) => `URN ${row.urn}`,
    options.onProgress,
  )
  // Every URN the file names, valid or not, is "in the file" for --full: a school whose row has a
  // typo is not thereby closed.
  const urnsInFile = new Set(
    prepared.table.rows.map((record) => Number(prepared.cells(record).get('urn')?.trim())).filter(Number.isInteger),
  )
  const laCodesInFile = prepared.has('laCode')
    ? [
        ...new Set(
          prepared.table.rows
            .map((record) => prepared.cells(record).get('laCode')?.trim() ?? '')
            .filter((code) => code !== ''),
        ),
      ]
    : null

  return runImport(context, prepared, validated, options, async (repos, rows): Promise<Plan<SchoolImportDetails>> => {
    const now = nowInstant()
    const stored = await repos.schools.rowsByUrn()
    const toWrite: {row: SchoolRow; stored: StoredSchool | undefined}[] = []
    let unchanged = 0
    for (const {row} of rows) {
      const existing = stored.get(row.urn)
      if (existing && !differs(row.facts, existing)) unchanged += 1
      else toWrite.push({row, stored: existing})
    }
    const closing = options.full
      ? (await repos.schools.notClosedUrns(laCodesInFile)).filter((urn) => !urnsInFile.has(urn))
      : []
    const storedLinks = await repos.schools.links()
    const linksToAdd = newLinks(storedLinks, rows)
    const moves = await leaderMovesAfter(repos, closedAfter(stored, rows, closing), [...storedLinks, ...linksToAdd])
    const details: SchoolImportDetails = {
      withoutLocation: rows.filter(({row}) => !hasLocation(row, stored.get(row.urn))).length,
      fullScope: options.full ? laCodesInFile : null,
      closedMissing: closing.length,
      linksAdded: linksToAdd.length,
      inspectionsAdded: 0,
      trusts: new Set(rows.flatMap(({row}) => (row.facts.trustCode ? [row.facts.trustCode] : []))).size,
      ...describeMoves(moves),
    }
    return {
      insert: toWrite.filter((entry) => entry.stored === undefined).length,
      update: toWrite.filter((entry) => entry.stored !== undefined).length,
      unchanged,
      rejected: [],
      details,
      async apply(importRunId) {
        const total = toWrite.length
        options.onProgress?.('writing', 0, total)
        await repos.schools.upsertMany(
          toNewRows(
            toWrite.map(({row}) => row),
            now,
            importRunId,
          ),
          (done) => options.onProgress?.('writing', done, total),
        )
        const trusts = new Map<string, string>()
        for (const {row} of rows)
          if (row.facts.trustCode) trusts.set(row.facts.trustCode, row.facts.trustName ?? row.facts.trustCode)
        await repos.trusts.upsertNames(
          [...trusts].map(([code, name]) => ({code, name})),
          now,
        )
        await repos.schools.saveLinks(linksToAdd)
        details.inspectionsAdded = await addGiasInspections(repos, rows, importRunId)
        await repos.schools.markClosed(closing, context.today, importRunId, now)
        await moveLeaders(repos, moves.moves, context.actor)
        options.onProgress?.('writing', total, total)
        return details
      },
    }
  })
}

/** The links the rows' predecessor/successor columns name that the registry does not hold yet. */
function newLinks(stored: readonly SchoolLink[], rows: AcceptedRow<SchoolRow>[]): SchoolLink[] {
  const known = new Set(stored.map(linkKey))
  const links = new Map<string, SchoolLink>()
  for (const {row} of rows) {
    for (const [linkType, urns] of [
      ['predecessor', row.predecessors],
      ['successor', row.successors],
    ] as const) {
      for (const linkedUrn of urns) {
        const link: SchoolLink = {urn: row.urn, linkedUrn, linkType, linkedOn: null}
        if (!known.has(linkKey(link))) links.set(linkKey(link), link)
      }
    }
  }
  return [...links.values()]
}

/** The schools that will be closed once the file is imported. */
function closedAfter(
  stored: ReadonlyMap<number, StoredSchool>,
  rows: AcceptedRow<SchoolRow>[],
  closing: readonly number[],
): Set<number> {
  const closed = new Set(
    [...stored.values()].filter((school) => school.status === 'closed').map((school) => school.urn),
  )
  for (const {row} of rows) {
    if (row.facts.status === 'closed') closed.add(row.urn)
    else if (row.facts.status !== undefined) closed.delete(row.urn)
  }
  for (const urn of closing) closed.add(urn)
  return closed
}

function differs(facts: Partial<SchoolFacts>, stored: StoredSchool): boolean {
  for (const [fact, value] of Object.entries(facts) as [keyof SchoolFacts, SchoolFacts[keyof SchoolFacts]][]) {
    if (stored[COLUMN_OF[fact] as keyof StoredSchool] !== toColumnValue(value)) return true
  }
  return false
}

const toColumnValue = (value: unknown): string | number | null =>
  typeof value === 'boolean' ? toBit(value) : ((value ?? null) as string | number | null)

/** Builds registry rows; every row of one file has the same facts, so the column list is worked out once. */
function toNewRows(rows: readonly SchoolRow[], now: string, importRunId: number): NewSchoolRow[] {
  if (rows.length === 0) return []
  const facts = Object.keys(rows[0]!.facts) as (keyof SchoolFacts)[]
  const columns = facts.map((fact) => COLUMN_OF[fact])
  return rows.map((row) => {
    const values: Record<string, unknown> = {urn: row.urn}
    for (let index = 0; index < facts.length; index += 1)
      values[columns[index]!] = toColumnValue(row.facts[facts[index]!])
    values.last_import_id = importRunId
    values.created_at = now
    values.updated_at = now
    return values as unknown as NewSchoolRow
  })
}

function hasLocation(row: SchoolRow, stored: StoredSchool | undefined): boolean {
  if ('latitude' in row.facts) return row.facts.latitude !== null && row.facts.longitude !== null
  return stored !== undefined && stored.latitude !== null && stored.longitude !== null
}

/** GIAS lists each school's latest legacy grade; it fills the history where nothing richer is known. */
async function addGiasInspections(repos: Repos, rows: AcceptedRow<SchoolRow>[], importRunId: number): Promise<number> {
  const withGrade = rows.filter(({row}) => row.lastInspection !== null)
  if (withGrade.length === 0) return 0
  const known = await repos.inspections.forSchools(withGrade.map(({row}) => row.urn))
  let added = 0
  for (const {row} of withGrade) {
    const inspection = row.lastInspection!
    if (known.has(`${row.urn}|${inspection.inspectedOn}`)) continue
    await repos.inspections.insert(
      {
        urn: row.urn,
        inspectedOn: inspection.inspectedOn,
        framework: 'legacy-1-4',
        overallGrade: inspection.overallGrade,
        publishedOn: null,
        judgements: {},
        source: 'GIAS extract',
      },
      importRunId,
    )
    added += 1
  }
  return added
}
