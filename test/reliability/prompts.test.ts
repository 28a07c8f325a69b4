import {spawn, spawnSync} from 'node:child_process'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {BIN, REPO_ROOT, runCli, tempDir, type TempDir} from '../helpers/cli.js'
import {cliEnv, copyRegistry, dump, expectNoStackTrace, expectNothingLost} from './harness.js'

let dir: TempDir
let template: string

beforeAll(() => {
  dir = tempDir('broker-prompts-')
  template = dir.file('template.db')
  expect(runCli(['init', '--db', template]).status).toBe(0)
  expect(
    runCli([
      'leaders',
      'add',
      '--name',
      'Prompted Person',
      '--email',
      'prompted@example.sch.uk',
      '--designation',
      'SLE',
      '--reference',
      'PP-1',
      '--db',
      template,
    ]).status,
  ).toBe(0)
})
afterAll(() => dir.remove())

function fresh(name: string): string {
  const path = dir.file(name)
  copyRegistry(template, path)
  return path
}

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`
const hasScript = spawnSync('script', ['--version']).status === 0

/**
 * Runs the CLI in a pseudo-terminal (util-linux `script`), typing `keys` once the prompt shows.
 * Resolves with the exit status and everything the terminal showed.
 */
function inTerminal(
  args: readonly string[],
  keys: string,
): Promise<{status: number | null; screen: string; answered: boolean}> {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(' ')
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {cwd: REPO_ROOT, env: cliEnv({TERM: 'xterm'})})
    let screen = ''
    let answered = false
    child.stdout.on('data', (chunk) => {
      screen += chunk
      if (!answered && screen.includes('to confirm:')) {
        answered = true
        child.stdin.write(keys)
      }
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({status, screen, answered})
    })
  })
}

describe('prompts', {timeout: 60_000}, () => {
  it('without a terminal, a missing confirmation fails at once with exit 2, naming --yes, and changes nothing', async () => {
    const path = fresh('no-tty.db')
    const before = dump(path)
    // stdin stays open and is not a terminal: a command that waited for an answer would hang here
    // until the 20 s guard killed it (status null).
    const result = await new Promise<{status: number | null; stderr: string}>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'leaders', 'erase', 'PP-1', '--db', path], {
        cwd: REPO_ROOT,
        env: cliEnv({}),
      })
      let stderr = ''
      child.stderr.on('data', (chunk) => (stderr += chunk))
      const guard = setTimeout(() => child.kill('SIGKILL'), 20_000)
      child.on('close', (status) => {
        clearTimeout(guard)
        resolve({status, stderr})
      })
    })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('Erasing needs confirmation: pass --yes.')
    expectNoStackTrace(result.stderr)
    expectNothingLost(path, {before})
  })

  describe.skipIf(!hasScript)('in a terminal', () => {
    it('Ctrl+C at the prompt exits 130 and changes nothing', async () => {
      const path = fresh('ctrl-c.db')
      const before = dump(path)
      const result = await inTerminal(['leaders', 'erase', 'PP-1', '--db', path], '\u0003')
      expect(result.answered).toBe(true)
      expect(result.status).toBe(130)
      expect(result.screen).toContain('Interrupted; nothing was changed.')
      expectNoStackTrace(result.screen)
      expectNothingLost(path, {before})
    })

    it('a wrong confirmation exits 1 and changes nothing; the right one erases', async () => {
      const path = fresh('confirm.db')
      const before = dump(path)
      const wrong = await inTerminal(['leaders', 'erase', 'PP-1', '--db', path], 'PP-2\r')
      expect(wrong.status).toBe(1)
      expect(wrong.screen).toContain('You typed "PP-2", not PP-1; nothing was erased.')
      expectNothingLost(path, {before})
      const right = await inTerminal(['leaders', 'erase', 'PP-1', '--db', path], 'PP-1\r')
      expect(right.status).toBe(0)
      expect(right.screen).toContain('Erased leader 1')
      expect(dump(path).leader_personal).toEqual([])
    })

    it('never prompts under --json, even in a terminal', async () => {
      const path = fresh('json.db')
      const result = await inTerminal(['leaders', 'erase', 'PP-1', '--json', '--db', path], '\r')
      expect(result.answered).toBe(false)
      expect(result.status).toBe(2)
    })
  })
})
