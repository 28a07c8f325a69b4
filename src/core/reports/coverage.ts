import {academicYearLabel} from '../calendar.js'
import type {LatLon} from '../geo.js'
import {isCandidate, reachKm} from '../match/candidates.js'
import type {VetoCode} from '../match/scoring.js'
import type {DeliveryMode} from '../model.js'
import {personName, type ReportBase, reportGlossary, sum} from './common.js'
import type {Area} from './hub.js'
import {type MapData, point} from './map-data.js'

/**
 * `broker reports coverage`: supply against demand per specialism and per local authority, and
 * cold spots — open needs with no candidate within the radius.
 */

export interface CoverageNeedRow {
  id: number
  reference: string | null
  areas: string[]
  supportType: string
  deliveryMode: DeliveryMode
  requestedHalfDays: number
  priority: string
  school: {urn: number; name: string} | null
  trustCode: string | null
  area: Area
  location: LatLon | null
}

export interface CoverageLeaderRow {
  id: number
  ref: string
  name: string | null
  specialisms: string[]
  area: Area
  /** Free half days this academic year (capacity accounting). */
  freeHalfDays: number
  location: LatLon | null
}

/** One leader considered for one open need by the matching engine's rules. */
export interface CoverageEvaluation {
  needId: number
  leaderId: number
  vetoes: VetoCode[]
  distanceKm: number | null
}

export interface CoverageReportInput {
  hub: string
  asOf: string
  redact: boolean
  academicYear: number
  radiusKm: number
  needs: readonly CoverageNeedRow[]
  /** Leaders with an active designation. */
  leaders: readonly CoverageLeaderRow[]
  evaluations: readonly CoverageEvaluation[]
  areaNames: ReadonlyMap<string, string>
}

export interface BalanceRow {
  openNeeds: number
  demandHalfDays: number
  leaders: number
  supplyHalfDays: number
  balanceHalfDays: number
  coldSpots: number
}

export interface CoverageReport extends ReportBase {
  academicYear: {year: number; label: string}
  radiusKm: number
  bySpecialism: (BalanceRow & {code: string; name: string})[]
  byArea: (BalanceRow & Area)[]
  coldSpots: {
    needId: number
    reference: string | null
    school: string
    laName: string | null
    areas: string[]
    deliveryMode: DeliveryMode
    requestedHalfDays: number
    priority: string
    /** The radius that applied to this need (twice the radius for blended support). */
    radiusKm: number
    nearest: {ref: string; name: string | null; distanceKm: number} | null
    reason: string
  }[]
  totals: BalanceRow
  map: MapData
}

const areaKey = (area: Area) => `${area.region ?? ''}|${area.laCode ?? ''}`

