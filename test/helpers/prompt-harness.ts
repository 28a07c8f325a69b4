import {PassThrough, Writable} from 'node:stream'
import {stripVTControlCharacters} from 'node:util'

import type {PromptStreams} from '../../src/cli/prompts.js'

/** A terminal screen: like process.stdout, it is never ended by a prompt that finishes and unpipes. */
class Screen extends Writable {
  text = ''

  override _write(chunk: unknown, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += String(chunk)
    done()
  }

  override end(): this {
    return this
  }
}

/**
 * Drives @inquirer prompts through streams, as a terminal would: keys are written to the input as
 * the bytes a terminal sends (readline turns them into keypresses), and the screen is read from
 * the output with the ANSI codes stripped.
 */
export class PromptHarness {
  readonly input = new PassThrough()
  readonly output = new Screen()

  get streams(): PromptStreams {
    return {input: this.input, output: this.output}
  }

  /** Everything shown so far, without colours and cursor moves. */
  screen(): string {
    return stripVTControlCharacters(this.output.text)
  }

  /** Waits until the screen shows the pattern (after `from` characters), failing after a few seconds. */
  async waitFor(pattern: RegExp, from = 0, timeoutMs = 5000): Promise<number> {
    const started = Date.now()
    for (;;) {
      const text = this.screen().slice(from)
      const match = pattern.exec(text)
      if (match) return from + match.index + match[0].length
      if (Date.now() - started > timeoutMs)
        throw new Error(`Timed out waiting for ${pattern} on screen:\n${this.screen().slice(-1500)}`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  type(text: string): void {
    this.input.write(text)
  }

  enter(): void {
    this.input.write('\r')
  }

  down(times = 1): void {
    for (let count = 0; count < times; count += 1) this.input.write('\u001b[B')
  }

  up(times = 1): void {
    for (let count = 0; count < times; count += 1) this.input.write('\u001b[A')
  }

  space(): void {
    this.input.write(' ')
  }

  ctrlC(): void {
    this.input.write('\u0003')
  }
}
