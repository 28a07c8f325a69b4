import {distanceKm} from '../geo.js'
import type {Designation, DesignationKind} from '../model.js'
import type {MatchConfig} from './config.js'
import type {MatchLeader, MatchNeed, MatchSchool, MatchTables} from './model.js'

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
 * every omission is listed in `notes`. Hard vetoes (below) rule a pair out whatever its score.
 */

export type VetoCode =
  | 'no-expertise'
  | 'wrong-designation'
  | 'designation-inactive'
  | 'own-school'
  | 'same-trust'
  | 'phase'
  | 'too-far'
  | 'no-capacity'
  | 'unavailable'
  | 'objection'
  | 'rejected-before'
  | 'ended-early'
  | 'excluded'

export interface Veto {
  code: VetoCode
  reason: string
  /** For no-capacity: half days short in the tightest year. For too-far: the distance. */
  shortfallHalfDays?: number
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

const round4 = (value: number) => Math.round(value * 10_000) / 10_000

export function evaluatePair(
  need: MatchNeed,
  leader: MatchLeader,
  config: MatchConfig,
  tables: MatchTables,
  options: EvaluateOptions = {},
): PairEvaluation {
  const vetoes: Veto[] = []
  const notes: string[] = []

  // Expertise and designation.
  const coverage = expertiseCoverage(need.areas, leader.specialisms, tables)
  if (coverage === 0) vetoes.push({code: 'no-expertise', reason: `has none of ${describeAreas(need.areas, tables)} nor a related area`})
  const designation = designationFitFor(need, leader.designations, tables)
  if (designation.fit === 0) {
    if (designation.inactive) vetoes.push({code: 'designation-inactive', reason: designation.inactive})
    else vetoes.push({code: 'wrong-designation', reason: `${leader.designations.map((d) => d.kind).join('/') || 'no designation'} does not give ${need.supportType} support`})
  }
  if (designation.noKnownExpiry) notes.push('designation has no known expiry date')
  const expertise = coverage * designation.fit

  // Own school, own trust.
  const school = need.school
  if (school && leader.home && (leader.home.urn === school.urn || leader.home.linkedUrns.includes(school.urn) || school.linkedUrns.includes(leader.home.urn))) {
    vetoes.push({code: 'own-school', reason: `${school.name} is the leader's own school`})
  }
  const needTrust = school?.trustCode ?? need.trustCode
  if (needTrust !== null && leader.trustCode === needTrust && (config.vetoSameTrust || need.trustCode !== null)) {
    vetoes.push({code: 'same-trust', reason: `the leader works in the same trust (${needTrust})`})
  }

  // Context.
  const context = contextParts(school, leader, config, tables)
  if (context.phase === 0) vetoes.push({code: 'phase', reason: `${leader.phases.join('/') || 'unknown'} experience does not fit a ${school?.phase} school`})
  const contextScore = weightedAverage([
    [context.phase, config.context.phase],
    [context.disadvantage, config.context.disadvantage],
    [context.size, config.context.size],
    [context.type, config.context.type],
  ])
  for (const [part, value] of Object.entries(context)) if (value === null) notes.push(`context: ${part} unknown, left out`)
  const contextWithBonus = contextScore === null ? null : Math.min(1, contextScore + context.improvementBonus)

  // Distance.
  let distance: number | null = null
  let km: number | null = null
  if (need.location && leader.location) km = distanceKm(need.location, leader.location)
  if (need.deliveryMode !== 'remote') {
    if (km === null) {
      distance = config.unknownLocationScore
      notes.push(`distance unknown (${need.location ? "leader's" : "school's"} location missing): neutral ${config.unknownLocationScore}`)
    } else {
      distance = Math.exp(-km / config.distanceScaleKm)
      const radius = need.deliveryMode === 'blended' ? 2 * config.maxRadiusKm : config.maxRadiusKm
      if (km > radius) vetoes.push({code: 'too-far', reason: `${km.toFixed(0)} km away, beyond ${radius} km`, distanceKm: km})
    }
  }

  // Availability: capacity in every academic year the need's days fall in, and time off.
  let shortfall = 0
  let availability: number | null = null
  for (const [year, needed] of need.charge) {
    if (needed <= 0) continue
    const free = leader.freeByYear.get(year) ?? 0
    shortfall = Math.max(shortfall, needed - free)
    const ratio = Math.min(1, Math.max(0, free) / (2 * needed))
    availability = availability === null ? ratio : Math.min(availability, ratio)
  }
  if (shortfall > 0) {
    vetoes.push({code: 'no-capacity', reason: `${shortfall / 2} ${shortfall === 2 ? 'day' : 'days'} short of the ${need.halfDays / 2} asked`, shortfallHalfDays: shortfall})
  }
  const unavailable = leader.unavailableWorkingDays(need.id)
  if (need.workingDays > 0 && unavailable > 0) {
    if (unavailable >= need.workingDays) vetoes.push({code: 'unavailable', reason: 'unavailable for the whole window'})
    else {
      availability = (availability ?? 1) * (1 - unavailable / need.workingDays)
      notes.push(`unavailable ${unavailable} of ${need.workingDays} working days in the window`)
    }
  }

  // Continuity and history.
  const continuity = (school && leader.pastUrns.has(school.urn)) || (need.trustCode !== null && leader.pastTrusts.has(need.trustCode)) ? 1 : 0
  if (school && leader.objectedBy.has(school.urn)) vetoes.push({code: 'objection', reason: `${school.name} has objected to this leader`})
  if (leader.rejectedForNeeds.has(need.id)) vetoes.push({code: 'rejected-before', reason: 'a proposal of this leader for this need was rejected'})
  if (school && leader.endedEarlyUrns.has(school.urn)) vetoes.push({code: 'ended-early', reason: `a deployment with ${school.name} ended early`})
  if (options.excluded) vetoes.push({code: 'excluded', reason: 'excluded for this run'})

  const components: Components = {expertise, context: contextWithBonus, availability, distance, continuity}
  const fit =
    weightedAverage([
      [components.expertise, config.weights.expertise],
      [components.context, config.weights.context],
      [components.availability, config.weights.availability],
      [components.distance, config.weights.distance],
      [components.continuity, config.weights.continuity],
    ]) ?? 0
  const priorityMultiplier = config.priority[need.priority]
  const loadFactor = leader.utilisation === null ? 1 : Math.max(0, 1 - config.loadBalance * Math.min(1, Math.max(0, leader.utilisation)))
  return {
    needId: need.id,
    leaderId: leader.id,
    vetoes,
    components: {
      expertise: round4(components.expertise),
      context: components.context === null ? null : round4(components.context),
      availability: components.availability === null ? null : round4(components.availability),
      distance: components.distance === null ? null : round4(components.distance),
      continuity: components.continuity,
    },
    context: {
      phase: context.phase === null ? null : round4(context.phase),
      disadvantage: context.disadvantage === null ? null : round4(context.disadvantage),
      size: context.size === null ? null : round4(context.size),
      type: context.type,
      improvementBonus: context.improvementBonus,
    },
    designationFit: designation.fit,
    coverage: round4(coverage),
    fit: round4(fit),
    priorityMultiplier,
    loadFactor: round4(loadFactor),
    score: round4(fit * priorityMultiplier * loadFactor),
    distanceKm: km === null ? null : Math.round(km * 10) / 10,
    notes,
  }
}

/** Mean over the need's areas of the best credit the leader earns for each: 0 when none. */
export function expertiseCoverage(areas: readonly string[], specialisms: ReadonlyMap<string, number>, tables: MatchTables): number {
  if (areas.length === 0) return 0
  let total = 0
  for (const area of areas) {
    let best = (specialisms.get(area) ?? 0) * 1
    const related = tables.related.get(area)
    if (related) {
      for (const [other, credit] of related) best = Math.max(best, (specialisms.get(other) ?? 0) * credit)
    }
    total += best
  }
  return total / areas.length
}

/** The best fit among designations that are active through the need's window. */
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

function contextParts(school: MatchSchool | null, leader: MatchLeader, config: MatchConfig, tables: MatchTables): ContextParts {
  const home = leader.home
  let phase: number | null = null
  if (school?.phase && leader.phases.length > 0) {
    const row = tables.phaseCompatibility.get(school.phase)
    phase = Math.max(0, ...leader.phases.map((leaderPhase) => row?.get(leaderPhase) ?? 0))
  }
  let disadvantage: number | null = null
  if (school && home) {
    if (school.fsmEverPercentile !== null && home.fsmEverPercentile !== null) disadvantage = 1 - Math.abs(school.fsmEverPercentile - home.fsmEverPercentile)
    else if (school.fsmPercentile !== null && home.fsmPercentile !== null) disadvantage = 1 - Math.abs(school.fsmPercentile - home.fsmPercentile)
  }
  const size =
    school?.pupils && home?.pupils ? Math.min(school.pupils, home.pupils) / Math.max(school.pupils, home.pupils) : null
  let type: number | null = null
  if (school?.typeGroup && home?.typeGroup) {
    const mainstream = new Set(['la-maintained', 'academy'])
    type = school.typeGroup === home.typeGroup ? 1 : mainstream.has(school.typeGroup) && mainstream.has(home.typeGroup) ? 0.6 : 0.2
  }
  return {phase, disadvantage, size, type, improvementBonus: home?.improved ? config.improvementBonus : 0}
}

/** Weighted average of the values present; null when none is. */
export function weightedAverage(parts: readonly [number | null, number][]): number | null {
  let sum = 0
  let weights = 0
  for (const [value, weight] of parts) {
    if (value === null || weight === 0) continue
    sum += value * weight
    weights += weight
  }
  return weights === 0 ? null : sum / weights
}

export function describeAreas(areas: readonly string[], tables: MatchTables): string {
  return areas.map((area) => tables.areaNames.get(area) ?? area).join(', ')
}
