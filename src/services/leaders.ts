import {academicYearOf} from '../core/calendar.js'
import type {YearCapacity} from '../core/capacity.js'
import {conflict, invalidInput, notFound} from '../core/errors.js'
import type {LeaderRecord} from '../core/impact/record.js'
import type {DesignationKind, DesignationStatus, Leader, Phase, UnavailablePeriod} from '../core/model.js'
import {parsePhases} from '../core/phases.js'
import {isEmail} from '../core/validation.js'
import type {Repos} from '../db/repos/index.js'
import type {LeaderFilter} from '../db/repos/leaders.js'
import {capacityOf} from './capacity.js'
import type {ServiceContext} from './context.js'
import {leaderRecord} from './leader-record.js'
import {mapAreaTexts} from './reference.js'
import {resolveLeaderId} from './resolve.js'

export const DEFAULT_BODY_KEY = 'hub_name'
export const FALLBACK_BODY = 'hub'

export interface LeaderList {
  leaders: Leader[]
  total: number
}

/** Lists leaders; `filter.specialism` may be any area name, code or synonym. */
export async function listLeaders(context: ServiceContext, filter: LeaderFilter): Promise<LeaderList> {
  return context.registry.read(async (repos) => {
    const specialism = filter.specialism ? (await mapAreaTexts(repos, [filter.specialism], true))[0]?.code : undefined
    const {ids, total} = await repos.leaders.findIds({...filter, specialism})
    return {leaders: await repos.leaders.load(ids), total}
  })
}

export interface LeaderDetail {
  leader: Leader
  /** Days per academic year: released, held, committed, delivered, legacy and free (half days). */
  capacity: YearCapacity[]
  /** The leader's own record of outcomes: for directors only, absent otherwise. */
  record?: LeaderRecord
}

export async function showLeader(
  context: ServiceContext,
  text: string,
  options: {director?: boolean} = {},
): Promise<LeaderDetail> {
  return context.registry.read(async (repos) => {
    const id = await resolveLeaderId(repos, text)
    const leader = await repos.leaders.get(id)
    if (!leader) throw notFound(`Leader ${text} was not found.`)
    const capacity = (await capacityOf(repos, [id], context.today)).get(id) ?? new Map<number, YearCapacity>()
    const detail: LeaderDetail = {leader, capacity: [...capacity.values()]}
    if (options.director) detail.record = await leaderRecord(repos, id, context.today)
    return detail
  })
}

export interface DesignationInput {
  kind: DesignationKind
  reference?: string
  body?: string
  designatedOn?: string
  reviewOn?: string | null
  status?: DesignationStatus
  statusReason?: string
}

export interface AddLeaderInput {
  name: string
  email?: string | null
  homeUrn?: number | null
  homeTrustCode?: string | null
  designation: DesignationInput
  specialisms: string[]
  acceptFuzzy?: boolean
  phases: string[]
  releasedHalfDays?: number
  academicYear?: number
  notes?: string | null
}

export interface LeaderChange {
  leader: Leader
  warnings: string[]
}

export async function addLeader(context: ServiceContext, input: AddLeaderInput): Promise<LeaderChange> {
  validatePersonal(input.name, input.email ?? null)
  return context.registry.write(async (repos) => {
    const warnings: string[] = []
    if (input.email && (await repos.leaders.idByEmail(input.email)) !== undefined) {
      throw conflict(`A leader with email ${input.email} is already in the registry.`, {
        code: 'leader.email-taken',
        data: {email: input.email},
      })
    }
    const body = input.designation.body ?? (await defaultBody(repos))
    const reference = input.designation.reference ?? (await repos.leaders.nextGeneratedRef())
    if ((await repos.leaders.idByDesignation(body, reference)) !== undefined) {
      throw conflict(`Designation ${reference} from ${body} already belongs to a leader.`, {
        code: 'leader.designation-taken',
        data: {body, reference},
      })
    }
    const ref = (await repos.leaders.refExists(reference)) ? await repos.leaders.nextGeneratedRef() : reference
    const phases = await resolvePhases(repos, input.phases, input.homeUrn ?? null)
    const specialisms = await mapAreaTexts(repos, input.specialisms, input.acceptFuzzy ?? false)
    if (input.homeUrn !== undefined && input.homeUrn !== null && !(await repos.schools.get(input.homeUrn))) {
      warnings.push(
        `Home school ${input.homeUrn} is not in the registry yet: distance and context cannot be scored until it is imported.`,
      )
    }
    const id = await repos.leaders.insert({
      ref,
      name: input.name.trim(),
      email: input.email?.trim() || null,
      homeUrn: input.homeUrn ?? null,
      homeTrustCode: input.homeTrustCode ?? null,
      notes: input.notes ?? null,
    })
    await repos.leaders.upsertDesignation(id, {
      kind: input.designation.kind,
      body,
      reference,
      designatedOn: input.designation.designatedOn ?? context.today,
      reviewOn: input.designation.reviewOn ?? null,
      status: input.designation.status ?? 'active',
      statusReason: input.designation.statusReason ?? null,
    })
    await repos.leaders.setPhases(id, phases)
    await repos.leaders.setSpecialisms(id, specialisms)
    if (input.releasedHalfDays !== undefined) {
      await repos.leaders.setCapacity(
        id,
        input.academicYear ?? academicYearOf(context.today),
        input.releasedHalfDays,
        'leaders add',
      )
    }
    const leader = (await repos.leaders.get(id))!
    await repos.audit.record({
      actor: context.actor,
      action: 'leader.add',
      entity: 'leader',
      entityId: id,
      after: auditView(leader),
    })
    return {leader, warnings}
  })
}

