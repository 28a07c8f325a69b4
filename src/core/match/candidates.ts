import type {LatLon} from '../geo.js'
import type {DeliveryMode, Phase, SupportType} from '../model.js'
import type {MatchConfig} from './config.js'
import type {MatchLeader, MatchNeed, MatchTables} from './model.js'
import type {VetoCode} from './scoring.js'

/**
 * Who can be a candidate for a need, and within what reach. Everything that narrows the leaders
 * a need is scored against lives here; scoring (scoring.ts) then vetoes and scores each pair.
 *
 * - Expertise: only leaders holding one of the need's areas, or an area related to one
 *   (data/related-specialisms.csv), can score for it; anyone else would be vetoed for want of
 *   expertise, so they are never scored.
 * - Reach: in-person support reaches `maxRadiusKm` from the need's school; blended support, done
 *   partly at a distance, reaches twice as far; remote support reaches everyone. A leader beyond
 *   the reach is vetoed as too far (scoring measures the great-circle distance exactly).
 * - Boxes: latitude/longitude boxes a little wider than the reach, cheap to test on flat arrays
 *   or in SQL, rule out leaders far away before any distance is measured.
 * - Pins: a pinned leader is a candidate for the pinned need whatever their reach.
 * - Phase: a leader is a candidate only where their phase experience covers the need's phase
 *   (data/phase-cover.csv, data/area-phases.csv): a primary phonics SLE does not support a
 *   secondary English department. The match setting `crossPhaseSupport` lifts this; scoring
 *   vetoes the rest as 'cross-phase' so an unmatched need can say whom it would lift.
 * - For coverage reports, a leader vetoed only by circumstance (distance, capacity, time off,
 *   history) is still a candidate; one vetoed for who they are (expertise, designation, phase,
 *   own school or trust) is not.
 */

/** How far in-person support reaches, in km: the radius, doubled for blended support; null for remote. */
export function reachKm(deliveryMode: DeliveryMode, maxRadiusKm: number): number | null {
  if (deliveryMode === 'remote') return null
  return deliveryMode === 'blended' ? 2 * maxRadiusKm : maxRadiusKm
}

/** Whether a leader this far away is beyond the need's reach (never for remote support). */
export function beyondReach(km: number, deliveryMode: DeliveryMode, maxRadiusKm: number): boolean {
  const reach = reachKm(deliveryMode, maxRadiusKm)
  return reach !== null && km > reach
}

/** Half the width and height, in degrees, of a box around `latitude` that holds every point within `km`. */
export function reachSpan(latitude: number, km: number): {latitude: number; longitude: number} {
  // 110 km per degree (a degree of latitude is 111.2 km), widened by 0.01 degrees: the box holds
  // the whole circle, and a little more, at every latitude.
  return {
    latitude: km / 110 + 0.01,
    longitude: km / (110 * Math.max(0.1, Math.cos((latitude * Math.PI) / 180))) + 0.01,
  }
}

/** A latitude/longitude box; leaders based outside it are beyond the reach it was drawn for. */
export interface ReachBox {
  south: number
  north: number
  west: number
  east: number
}

/**
 * A box around each need's school, as wide as its reach, or null when the needs cannot be
 * narrowed this way: one is remote (everyone is within reach) or its location is unknown.
 */
export function reachBoxes(
  needs: readonly {deliveryMode: DeliveryMode; location: LatLon | null}[],
  maxRadiusKm: number,
): ReachBox[] | null {
  const boxes: ReachBox[] = []
  for (const need of needs) {
    const reach = reachKm(need.deliveryMode, maxRadiusKm)
    if (reach === null || !need.location) return null
    const span = reachSpan(need.location.latitude, reach)
    boxes.push({
      south: need.location.latitude - span.latitude,
      north: need.location.latitude + span.latitude,
      west: need.location.longitude - span.longitude,
      east: need.location.longitude + span.longitude,
    })
  }
  return boxes
}