export function buildCoverageReport(input: CoverageReportInput): CoverageReport {
  const {redact} = input
  const leadersById = new Map(input.leaders.map((leader) => [leader.id, leader]))
  const candidatesOf = new Map<number, CoverageEvaluation[]>()
  for (const evaluation of input.evaluations) {
    if (!isCandidate(evaluation) || !leadersById.has(evaluation.leaderId)) continue
    candidatesOf.set(evaluation.needId, [...(candidatesOf.get(evaluation.needId) ?? []), evaluation])
  }

  const coldSpots: CoverageReport['coldSpots'] = []
  for (const need of input.needs) {
    const radius = reachKm(need.deliveryMode, input.radiusKm)
    if (radius === null) continue
    const candidates = candidatesOf.get(need.id) ?? []
    if (candidates.some((candidate) => !candidate.vetoes.includes('too-far'))) continue
    const placed = candidates
      .filter((candidate) => candidate.distanceKm !== null)
      .sort((a, b) => a.distanceKm! - b.distanceKm!)
    const nearest = placed[0]
    const leader = nearest && leadersById.get(nearest.leaderId)!
    coldSpots.push({
      needId: need.id,
      reference: need.reference,
      school: need.school ? `${need.school.name} (${need.school.urn})` : `trust ${need.trustCode}`,
      laName: need.area.laName,
      areas: need.areas.map((code) => input.areaNames.get(code) ?? code),
      deliveryMode: need.deliveryMode,
      requestedHalfDays: need.requestedHalfDays,
      priority: need.priority,
      radiusKm: radius,
      nearest:
        leader && nearest
          ? {
              ref: leader.ref,
              name: personName(leader.name, redact),
              distanceKm: Math.round(nearest.distanceKm! * 10) / 10,
            }
          : null,
      reason:
        candidates.length === 0
          ? 'no leader with the expertise, designation and phase for this need'
          : leader && nearest
            ? `nearest candidate ${Math.round(nearest.distanceKm!)} km away, beyond ${radius} km`
            : 'no candidate with a known location',
    })
  }
  const coldSpotIds = new Set(coldSpots.map((spot) => spot.needId))

  const supply = (leaders: readonly CoverageLeaderRow[]) =>
    sum(leaders.map((leader) => Math.max(0, leader.freeHalfDays)))
  const balance = (needs: readonly CoverageNeedRow[], leaders: readonly CoverageLeaderRow[]): BalanceRow => {
    const demandHalfDays = sum(needs.map((need) => need.requestedHalfDays))
    const supplyHalfDays = supply(leaders)
    return {
      openNeeds: needs.length,
      demandHalfDays,
      leaders: leaders.length,
      supplyHalfDays,
      balanceHalfDays: supplyHalfDays - demandHalfDays,
      coldSpots: needs.filter((need) => coldSpotIds.has(need.id)).length,
    }
  }

  const specialismCodes = new Set([
    ...input.needs.flatMap((need) => need.areas),
    ...input.leaders.flatMap((leader) => leader.specialisms),
  ])
  const bySpecialism = [...specialismCodes]
    .map((code) => ({
      code,
      name: input.areaNames.get(code) ?? code,
      ...balance(
        input.needs.filter((need) => need.areas.includes(code)),
        input.leaders.filter((leader) => leader.specialisms.includes(code)),
      ),
    }))
    .sort((a, b) => a.balanceHalfDays - b.balanceHalfDays || a.name.localeCompare(b.name))

  const areas = new Map<string, Area>()
  for (const row of [...input.needs, ...input.leaders]) areas.set(areaKey(row.area), row.area)
  const byArea = [...areas]
    .map(([key, area]) => ({
      ...area,
      ...balance(
        input.needs.filter((need) => areaKey(need.area) === key),
        input.leaders.filter((leader) => areaKey(leader.area) === key),
      ),
    }))
    .sort(
      (a, b) => (a.region ?? '~').localeCompare(b.region ?? '~') || (a.laName ?? '~').localeCompare(b.laName ?? '~'),
    )

  return {
    cover: {
      kind: 'coverage',
      title: 'Coverage report',
      subject: `Supply and demand, ${academicYearLabel(input.academicYear)}`,
      hub: input.hub,
      asOf: input.asOf,
      period: null,
      redacted: redact,
    },
    academicYear: {year: input.academicYear, label: academicYearLabel(input.academicYear)},
    radiusKm: input.radiusKm,
    bySpecialism,
    byArea,
    coldSpots,
    totals: balance(input.needs, input.leaders),
    map: coverageMap(input, coldSpotIds, coldSpots),
    glossary: reportGlossary(
      ['as-of', 'demand', 'supply', 'balance', 'free', 'cold-spot', 'nearest-candidate'],
      redact,
    ),
  }
}

function coverageMap(
  input: CoverageReportInput,
  coldSpotIds: ReadonlySet<number>,
  coldSpots: CoverageReport['coldSpots'],
): MapData {
  const points: MapData['points'] = []
  const lines: MapData['lines'] = []
  let notDrawn = 0
  for (const leader of input.leaders) if (leader.location) points.push(point('leader', leader.ref, leader.location))
  const needsById = new Map(input.needs.map((need) => [need.id, need]))
  for (const need of input.needs) {
    if (!need.location) {
      notDrawn += 1
      continue
    }
    points.push(
      point(coldSpotIds.has(need.id) ? 'cold-spot' : 'need', need.reference ?? `need ${need.id}`, need.location),
    )
  }
  const leadersByRef = new Map(input.leaders.map((leader) => [leader.ref, leader]))
  for (const spot of coldSpots) {
    const from = spot.nearest && leadersByRef.get(spot.nearest.ref)?.location
    const to = needsById.get(spot.needId)?.location
    if (from && to) lines.push({kind: 'nearest-candidate', from, to})
  }
  return {points, lines, notDrawn}
}
