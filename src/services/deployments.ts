// Longer than 400 lines: every step of a deployment's lifecycle (propose, create, agree, plan, start, amend, complete,
// cancel) runs through the same transition and capacity checks kept here; split by step, those
// checks would be scattered or exported only to be shared.
import {academicYearLabel, addDays, isIsoDate} from '../core/calendar.js'
import {capacityStrain, type YearCapacity} from '../core/capacity.js'
import {formatDays} from '../core/days.js'
import {
  type AgreementTerms,
  changedTerms,
  type Deployment,
  deliveredHalfDays,
  midReviewDate,
  termsOf,
} from '../core/deployments.js'
import type {RequiredText} from '../core/error-codes.js'
import {conflict, invalidInput, notFound, refused} from '../core/errors.js'
import {
  cancelOperation,
  DEFAULT_HOLD_DAYS,
  type FundingSource,
  requireAllowed,
  requireEndReason,
} from '../core/lifecycle.js'
import type {NeedStatus} from '../core/model.js'
import type {Repos} from '../db/repos/index.js'
import {capacityOf} from './capacity.js'
import type {ServiceContext} from './context.js'
import {workingCalendar} from './reference.js'
import {resolveLeaderId, resolveSchool} from './resolve.js'

/**
 * The deployment lifecycle: propose (by hand or from `broker match`), agree, start, amend, cancel.
 * Every state change writes the audit log in the same transaction; audit rows hold ids, codes,
 * dates and days, never names or free text.
 */

export interface DeploymentChange {
  deployment: Deployment
  warnings: string[]
}

/** What `policy` to apply when a change would overcommit the leader's released days. */
export type OvercommitPolicy = 'refuse' | 'allow'

export interface ProposeInput {
  needId?: number | null
  leaderId: number
  /** The subject; default the need's school or trust. */
  urn?: number | null
  trustCode?: string | null
  /** Default: the days the need asks for. */
  halfDays?: number
  /** Default: the need's window. */
  startsOn?: string
  endsOn?: string
  /** Last day the proposal holds the leader's days. Default: today + DEFAULT_HOLD_DAYS. */
  holdExpiresOn?: string | null
  matchRunId?: number | null
  score?: number | null
  /** Default 'refuse': a proposal that overcommits a year stops (and rolls the caller's transaction back). */
  overcommit?: OvercommitPolicy
}

/**
 * Creates a proposed deployment inside the caller's write transaction, holding the leader's days
 * and moving its need to 'proposed'. `broker match --apply` and `broker deployments create` both
 * come through here.
 */