/** Calls `visit` with each code whose holders can score for the areas, in order: an area, then those related to it. */
function forEachScoringArea(areas: readonly string[], related: MatchTables['related'], visit: (code: string) => void) {
  for (const area of areas) {
    visit(area)
    for (const other of related.get(area)?.keys() ?? []) visit(other)
  }
}

/** The areas whose holders can score for these: each area and every area related to it. */
export function areasWithRelated(areas: readonly string[], related: MatchTables['related']): Set<string> {
  const all = new Set<string>()
  forEachScoringArea(areas, related, (code) => all.add(code))
  return all
}

/** Leaders (by their position in a list) indexed by the areas they hold. */
export class Holders {
  private readonly byArea = new Map<string, number[]>()
  private readonly seen: Int32Array
  private stamp = 0

  constructor(
    leaders: readonly {specialisms: ReadonlyMap<string, number>}[],
    private readonly related: MatchTables['related'],
  ) {
    leaders.forEach((leader, index) => {
      for (const area of leader.specialisms.keys()) {
        const holders = this.byArea.get(area)
        if (holders) holders.push(index)
        else this.byArea.set(area, [index])
      }
    })
    this.seen = new Int32Array(leaders.length)
  }

  /**
   * Every leader holding one of the areas or a related one, each once: the holders of the first
   * area, then of the areas related to it, then the next area's.
   */
  of(areas: readonly string[]): number[] {
    this.stamp += 1
    const found: number[] = []
    forEachScoringArea(areas, this.related, (code) => {
      for (const index of this.byArea.get(code) ?? []) {
        if (this.seen[index] === this.stamp) continue
        this.seen[index] = this.stamp
        found.push(index)
      }
    })
    return found
  }
}

/** The candidates of one need in a run: leaders by their position in the run's list. */
export interface NeedCandidates {
  /** Holders of the need's areas within its reach (or whose location is unknown), and a pinned leader. */
  inReach: number[]
  /** Holders of the need's areas outside every box of its reach: vetoed as too far without scoring. */
  outOfReach: number
}

/**
 * The candidates of each need, in the needs' order: holders of its areas, split by a box test on
 * their home's position (flat arrays: a national run tests millions of pairs), plus its pinned
 * leader. The box is a little wider than the reach; scoring measures the distance exactly.
 */
export function findCandidates(
  needs: readonly MatchNeed[],
  leaders: readonly MatchLeader[],
  config: Pick<MatchConfig, 'maxRadiusKm'>,
  holders: Holders,
  pinnedIndex: (needId: number) => number | undefined,
): NeedCandidates[] {
  const latitudes = Float64Array.from(leaders, (leader) => leader.location?.latitude ?? Number.NaN)
  const longitudes = Float64Array.from(leaders, (leader) => leader.location?.longitude ?? Number.NaN)
  return needs.map((need) => {
    // A remote need, or one whose school has no known location, is within everyone's reach.
    const reach = reachKm(need.deliveryMode, config.maxRadiusKm)
    const centre = reach === null ? null : need.location
    const span = centre ? reachSpan(centre.latitude, reach!) : null
    const inReach: number[] = []
    let outOfReach = 0
    for (const index of holders.of(need.areas)) {
      const latitude = latitudes[index]!
      if (
        !centre ||
        !span ||
        Number.isNaN(latitude) ||
        (Math.abs(latitude - centre.latitude) <= span.latitude &&
          Math.abs(longitudes[index]! - centre.longitude) <= span.longitude)
      ) {
        inReach.push(index)
      } else outOfReach += 1
    }
    const pinned = pinnedIndex(need.id)
    if (pinned !== undefined && !inReach.includes(pinned)) inReach.push(pinned)
    return {inReach, outOfReach}
  })
}

/**
 * Vetoes that make a leader no candidate at all for a need (wrong expertise, designation, phase,
 * own school or trust). Anything else (distance, capacity, availability, history) leaves them a
 * candidate held back by circumstance.
 */
