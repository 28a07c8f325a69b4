// Longer than 400 lines: every component of a pair's score and every veto, each with the reason it gives,
// are kept in one file so that the answer to a director's "why this leader?" is read in one place.
import {formatDays} from '../days.js'
import {distanceKm} from '../geo.js'
import type {Designation, DesignationKind} from '../model.js'
import {beyondReach, coversPhase, needPhase, reachKm} from './candidates.js'
import type {MatchConfig} from './config.js'
import type {MatchLeader, MatchNeed, MatchTables} from './model.js'

/**
 * How a match is scored. For a need and a candidate leader:
 *
 *   score = priority(need) x loadFactor(leader) x weighted average of the components present
 *
 * Components, each in [0, 1]:
 * - expertise: mean over the need's areas of the best credit the leader's specialisms earn (an
 *   exact area 1, an explicitly related area its credit from data/related-specialisms.csv, both
 *   times the confidence of the leader's mapping), times designation fit (data/designation-fit.csv);
 * - context: weighted average of phase compatibility (data/phase-compatibility.csv), disadvantage
 *   similarity (FSM-ever percentile within phase, else FSM), size similarity (pupil ratio) and
 *   type group, plus a bonus when the home school improved from RI or inadequate;
 * - availability: free days in the need's years against twice the days asked, less any days
 *   the leader is unavailable in the window;
 * - distance: exp(-km / scale); left out for remote support; neutral when a location is unknown;
 * - continuity: 1 when the leader has supported the school (or trust) before or has a legacy link.
 * A component or context part whose inputs are missing is left out and the rest renormalised;
 * every omission is listed in `notes`. Hard vetoes rule a pair out whatever its score.
 *
 * `scorePair` is the one computation, allocation-free because a national run scores millions of
 * pairs; `evaluatePair` runs it and spells out the vetoes and notes for people.
 *
 * Longer than 400 lines on purpose: "how is a match scored?" is answered in this one file, and the
 * computation and its wording for people must be read side by side to stay in step. Who is scored
 * at all (expertise, reach) is in candidates.ts.
 */

export const VETO_CODES = [
  'excluded',
  'no-expertise',
  'wrong-designation',
  'designation-inactive',
  'own-school',
  'same-trust',
  'objection',
  'rejected-before',
  'ended-early',
  'phase',
  'cross-phase',
  'unavailable',
  'too-far',
  'no-capacity',
] as const
export type VetoCode = (typeof VETO_CODES)[number]

export const VETO_BIT = Object.fromEntries(VETO_CODES.map((code, index) => [code, 1 << index])) as Record<
  VetoCode,
  number
>

export interface Veto {
  code: VetoCode
  reason: string
  /** For no-capacity: half days short in the tightest year. For too-far: the distance. */
  shortfallHalfDays?: number
  /** For cross-phase: the leader's phase experience, in words ("secondary"). */
  experience?: string
  distanceKm?: number
}

export interface Components {
  expertise: number
  context: number | null
  availability: number | null
  distance: number | null
  continuity: number
}

export interface ContextParts {
  phase: number | null
  disadvantage: number | null
  size: number | null
  type: number | null
  improvementBonus: number
}

export interface PairEvaluation {
  needId: number
  leaderId: number
  vetoes: Veto[]
  components: Components
  context: ContextParts
  designationFit: number
  coverage: number
  /** Weighted average of the components present, before priority and load factor. */
  fit: number
  priorityMultiplier: number
  loadFactor: number
  score: number
  distanceKm: number | null
  notes: string[]
}

export interface EvaluateOptions {
  excluded?: boolean
}

/** The working numbers of one scoring; NaN marks a part whose inputs are missing. */
export interface PairScratch {
  vetoes: number
  coverage: number
  designationFit: number
  designationInactive: boolean
  noKnownExpiry: boolean
  expertise: number
  phase: number
  disadvantage: number
  size: number
  type: number
  improvementBonus: number
  context: number
  km: number
  distance: number
  availability: number
  shortfall: number
  unavailable: number
  continuity: number
  fit: number
  priorityMultiplier: number
  loadFactor: number
  score: number
}

