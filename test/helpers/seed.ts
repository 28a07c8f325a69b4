import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {parse} from 'csv-parse/sync'

import {osgbToWgs84} from '../../src/core/national-grid.js'
import {schoolPhase, typeGroupOf} from '../../src/core/phases.js'
import type {NewSchoolRow} from '../../src/db/schema.js'
import type {ServiceContext} from '../../src/services/context.js'
import {SAMPLE} from './cli.js'

/**
 * Loads the sample hub's schools straight into a registry, for tests of features that need
 * schools but are not about importing them. (`broker schools import` is the users' way in.)
 */
export async function seedSampleSchools(context: ServiceContext, limit = Infinity): Promise<NewSchoolRow[]> {
  const rows = parse<Record<string, string>>(readFileSync(join(SAMPLE, 'schools.csv'), 'utf8'), {columns: true})
  const now = new Date().toISOString()
  const num = (text: string | undefined) => (text === undefined || text.trim() === '' ? null : Number(text))
  const schools: NewSchoolRow[] = rows.slice(0, limit).map((row) => ({
    urn: Number(row.URN),
    name: row.EstablishmentName!,
    phase: schoolPhase(row['PhaseOfEducation (name)'] ?? null, row['TypeOfEstablishment (name)'] ?? null),
    type: row['TypeOfEstablishment (name)'] ?? null,
    type_group: typeGroupOf(row['TypeOfEstablishment (name)'] ?? ''),
    status: 'open',
    state_funded: 1,
    trust_code: row['Trusts (code)'] || null,
    trust_name: row['Trusts (name)'] || null,
    la_code: row['LA (code)'] ?? null,
    la_name: row['LA (name)'] ?? null,
    district_code: row['District (code)'] || null,
    region: row['GOR (name)'] ?? null,
    town: row.Town ?? null,
    postcode: row.Postcode ?? null,
    easting: num(row.Easting),
    northing: num(row.Northing),
    latitude: null,
    longitude: null,
    pupils: num(row.NumberOfPupils),
    fsm_pct: num(row.PercentageFSM),
    fsm_ever_pct: num(row.PercentageFSMEver),
    idaci_pct: num(row['IDACI (%)']),
    leading_together_completed_on: null,
    opened_on: null,
    closed_on: null,
    last_import_id: null,
    created_at: now,
    updated_at: now,
  }))
  for (const school of schools) {
    const location =
      school.easting !== null && school.northing !== null
        ? osgbToWgs84(school.easting as number, school.northing as number)
        : null
    school.latitude = location?.latitude ?? null
    school.longitude = location?.longitude ?? null
  }
  await context.registry.write((repos) => repos.schools.upsertMany(schools))
  return schools
}

/**
 * The whole sample hub through the real importers (the way `broker demo` loads it): schools,
 * inspections, the designation list, then the term's needs. Returns the import reports.
 */
export async function seedSampleHub(context: ServiceContext): Promise<void> {
  const {importSchools} = await import('../../src/services/import-schools.js')
  const {importInspections} = await import('../../src/services/import-inspections.js')
  const {importLeaders} = await import('../../src/services/import-leaders.js')
  const {importNeeds} = await import('../../src/services/import-needs.js')
  await importSchools(context, {file: join(SAMPLE, 'schools.csv')})
  await importInspections(context, {file: join(SAMPLE, 'inspections.csv')})
  await importLeaders(context, {file: join(SAMPLE, 'leaders.csv')})
  await importNeeds(context, {file: join(SAMPLE, 'needs.csv')})
}

/** A new registry file in `folder` holding the whole sample hub; returns its path. */
export async function sampleHubRegistry(folder: {file(name: string): string}, name = 'registry.db'): Promise<string> {
  const {Registry} = await import('../../src/db/registry.js')
  const path = folder.file(name)
  const registry = await Registry.open(path, {create: true})
  try {
    await seedSampleHub({registry, actor: 'tester', today: '2026-12-01'})
  } finally {
    await registry.close()
  }
  return path
}
