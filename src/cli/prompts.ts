import {usage} from '../core/errors.js'

/**
 * The prompts guard. broker asks questions only when a person is there to answer them: stdin and
 * stdout are terminals and --json is off. Every question has a flag; off a terminal a missing
 * value fails at once, naming the flag (exit 2). Ctrl+C in a prompt (ExitPromptError) exits 130
 * through the base command, before anything is written.
 */

/** Where prompts read and write; tests pass their own streams. */
export interface PromptStreams {
  input?: NodeJS.ReadableStream
  output?: NodeJS.WritableStream
}

export function canPrompt(jsonEnabled: boolean): boolean {
  return !jsonEnabled && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY)
}

/** The usage error for flags a non-interactive run did not give. */
export function missingFlags(flags: readonly string[], suggestion: string) {
  return usage(`Missing ${flags.map((flag) => `--${flag}`).join(', ')}.`, {suggestion})
}