export function newScratch(): PairScratch {
  return {
    vetoes: 0,
    coverage: 0,
    designationFit: 0,
    designationInactive: false,
    noKnownExpiry: false,
    expertise: 0,
    phase: Number.NaN,
    disadvantage: Number.NaN,
    size: Number.NaN,
    type: Number.NaN,
    improvementBonus: 0,
    context: Number.NaN,
    km: Number.NaN,
    distance: Number.NaN,
    availability: Number.NaN,
    shortfall: 0,
    unavailable: 0,
    continuity: 0,
    fit: 0,
    priorityMultiplier: 1,
    loadFactor: 1,
    score: 0,
  }
}

/** Scores and their parts are kept to four decimals. */
export const round4 = (value: number) => Math.round(value * 10_000) / 10_000
const orNull = (value: number) => (Number.isNaN(value) ? null : round4(value))
const MAINSTREAM = new Set(['la-maintained', 'academy'])

/**
 * Scores one pair into `out` and returns the score, or -1 when any veto applies. With
 * `stopAtVeto`, work stops at the first veto (the cheap checks come first), for the bulk pass.
 */
export function scorePair(
  need: MatchNeed,
  leader: MatchLeader,
  config: MatchConfig,
  tables: MatchTables,
  excluded: boolean,
  out: PairScratch,
  stopAtVeto: boolean,
): number {
  out.vetoes = 0
  if (excluded && flag(out, 'excluded', stopAtVeto)) return -1
  const school = need.school

  // Distance: the cheapest veto that rules out most pairs.
  out.km = need.location && leader.location ? distanceKm(need.location, leader.location) : Number.NaN
  out.distance = Number.NaN
  if (need.deliveryMode !== 'remote') {
    if (Number.isNaN(out.km)) out.distance = config.unknownLocationScore
    else {
      out.distance = Math.exp(-out.km / config.distanceScaleKm)
      if (beyondReach(out.km, need.deliveryMode, config.maxRadiusKm) && flag(out, 'too-far', stopAtVeto)) return -1
    }
  }

  // Capacity in every academic year the need's days fall in.
  out.shortfall = 0
  out.availability = Number.NaN
  const charge = chargeList(need)
  for (let index = 0; index < charge.length; index += 2) {
    const year = charge[index]!
    const needed = charge[index + 1]!
    if (needed <= 0) continue
    const free = leader.freeByYear.get(year) ?? 0
    if (needed - free > out.shortfall) out.shortfall = needed - free
    const ratio = Math.min(1, Math.max(0, free) / (2 * needed))
    out.availability = Number.isNaN(out.availability) ? ratio : Math.min(out.availability, ratio)
  }
  if (out.shortfall > 0 && flag(out, 'no-capacity', stopAtVeto)) return -1

  // History and relationships.
  if (school) {
    if (leader.objectedBy.has(school.urn) && flag(out, 'objection', stopAtVeto)) return -1
    if (leader.endedEarlyUrns.has(school.urn) && flag(out, 'ended-early', stopAtVeto)) return -1
    const home = leader.home
    if (
      home &&
      (home.urn === school.urn || home.linkedUrns.includes(school.urn) || school.linkedUrns.includes(home.urn)) &&
      flag(out, 'own-school', stopAtVeto)
    )
      return -1
  }
  if (leader.rejectedForNeeds.has(need.id) && flag(out, 'rejected-before', stopAtVeto)) return -1
  const needTrust = school?.trustCode ?? need.trustCode
  if (
    needTrust !== null &&
    leader.trustCode === needTrust &&
    (config.vetoSameTrust || need.trustCode !== null) &&
    flag(out, 'same-trust', stopAtVeto)
  )
    return -1

  // Expertise and designation.
  out.coverage = expertiseCoverage(need.areas, leader.specialisms, tables)
  if (out.coverage === 0 && flag(out, 'no-expertise', stopAtVeto)) return -1
  out.designationFit = bestDesignationFit(need, leader.designations, tables, out)
  if (
    out.designationFit === 0 &&
    flag(out, out.designationInactive ? 'designation-inactive' : 'wrong-designation', stopAtVeto)
  )
    return -1
  out.expertise = out.coverage * out.designationFit

  // Time off in the window.
  out.unavailable = leader.unavailableWorkingDays(need.id)
  if (need.workingDays > 0 && out.unavailable > 0) {
    if (out.unavailable >= need.workingDays) {
      if (flag(out, 'unavailable', stopAtVeto)) return -1
    } else {
      out.availability =
        (Number.isNaN(out.availability) ? 1 : out.availability) * (1 - out.unavailable / need.workingDays)
    }
  }

  // Context.
  const home = leader.home
  out.phase = Number.NaN
  if (school?.phase && leader.phases.length > 0) {
    const row = tables.phaseCompatibility.get(school.phase)
    let best = 0
    for (const phase of leader.phases) best = Math.max(best, row?.get(phase) ?? 0)
    out.phase = best
    if (best === 0) {
      if (flag(out, 'phase', stopAtVeto)) return -1
    } else if (
      !config.crossPhaseSupport &&
      !coversPhase(need, leader.phases, tables.phaseCover) &&
      flag(out, 'cross-phase', stopAtVeto)
    )
      return -1
  }
  out.disadvantage = Number.NaN
  out.size = Number.NaN
  out.type = Number.NaN
  if (school && home) {
    if (school.fsmEverPercentile !== null && home.fsmEverPercentile !== null)
      out.disadvantage = 1 - Math.abs(school.fsmEverPercentile - home.fsmEverPercentile)
    else if (school.fsmPercentile !== null && home.fsmPercentile !== null)
      out.disadvantage = 1 - Math.abs(school.fsmPercentile - home.fsmPercentile)
    if (school.pupils && home.pupils)
      out.size = Math.min(school.pupils, home.pupils) / Math.max(school.pupils, home.pupils)
    if (school.typeGroup && home.typeGroup) {
      out.type =
        school.typeGroup === home.typeGroup
          ? 1
          : MAINSTREAM.has(school.typeGroup) && MAINSTREAM.has(home.typeGroup)
            ? 0.6
            : 0.2
    }
  }
  out.improvementBonus = home?.improved ? config.improvementBonus : 0
  const context = average4(
    out.phase,
    config.context.phase,
    out.disadvantage,
    config.context.disadvantage,
    out.size,
    config.context.size,
    out.type,
    config.context.type,
  )
  out.context = Number.isNaN(context) ? Number.NaN : Math.min(1, context + out.improvementBonus)

  out.continuity =
    (school && leader.pastUrns.has(school.urn)) || (need.trustCode !== null && leader.pastTrusts.has(need.trustCode))
      ? 1
      : 0

  const weights = config.weights
  let sum = out.expertise * weights.expertise + out.continuity * weights.continuity
  let weightSum = weights.expertise + weights.continuity
  if (!Number.isNaN(out.context)) {
    sum += out.context * weights.context
    weightSum += weights.context
  }
  if (!Number.isNaN(out.availability)) {
    sum += out.availability * weights.availability
    weightSum += weights.availability
  }
  if (!Number.isNaN(out.distance)) {
    sum += out.distance * weights.distance
    weightSum += weights.distance
  }
  out.fit = weightSum === 0 ? 0 : sum / weightSum
  out.priorityMultiplier = config.priority[need.priority]
  out.loadFactor =
    leader.utilisation === null ? 1 : Math.max(0, 1 - config.loadBalance * Math.min(1, Math.max(0, leader.utilisation)))
  out.score = round4(out.fit * out.priorityMultiplier * out.loadFactor)
  return out.vetoes === 0 ? out.score : -1
}

