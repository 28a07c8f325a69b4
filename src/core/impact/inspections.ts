import {legacyGrade, REPORT_CARD_OUTCOMES, reportCardOutcome, SAFEGUARDING_AREA} from '../inspections.js'
import type {Inspection, InspectionFramework} from '../model.js'

/**
 * Inspection outcomes before and after support, judgement by judgement, within one framework
 * only: a school whose inspection before support was graded 1-4 and whose next one was a report
 * card is excluded and counted, never compared across the scales. An inspection without an overall
 * grade compares on the judgements it has.
 */

export const OVERALL_AREA = 'overall'

export interface InspectionTally {
  framework: InspectionFramework
  area: string
  supported: {compared: number; improved: number; declined: number}
  comparison: {compared: number; improved: number; declined: number}
}

export interface InspectionExclusions {
  noInspectionBefore: number
  noInspectionSince: number
  frameworksDiffer: number
}

export interface InspectionFindings {
  tallies: InspectionTally[]
  /** Supported schools left out, by reason. */
  excluded: InspectionExclusions
  /** Supported schools compared on at least one judgement. */
  comparedSchools: number
}

/** A judgement's rank on its own scale, lower is better; null when it cannot be ranked. */
function rank(framework: InspectionFramework, area: string, value: string): number | null {
  if (area === SAFEGUARDING_AREA) return value === 'met' ? 0 : value === 'not-met' ? 1 : null
  if (framework === 'legacy-1-4') return legacyGrade(value)
  const outcome = reportCardOutcome(value)
  return outcome === null ? null : REPORT_CARD_OUTCOMES.indexOf(outcome)
}

function judgementsOf(inspection: Inspection): Map<string, number> {
  const ranked = new Map<string, number>()
  if (inspection.overallGrade !== null) ranked.set(OVERALL_AREA, inspection.overallGrade)
  for (const [area, value] of Object.entries(inspection.judgements)) {
    const position = rank(inspection.framework, area, value)
    if (position !== null) ranked.set(area, position)
  }
  return ranked
}

type Pair = {before: Inspection; after: Inspection} | 'no-before' | 'no-since' | 'frameworks-differ'

function pairFor(history: readonly Inspection[], startsOn: string, closedOn: string): Pair {
  const before = history.filter((inspection) => inspection.inspectedOn < startsOn).at(-1)
  if (before === undefined) return 'no-before'
  const after = history.find((inspection) => inspection.inspectedOn > closedOn)
  if (after === undefined) return 'no-since'
  if (after.framework !== before.framework) return 'frameworks-differ'
  return {before, after}
}

export interface InspectionUnit {
  urn: number
  startsOn: string
  closedOn: string
  comparisonUrns: number[]
}

export function compareInspections(
  units: readonly InspectionUnit[],
  inspections: readonly Inspection[],
): InspectionFindings {
  const byUrn = new Map<number, Inspection[]>()
  for (const inspection of inspections) {
    const list = byUrn.get(inspection.urn)
    if (list) list.push(inspection)
    else byUrn.set(inspection.urn, [inspection])
  }
  for (const list of byUrn.values()) list.sort((a, b) => a.inspectedOn.localeCompare(b.inspectedOn))
  const tallies = new Map<string, InspectionTally>()
  const tally = (framework: InspectionFramework, area: string) => {
    const key = `${framework}|${area}`
    let found = tallies.get(key)
    if (!found) {
      found = {
        framework,
        area,
        supported: {compared: 0, improved: 0, declined: 0},
        comparison: {compared: 0, improved: 0, declined: 0},
      }
      tallies.set(key, found)
    }
    return found
  }
  const record = (pair: {before: Inspection; after: Inspection}, side: 'supported' | 'comparison') => {
    const before = judgementsOf(pair.before)
    const after = judgementsOf(pair.after)
    let compared = false
    for (const [area, was] of before) {
      const now = after.get(area)
      if (now === undefined) continue
      compared = true
      const counts = tally(pair.before.framework, area)[side]
      counts.compared += 1
      if (now < was) counts.improved += 1
      else if (now > was) counts.declined += 1
    }
    return compared
  }
  const excluded: InspectionExclusions = {noInspectionBefore: 0, noInspectionSince: 0, frameworksDiffer: 0}
  let comparedSchools = 0
  for (const unit of units) {
    const pair = pairFor(byUrn.get(unit.urn) ?? [], unit.startsOn, unit.closedOn)
    if (pair === 'no-before') excluded.noInspectionBefore += 1
    else if (pair === 'no-since') excluded.noInspectionSince += 1
    else if (pair === 'frameworks-differ') excluded.frameworksDiffer += 1
    else {
      if (record(pair, 'supported')) comparedSchools += 1
      for (const urn of unit.comparisonUrns) {
        const theirs = pairFor(byUrn.get(urn) ?? [], unit.startsOn, unit.closedOn)
        // The comparison side keeps the same rule: a pair across frameworks is never compared.
        if (typeof theirs === 'object' && theirs.before.framework === pair.before.framework)
          record(theirs, 'comparison')
      }
    }
  }
  return {
    tallies: [...tallies.values()].sort(
      (a, b) =>
        a.framework.localeCompare(b.framework) ||
        (a.area === OVERALL_AREA ? -1 : b.area === OVERALL_AREA ? 1 : a.area.localeCompare(b.area)),
    ),
    excluded,
    comparedSchools,
  }
}
