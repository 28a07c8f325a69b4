/**
 * The failures a user can act on, each with the data that says how. Services, the core, importers
 * and the registry throw them with a code from here (and words from the domain); the CLI's advice
 * table (src/cli/advice.ts) must give each one its advice in flags and commands, so a new code
 * without advice does not compile. --json consumers see the code and the data too.
 */
export interface ErrorCodes {
  /** No registry at the path given (or the default one). */
  'registry.missing': {path: string}

  // match
  /** A pin names a team need: one leader takes one place, so a pin must name a place. */
  'match.pin-names-team': {need: string; leader: string; places: number[]}
  /** The need to explain is not among the needs the run matches (not open, or filtered out). */
  'match.explain-not-in-run': {needId: number}
  /** Needs the run was asked for by id are not open (or are a team need rather than one of its places). */
  'match.needs-not-open': {needIds: number[]}
  /** The registry changed between making a plan and applying it; nothing was applied. */
  'match.registry-changed': {runId: number}

  // results
  /** The exam year given for a results file is outside the years performance tables exist for. */
  'results.year-out-of-range': {year: number; earliest: number; latest: number}
  /** The year given is one with no published results (exams cancelled, or the measure not published). */
  'results.year-unpublished': {year: number; why: string}
  /** The file's columns hold neither the KS2 nor the KS4 measures broker reads (or both). */
  'results.key-stage-unclear': {file: string; ks2Columns: string[]; ks4Columns: string[]}
}

export type ErrorCode = keyof ErrorCodes
