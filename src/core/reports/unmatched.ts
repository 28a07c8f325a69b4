import {VETO_SUMMARY} from '../match/outcome.js'
import {VETO_CODES, type VetoCode} from '../match/scoring.js'

/**
 * Why needs went unmatched, grouped: a match run stores each unmatched need's cause (see
 * core/match/outcome `UnmatchedCause`), so a hub report can say "5 needs: candidates too far away".
 */

export type UnmatchedCategory =
  'no-expertise' | 'taken' | VetoCode | 'not-applied' | 'proposal-ended' | 'not-in-run' | 'no-run' | 'other'

const CAUSES = new Set<string>(['no-expertise', 'taken', ...VETO_CODES])

/** The category of a stored cause; anything unknown (a run from another version) is "other". */
export function categoryOf(cause: string | null): UnmatchedCategory {
  return cause !== null && CAUSES.has(cause) ? (cause as UnmatchedCategory) : 'other'
}

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
