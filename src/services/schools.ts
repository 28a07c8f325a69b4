import type {Inspection, Leader, Need, School} from '../core/model.js'
import type {SchoolFilter} from '../db/repos/schools.js'
import type {ServiceContext} from './context.js'
import {resolveSchool, resolveSchoolUrn} from './resolve.js'

export async function listSchools(context: ServiceContext, filter: SchoolFilter): Promise<{schools: School[]; total: number}> {
  return context.registry.read((repos) => repos.schools.list(filter))
}

export interface SchoolDetail {
  school: School
  inspections: Inspection[]
  leadersBasedHere: Pick<Leader, 'ref' | 'name' | 'designations'>[]
  needs: Need[]
}

export async function showSchool(context: ServiceContext, text: string): Promise<SchoolDetail> {
  return context.registry.read(async (repos) => {
    const school = await resolveSchool(repos, text)
    const {ids} = await repos.leaders.findIds({homeUrn: school.urn, status: 'any'})
    const leaders = await repos.leaders.load(ids)
    const {needs} = await repos.needs.list({urn: school.urn, status: 'any'})
    return {
      school,
      inspections: await repos.schools.inspections(school.urn),
      leadersBasedHere: leaders.map((leader) => ({ref: leader.ref, name: leader.name, designations: leader.designations})),
      needs,
    }
  })
}

/** "Name (URN)" for a school given by URN or name; fails as resolveSchool does. */
export async function resolveSchoolLabel(context: ServiceContext, text: string): Promise<string> {
  const school = await context.registry.read((repos) => resolveSchool(repos, text))
  return `${school.name} (${school.urn})`
}

/**
 * The URN a user meant: digits are taken as a URN even when the registry does not hold that school
 * yet (a leader's home school may be imported later); a name must resolve to one school.
 */
export async function schoolUrnOf(context: ServiceContext, text: string): Promise<number> {
  return (await context.registry.read((repos) => resolveSchoolUrn(repos, text))).urn
}
