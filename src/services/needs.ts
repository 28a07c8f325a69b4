import {isIsoDate} from '../core/calendar.js'
import {invalidInput, refused} from '../core/errors.js'
import type {DeliveryMode, Need, NeedStatus, Priority, School, SupportType} from '../core/model.js'
import {checkNeedEditable, checkNeedTransition, type NeedField} from '../core/need-lifecycle.js'
import type {Repos} from '../db/repos/index.js'
import type {NeedFilter, NeedPatch, NewNeed} from '../db/repos/needs.js'
import type {ServiceContext} from './context.js'
import {loadTaxonomy, mapAreaTexts} from './reference.js'
import {resolveNeed, resolveSchool} from './resolve.js'

/** Lists needs; `school` may be a URN or a (fuzzy) name. */
/** A page of needs, with the total and the names of their schools by URN. */
export interface NeedList {
  needs: Need[]
  total: number
  schools: Record<number, string>
}

export async function listNeeds(context: ServiceContext, filter: NeedFilter & {school?: string}): Promise<NeedList> {
  return context.registry.read(async (repos) => {
    const {school, ...rest} = filter
    const result = await repos.needs.list(
      school === undefined ? rest : {...rest, urn: (await resolveSchool(repos, school)).urn},
    )
    return {...result, schools: await schoolNames(repos, result.needs)}
  })
}

export interface NeedDetail {
  need: Need
  school: School | null
  subNeeds: Need[]
}

/** One need by id or reference, with its school and (for a team need) its sub-needs. */
export async function showNeed(context: ServiceContext, text: string): Promise<NeedDetail> {
  return context.registry.read(async (repos) => detailOf(repos, await resolveNeed(repos, text)))
}