export async function proposeDeployment(
  repos: Repos,
  actor: string,
  today: string,
  input: ProposeInput,
): Promise<DeploymentChange> {
  const warnings: string[] = []
  const leader = await repos.leaders.get(input.leaderId)
  if (!leader) throw notFound(`There is no leader with id ${input.leaderId}.`)
  if (leader.erasedAt) throw refused(`Leader ${leader.ref} was erased; they cannot be deployed.`)
  if (!leader.designations.some((designation) => designation.status === 'active')) {
    warnings.push(`${leader.ref} holds no active designation.`)
  }

  const need = input.needId === undefined || input.needId === null ? null : await repos.needs.get(input.needId)
  if (input.needId !== undefined && input.needId !== null && !need) {
    throw notFound(`There is no need ${input.needId}.`, {code: 'deployment.need-unknown', data: {needId: input.needId}})
  }
  if (need) {
    if (need.teamSize > 1) {
      throw refused(`Need ${need.id} is a team need; each member is proposed against one of its team needs.`, {
        code: 'deployment.need-is-team',
        data: {needId: need.id},
      })
    }
    if (need.status !== 'open') {
      const live = await repos.deployments.liveForNeed(need.id)
      throw conflict(
        `Need ${need.id} is ${need.status}${live === undefined ? '' : ` (deployment ${live})`}; only an open need can be proposed.`,
        {
          suggestion:
            live === undefined
              ? 'Reopen the need first.'
              : `Cancel deployment ${live} with a reason first, or work with it.`,
        },
      )
    }
  }

  const urn = input.urn ?? need?.subjectUrn ?? null
  const trustCode = input.trustCode ?? (urn === null ? (need?.subjectTrustCode ?? null) : null)
  if (
    need &&
    ((input.urn != null && input.urn !== need.subjectUrn) ||
      (input.trustCode != null && input.trustCode !== need.subjectTrustCode))
  ) {
    throw invalidInput(
      `Need ${need.id} is for ${need.subjectUrn ?? `trust ${need.subjectTrustCode}`}, not for the school or trust given.`,
    )
  }
  if (urn === null && trustCode === null) {
    throw invalidInput('A deployment is for a school or a trust.', {code: 'deployment.subject-missing', data: {}})
  }
  if (urn !== null) {
    const school = await repos.schools.get(urn)
    if (!school)
      throw notFound(`No school with URN ${urn} is in the registry.`, {code: 'school.unknown-urn', data: {urn}})
    if (leader.homeUrn === urn) {
      throw refused(`${leader.ref} works at ${school.name} (${urn}); a leader is never deployed to their own school.`, {
        suggestion: 'Choose another leader.',
      })
    }
    if ((await repos.objections.forSchool(urn)).some((objection) => objection.leaderId === leader.id)) {
      throw refused(`${school.name} (${urn}) has objected to ${leader.ref}.`, {suggestion: 'Choose another leader.'})
    }
    const homeTrust = await homeTrustOf(repos, leader.homeUrn, leader.homeTrustCode)
    if (homeTrust !== null && school.trust?.code === homeTrust)
      warnings.push(`${leader.ref} works in the same trust (${homeTrust}) as ${school.name}.`)
  } else if (trustCode !== null && (await homeTrustOf(repos, leader.homeUrn, leader.homeTrustCode)) === trustCode) {
    warnings.push(`${leader.ref} works in trust ${trustCode}, the trust to be supported.`)
  }

  const halfDays = input.halfDays ?? need?.requestedHalfDays
  const startsOn = input.startsOn ?? need?.windowStart
  const endsOn = input.endsOn ?? need?.windowEnd
  if (halfDays === undefined || startsOn === undefined || endsOn === undefined) {
    throw invalidInput('A deployment without a need states its days and dates.', {
      code: 'deployment.terms-missing',
      data: {},
    })
  }
  requirePositiveDays(halfDays)
  requireDates(startsOn, endsOn)
  const holdExpiresOn = input.holdExpiresOn === undefined ? addDays(today, DEFAULT_HOLD_DAYS) : input.holdExpiresOn
  if (holdExpiresOn !== null && !isIsoDate(holdExpiresOn))
    throw invalidInput(`The hold must end on a date like 2027-01-15, not "${holdExpiresOn}".`)

  let id = 0
  warnings.push(
    ...(await checkCapacity(repos, leader, today, input.overcommit ?? 'refuse', async () => {
      id = await repos.deployments.insertProposal({
        needId: need?.id ?? null,
        leaderId: leader.id,
        urn,
        trustCode,
        matchRunId: input.matchRunId ?? null,
        score: input.score ?? null,
        halfDays,
        holdExpiresOn,
        startsOn,
        endsOn,
        proposedOn: today,
      })
    })),
  )
  if (need) await setNeedStatus(repos, actor, need.id, 'proposed', `proposed: deployment ${id}`, ['open'])
  const deployment = (await repos.deployments.get(id))!
  await repos.audit.record({
    actor,
    action: 'deployment.propose',
    entity: 'deployment',
    entityId: id,
    after: auditView(deployment),
  })
  return {deployment, warnings}
}

export type CreateInput = Omit<ProposeInput, 'leaderId' | 'urn' | 'overcommit' | 'matchRunId' | 'score'> & {
  leader: string
  /** The school without a need: URN or name. */
  school?: string
  allowOvercommit?: boolean
}

/** `broker deployments create`: a proposal made by hand. */
export async function createDeployment(context: ServiceContext, input: CreateInput): Promise<DeploymentChange> {
  return context.registry.write(async (repos) => {
    const leaderId = await resolveLeaderId(repos, input.leader)
    const urn = input.school === undefined ? undefined : (await resolveSchool(repos, input.school)).urn
    const {leader: _leader, school: _school, allowOvercommit, ...rest} = input
    return proposeDeployment(repos, context.actor, context.today, {
      ...rest,
      urn,
      leaderId,
      overcommit: allowOvercommit ? 'allow' : 'refuse',
    })
  })
}

