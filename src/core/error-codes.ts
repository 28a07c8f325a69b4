/**
 * The failures a user can act on, each with the data that says how. Services, the core, importers
 * and the registry throw them with a code from here (and words from the domain); the CLI's advice
 * table (src/cli/advice.ts) must give each one its advice in flags and commands, so a new code
 * without advice does not compile. --json consumers see the code and the data too.
 */
export interface ErrorCodes {
  /** No registry at the path given (or the default one). */
  'registry.missing': {path: string}
}

export type ErrorCode = keyof ErrorCodes