export interface UpdateLeaderInput {
  leader: string
  name?: string
  email?: string | null
  homeUrn?: number | null
  homeTrustCode?: string | null
  phases?: string[]
  addSpecialisms?: string[]
  removeSpecialisms?: string[]
  acceptFuzzy?: boolean
  releasedHalfDays?: number
  academicYear?: number
  notes?: string | null
  designation?: DesignationInput
  /** A period the leader cannot be deployed. */
  addUnavailable?: UnavailablePeriod
  /** Start dates of unavailable periods to remove. */
  removeUnavailable?: string[]
}

export async function updateLeader(context: ServiceContext, input: UpdateLeaderInput): Promise<LeaderChange> {
  if (input.name !== undefined || input.email !== undefined)
    validatePersonal(input.name ?? 'unchanged', input.email ?? null)
  return context.registry.write(async (repos) => {
    const warnings: string[] = []
    const id = await resolveLeaderId(repos, input.leader)
    const before = (await repos.leaders.get(id))!
    if (before.erasedAt)
      throw conflict(`Leader ${before.ref} was erased on ${before.erasedAt.slice(0, 10)} and cannot be updated.`)
    if (input.email) {
      const owner = await repos.leaders.idByEmail(input.email)
      if (owner !== undefined && owner !== id) throw conflict(`Email ${input.email} already belongs to another leader.`)
    }
    const personalFields = (['name', 'email', 'notes'] as const).filter((field) => input[field] !== undefined)
    await repos.leaders.updatePersonal(id, {
      ...(input.name !== undefined ? {name: input.name.trim()} : {}),
      ...(input.email !== undefined ? {email: input.email?.trim() || null} : {}),
      ...(input.notes !== undefined ? {notes: input.notes} : {}),
    })
    if (input.homeUrn !== undefined || input.homeTrustCode !== undefined) {
      if (input.homeUrn && !(await repos.schools.get(input.homeUrn))) {
        warnings.push(`Home school ${input.homeUrn} is not in the registry yet.`)
      }
      await repos.leaders.updateHome(id, {
        ...(input.homeUrn !== undefined ? {homeUrn: input.homeUrn} : {}),
        ...(input.homeTrustCode !== undefined ? {homeTrustCode: input.homeTrustCode} : {}),
      })
    }
    if (input.phases !== undefined) {
      await repos.leaders.setPhases(id, await resolvePhases(repos, input.phases, input.homeUrn ?? before.homeUrn))
    }
    if (input.addSpecialisms?.length) {
      await repos.leaders.addSpecialisms(
        id,
        await mapAreaTexts(repos, input.addSpecialisms, input.acceptFuzzy ?? false),
      )
    }
    if (input.removeSpecialisms?.length) {
      const removing = await mapAreaTexts(repos, input.removeSpecialisms, true)
      const held = new Set(before.specialisms.map((specialism) => specialism.code))
      const notHeld = removing.filter((assignment) => !held.has(assignment.code))
      if (notHeld.length > 0) warnings.push(`${before.ref} did not hold ${notHeld.map((a) => a.code).join(', ')}.`)
      await repos.leaders.removeSpecialisms(
        id,
        removing.map((assignment) => assignment.code),
      )
    }
    if (input.releasedHalfDays !== undefined) {
      await repos.leaders.setCapacity(
        id,
        input.academicYear ?? academicYearOf(context.today),
        input.releasedHalfDays,
        'leaders update',
      )
    }
    if (input.addUnavailable) await repos.leaders.addUnavailability(id, input.addUnavailable)
    for (const startsOn of input.removeUnavailable ?? []) {
      if ((await repos.leaders.removeUnavailability(id, startsOn)) === 0)
        warnings.push(`${before.ref} had no unavailable period starting on ${startsOn}.`)
    }
    if (input.designation) {
      const body = input.designation.body ?? (await defaultBody(repos))
      const existing = before.designations.find(
        (designation) => designation.reference === input.designation!.reference && designation.body === body,
      )
      const reference = input.designation.reference ?? (await repos.leaders.nextGeneratedRef())
      const owner = await repos.leaders.idByDesignation(body, reference)
      if (owner !== undefined && owner !== id)
        throw conflict(`Designation ${reference} from ${body} belongs to another leader.`)
      await repos.leaders.upsertDesignation(id, {
        kind: input.designation.kind,
        body,
        reference,
        designatedOn: input.designation.designatedOn ?? existing?.designatedOn ?? context.today,
        reviewOn: input.designation.reviewOn !== undefined ? input.designation.reviewOn : (existing?.reviewOn ?? null),
        status: input.designation.status ?? existing?.status ?? 'active',
        statusReason: input.designation.statusReason ?? existing?.statusReason ?? null,
      })
    }
    const leader = (await repos.leaders.get(id))!
    await repos.audit.record({
      actor: context.actor,
      action: 'leader.update',
      entity: 'leader',
      entityId: id,
      before: auditView(before),
      after: {...auditView(leader), ...(personalFields.length > 0 ? {personalFieldsChanged: personalFields} : {})},
    })
    return {leader, warnings}
  })
}