export interface AgreeInput {
  id: number
  objectives: AgreementTerms['objectives']
  halfDays?: number
  startsOn?: string
  endsOn?: string
  midReviewOn?: string
  dayRatePence: number
  fundingSource: FundingSource
  fundingProgramme?: string | null
  grantReference?: string | null
  payer?: string | null
  supportedHeadSignoff: string
  homeHeadSignoff: string
  /** Default: the acting user. */
  brokerSignoff?: string
  allowOvercommit?: boolean
}

/** Turns a proposal into an agreement: objectives, days, dates, money and the three sign-offs. */
export async function agreeDeployment(context: ServiceContext, input: AgreeInput): Promise<DeploymentChange> {
  return context.registry.write(async (repos) => {
    const before = await requireDeployment(repos, input.id)
    requireAllowed(before.id, before.status, 'agree')
    const warnings: string[] = []
    const signoffs = {
      supportedHead: requireText(
        input.supportedHeadSignoff,
        'The supported school’s head must sign off the agreement',
        'supported-head-signoff',
      ),
      homeHead: requireText(
        input.homeHeadSignoff,
        'The home-school head must sign off the leader’s release',
        'home-head-signoff',
      ),
      broker: requireText(
        input.brokerSignoff ?? context.actor,
        'The broker must sign off the agreement',
        'broker-signoff',
      ),
    }
    const startsOn = input.startsOn ?? before.startsOn!
    const endsOn = input.endsOn ?? before.endsOn!
    const terms = validTerms(
      {
        halfDays: input.halfDays ?? before.halfDays,
        startsOn,
        endsOn,
        midReviewOn: input.midReviewOn ?? midReviewDate(startsOn, endsOn, workingCalendar()),
        dayRatePence: input.dayRatePence,
        fundingSource: input.fundingSource,
        fundingProgramme: input.fundingProgramme ?? null,
        grantReference: input.grantReference ?? null,
        payer: input.payer ?? null,
        objectives: input.objectives,
      },
      0,
    )
    if (before.holdExpiresOn !== null && before.holdExpiresOn < context.today) {
      warnings.push(`The proposal's hold expired on ${before.holdExpiresOn}; the leader's days were re-checked now.`)
    }
    if (before.needId !== null) {
      const need = (await repos.needs.get(before.needId))!
      if (need.status !== 'proposed') {
        throw conflict(`Need ${need.id} is ${need.status}; deployment ${before.id} can no longer be agreed.`, {
          code: 'deployment.need-moved-on',
          data: {deploymentId: before.id, needId: need.id},
        })
      }
      if (terms.startsOn < need.windowStart || terms.endsOn > need.windowEnd) {
        warnings.push(
          `The agreed dates (${terms.startsOn} to ${terms.endsOn}) go beyond need ${need.id}'s window (${need.windowStart} to ${need.windowEnd}).`,
        )
      }
    }
    warnings.push(
      ...(await checkCapacity(
        repos,
        leaderOf(before),
        context.today,
        input.allowOvercommit ? 'allow' : 'refuse',
        async () => {
          await repos.deployments.update(before.id, {
            ...termColumns(terms),
            status: 'agreed',
            signoffs,
            agreedOn: context.today,
          })
        },
      )),
    )
    await repos.deployments.replaceObjectives(before.id, terms.objectives)
    await repos.deployments.scheduleReview(before.id, 'mid-point', terms.midReviewOn)
    await repos.deployments.addVariation(before.id, {
      variedOn: context.today,
      kind: 'agreement',
      reason: null,
      before: null,
      after: terms,
    })
    if (before.needId !== null)
      await setNeedStatus(repos, context.actor, before.needId, 'in-deployment', `agreed: deployment ${before.id}`, [
        'proposed',
      ])
    return recordChange(repos, context.actor, 'deployment.agree', before, warnings)
  })
}

/** Marks an agreed deployment as under way. */
export async function startDeployment(context: ServiceContext, id: number): Promise<DeploymentChange> {
  return context.registry.write(async (repos) => {
    const before = await requireDeployment(repos, id)
    requireAllowed(id, before.status, 'start')
    const warnings: string[] = []
    if (before.startsOn !== null && context.today < before.startsOn)
      warnings.push(`Started before the agreed start date (${before.startsOn}).`)
    await repos.deployments.update(id, {status: 'active', startedOn: context.today})
    return recordChange(repos, context.actor, 'deployment.start', before, warnings)
  })
}

