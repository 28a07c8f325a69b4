import {notFound} from '../core/errors.js'
import type {Inspection, Leader, Need, School} from '../core/model.js'
import type {Objection} from '../db/repos/objections.js'
import type {SchoolFilter} from '../db/repos/schools.js'
import type {ServiceContext} from './context.js'
import {resolveLeaderId, resolveSchool, resolveSchoolUrn} from './resolve.js'

export async function listSchools(
  context: ServiceContext,
  filter: SchoolFilter,
): Promise<{schools: School[]; total: number}> {
  return context.registry.read((repos) => repos.schools.list(filter))
}

export interface SchoolDetail {
  school: School
  inspections: Inspection[]
  leadersBasedHere: Pick<Leader, 'ref' | 'name' | 'designations'>[]
  needs: Need[]
  objections: Objection[]
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
      leadersBasedHere: leaders.map((leader) => ({
        ref: leader.ref,
        name: leader.name,
        designations: leader.designations,
      })),
      needs,
      objections: await repos.objections.forSchool(school.urn),
    }
  })
}

export interface ObjectionInput {
  school: string
  leader: string
  reason: string | null
  objectedOn: string
  withdraw: boolean
}

export interface ObjectionResult {
  urn: number
  school: string
  leaderRef: string
  withdrawn: boolean
}

/** Records (or withdraws) a school's objection to a leader; the match then vetoes the pair. */
export async function recordObjection(context: ServiceContext, input: ObjectionInput): Promise<ObjectionResult> {
  return context.registry.write(async (repos) => {
    const school = await resolveSchool(repos, input.school)
    const leaderId = await resolveLeaderId(repos, input.leader)
    const leader = (await repos.leaders.get(leaderId))!
    if (input.withdraw) {
      if (!(await repos.objections.remove(school.urn, leaderId))) {
        throw notFound(`${school.name} has no objection to ${leader.ref} on record.`)
      }
    } else {
      await repos.objections.record(school.urn, leaderId, input.reason, input.objectedOn)
    }
    await repos.audit.record({
      actor: context.actor,
      action: input.withdraw ? 'objection.withdraw' : 'objection.record',
      entity: 'school',
      entityId: school.urn,
      after: {leaderId, reason: input.withdraw ? undefined : input.reason, objectedOn: input.objectedOn},
    })
    return {urn: school.urn, school: school.name, leaderRef: leader.ref, withdrawn: input.withdraw}
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
