import {spawnSync} from 'node:child_process'
import {join} from 'node:path'

import {BIN, REPO_ROOT} from './cli.js'

export interface TerminalStep {
  /** A regular expression (Python syntax) the screen must show before `send` is typed. */
  expect: string
  send: string
  /** Look only at what appeared since the previous step. */
  fresh?: boolean
}

export interface TerminalResult {
  status: number
  /** stdout and stderr as the terminal showed them, ANSI codes stripped. */
  output: string
  failure: string | null
}

/** Whether a pseudo-terminal can be driven here (Python 3 with its pty module). */
export const CAN_DRIVE_TERMINAL =
  spawnSync('python3', ['-c', 'import pty, termios, fcntl'], {encoding: 'utf8'}).status === 0

/** Runs the built CLI in a pseudo-terminal (stdin and stdout are TTYs) and plays the steps. */
export function runInTerminal(
  args: readonly string[],
  steps: readonly TerminalStep[],
  env: Record<string, string> = {},
): TerminalResult {
  const spec = {
    argv: [process.execPath, BIN, ...args],
    env: {NO_COLOR: '1', FORCE_COLOR: '0', BROKER_TODAY: '2026-12-01', ...env},
    steps,
    timeout: 30,
  }
  const result = spawnSync('python3', [join(REPO_ROOT, 'test', 'helpers', 'terminal.py'), JSON.stringify(spec)], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  if (result.status !== 0) throw new Error(`terminal driver failed: ${result.stderr}`)
  return JSON.parse(result.stdout) as TerminalResult
}
