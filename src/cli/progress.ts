import type {ProgressListener} from '../services/import.js'

const WIDTH = 28

/**
 * A one-line progress bar on stderr, only when stderr is a terminal (never in pipes, CI or under
 * --json); redraws at most every 100 ms. `done()` clears the line.
 */
export function progressBar(enabled: boolean): {listener: ProgressListener | undefined; done(): void} {
  if (!enabled || !process.stderr.isTTY) return {listener: undefined, done() {}}
  let last = 0
  let drawn = false
  return {
    listener(step, done, total) {
      const now = Date.now()
      if (now - last < 100 && done < total) return
      last = now
      const share = total > 0 ? Math.min(1, done / total) : 0
      const filled = Math.round(share * WIDTH)
      process.stderr.write(
        `\r  ${step.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(share * 100)).padStart(3)}%`,
      )
      drawn = true
    },
    done() {
      if (drawn) process.stderr.write('\r\u001b[2K')
    },
  }
}
