import {VETO_SUMMARY} from '../match/engine.js'
import type {VetoCode} from '../match/scoring.js'

/**
 * Why needs went unmatched, grouped: a match run stores each unmatched need's reason as the
 * engine worded it (see core/match/engine `explainUnmatched`); this reads the wording back into
 * a category, so a hub report can say "5 needs: candidates too far away".
 */

export type UnmatchedCategory = 'no-expertise' | 'taken' | VetoCode | 'not-applied' | 'proposal-ended' | 'not-in-run' | 'no-run' | 'other'

export interface ReasonCategory {
  category: UnmatchedCategory
  label: string
}

const NO_EXPERTISE = /^no leader in the registry has /
// Runs recorded before and after the engine's wording changed ("proposed for needs where the
// total score is higher", then "used where the plan scores higher") read the same.
const TAKEN = /feasible candidates? (?:is|are) (?:proposed|used) /
const NO_AVAILABLE = /^no available [^;]*; (.*)$/
const CANDIDATE_COUNT = /(\d+) candidates? (.+?)(?=, \d+ candidates? |$)/g

const SUMMARY_TO_CODE = new Map((Object.entries(VETO_SUMMARY) as [VetoCode, string][]).map(([code, summary]) => [summary, code]))

export function categoryLabel(category: UnmatchedCategory): string {
  switch (category) {
    case 'no-expertise':
      return 'No leader in the registry has the expertise'
    case 'taken':
      return 'Candidates proposed for needs that scored higher'
    case 'not-applied':
      return 'Matched by the run, but its plan was not applied'
    case 'proposal-ended':
      return "The run's proposal was rejected or lapsed since"
    case 'not-in-run':
      return 'Not considered by the match run (received after it, or left out)'
    case 'no-run':
      return 'No match run in the period'
    case 'other':
      return 'Other reasons'
    default:
      return `No candidate available: most ${VETO_SUMMARY[category]}`
  }
}

/** The category of a stored reason; for "no available leader", the veto that held back most candidates. */
export function classifyReason(reason: string): ReasonCategory {
  const of = (category: UnmatchedCategory): ReasonCategory => ({category, label: categoryLabel(category)})
  if (NO_EXPERTISE.test(reason)) return of('no-expertise')
  if (TAKEN.test(reason)) return of('taken')
  const available = NO_AVAILABLE.exec(reason)
  if (available) {
    let best: {code: VetoCode; count: number} | null = null
    for (const match of available[1]!.matchAll(CANDIDATE_COUNT)) {
      const code = SUMMARY_TO_CODE.get(match[2]!)
      const count = Number(match[1])
      if (code && (best === null || count > best.count)) best = {code, count}
    }
    if (best) return of(best.code)
  }
  return of('other')
}
