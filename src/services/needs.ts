import {isIsoDate} from '../core/calendar.js'
import {invalidInput, notFound} from '../core/errors.js'
import type {DeliveryMode, Need, Priority, School, SupportType} from '../core/model.js'
import type {Repos} from '../db/repos/index.js'
import type {NeedFilter, NewNeed} from '../db/repos/needs.js'
import type {ServiceContext} from './context.js'
import {mapAreaTexts} from './reference.js'
import {resolveSchool} from './resolve.js'

export async function listNeeds(context: ServiceContext, filter: NeedFilter): Promise<{needs: Need[]; total: number; schools: Record<number, string>}> {
  return context.registry.read(async (repos) => {
    const result = await repos.needs.list(filter)
    return {...result, schools: await schoolNames(repos, result.needs)}
  })
}

export interface NeedDetail {
  need: Need
  school: School | null
  subNeeds: Need[]
}

export async function showNeed(context: ServiceContext, id: number): Promise<NeedDetail> {
  return context.registry.read(async (repos) => {
    const need = await repos.needs.get(id)
    if (!need) throw notFound(`There is no need ${id}.`, {suggestion: 'List needs with `broker needs list --status any`.'})
    const school = need.subjectUrn === null ? null : ((await repos.schools.get(need.subjectUrn)) ?? null)
    const subNeeds = need.teamSize > 1 ? (await repos.needs.list({status: 'any'})).needs.filter((n) => n.parentNeedId === id) : []
    return {need, school, subNeeds}
  })
}

export interface AddNeedInput {
  school?: string
  trustCode?: string
  specialisms: string[]
  acceptFuzzy?: boolean
  supportType: SupportType
  teamSize?: number
  deliveryMode: DeliveryMode
  requestedHalfDays: number
  windowStart: string
  windowEnd: string
  priority: Priority
  reference?: string | null
  source?: string | null
  notes?: string | null
  receivedOn?: string
}

export interface AddNeedResult {
  need: Need
  subNeeds: Need[]
  warnings: string[]
}

export async function addNeed(context: ServiceContext, input: AddNeedInput): Promise<AddNeedResult> {
  validateWindow(input.windowStart, input.windowEnd)
  if (input.school === undefined && input.trustCode === undefined) {
    throw invalidInput('A need is for a school or a trust.', {suggestion: 'Pass --urn URN (or a school name), or --trust CODE for governance support to a board.'})
  }
  const teamSize = input.teamSize ?? 1
  validateTeam(input.supportType, teamSize)
  return context.registry.write(async (repos) => {
    const warnings: string[] = []
    const school = input.school === undefined ? null : await resolveSchool(repos, input.school)
    if (school && school.status === 'closed') warnings.push(`${school.name} (${school.urn}) is closed in the registry.`)
    const specialisms = await needAreas(repos, input.specialisms, input.acceptFuzzy ?? false, input.supportType)
    if (input.reference && (await repos.needs.idByReference(input.reference)) !== undefined) {
      throw invalidInput(`A need with reference ${input.reference} already exists.`, {suggestion: 'Use `broker needs show` to see it, or give another --reference.'})
    }
    const base = {
      subjectUrn: school?.urn ?? null,
      subjectTrustCode: input.trustCode ?? null,
      supportType: input.supportType,
      deliveryMode: input.deliveryMode,
      requestedHalfDays: input.requestedHalfDays,
      windowStart: input.windowStart,
      windowEnd: input.windowEnd,
      priority: input.priority,
      source: input.source ?? null,
      notes: input.notes ?? null,
      receivedOn: input.receivedOn ?? context.today,
      specialisms,
    }
    const {id, subIds} = await insertNeed(repos, base, input.reference ?? null, teamSize)
    const subNeeds: Need[] = []
    for (const subId of subIds) subNeeds.push((await repos.needs.get(subId))!)
    const need = (await repos.needs.get(id))!
    await repos.audit.record({actor: context.actor, action: 'need.add', entity: 'need', entityId: id, after: need})
    return {need, subNeeds, warnings}
  })
}

export function validateTeam(supportType: SupportType, teamSize: number): void {
  if (supportType === 'team' && teamSize < 2) {
    throw invalidInput('A team need asks for two or more leaders.', {suggestion: 'Pass --team-size N (N >= 2), or choose another --type.'})
  }
  if (supportType !== 'team' && teamSize !== 1) {
    throw invalidInput('Only a team need asks for several leaders.', {suggestion: 'Pass --type team with --team-size.'})
  }
}

export type NeedBase = Omit<NewNeed, 'reference' | 'teamSize' | 'parentNeedId'>

/**
 * Inserts a need. A team need is split into linked sub-needs, one leader each, referenced
 * REF/1, REF/2 ... when the need has a reference.
 */
export async function insertNeed(repos: Repos, base: NeedBase, reference: string | null, teamSize: number): Promise<{id: number; subIds: number[]}> {
  const id = await repos.needs.insert({...base, reference, teamSize, parentNeedId: null})
  const subIds: number[] = []
  if (teamSize > 1) {
    for (let member = 1; member <= teamSize; member += 1) {
      subIds.push(await repos.needs.insert({...base, reference: reference ? `${reference}/${member}` : null, teamSize: 1, parentNeedId: id}))
    }
  }
  return {id, subIds}
}

/** Need areas get the same normalisation as leader specialisms; governance needs default to governance. */
export async function needAreas(repos: Repos, texts: readonly string[], acceptFuzzy: boolean, supportType: SupportType): Promise<string[]> {
  if (texts.length === 0) {
    const defaults = defaultNeedAreas(supportType)
    if (defaults !== null) return defaults
    throw invalidInput('A specialist or team need names at least one area.', {suggestion: 'Pass --specialism (repeatable), for example --specialism maths.'})
  }
  const assignments = await mapAreaTexts(repos, texts, acceptFuzzy)
  return [...new Set(assignments.map((assignment) => assignment.code))]
}

/** The area a need with none named is about, where its support type says it; null when it must name one. */
export function defaultNeedAreas(supportType: SupportType): string[] | null {
  if (supportType === 'governance') return ['governance']
  if (supportType === 'leadership') return ['leadership']
  return null
}

export function validateWindow(start: string, end: string): void {
  if (!isIsoDate(start)) throw invalidInput(`The window start must be a date like 2027-01-04, not "${start}".`)
  if (!isIsoDate(end)) throw invalidInput(`The window end must be a date like 2027-07-16, not "${end}".`)
  if (start > end) throw invalidInput(`The window starts (${start}) after it ends (${end}).`)
}

async function schoolNames(repos: Repos, needs: Need[]): Promise<Record<number, string>> {
  const urns = needs.flatMap((need) => (need.subjectUrn === null ? [] : [need.subjectUrn]))
  const schools = await repos.schools.getMany(urns)
  return Object.fromEntries([...schools].map(([urn, school]) => [urn, school.name]))
}