/** Records a veto; true when the caller should stop scoring. */
function flag(out: PairScratch, code: VetoCode, stopAtVeto: boolean): boolean {
  out.vetoes |= VETO_BIT[code]
  return stopAtVeto
}

const charges = new WeakMap<MatchNeed, number[]>()

/** A need's charge as flat [year, half days, ...], kept per need: iterating a Map allocates. */
function chargeList(need: MatchNeed): number[] {
  let list = charges.get(need)
  if (!list) {
    list = [...need.charge].flat()
    charges.set(need, list)
  }
  return list
}

const relatedLists = new WeakMap<Map<string, number>, {codes: string[]; credits: number[]}>()

function relatedList(related: Map<string, number>): {codes: string[]; credits: number[]} {
  let list = relatedLists.get(related)
  if (!list) {
    list = {codes: [...related.keys()], credits: [...related.values()]}
    relatedLists.set(related, list)
  }
  return list
}

/** The whole picture of one pair: every veto with its reason, every component, every omission. */
export function evaluatePair(
  need: MatchNeed,
  leader: MatchLeader,
  config: MatchConfig,
  tables: MatchTables,
  options: EvaluateOptions = {},
): PairEvaluation {
  const out = newScratch()
  scorePair(need, leader, config, tables, options.excluded ?? false, out, false)
  const vetoes: Veto[] = []
  const has = (code: VetoCode) => (out.vetoes & VETO_BIT[code]) !== 0
  for (const code of VETO_CODES) {
    if (!has(code)) continue
    vetoes.push(describeVeto(code, need, leader, config, tables, out))
  }
  const notes: string[] = []
  if (out.noKnownExpiry) notes.push('designation has no known expiry date')
  for (const part of ['phase', 'disadvantage', 'size', 'type'] as const)
    if (Number.isNaN(out[part])) notes.push(`context: ${part} unknown, left out`)
  if (need.deliveryMode !== 'remote' && Number.isNaN(out.km)) {
    notes.push(
      `distance unknown (${need.location ? "leader's" : "school's"} location missing): neutral ${config.unknownLocationScore}`,
    )
  }
  if (out.unavailable > 0 && out.unavailable < need.workingDays)
    notes.push(`unavailable ${out.unavailable} of ${need.workingDays} working days in the window`)
  return {
    needId: need.id,
    leaderId: leader.id,
    vetoes,
    components: {
      expertise: round4(out.expertise),
      context: orNull(out.context),
      availability: orNull(out.availability),
      distance: orNull(out.distance),
      continuity: out.continuity,
    },
    context: {
      phase: orNull(out.phase),
      disadvantage: orNull(out.disadvantage),
      size: orNull(out.size),
      type: orNull(out.type),
      improvementBonus: out.improvementBonus,
    },
    designationFit: out.designationFit,
    coverage: round4(out.coverage),
    fit: round4(out.fit),
    priorityMultiplier: out.priorityMultiplier,
    loadFactor: round4(out.loadFactor),
    score: out.score,
    distanceKm: Number.isNaN(out.km) ? null : Math.round(out.km * 10) / 10,
    notes,
  }
}

