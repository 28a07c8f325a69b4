import {isIsoDate} from '../core/calendar.js'
import {invalidInput, notFound} from '../core/errors.js'
import type {School} from '../core/model.js'
import type {District} from '../db/repos/districts.js'
import type {Repos} from '../db/repos/index.js'
import type {Trust} from '../db/repos/trusts.js'
import {type DistrictAeaFile, readDistrictAeaFile} from '../importers/district-aea.js'
import type {ServiceContext} from './context.js'
import {resolveSchool} from './resolve.js'

/**
 * The eligibility facts no GIAS import brings: AEA categories of districts, TSI eligibility of
 * trusts, and the date a school completed Leading Together. Each change is audited.
 */

export interface DistrictImportResult {
  fileName: string
  columns: DistrictAeaFile['columns']
  districts: number
  added: number
  changed: number
  unchanged: number
  /** Schools in the registry that lie in the listed districts. */
  schoolsCovered: number
  dryRun: boolean
}

export async function importDistricts(
  context: ServiceContext,
  input: {path: string; dryRun?: boolean},
): Promise<DistrictImportResult> {
  const file = await readDistrictAeaFile(input.path)
  const dryRun = input.dryRun ?? false
  const work = async (repos: Repos): Promise<DistrictImportResult> => {
    const existing = await repos.districts.getMany(file.rows.map((row) => row.code))
    const districts: District[] = file.rows.map((row) => ({
      code: row.code,
      name: row.name,
      laCode: row.laCode,
      aeaCategory: row.aeaCategory,
    }))
    const counts = {added: 0, changed: 0, unchanged: 0}
    for (const district of districts) {
      const before = existing.get(district.code)
      if (!before) counts.added += 1
      else if (
        before.name === district.name &&
        before.laCode === district.laCode &&
        before.aeaCategory === district.aeaCategory
      )
        counts.unchanged += 1
      else counts.changed += 1
    }
    if (!dryRun) {
      await repos.districts.upsertMany(districts)
      await repos.audit.record({
        actor: context.actor,
        action: 'districts.import',
        entity: 'districts',
        entityId: file.fileName,
        after: {...counts, districts: districts.length},
      })
    }
    return {
      fileName: file.fileName,
      columns: file.columns,
      districts: districts.length,
      ...counts,
      schoolsCovered: await repos.districts.schoolsIn(districts.map((district) => district.code)),
      dryRun,
    }
  }
  return dryRun ? context.registry.read(work) : context.registry.write(work)
}

export interface TrustChange {
  trust: Trust
  before: Trust | null
}

export async function setTrustTsi(
  context: ServiceContext,
  input: {code: string; tsiEligible: boolean; asOf?: string; name?: string},
): Promise<TrustChange> {
  const code = input.code.trim()
  const asOf = input.asOf ?? context.today
  if (!isIsoDate(asOf)) throw invalidInput(`The as-of date must be a date like 2026-09-01, not "${asOf}".`)
  return context.registry.write(async (repos) => {
    const before = (await repos.trusts.get(code)) ?? null
    const name = input.name?.trim() || before?.name || (await repos.trusts.nameFromSchools(code))
    if (!name) {
      throw notFound(`No trust with code ${code} is in the registry.`, {
        code: 'trust.unknown',
        data: {code},
      })
    }
    const trust: Trust = {code, name, tsiEligible: input.tsiEligible, tsiAsOf: asOf}
    await repos.trusts.upsert(trust)
    await repos.audit.record({
      actor: context.actor,
      action: 'trust.update',
      entity: 'trust',
      entityId: code,
      before,
      after: trust,
    })
    return {trust, before}
  })
}

export interface SchoolChange {
  school: School
  before: {leadingTogetherCompletedOn: string | null}
}

export async function setLeadingTogetherCompletion(
  context: ServiceContext,
  input: {school: string; completedOn: string | null},
): Promise<SchoolChange> {
  if (input.completedOn !== null && !isIsoDate(input.completedOn))
    throw invalidInput(`The completion date must be like 2026-07-17, not "${input.completedOn}".`)
  if (input.completedOn !== null && input.completedOn > context.today) {
    throw invalidInput(
      `Leading Together cannot have been completed on ${input.completedOn}, which is after today (${context.today}).`,
    )
  }
  return context.registry.write(async (repos) => {
    const school = await resolveSchool(repos, input.school)
    const before = {leadingTogetherCompletedOn: school.leadingTogetherCompletedOn}
    await repos.schools.setLeadingTogetherCompletedOn(school.urn, input.completedOn)
    await repos.audit.record({
      actor: context.actor,
      action: 'school.update',
      entity: 'school',
      entityId: school.urn,
      before,
      after: {leadingTogetherCompletedOn: input.completedOn},
    })
    return {school: (await repos.schools.get(school.urn))!, before}
  })
}
