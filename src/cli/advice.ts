import type {ErrorCode, ErrorCodes} from '../core/error-codes.js'
import type {BrokerError} from '../core/errors.js'

type AdviceTable = {[Code in ErrorCode]: (data: ErrorCodes[Code]) => string | undefined}

/**
 * What to try next, in flags and `broker` commands, for each coded failure of the layers below.
 * They say what went wrong in the domain's words; only the CLI knows how a user asks for the fix.
 */
const ADVICE: AdviceTable = {
  'registry.missing': () => 'Create one with `broker init`, or point --db (or BROKER_DB) at an existing registry.',

  // match
  // The command words this one itself (--pin NEED=LEADER); there is nothing more to suggest.
  'match.pin-names-team': () => undefined,
  'match.explain-not-in-run': () =>
    'Check its status with `broker needs show`; only open needs (or proposed ones with --replan-proposed) are matched.',
  'match.needs-not-open': () =>
    'List open needs with `broker needs list`; re-plan proposed ones with --replan-proposed.',
  'match.registry-changed': () => 'Run `broker match` again and apply the new plan.',

  // results
  'results.year-out-of-range': (data) =>
    `Pass --year with the calendar year the exams were sat, from ${data.earliest} to ${data.latest} (2019 for 2018/19).`,
  'results.year-unpublished': () =>
    'Check --year: it is the calendar year the exams were sat (2019 for 2018/19), and the file names it.',
  'results.key-stage-unclear': () =>
    'Import one performance-tables file at a time (england_ks2final.csv or england_ks4final.csv, as downloaded), or say which column is which with --map.',
}

/** The advice for a failure: the CLI's for its code, else the words it came with. */
export function adviceFor(error: BrokerError): string | undefined {
  if (error.code === undefined) return error.suggestion
  const advise = ADVICE[error.code] as (data: unknown) => string | undefined
  return advise(error.data) ?? error.suggestion
}