function describeVeto(
  code: VetoCode,
  need: MatchNeed,
  leader: MatchLeader,
  config: MatchConfig,
  tables: MatchTables,
  out: PairScratch,
): Veto {
  const school = need.school
  switch (code) {
    case 'excluded':
      return {code, reason: 'excluded for this run'}
    case 'no-expertise':
      return {code, reason: `has none of ${describeAreas(need.areas, tables)} nor a related area`}
    case 'wrong-designation':
      return {
        code,
        reason: `${leader.designations.map((d) => d.kind).join('/') || 'no designation'} does not give ${need.supportType} support`,
      }
    case 'designation-inactive':
      return {code, reason: designationFitFor(need, leader.designations, tables).inactive ?? 'designation not active'}
    case 'own-school':
      return {code, reason: `${school?.name} is the leader's own school`}
    case 'same-trust':
      return {code, reason: `the leader works in the same trust (${school?.trustCode ?? need.trustCode})`}
    case 'objection':
      return {code, reason: `${school?.name} has objected to this leader`}
    case 'rejected-before':
      return {code, reason: 'a proposal of this leader for this need was rejected'}
    case 'ended-early':
      return {code, reason: `a deployment with ${school?.name} ended early`}
    case 'phase':
      return {code, reason: `${leader.phases.join('/') || 'unknown'} experience does not fit a ${school?.phase} school`}
    case 'cross-phase': {
      const experience = leader.phases.join('/')
      const phase = needPhase(need, tables.phaseCover)
      const at = phase === school?.phase ? `a ${phase} school` : `${phase} support at a ${school?.phase} school`
      return {
        code,
        reason: `${experience} experience only, for ${at} (cross-phase support is off)`,
        experience,
      }
    }
    case 'unavailable':
      return {code, reason: 'unavailable for the whole window'}
    case 'too-far':
      return {
        code,
        reason: `${out.km.toFixed(0)} km away, beyond ${reachKm(need.deliveryMode, config.maxRadiusKm)} km`,
        distanceKm: out.km,
      }
    case 'no-capacity':
      return {
        code,
        reason: `${formatDays(out.shortfall)} ${out.shortfall === 2 ? 'day' : 'days'} short of the ${formatDays(need.halfDays)} asked`,
        shortfallHalfDays: out.shortfall,
      }
  }
}