export interface AmendInput {
  id: number
  reason: string
  halfDays?: number
  startsOn?: string
  endsOn?: string
  midReviewOn?: string
  objectives?: AgreementTerms['objectives']
  dayRatePence?: number
  fundingSource?: FundingSource
  fundingProgramme?: string | null
  grantReference?: string | null
  payer?: string | null
  allowOvercommit?: boolean
}

export interface AmendResult extends DeploymentChange {
  changed: (keyof AgreementTerms)[]
}

/** A variation of the agreement: re-checks the leader's days and keeps the agreement and every variation. */
export async function amendDeployment(context: ServiceContext, input: AmendInput): Promise<AmendResult> {
  return context.registry.write(async (repos) => {
    const before = await requireDeployment(repos, input.id)
    requireAllowed(before.id, before.status, 'amend')
    const reason = requireText(input.reason, 'A variation needs a reason', 'variation-reason')
    const warnings: string[] = []
    const beforeTerms = termsOf(before, await repos.deployments.objectives(before.id))
    const startsOn = input.startsOn ?? beforeTerms.startsOn
    const endsOn = input.endsOn ?? beforeTerms.endsOn
    const reviews = await repos.deployments.reviews(before.id)
    const midPointHeld = reviews.some((review) => review.kind === 'mid-point' && review.heldOn !== null)
    const datesMoved = startsOn !== beforeTerms.startsOn || endsOn !== beforeTerms.endsOn
    const ledger = (await repos.ledger.forDeployments([before.id])).get(before.id) ?? []
    const delivered = deliveredHalfDays(ledger)
    const afterTerms = validTerms(
      {
        ...beforeTerms,
        ...definedOnly({
          halfDays: input.halfDays,
          dayRatePence: input.dayRatePence,
          fundingSource: input.fundingSource,
          fundingProgramme: input.fundingProgramme,
          grantReference: input.grantReference,
          payer: input.payer,
          objectives: input.objectives,
        }),
        startsOn,
        endsOn,
        midReviewOn:
          input.midReviewOn ??
          (datesMoved && !midPointHeld ? midReviewDate(startsOn, endsOn, workingCalendar()) : beforeTerms.midReviewOn),
      },
      delivered,
    )
    const changed = changedTerms(beforeTerms, afterTerms)
    if (changed.length === 0) {
      throw invalidInput(`Nothing to change: deployment ${before.id} already has those terms.`, {
        code: 'deployment.no-change',
        data: {deploymentId: before.id},
      })
    }
    // As `log` refuses delivered work before the start, the start cannot move past work already delivered.
    const deliveredDates = ledger.filter((entry) => entry.entry === 'delivered').map((entry) => entry.onDate)
    const firstDelivered = deliveredDates.reduce<string | null>(
      (first, date) => (first === null || date < first ? date : first),
      null,
    )
    if (firstDelivered !== null && firstDelivered < afterTerms.startsOn) {
      throw refused(
        `Deployment ${before.id} has work delivered on ${firstDelivered}; its start cannot move after that (to ${afterTerms.startsOn}).`,
        {
          suggestion: `Start it on ${firstDelivered} or earlier.`,
        },
      )
    }
    const late = deliveredDates.filter((date) => date > afterTerms.endsOn)
    if (late.length > 0)
      warnings.push(`${late.length} delivered entries fall after the new end date (${afterTerms.endsOn}).`)
    warnings.push(
      ...(await checkCapacity(
        repos,
        leaderOf(before),
        context.today,
        input.allowOvercommit ? 'allow' : 'refuse',
        async () => {
          await repos.deployments.update(before.id, termColumns(afterTerms))
        },
      )),
    )
    if (changed.includes('objectives')) await repos.deployments.replaceObjectives(before.id, afterTerms.objectives)
    const pendingMidPoint = reviews.find((review) => review.kind === 'mid-point' && review.heldOn === null)
    if (pendingMidPoint && pendingMidPoint.dueOn !== afterTerms.midReviewOn)
      await repos.deployments.updateReview(pendingMidPoint.id, {dueOn: afterTerms.midReviewOn})
    await repos.deployments.addVariation(before.id, {
      variedOn: context.today,
      kind: 'variation',
      reason,
      before: beforeTerms,
      after: afterTerms,
    })
    const deployment = (await repos.deployments.get(before.id))!
    await repos.audit.record({
      actor: context.actor,
      action: 'deployment.amend',
      entity: 'deployment',
      entityId: before.id,
      before: auditTerms(beforeTerms),
      after: {...auditTerms(afterTerms), changed},
    })
    return {deployment, warnings, changed}
  })
}