const NOT_A_CANDIDATE: ReadonlySet<VetoCode> = new Set([
  'no-expertise',
  'wrong-designation',
  'designation-inactive',
  'own-school',
  'same-trust',
  'phase',
  'cross-phase',
])

/** Whether a leader with these vetoes is still a candidate, held back only by circumstance. */
export const isCandidate = (evaluation: {vetoes: readonly VetoCode[]}): boolean =>
  !evaluation.vetoes.some((veto) => NOT_A_CANDIDATE.has(veto))

/** One row of data/phase-cover.csv: experience of `leaderPhase` covers needs of `needPhase` ('*' for any). */
export interface PhaseCoverRule {
  needPhase: Phase | '*'
  leaderPhase: Phase | '*'
  supportType: SupportType | '*'
  /** A group (data/area-phases.csv) holding every area of the need, or '*'. */
  areaGroup: string
}

/** What counts as covering a need's phase: the rules and the areas' phases and groups. */
export interface PhaseCover {
  rules: readonly PhaseCoverRule[]
  /** Area code -> the phase its support is for at a school spanning phases (phonics: primary). */
  areaPhase: ReadonlyMap<string, Phase>
  /** Area code -> the groups it belongs to (send, inclusion, early-years, phase-blind). */
  areaGroups: ReadonlyMap<string, ReadonlySet<string>>
}

/**
 * The phase a need's support is for: the school's, except at an all-through school, where the
 * need's areas give it when they name one phase between them (phonics is primary). Null when the
 * school's phase is unknown (trust-wide needs, schools without a phase).
 */
export function needPhase(need: Pick<MatchNeed, 'school' | 'areas'>, cover: PhaseCover): Phase | null {
  const phase = need.school?.phase ?? null
  if (phase !== 'all-through') return phase
  const given = new Set(need.areas.map((area) => cover.areaPhase.get(area)).filter((found) => found !== undefined))
  return given.size === 1 ? [...given][0]! : phase
}

/**
 * The phases of experience that cover a need, or null when any experience does (phase-blind
 * support, or a need phase the rules leave to data/phase-compatibility.csv).
 */
export function coveringPhases(
  need: Pick<MatchNeed, 'school' | 'areas' | 'supportType'>,
  cover: PhaseCover,
): ReadonlySet<string> | null {
  const phase = needPhase(need, cover)
  if (phase === null || !cover.rules.some((rule) => rule.needPhase === phase)) return null
  const inGroup = (group: string) =>
    group === '*' || (need.areas.length > 0 && need.areas.every((area) => cover.areaGroups.get(area)?.has(group)))
  const phases = new Set<string>()
  for (const rule of cover.rules) {
    if (rule.needPhase !== '*' && rule.needPhase !== phase) continue
    if (rule.supportType !== '*' && rule.supportType !== need.supportType) continue
    if (!inGroup(rule.areaGroup)) continue
    if (rule.leaderPhase === '*') return null
    phases.add(rule.leaderPhase)
  }
  return phases
}

/** The phases that cover each need, under each set of rules (a need's covering phases are asked for once per leader). */
const coveringByCover = new WeakMap<PhaseCover, WeakMap<MatchNeed, ReadonlySet<string> | null>>()

/**
 * Whether a leader's phase experience covers the need (scoring's 'cross-phase' veto when not). A
 * leader whose phases are unknown is not held back: scoring notes the phase as unknown.
 */
export function coversPhase(need: MatchNeed, leaderPhases: readonly Phase[], cover: PhaseCover): boolean {
  if (leaderPhases.length === 0) return true
  let byNeed = coveringByCover.get(cover)
  if (byNeed === undefined) coveringByCover.set(cover, (byNeed = new WeakMap()))
  let covering = byNeed.get(need)
  if (covering === undefined) {
    covering = coveringPhases(need, cover)
    byNeed.set(need, covering)
  }
  return covering === null || leaderPhases.some((phase) => covering.has(phase))
}
