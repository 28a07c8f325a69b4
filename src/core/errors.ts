import type {ErrorCode, ErrorCodes} from './error-codes.js'

/**
 * Every failure a user can cause or meet is a BrokerError with a kind; the CLI maps kinds to exit
 * codes (see EXIT_CODES) and prints the message and suggestion. Anything else is a bug (exit 10).
 */
export type ErrorKind =
  'not-found' | 'conflict' | 'refused' | 'usage' | 'invalid-input' | 'busy' | 'storage' | 'interrupted' | 'internal'

export const EXIT_CODES: Record<ErrorKind, number> = {
  'not-found': 1,
  conflict: 1,
  refused: 1,
  usage: 2,
  'invalid-input': 3,
  busy: 4,
  // The disk is full, read-only or failing: the environment, not the user's input, is at fault.
  storage: 1,
  internal: 10,
  interrupted: 130,
}

/**
 * What a failure says beyond its message. Layers below the CLI never name flags or `broker`
 * commands: a failure the user can act on carries a `code` from ErrorCodes with its data, and the
 * CLI's advice table (src/cli/advice.ts) turns that into the flags and commands to try.
 */
export type ErrorDetails = PlainDetails | CodedDetails

interface PlainDetails {
  /** What the user can do next, in the domain's words. */
  suggestion?: string
  /** Structured context for --json consumers (candidates, rejected rows ...). */
  data?: unknown
  code?: undefined
}

/** A coded failure: `code` names it for the CLI's advice and for --json, `data` is what the advice needs. */
type CodedDetails = {
  [Code in ErrorCode]: {code: Code; data: ErrorCodes[Code]; suggestion?: string}
}[ErrorCode]

export class BrokerError extends Error {
  readonly suggestion: string | undefined
  readonly code: ErrorCode | undefined
  readonly data: unknown

  constructor(
    readonly kind: ErrorKind,
    message: string,
    details: ErrorDetails = {},
  ) {
    super(message)
    this.name = 'BrokerError'
    this.suggestion = details.suggestion
    this.code = details.code
    this.data = details.data
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind]
  }
}

export const notFound = (message: string, details?: ErrorDetails) => new BrokerError('not-found', message, details)
export const conflict = (message: string, details?: ErrorDetails) => new BrokerError('conflict', message, details)
export const refused = (message: string, details?: ErrorDetails) => new BrokerError('refused', message, details)
export const usage = (message: string, details?: ErrorDetails) => new BrokerError('usage', message, details)
export const invalidInput = (message: string, details?: ErrorDetails) =>
  new BrokerError('invalid-input', message, details)

/** A thrown value's `code` (Node, SQLite and csv-parse errors carry one), or '' when it has none. */
export function errorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as {code?: unknown}).code : undefined
  return typeof code === 'string' ? code : ''
}
