import {userInfo} from 'node:os'
import {join} from 'node:path'

import {Command, Flags, type Interfaces} from '@oclif/core'

import {todayIso, isIsoDate} from '../core/calendar.js'
import {BrokerError, EXIT_CODES} from '../core/errors.js'
import {DEFAULT_BUSY_TIMEOUT_MS, Registry} from '../db/registry.js'
import type {ServiceContext} from '../services/context.js'
import {adviceFor} from './advice.js'
import {paint} from './style.js'
import {showWideTables} from './table.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

export interface RegistryOptions {
  /** Create the registry when it does not exist (only `broker init` and the demo do). */
  create?: boolean
  /** A registry other than --db / BROKER_DB / the default (the demo's own). */
  path?: string
  /** "Today" for the services, when the command fixes it (the demo's date). */
  today?: string
}

/**
 * Every broker command: `--json` prints the command's typed result on stdout and nothing else,
 * `--db` (or BROKER_DB) picks the registry, errors become the documented exit codes with a
 * message that says what to try next.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    db: Flags.string({
      description:
        'Registry file, or a PostgreSQL URL (postgresql://USER@HOST/DATABASE). Default: $BROKER_DB, else registry.db in the broker data folder.',
      env: 'BROKER_DB',
      helpGroup: 'GLOBAL',
    }),
  }

  protected flags!: BaseFlags<T>
  protected args!: BaseArgs<T>
  /** Flags the user did not give, that hold their default (a list's --limit is for the terminal only). */
  protected flagsFromDefault = new Set<string>()

  public override async init(): Promise<void> {
    await super.init()
    const {args, flags, metadata} = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    this.flags = flags as BaseFlags<T>
    this.args = args as BaseArgs<T>
    for (const [name, flag] of Object.entries(metadata.flags)) if (flag.setFromDefault) this.flagsFromDefault.add(name)
    // Commands that print tables have --wide (cli/flags.ts).
    showWideTables((flags as {wide?: boolean}).wide === true)
  }

  protected registryPath(): string {
    return this.flags.db ?? join(this.config.dataDir, 'registry.db')
  }

  /** How long to wait for another writer: BROKER_BUSY_TIMEOUT_MS, else the default. */
  protected busyTimeoutMs(): number {
    const timeout = Number(process.env.BROKER_BUSY_TIMEOUT_MS ?? DEFAULT_BUSY_TIMEOUT_MS)
    return Number.isFinite(timeout) && timeout >= 0 ? timeout : DEFAULT_BUSY_TIMEOUT_MS
  }

  protected async openRegistry(options: RegistryOptions = {}): Promise<Registry> {
    const registry = await Registry.open(options.path ?? this.registryPath(), {
      create: options.create ?? false,
      busyTimeoutMs: this.busyTimeoutMs(),
    })
    for (const notice of registry.notices) this.warn(notice)
    if (!registry.created && registry.migration.applied.length > 0) {
      this.warn(`Upgraded the registry schema (${registry.migration.applied.join(', ')}).`)
    }
    return registry
  }

  /** Opens the registry, hands services their context, and always closes the file. */
  protected async withContext<R>(
    work: (context: ServiceContext) => Promise<R>,
    options: RegistryOptions = {},
  ): Promise<R> {
    const registry = await this.openRegistry(options)
    try {
      return await work({registry, actor: currentActor(), today: options.today ?? currentDate()})
    } finally {
      await registry.close()
    }
  }

  /** --json output: plain JSON (oclif's own colourises, which is slow for a national match). */
  public override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  }

  /** Prints human output only when --json is off. */
  protected say(text: string | (() => string)): void {
    if (this.jsonEnabled()) return
    this.log(typeof text === 'function' ? text() : text)
  }

  public override warn(input: string | Error): string | Error {
    const message = input instanceof Error ? input.message : input
    process.stderr.write(`${paint.warning('Warning:')} ${message}\n`)
    return input
  }

  protected override async catch(
    error: Error & {exitCode?: number; oclif?: {exit?: number}; code?: string},
  ): Promise<unknown> {
    const failure = describeFailure(error)
    printFailure(failure, this.jsonEnabled())
    if (failure.kind === 'internal' && !this.jsonEnabled() && process.env.BROKER_DEBUG && error.stack)
      process.stderr.write(`${error.stack}\n`)
    return this.exit(failure.exitCode)
  }
}

/** A failure on stderr: as JSON under --json, else the message and what to try. */
export function printFailure(failure: FailureReport, json: boolean): void {
  if (json) {
    process.stderr.write(`${JSON.stringify({error: failure}, null, 2)}\n`)
    return
  }
  process.stderr.write(`${paint.error('Error:')} ${failure.message}\n`)
  if (failure.suggestion) process.stderr.write(`${paint.dim('Try:')} ${failure.suggestion}\n`)
}

export interface FailureReport {
  kind: string
  exitCode: number
  /** The failure's stable name (core/error-codes.ts), when it has one. */
  code?: string
  message: string
  suggestion?: string
  data?: unknown
}

export function describeFailure(error: Error & {oclif?: {exit?: number}; code?: string}): FailureReport {
  if (error instanceof BrokerError) {
    const advice = adviceFor(error)
    return {
      kind: error.kind,
      exitCode: error.exitCode,
      message: error.message,
      ...(error.code ? {code: error.code} : {}),
      ...(advice ? {suggestion: advice} : {}),
      ...(error.data === undefined ? {} : {data: error.data}),
    }
  }
  if (error.name === 'ExitPromptError' || error.name === 'AbortPromptError') {
    return {kind: 'interrupted', exitCode: EXIT_CODES.interrupted, message: 'Interrupted; nothing was changed.'}
  }
  // oclif's own parse errors (unknown flag, missing argument, bad option value).
  if (error.oclif?.exit !== undefined && error.oclif.exit !== 0 && error.code !== 'EEXIT') {
    return {
      kind: 'usage',
      exitCode: EXIT_CODES.usage,
      message: error.message.replace(/\nSee more help with --help$/, ''),
      suggestion: 'Run the command with --help to see its flags and examples.',
    }
  }
  // A custom flag's parse() threw: oclif rethrows that error, renamed after the flag, with no exit code.
  const flagParse = /^Parsing (--\S+) \n\t([\s\S]*?)\nSee more help with --help$/.exec(error.message)
  if (flagParse) {
    return {
      kind: 'usage',
      exitCode: EXIT_CODES.usage,
      message: `${flagParse[1]}: ${flagParse[2]}`,
      suggestion: 'Run the command with --help to see its flags and examples.',
    }
  }
  return {
    kind: 'internal',
    exitCode: EXIT_CODES.internal,
    message: `Internal error: ${error.message}`,
    suggestion:
      'This is a bug in broker. Run again with BROKER_DEBUG=1 for details and report it with the command you ran.',
  }
}

export function currentActor(): string {
  const fromEnv = process.env.BROKER_USER?.trim()
  if (fromEnv) return fromEnv
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}

/** Today's date; BROKER_TODAY fixes it for reproducible runs and tests. */
export function currentDate(): string {
  const fixed = process.env.BROKER_TODAY?.trim()
  if (fixed) {
    if (!isIsoDate(fixed))
      throw new BrokerError('usage', `BROKER_TODAY must be a date like 2027-01-15, not "${fixed}".`)
    return fixed
  }
  return todayIso()
}