/** Mean over the need's areas of the best credit the leader earns for each: 0 when none. */
export function expertiseCoverage(
  areas: readonly string[],
  specialisms: ReadonlyMap<string, number>,
  tables: MatchTables,
): number {
  if (areas.length === 0) return 0
  let total = 0
  for (const area of areas) {
    let best = specialisms.get(area) ?? 0
    const related = tables.related.get(area)
    if (related) {
      const {codes, credits} = relatedList(related)
      for (let index = 0; index < codes.length; index += 1) {
        const confidence = specialisms.get(codes[index]!)
        if (confidence !== undefined && confidence * credits[index]! > best) best = confidence * credits[index]!
      }
    }
    total += best
  }
  return total / areas.length
}

/** The best fit among designations active through the need's window (no allocation). */
function bestDesignationFit(
  need: MatchNeed,
  designations: readonly Designation[],
  tables: MatchTables,
  out: PairScratch,
): number {
  const fits = tables.designationFit.get(need.supportType)
  let best = 0
  out.designationInactive = false
  out.noKnownExpiry = false
  for (const designation of designations) {
    const fit = fits?.get(designation.kind) ?? 0
    if (fit === 0) continue
    if (designation.status !== 'active' || (designation.reviewOn !== null && designation.reviewOn < need.windowEnd)) {
      out.designationInactive = true
      continue
    }
    if (fit > best) {
      best = fit
      out.noKnownExpiry = designation.reviewOn === null
    }
  }
  return best
}

/** The best fit among designations that are active through the need's window, with the reason when none is. */
export function designationFitFor(
  need: Pick<MatchNeed, 'supportType' | 'windowEnd'>,
  designations: readonly Designation[],
  tables: MatchTables,
): {fit: number; inactive: string | null; noKnownExpiry: boolean; kind: DesignationKind | null} {
  const fits = tables.designationFit.get(need.supportType)
  let best = 0
  let kind: DesignationKind | null = null
  let inactive: string | null = null
  let noKnownExpiry = false
  for (const designation of designations) {
    const fit = fits?.get(designation.kind) ?? 0
    if (fit === 0) continue
    if (designation.status !== 'active') {
      inactive ??= `${designation.kind} designation ${designation.status}`
      continue
    }
    if (designation.reviewOn !== null && designation.reviewOn < need.windowEnd) {
      inactive ??= `${designation.kind} designation expires ${designation.reviewOn}, before the window ends`
      continue
    }
    if (fit > best) {
      best = fit
      kind = designation.kind
      noKnownExpiry = designation.reviewOn === null
    }
  }
  return {fit: best, inactive: best > 0 ? null : inactive, noKnownExpiry, kind}
}

/** Weighted average of up to four parts, skipping missing (NaN) ones; NaN when none is present. */
function average4(a: number, wa: number, b: number, wb: number, c: number, wc: number, d: number, wd: number): number {
  let sum = 0
  let weights = 0
  if (!Number.isNaN(a) && wa > 0) {
    sum += a * wa
    weights += wa
  }
  if (!Number.isNaN(b) && wb > 0) {
    sum += b * wb
    weights += wb
  }
  if (!Number.isNaN(c) && wc > 0) {
    sum += c * wc
    weights += wc
  }
  if (!Number.isNaN(d) && wd > 0) {
    sum += d * wd
    weights += wd
  }
  return weights === 0 ? Number.NaN : sum / weights
}

export function describeAreas(areas: readonly string[], tables: MatchTables): string {
  return areas.map((area) => tables.areaNames.get(area) ?? area).join(', ')
}
