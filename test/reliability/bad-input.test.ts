import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {Registry} from '../../src/db/registry.js'
import {REPO_ROOT, runCli, runCliAsync, tempDir, type TempDir} from '../helpers/cli.js'
import {seedSampleHub} from '../helpers/seed.js'
import {BAD_INPUT_CASES, badInputTable} from './bad-input-cases.js'
import {csv, DESIGNATION_HEADER, designationRow, zipArchive} from './fixtures/files.js'
import {dump, expectNoStackTrace, expectNothingLost} from './harness.js'

let dir: TempDir
let registry: string
let env: Record<string, string>
let state: ReturnType<typeof dump>

beforeAll(async () => {
  dir = tempDir('broker-bad-input-')
  registry = dir.file('hub.db')
  const opened = await Registry.open(registry, {create: true})
  await seedSampleHub({registry: opened, actor: 'tester', today: '2026-12-01'})
  await opened.close()
  env = {BROKER_DB: registry, BROKER_TODAY: '2026-12-01'}
  for (const args of [
    ['deployments', 'create', '--need', '8', '--leader', 'SH-0001', '--allow-overcommit'],
    ['leaders', 'erase', 'SH-0108', '--yes'],
    ['db', 'backup', '--out', dir.file('backup.db')],
  ]) {
    const result = runCli(args, {env})
    expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0)
  }
  writeFileSync(dir.file('schools.csv'), 'URN,EstablishmentName\n100000,Not a registry\n')
  writeFileSync(dir.file('old.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))
  writeFileSync(
    dir.file('wide.csv'),
    csv([
      ['URN', 'EstablishmentName', ...Array.from({length: 19_998}, (_, index) => `Extra ${index}`)],
      ['100001', 'Wide'],
    ]),
  )
  writeFileSync(
    dir.file('bomb.xlsx'),
    zipArchive([{name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(160 * 1024 * 1024, 0x20)}]),
  )
  writeFileSync(
    dir.file('links.csv'),
    csv([
      ['URN', 'LinkURN', 'LinkName', 'LinkType', 'LinkEstablishedDate'],
      ['910001', '910002', 'B', 'Successor', ''],
    ]),
  )
  writeFileSync(
    dir.file('leaders.csv'),
    csv([DESIGNATION_HEADER, designationRow(1), designationRow(2, {Phase: 'Underwater'})]),
  )
  writeFileSync(
    dir.file('needs.csv'),
    csv([
      ['Reference', 'URN', 'Needs', 'Support type', 'Days', 'Window start', 'Window end'],
      ['R-1', '999999', 'Maths', 'Specialist', '2', '2027-01-04', '2027-02-01'],
    ]),
  )
  writeFileSync(
    dir.file('inspections.csv'),
    csv([
      ['URN', 'Inspection date', 'Overall effectiveness'],
      ['910001', '31/02/2019', 'Good'],
    ]),
  )
  state = dump(registry)
}, 120_000)
afterAll(() => dir.remove())

function placeholders(arg: string): string {
  return arg
    .replace('{registry}', registry)
    .replace('{folder}', dir.path)
    .replace('{missing}', dir.file('nothing-here.db'))
    .replace('{csv}', dir.file('schools.csv'))
    .replace('{backup}', dir.file('backup.db'))
    .replace('{xls}', dir.file('old.xls'))
    .replace('{wide}', dir.file('wide.csv'))
    .replace('{bomb}', dir.file('bomb.xlsx'))
    .replace('{links}', dir.file('links.csv'))
    .replace('{badLeaders}', dir.file('leaders.csv'))
    .replace('{badNeeds}', dir.file('needs.csv'))
    .replace('{badInspections}', dir.file('inspections.csv'))
}

// Rows run side by side (each is its own process; none may write), a few at a time.
describe.concurrent('what each command does with bad input', () => {
  for (const entry of BAD_INPUT_CASES) {
    it.skipIf(entry.requires !== undefined && !existsSync(entry.requires))(
      `${entry.command || 'any command'}: ${entry.input} → exit ${entry.exit}`,
      async ({expect}) => {
        const result = await runCliAsync(entry.args.map(placeholders), {env: {...env, ...entry.env}})
        expect(result.status, result.stderr).toBe(entry.exit)
        expect(result.stderr).toContain(entry.says)
        if (!entry.announces) expect(result.stdout).toBe('')
        expectNoStackTrace(result.stderr)
      },
    )
  }
})

describe('the bad-input table', () => {
  it('changed nothing in the registry', () => {
    expectNothingLost(registry, {state})
  })

  it('covers every command', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, unknown>
    }
    const covered = new Set(BAD_INPUT_CASES.map((entry) => entry.command.replace(/ /g, ':')))
    expect(Object.keys(manifest.commands).filter((id) => !covered.has(id))).toEqual([])
  })

  // The README's table is this one: the two must agree.
  it('is the table in the README', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
    expect(readme).toContain('## What each command does with bad input')
    expect(readme).toContain(badInputTable())
  })
})