export interface CancelInput {
  id: number
  reasonCode: string
  note?: string | null
}

/**
 * Cancels a proposed or agreed deployment, or ends an active one early, with a coded reason; the
 * reason decides whether the need reopens, closes or is withdrawn. Runs in the caller's
 * transaction (the matching engine cancels proposals it replans).
 */
export async function cancelDeploymentIn(
  repos: Repos,
  actor: string,
  today: string,
  input: CancelInput,
): Promise<DeploymentChange> {
  const before = await requireDeployment(repos, input.id)
  const {operation, to: status} = cancelOperation(before.id, before.status)
  const note = input.note?.trim() || null
  const reason = requireEndReason(before.id, before.status, input.reasonCode, note)
  const warnings: string[] = []
  await repos.deployments.update(before.id, {
    status,
    statusReasonCode: reason.code,
    statusReason: note,
    closedOn: today,
  })
  if (before.needId !== null) {
    await setNeedStatus(
      repos,
      actor,
      before.needId,
      reason.needBecomes,
      `deployment ${before.id} ${status}: ${reason.code}`,
      ['proposed', 'in-deployment'],
    )
  }
  if (operation === 'end-early') {
    const delivered = deliveredHalfDays((await repos.ledger.forDeployments([before.id])).get(before.id) ?? [])
    if (delivered > 0)
      warnings.push(
        `The ${formatDays(delivered)} days delivered stay on the ledger; the other ${formatDays(Math.max(0, before.halfDays - delivered))} agreed days are released.`,
      )
  }
  return recordChange(
    repos,
    actor,
    operation === 'cancel' ? 'deployment.cancel' : 'deployment.end-early',
    before,
    warnings,
  )
}

export async function cancelDeployment(context: ServiceContext, input: CancelInput): Promise<DeploymentChange> {
  return context.registry.write((repos) => cancelDeploymentIn(repos, context.actor, context.today, input))
}

// ---- shared by the deployment services ------------------------------------------------------------

export async function requireDeployment(repos: Repos, id: number): Promise<Deployment> {
  const deployment = await repos.deployments.get(id)
  if (!deployment)
    throw notFound(`There is no deployment ${id}.`, {code: 'deployment.unknown', data: {deploymentId: id}})
  return deployment
}

/** Re-reads the deployment and writes the audit row for a state change. */
export async function recordChange(
  repos: Repos,
  actor: string,
  action: string,
  before: Deployment,
  warnings: string[],
): Promise<DeploymentChange> {
  const deployment = (await repos.deployments.get(before.id))!
  await repos.audit.record({
    actor,
    action,
    entity: 'deployment',
    entityId: before.id,
    before: auditView(before),
    after: auditView(deployment),
  })
  return {deployment, warnings}
}

/** What the audit log keeps about a deployment: no names, sign-off text or free-text reason. */
export function auditView(deployment: Deployment) {
  const {leaderName: _name, schoolName: _school, statusReason, signoffs, ...kept} = deployment
  return {
    ...kept,
    hasStatusNote: statusReason !== null,
    signedOff: Object.entries(signoffs)
      .filter(([, value]) => value !== null)
      .map(([party]) => party),
  }
}

function auditTerms(terms: AgreementTerms) {
  const {objectives, ...kept} = terms
  return {...kept, objectives: objectives.length}
}

/** Moves the deployment's need on, when it is in one of the `from` statuses (a need withdrawn meanwhile stays so). */
export async function setNeedStatus(
  repos: Repos,
  actor: string,
  needId: number,
  status: NeedStatus,
  reason: string,
  from: readonly NeedStatus[],
): Promise<void> {
  const need = await repos.needs.get(needId)
  if (!need || !from.includes(need.status)) return
  await repos.needs.update(needId, {status, statusReason: reason})
  // The reason is broker's own (deployment id and event code), so it is kept, as `cause`.
  await repos.audit.record({
    actor,
    action: 'need.status',
    entity: 'need',
    entityId: needId,
    before: {status: need.status},
    after: {status, cause: reason},
  })
}

