import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type {FailureReport} from '../../src/cli/base-command.js'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const BIN = join(REPO_ROOT, 'bin', 'run.js')
export const SAMPLE = join(REPO_ROOT, 'data', 'sample')

export interface CliResult {
  status: number
  stdout: string
  stderr: string
}

export interface CliOptions {
  cwd?: string
  env?: Record<string, string | undefined>
  input?: string
  timeoutMs?: number
}

/** Runs the built CLI as a user would: a separate `node bin/run.js` process, colours off. */
export function runCli(args: readonly string[], options: CliOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: {...cleanEnv(), ...options.env},
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
  })
  if (result.error) throw result.error
  return {status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr}
}

/** The same, without blocking the test process (for concurrency tests). */
export function runCliAsync(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: {...cleanEnv(), ...options.env},
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (status) => resolve({status: status ?? -1, stdout, stderr}))
    child.stdin.end(options.input ?? '')
  })
}

/**
 * Runs the CLI and parses its --json output, failing loudly with stderr when it did not succeed.
 * T is the command's exported result type (`runJson<MatchResult>(['match'])`); without it the
 * result is `unknown`.
 */
export function runJson<T>(args: readonly string[], options: CliOptions = {}): T {
  const result = runCli([...args, '--json'], options)
  if (result.status !== 0) throw new Error(`broker ${args.join(' ')} exited ${result.status}\n${result.stderr}`)
  return JSON.parse(result.stdout) as T
}

/** runJson without blocking the test process: long runs keep the test worker responsive. */
export async function runJsonAsync<T>(args: readonly string[], options: CliOptions = {}): Promise<T> {
  const result = await runCliAsync([...args, '--json'], options)
  if (result.status !== 0) throw new Error(`broker ${args.join(' ')} exited ${result.status}\n${result.stderr}`)
  return JSON.parse(result.stdout) as T
}

/**
 * The `{error: ...}` a failed command prints on stderr under --json; D is the type of its `data`
 * (an import's rejection carries the import report, for example).
 */
export function jsonFailure<D = unknown>(result: CliResult): FailureReport & {data?: D} {
  return (JSON.parse(result.stderr) as {error: FailureReport & {data?: D}}).error
}

function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {...process.env, NO_COLOR: '1', FORCE_COLOR: '0'}
  delete env.BROKER_DB
  delete env.BROKER_TODAY
  delete env.BROKER_USER
  // Tables fit $COLUMNS when output is not a terminal: tests see the default width, 100.
  delete env.COLUMNS
  return env
}

export interface TempDir {
  path: string
  file(name: string): string
  remove(): void
}

export function tempDir(prefix = 'broker-test-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return {
    path,
    file: (name: string) => join(path, name),
    remove: () => rmSync(path, {recursive: true, force: true}),
  }
}
