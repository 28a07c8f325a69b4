import {readFileSync} from 'node:fs'

import {parse} from 'csv-parse/sync'

import type {NewSchoolRow} from '../../src/db/schema.js'
import type {ServiceContext} from '../../src/services/context.js'
import {sharedData} from './shared-data-folder.js'

/** The national list of open establishments (27,332 rows), when the shared data folder is present. */
export const NATIONAL_SCHOOLS = sharedData('real', 'schools_england_open_joined.csv')

const PHASE_BY_CENSUS_TYPE: Record<string, NewSchoolRow['phase']> = {
  'State-funded primary': 'primary',
  'State-funded secondary': 'secondary',
  'State-funded special school': 'special',
  'State-funded nursery': 'early-years',
  'Pupil referral unit': 'alternative-provision',
}

/**
 * Reads the national list into school rows (what it does not hold, such as trusts and IDACI, is
 * left out), for tests and benches of features that need many
 * real schools but are not about importing them (`broker schools import` is the users' way in).
 */
export function readNationalSchools(path = NATIONAL_SCHOOLS): NewSchoolRow[] {
  const rows = parse<Record<string, string>>(readFileSync(path, 'utf8'), {columns: true})
  const now = new Date().toISOString()
  const number = (text: string | undefined) =>
    text === undefined || text.trim() === '' || Number.isNaN(Number(text)) ? null : Number(text)
  const text = (value: string | undefined) => (value === undefined || value.trim() === '' ? null : value.trim())
  return rows.map((row) => {
    const censusType = row.census_school_type_2019 ?? ''
    return {
      urn: Number(row.urn),
      name: row.name!,
      phase: PHASE_BY_CENSUS_TYPE[censusType] ?? null,
      type: text(censusType),
      status: 'open',
      state_funded: censusType === 'Independent school' || censusType === 'Non-maintained special school' ? 0 : 1,
      la_code: text(row.la_code),
      la_name: text(row.la_name),
      district_code: text(row.admin_district_code_2014),
      region: text(row.region_name),
      town: text(row.town),
      postcode: text(row.postcode),
      easting: number(row.easting),
      northing: number(row.northing),
      latitude: number(row.latitude),
      longitude: number(row.longitude),
      pupils: number(row.number_on_roll_2019),
      fsm_ever_pct: number(row.pct_fsm_ever_2019),
      created_at: now,
      updated_at: now,
    }
  })
}

/** Writes the national list into a registry through the schools repository. */
export async function seedNationalSchools(context: ServiceContext, path = NATIONAL_SCHOOLS): Promise<NewSchoolRow[]> {
  const schools = readNationalSchools(path)
  await context.registry.write((repos) => repos.schools.upsertMany(schools))
  return schools
}