export function leaderOf(deployment: Deployment): {id: number; ref: string} {
  return {id: deployment.leaderId, ref: deployment.leaderRef}
}

/**
 * Runs `change` and compares the leader's capacity before and after it (the one accounting in
 * core/capacity). A change that overcommits a year is refused (the transaction rolls back) or,
 * under 'allow', reported as a warning.
 */
export async function checkCapacity(
  repos: Repos,
  leader: {id: number; ref: string},
  today: string,
  policy: OvercommitPolicy,
  change: () => Promise<void>,
): Promise<string[]> {
  const before = (await capacityOf(repos, [leader.id], today)).get(leader.id) ?? new Map<number, YearCapacity>()
  await change()
  const after = (await capacityOf(repos, [leader.id], today)).get(leader.id) ?? new Map<number, YearCapacity>()
  const strained = capacityStrain(before, after)
  if (strained.length === 0) return []
  const years = strained
    .map(
      (year) =>
        `${academicYearLabel(year.academicYear)} (${formatDays(year.released)} days released, ${formatDays(year.freeAfter)} free after this change)`,
    )
    .join(', ')
  if (policy === 'refuse') {
    throw conflict(`This would overcommit ${leader.ref} in ${years}.`, {
      code: 'leader.overcommitted',
      data: {leaderRef: leader.ref, strained},
    })
  }
  return [`This overcommits ${leader.ref} in ${years}.`]
}

function termColumns(terms: AgreementTerms) {
  const {objectives: _objectives, ...columns} = terms
  return columns
}

/** Checks agreement terms; `deliveredHalfDays` is the floor for the agreed days. */
function validTerms(terms: AgreementTerms, delivered: number): AgreementTerms {
  requirePositiveDays(terms.halfDays)
  if (terms.halfDays < delivered) {
    throw refused(
      `${formatDays(delivered)} days are already delivered; the agreed days cannot fall below that (asked for ${formatDays(terms.halfDays)}).`,
    )
  }
  requireDates(terms.startsOn, terms.endsOn)
  if (!isIsoDate(terms.midReviewOn) || terms.midReviewOn < terms.startsOn || terms.midReviewOn > terms.endsOn) {
    throw invalidInput(
      `The mid-point review (${terms.midReviewOn}) must fall between ${terms.startsOn} and ${terms.endsOn}.`,
    )
  }
  if (!Number.isInteger(terms.dayRatePence) || terms.dayRatePence < 0)
    throw invalidInput('The day rate must be zero or more, in pounds and pence.')
  if (terms.objectives.length === 0) {
    throw invalidInput('An agreement states at least one objective with its success criteria.', {
      code: 'deployment.objectives-missing',
      data: {},
    })
  }
  const objectives = terms.objectives.map((objective, index) => ({
    objective: requireText(objective.objective, `Objective ${index + 1} is empty`, 'objective'),
    successCriteria: requireText(
      objective.successCriteria,
      `Objective ${index + 1} ("${objective.objective}") has no success criteria`,
      'success-criteria',
    ),
  }))
  return {...terms, objectives}
}

function requirePositiveDays(halfDays: number): void {
  if (!Number.isInteger(halfDays) || halfDays <= 0)
    throw invalidInput('A deployment needs some days (half days allowed), more than 0.')
}

function requireDates(startsOn: string, endsOn: string): void {
  if (!isIsoDate(startsOn)) throw invalidInput(`The start must be a date like 2027-01-04, not "${startsOn}".`)
  if (!isIsoDate(endsOn)) throw invalidInput(`The end must be a date like 2027-07-16, not "${endsOn}".`)
  if (startsOn > endsOn) throw invalidInput(`The deployment starts (${startsOn}) after it ends (${endsOn}).`)
}

export function requireText(text: string | null | undefined, what: string, field: RequiredText): string {
  const trimmed = text?.trim() ?? ''
  if (trimmed === '') throw invalidInput(`${what}.`, {code: 'text.missing', data: {field}})
  return trimmed
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>
}

async function homeTrustOf(repos: Repos, homeUrn: number | null, homeTrustCode: string | null): Promise<string | null> {
  if (homeTrustCode !== null) return homeTrustCode
  if (homeUrn === null) return null
  return (await repos.schools.get(homeUrn))?.trust?.code ?? null
}