async function detailOf(repos: Repos, need: Need): Promise<NeedDetail> {
  const school = need.subjectUrn === null ? null : ((await repos.schools.get(need.subjectUrn)) ?? null)
  return {need, school, subNeeds: await repos.needs.children(need.id)}
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
  validateDays(input.requestedHalfDays)
  if (input.school === undefined && input.trustCode === undefined) {
    throw invalidInput('A need is for a school or a trust.', {code: 'need.subject-missing', data: {}})
  }
  const teamSize = input.teamSize ?? 1
  validateTeam(input.supportType, teamSize)
  return context.registry.write(async (repos) => {
    const warnings: string[] = []
    const school = input.school === undefined ? null : await resolveSchool(repos, input.school)
    if (school && school.status === 'closed') warnings.push(`${school.name} (${school.urn}) is closed in the registry.`)
    const specialisms = await needAreas(repos, input.specialisms, input.acceptFuzzy ?? false, input.supportType)
    if (input.reference && (await repos.needs.idByReference(input.reference)) !== undefined) {
      throw invalidInput(`A need with reference ${input.reference} already exists.`, {
        code: 'need.reference-taken',
        data: {reference: input.reference},
      })
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
    throw invalidInput('A team need asks for two or more leaders.', {
      code: 'need.team-too-small',
      data: {teamSize},
    })
  }
  if (supportType !== 'team' && teamSize !== 1) {
    throw invalidInput('Only a team need asks for several leaders.', {
      code: 'need.team-size-without-team',
      data: {teamSize},
    })
  }
}

export type NeedBase = Omit<NewNeed, 'reference' | 'teamSize' | 'parentNeedId'>

/**
 * Inserts a need. A team need is split into linked sub-needs, one leader each, referenced
 * REF/1, REF/2 ... when the need has a reference.
 */
export async function insertNeed(
  repos: Repos,
  base: NeedBase,
  reference: string | null,
  teamSize: number,
): Promise<{id: number; subIds: number[]}> {
  const id = await repos.needs.insert({...base, reference, teamSize, parentNeedId: null})
  const subIds: number[] = []
  if (teamSize > 1) {
    for (let member = 1; member <= teamSize; member += 1) {
      subIds.push(
        await repos.needs.insert({
          ...base,
          reference: reference ? `${reference}/${member}` : null,
          teamSize: 1,
          parentNeedId: id,
        }),
      )
    }
  }
  return {id, subIds}
}

/** The area a need with none named is about, where its support type says it; null when it must name one. */
export function defaultNeedAreas(supportType: SupportType): string[] | null {
  if (supportType === 'governance') return ['governance']
  if (supportType === 'leadership') return ['leadership']
  return null
}

/** Need areas get the same normalisation as leader specialisms; governance needs default to governance. */
export async function needAreas(
  repos: Repos,
  texts: readonly string[],
  acceptFuzzy: boolean,
  supportType: SupportType,
): Promise<string[]> {
  if (texts.length === 0) {
    const defaults = defaultNeedAreas(supportType)
    if (defaults !== null) return defaults
    throw invalidInput('A specialist or team need names at least one area.', {code: 'need.areas-missing', data: {}})
  }
  const assignments = await mapAreaTexts(repos, texts, acceptFuzzy)
  return [...new Set(assignments.map((assignment) => assignment.code))]
}

export interface UpdateNeedInput {
  need: string
  school?: string
  trustCode?: string
  specialisms?: string[]
  acceptFuzzy?: boolean
  supportType?: SupportType
  deliveryMode?: DeliveryMode
  requestedHalfDays?: number
  windowStart?: string
  windowEnd?: string
  priority?: Priority
  reference?: string | null
  source?: string | null
  notes?: string | null
  receivedOn?: string
}

export interface NeedChange extends NeedDetail {
  /** The fields that changed, by their field names (e.g. requestedHalfDays, status); people read them through NEED_FIELD_LABELS. */
  changed: NeedField[]
  warnings: string[]
}

/**
 * Changes a need. What a match depends on (school, areas, type, days, window, priority, mode)
 * changes only while the need is open; bookkeeping (reference, source, notes) at any time. A team
 * need passes the same change to its sub-needs.
 */
export async function updateNeed(context: ServiceContext, input: UpdateNeedInput): Promise<NeedChange> {
  return context.registry.write(async (repos) => {
    const before = await resolveNeed(repos, input.need)
    const warnings: string[] = []
    const patch: NeedPatch = {}
    if (input.school !== undefined) {
      const school = await resolveSchool(repos, input.school)
      if (school.status === 'closed') warnings.push(`${school.name} (${school.urn}) is closed in the registry.`)
      patch.subjectUrn = school.urn
    }
    if (input.trustCode !== undefined) patch.subjectTrustCode = input.trustCode
    if (input.supportType !== undefined) {
      if ((input.supportType === 'team') !== (before.supportType === 'team')) {
        throw refused(`Need ${before.id} cannot change between a team need and a single-leader need.`, {
          code: 'need.team-type-change',
          data: {needId: before.id},
        })
      }
      patch.supportType = input.supportType
    }
    if (input.specialisms !== undefined) {
      patch.specialisms = await needAreas(
        repos,
        input.specialisms,
        input.acceptFuzzy ?? false,
        input.supportType ?? before.supportType,
      )
    }
    if (input.deliveryMode !== undefined) patch.deliveryMode = input.deliveryMode
    if (input.requestedHalfDays !== undefined) patch.requestedHalfDays = validateDays(input.requestedHalfDays)
    if (input.windowStart !== undefined) patch.windowStart = input.windowStart
    if (input.windowEnd !== undefined) patch.windowEnd = input.windowEnd
    if (input.priority !== undefined) patch.priority = input.priority
    if (input.source !== undefined) patch.source = input.source
    if (input.notes !== undefined) patch.notes = input.notes
    if (input.receivedOn !== undefined) patch.receivedOn = input.receivedOn
    if (input.reference !== undefined && input.reference !== before.reference) {
      if (input.reference !== null && (await repos.needs.idByReference(input.reference)) !== undefined) {
        throw invalidInput(`A need with reference ${input.reference} already exists.`, {
          code: 'need.reference-taken',
          data: {reference: input.reference},
        })
      }
      patch.reference = input.reference
    }
    const changed = (Object.keys(patch) as (keyof NeedPatch)[]).filter(
      (field) => !sameValue(patch[field], before[field]),
    )
    if (changed.length === 0) return {...(await detailOf(repos, before)), changed, warnings: ['Nothing changed.']}
    validateWindow(patch.windowStart ?? before.windowStart, patch.windowEnd ?? before.windowEnd)
    if (
      patch.subjectUrn === undefined &&
      patch.subjectTrustCode === undefined &&
      before.subjectUrn === null &&
      before.subjectTrustCode === null
    ) {
      throw invalidInput('A need is for a school or a trust.')
    }
    const children = await repos.needs.children(before.id)
    for (const need of [before, ...children]) checkNeedEditable(need, changed)
    await repos.needs.update(before.id, patch)
    const {reference, ...shared} = patch
    for (const [index, child] of children.entries()) {
      await repos.needs.update(child.id, {
        ...shared,
        ...(reference !== undefined ? {reference: reference === null ? null : `${reference}/${index + 1}`} : {}),
      })
    }
    const after = (await repos.needs.get(before.id))!
    await repos.audit.record({
      actor: context.actor,
      action: 'need.update',
      entity: 'need',
      entityId: before.id,
      before: pick(before, changed),
      after: pick(after, changed),
    })
    return {...(await detailOf(repos, after)), changed, warnings}
  })
}

/**
 * Ends a need as closed (met, or no longer needed after support) or withdrawn (the school no
 * longer wants it), with a reason. A team need takes its open sub-needs with it. A need whose
 * deployment is still proposed, agreed or active is refused: that deployment ends first.
 */
export async function endNeed(
  context: ServiceContext,
  input: {need: string; status: Extract<NeedStatus, 'closed' | 'withdrawn'>; reason: string},
): Promise<NeedChange> {
  const reason = input.reason.trim()
  return context.registry.write(async (repos) => {
    const need = await resolveNeed(repos, input.need)
    checkNeedTransition(need, input.status, reason)
    const children = (await repos.needs.children(need.id)).filter(
      (child) => !['closed', 'withdrawn'].includes(child.status),
    )
    const live = []
    for (const target of [need, ...children])
      live.push(...(await repos.deployments.list({status: 'live', needId: target.id})).deployments)
    if (live.length > 0) {
      const list = live
        .map((deployment) => `deployment ${deployment.id} (${deployment.status}, need ${deployment.needId})`)
        .join(', ')
      throw refused(`Need ${need.id} still has ${list}.`, {
        code: 'need.has-live-deployments',
        data: {needId: need.id, to: input.status, deploymentIds: live.map((deployment) => deployment.id)},
      })
    }
    for (const target of [need, ...children]) {
      checkNeedTransition(target, input.status, reason)
      await repos.needs.update(target.id, {status: input.status, statusReason: reason})
      await repos.audit.record({
        actor: context.actor,
        action: input.status === 'closed' ? 'need.close' : 'need.withdraw',
        entity: 'need',
        entityId: target.id,
        before: {status: target.status, statusReason: target.statusReason},
        after: {status: input.status, statusReason: reason},
      })
    }
    return {
      ...(await detailOf(repos, (await repos.needs.get(need.id))!)),
      changed: ['status', 'statusReason'],
      warnings: [],
    }
  })
}

export interface IntakeChoices {
  /** Taxonomy areas with the focus each sits under, in taxonomy order. */
  areas: {code: string; name: string; focus: string | null}[]
}

/** What the interactive intake offers to pick from. */
export async function intakeChoices(context: ServiceContext): Promise<IntakeChoices> {
  return context.registry.read(async (repos) => {
    const taxonomy = await loadTaxonomy(repos)
    return {
      areas: taxonomy.areas.map((area) => ({
        code: area.code,
        name: area.name,
        focus: area.parentCode ? (taxonomy.byCode.get(area.parentCode)?.name ?? null) : null,
      })),
    }
  })
}

function sameValue(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown) => JSON.stringify(Array.isArray(value) ? [...(value as unknown[])].sort() : value)
  return canonical(a) === canonical(b)
}

function pick(need: Need, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, need[field as keyof Need]]))
}

export function validateDays(halfDays: number): number {
  if (!(halfDays > 0))
    throw invalidInput('A need asks for more than 0 days.', {
      code: 'need.days-not-positive',
      data: {halfDays},
    })
  return halfDays
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