/** What the audit log may keep about a leader: no name, email or notes. */
export function auditView(leader: Leader) {
  return {
    ref: leader.ref,
    homeUrn: leader.homeUrn,
    homeTrustCode: leader.homeTrustCode,
    phases: leader.phases,
    designations: leader.designations.map((designation) => ({
      kind: designation.kind,
      body: designation.body,
      reference: designation.reference,
      status: designation.status,
      reviewOn: designation.reviewOn,
    })),
    specialisms: leader.specialisms.map((specialism) => specialism.code),
    capacity: leader.capacity,
    // The dates only: a reason (illness ...) is the person's own.
    unavailable: leader.unavailable.map((period) => `${period.startsOn}..${period.endsOn}`),
  }
}

export async function defaultBody(repos: Repos): Promise<string> {
  return (await repos.meta.get(DEFAULT_BODY_KEY)) ?? FALLBACK_BODY
}

function validatePersonal(name: string, email: string | null): void {
  if (name.trim() === '') throw invalidInput('A leader needs a name.', {code: 'leader.name-missing', data: {}})
  if (email !== null && email.trim() !== '' && !isEmail(email)) {
    throw invalidInput(`"${email}" is not an email address.`, {
      suggestion: 'Pass a work email like j.bloggs@school.sch.uk.',
    })
  }
}

/** Reads phase words; "Not applicable" takes the home school's phase (special schools, PRUs). */
export async function resolvePhases(repos: Repos, texts: readonly string[], homeUrn: number | null): Promise<Phase[]> {
  const phases = new Set<Phase>()
  for (const text of texts) {
    const parsed = parsePhases(text)
    if (parsed.unknown.length > 0) {
      throw invalidInput(`Unknown phase "${parsed.unknown.join('", "')}".`, {
        suggestion: 'Use primary, secondary, all-through, special, early-years, post-16 or alternative-provision.',
      })
    }
    parsed.phases.forEach((phase) => phases.add(phase))
    if (parsed.notApplicable) {
      const home = homeUrn === null ? undefined : await repos.schools.get(homeUrn)
      if (!home?.phase) {
        throw invalidInput('Phase "Not applicable" is read from the home school, which is not in the registry.', {
          suggestion: 'Give the phase (for example special), or import the home school first.',
        })
      }
      phases.add(home.phase)
    }
  }
  return [...phases]
}
