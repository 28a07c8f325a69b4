import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {parse} from 'csv-parse/sync'

import {osgbToWgs84} from '../../src/core/geo.js'
import {schoolPhase, typeGroupOf} from '../../src/core/phases.js'
import type {NewSchoolRow} from '../../src/db/schema.js'
import type {ServiceContext} from '../../src/services/context.js'
import {SAMPLE} from './cli.js'

/**
 * Loads the sample hub's schools straight into a registry, for tests of features that need
 * schools but are not about importing them. (`broker schools import` is the users' way in.)
 */
export async function seedSampleSchools(context: ServiceContext, limit = Infinity): Promise<NewSchoolRow[]> {
  const rows = parse(readFileSync(join(SAMPLE, 'schools.csv'), 'utf8'), {columns: true}) as Record<string, string>[]
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
    const location = school.easting !== null && school.northing !== null ? osgbToWgs84(school.easting as number, school.northing as number) : null
    school.latitude = location?.latitude ?? null
    school.longitude = location?.longitude ?? null
  }
  await context.registry.write((repos) => repos.schools.upsertMany(schools))
  return schools
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** The sample's mixed date styles, read well enough for fixtures (the importer is the real reader). */
function fixtureDate(text: string | undefined): string | null {
  const value = (text ?? '').trim()
  if (value === '') return null
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  let match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value)
  if (match) return `${match[3]}-${match[2]}-${match[1]}`
  match = /^(\d{1,2}) ([A-Za-z]{3}) (\d{4})$/.exec(value)
  if (match) return `${match[3]}-${String(MONTHS.indexOf(match[2]!.toLowerCase()) + 1).padStart(2, '0')}-${match[1]!.padStart(2, '0')}`
  if (/^\d+$/.test(value)) return new Date(Date.UTC(1899, 11, 30) + Number(value) * 86_400_000).toISOString().slice(0, 10)
  return null
}

/**
 * The whole sample hub through the services: schools, then leaders (one row per designation;
 * a second designation of the same email joins the same person), then needs.
 */
export async function seedSampleHub(context: ServiceContext): Promise<void> {
  const {addLeader, updateLeader} = await import('../../src/services/leaders.js')
  const {addNeed} = await import('../../src/services/needs.js')
  await seedSampleSchools(context)
  const leaders = parse(readFileSync(join(SAMPLE, 'leaders.csv'), 'utf8'), {columns: true, bom: true}) as Record<string, string>[]
  const seen = new Set<string>()
  for (const row of leaders) {
    const designation = {
      kind: row['Designation type'] as 'NLE' | 'NLG' | 'LLE' | 'SLE',
      reference: row.Ref!,
      designatedOn: fixtureDate(row['Date designated']) ?? undefined,
      reviewOn: fixtureDate(row['Review due']),
      status: row.Status!.trim().toLowerCase() as 'active' | 'lapsed' | 'withdrawn',
    }
    const email = row['Email address']!
    if (seen.has(email)) {
      await updateLeader(context, {leader: email, designation})
      continue
    }
    seen.add(email)
    await addLeader(context, {
      name: row['Full name']!,
      email,
      homeUrn: Number(row['Home school URN']),
      designation,
      specialisms: [row['Areas of expertise']!],
      acceptFuzzy: true,
      phases: [row.Phase!],
      releasedHalfDays: Number(row['Days offered 2026/27']) * 2,
      academicYear: 2026,
    })
  }
  const needs = parse(readFileSync(join(SAMPLE, 'needs.csv'), 'utf8'), {columns: true}) as Record<string, string>[]
  for (const row of needs) {
    const type = row['Support type']!.toLowerCase() as 'specialist' | 'leadership' | 'governance' | 'team'
    await addNeed(context, {
      school: row.URN!,
      specialisms: [row.Needs!],
      supportType: type,
      teamSize: row['Team size'] ? Number(row['Team size']) : undefined,
      deliveryMode: row['Delivery mode']!.toLowerCase().replace(' ', '-') as 'in-person' | 'remote' | 'blended',
      requestedHalfDays: Number(row.Days) * 2,
      windowStart: row['Window start']!,
      windowEnd: row['Window end']!,
      priority: row.Priority!.toLowerCase() as 'high' | 'medium' | 'low',
      reference: row.Reference,
      notes: row.Notes || null,
    })
  }
}
