import {execFileSync} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {CommandHelp} from '../../src/commands/help.js'
import {SCHEMA_VERSION} from '../../src/db/migrations/index.js'
import type {LeaderChange, LeaderList} from '../../src/services/leaders.js'
import type {InitResult} from '../../src/services/registry-admin.js'
import {jsonFailure, REPO_ROOT, runCli, runJson, tempDir, type TempDir} from '../helpers/cli.js'

let dir: TempDir
let registries = 0

beforeAll(() => {
  dir = tempDir()
})
afterAll(() => dir.remove())

/** The environment for a new, empty registry file of one test's own (not created yet). */
function newRegistry(): Record<string, string> {
  registries += 1
  return {BROKER_DB: dir.file(`registry-${registries}.db`)}
}

/** The environment for an initialised, empty registry of one test's own. */
function initialised(): Record<string, string> {
  const env = newRegistry()
  runJson<InitResult>(['init'], {cwd: dir.path, env})
  return env
}

function commandIds(): string[] {
  const root = join(REPO_ROOT, 'src', 'commands')
  const ids: string[] = []
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, {withFileTypes: true})) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts'))
        ids.push(
          relative(root, path)
            .replace(/\.ts$/, '')
            .replace(/\/index$/, '')
            .split('/')
            .join(':'),
        )
    }
  }
  walk(root)
  return ids.sort()
}

describe('the built CLI', () => {
  it('lists its topics and commands in --help', () => {
    const result = runCli(['--help'], {cwd: dir.path})
    expect(result.status).toBe(0)
    for (const topic of ['leaders', 'schools', 'needs', 'deployments', 'legacy', 'due', 'db', 'init'])
      expect(result.stdout).toContain(topic)
  })

  it('has a manifest that lists every command', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, unknown>
    }
    expect(Object.keys(manifest.commands).sort()).toEqual(commandIds())
  })

  it('has a command reference in the README that is what `npm run docs` generates from the commands', () => {
    const section = (readme: string) => {
      const start = readme.indexOf('\n<!-- commands -->\n')
      const end = readme.indexOf('<!-- commandsstop -->')
      expect(start, 'the README has the command reference markers').toBeGreaterThan(0)
      return readme.slice(start, end)
    }
    const script = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {scripts: {docs: string}})
      .scripts.docs
    const generated = execFileSync('sh', ['-c', `${script} --dry-run`], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: {...process.env, PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`},
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    const committed = section(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'))
    expect(committed, 'README.md is stale: run `npm run docs`').toBe(section(generated))
    expect(committed).toContain('## `broker match`')
    expect(committed).toContain('## `broker autocomplete [SHELL]`')
  }, 60_000)

  it('completes commands in the shell: `broker autocomplete` writes the setup for bash', () => {
    const home = tempDir()
    try {
      const env = {HOME: home.path, XDG_CACHE_HOME: home.file('cache')}
      const result = runCli(['autocomplete', 'script', 'bash'], {cwd: dir.path, env})
      expect(result.status).toBe(0)
      expect(result.stdout).toMatch(/BROKER_AC_BASH_SETUP_PATH=.*bash_setup/)
      runCli(['autocomplete', '--refresh-cache'], {cwd: dir.path, env})
      const functions = readFileSync(home.file('cache/broker/autocomplete/functions/bash/broker.bash'), 'utf8')
      expect(functions).toContain('deployments:agree')
    } finally {
      home.remove()
    }
  })

  it('says how to create a registry when there is none, with exit 1', () => {
    const result = runCli(['leaders', 'list'], {cwd: dir.path, env: {BROKER_DB: dir.file('missing.db')}})
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/There is no registry at .*missing\.db/)
    expect(result.stderr).toMatch(/broker init/)
    expect(result.stdout).toBe('')
  })

  it('creates a registry with init, idempotently', () => {
    const env = newRegistry()
    const first = runJson<InitResult>(['init', '--hub', 'Test Hub'], {cwd: dir.path, env})
    expect(first).toMatchObject({created: true, hub: 'Test Hub', schemaVersion: SCHEMA_VERSION})
    const second = runJson<InitResult>(['init'], {cwd: dir.path, env})
    expect(second).toMatchObject({created: false, migrationsApplied: [], hub: 'Test Hub'})
  })

  it('prints only JSON on stdout with --json', () => {
    const env = initialised()
    runJson<LeaderChange>(
      [
        'leaders',
        'add',
        '--name',
        'Jo Bloggs',
        '--email',
        'jo@example.sch.uk',
        '--designation',
        'SLE',
        '--reference',
        'T-1',
        '--specialism',
        'Reading / Phonics; SEN',
        '--phase',
        'primary',
        '--days',
        '6.5',
      ],
      {cwd: dir.path, env},
    )
    const result = runCli(['leaders', 'list', '--json'], {cwd: dir.path, env})
    expect(result.status).toBe(0)
    const parsed = JSON.parse(result.stdout) as LeaderList
    expect(parsed.total).toBe(1)
    expect(parsed.leaders[0]).toMatchObject({ref: 'T-1', name: 'Jo Bloggs', phases: ['primary']})
    expect(parsed.leaders[0]!.specialisms.map((s) => s.code).sort()).toEqual(['phonics', 'send'])
    expect(parsed.leaders[0]!.capacity[0]!.releasedHalfDays).toBe(13)
  })

  it('rejects an unknown flag with exit 2 and a readable message', () => {
    const env = initialised()
    const result = runCli(['leaders', 'list', '--colour', 'blue'], {cwd: dir.path, env})
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/Nonexistent flag: --colour/)
    expect(result.stderr).toMatch(/--help/)
    expect(result.stderr).not.toMatch(/\s+at .*\.js:\d+/)
  })

  it('answers a mistyped command in its own words, with the nearest commands, and --json alike', () => {
    const env = initialised()
    const typo = runCli(['leaders', 'lst'], {cwd: dir.path, env})
    expect(typo.status).toBe(2)
    expect(typo.stderr).toMatch(/^Error: broker has no command "leaders lst"\.\nTry: `broker leaders list`/)
    const json = runCli(['nonexistent', '--json'], {cwd: dir.path, env})
    expect(json.status).toBe(2)
    expect(jsonFailure(json)).toMatchObject({
      kind: 'usage',
      exitCode: 2,
      message: 'broker has no command "nonexistent".',
    })
    expect(json.stdout).toBe('')
    const help = runJson<CommandHelp>(['help', 'leaders', 'list'], {cwd: dir.path, env})
    expect(help.command).toBe('leaders list')
    expect(help.flags.map((flag) => flag.name)).toContain('limit')
    expect(help.examples[0]).toMatch(/^broker leaders list/)
  })

  it('reports a bad value as invalid input with exit 3', () => {
    const env = initialised()
    const result = runCli(['leaders', 'add', '--name', 'X', '--email', 'not-an-email', '--designation', 'SLE'], {
      cwd: dir.path,
      env,
    })
    expect(result.status).toBe(3)
    expect(result.stderr).toMatch(/not an email address/)
  })

  it('reports a missing leader as a domain failure with exit 1 and JSON on stderr under --json', () => {
    const env = initialised()
    const result = runCli(['leaders', 'show', 'NOBODY', '--json'], {cwd: dir.path, env})
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    const failure = jsonFailure(result)
    expect(failure).toMatchObject({kind: 'not-found', exitCode: 1})
    expect(failure.message).toMatch(/NOBODY/)
  })
})
