import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {MatchResult} from '../../src/commands/match.js'
import {runCli, runJson, SAMPLE, tempDir, type TempDir} from '../helpers/cli.js'

/**
 * Strict priority mode on a registry small enough to see the whole argument: one maths leader
 * with 4 days, a high-priority need for all 4 and two low-priority needs of 2 days each. The
 * weighted mode's multipliers (high 1, low 0.6) make the two low needs together worth more than
 * the high one, so it leaves the urgent school waiting; strict mode must not.
 */
let dir: TempDir
let env: Record<string, string>

beforeAll(() => {
  dir = tempDir()
  env = {BROKER_DB: dir.file('strict.db'), BROKER_TODAY: '2026-12-01', BROKER_USER: 'director'}
  const leaders = dir.file('leaders.csv')
  const needs = dir.file('needs.csv')
  writeFileSync(
    leaders,
    [
      'Designation type,Ref,Full name,Email address,Home school URN,Areas of expertise,Phase,Days offered 2026/27,Date designated,Review due,Status',
      'SLE,ST-0001,Ada Lovell,a.lovell@example.sch.uk,910001,Mathematics,Primary,4,2025-09-01,2028-08-31,Active',
    ].join('\n') + '\n',
  )
  writeFileSync(
    needs,
    [
      'Reference,URN,Needs,Support type,Team size,Days,Window start,Window end,Priority,Delivery mode,Notes',
      'REQ-H,910003,Mathematics,Specialist,,4,2027-01-04,2027-04-01,High,In person,',
      'REQ-L1,910007,Mathematics,Specialist,,2,2027-01-04,2027-04-01,Low,In person,',
      'REQ-L2,910008,Mathematics,Specialist,,2,2027-01-04,2027-04-01,Low,In person,',
    ].join('\n') + '\n',
  )
  for (const args of [
    ['init'],
    ['schools', 'import', join(SAMPLE, 'schools.csv')],
    ['leaders', 'import', leaders],
    ['needs', 'import', needs],
  ]) {
    const result = runCli(args, {env})
    if (result.status !== 0) throw new Error(`broker ${args.join(' ')} exited ${result.status}\n${result.stderr}`)
  }
}, 120_000)
afterAll(() => dir.remove())

const matchedReferences = (result: MatchResult) => result.proposals.map((proposal) => proposal.needReference).sort()

describe('broker match --priority strict', {timeout: 120_000}, () => {
  it('matches the high-priority need that the weighted mode leaves unmatched, and says which mode ran', () => {
    const weighted = runJson<MatchResult>(['match'], {env})
    expect(weighted.run.config.priorityMode).toBe('weighted')
    expect(weighted.totals.priorityMode).toBe('weighted')
    expect(matchedReferences(weighted)).toEqual(['REQ-L1', 'REQ-L2'])
    expect(weighted.unmatched.map((entry) => entry.needReference)).toEqual(['REQ-H'])

    const strict = runJson<MatchResult>(['match', '--priority', 'strict'], {env})
    expect(strict.run.config.priorityMode).toBe('strict')
    expect(strict.totals.priorityMode).toBe('strict')
    expect(matchedReferences(strict)).toEqual(['REQ-H'])
    expect(strict.totals.priorityStages).toEqual([
      {priority: 'high', needs: 1, matched: 1, proven: true},
      {priority: 'low', needs: 2, matched: 0, proven: true},
    ])
    expect(strict.run.inputHash).not.toBe(weighted.run.inputHash)

    const printed = runCli(['match', '--priority', 'strict'], {env})
    expect(printed.status).toBe(0)
    expect(printed.stdout).toContain('strict priority: 1 of 1 high, 0 of 2 low matched')
  })

  it('takes the mode from the settings file too, and refuses an unknown one', () => {
    const settings = dir.file('strict.json')
    writeFileSync(settings, JSON.stringify({priorityMode: 'strict'}))
    const strict = runJson<MatchResult>(['match', '--weights', settings], {env})
    expect(matchedReferences(strict)).toEqual(['REQ-H'])
    expect(runCli(['match', '--priority', 'urgent'], {env}).status).toBe(2)
    writeFileSync(settings, JSON.stringify({priorityMode: 'urgent'}))
    const refused = runCli(['match', '--weights', settings], {env})
    expect(refused.status).toBe(3)
    expect(refused.stderr).toMatch(/priorityMode/)
  })
})
