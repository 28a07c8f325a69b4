import {readFileSync} from 'node:fs'

import ICAL from 'ical.js'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'

import type {CalendarResult} from '../../src/commands/deployments/calendar.js'
import type {MatchResult} from '../../src/commands/match.js'
import type {InitResult} from '../../src/services/registry-admin.js'
import {runCli, runJson, tempDir, type TempDir} from '../helpers/cli.js'
import {sampleHubRegistry} from '../helpers/seed.js'

/**
 * `broker deployments calendar` parsed with ical.js, as a calendar program would read it: stable
 * UIDs across exports, SEQUENCE raised only for the events that changed, cancelled deployments'
 * events marked CANCELLED, lines folded at 75 octets.
 */

vi.setConfig({testTimeout: 60_000})

let dir: TempDir
let env: {cwd: string; env: Record<string, string>}
let match: MatchResult

beforeAll(async () => {
  dir = tempDir('broker-ics-')
  const db = await sampleHubRegistry(dir)
  env = {cwd: dir.path, env: {BROKER_DB: db, BROKER_TODAY: '2026-12-01', BROKER_USER: 'hub-director'}}
  runJson<InitResult>(['init', '--hub', 'Sample Teaching School Hub'], env)
  match = runJson<MatchResult>(['match', '--apply'], env)
}, 180_000)
afterAll(() => dir.remove())

function events(file: string): Map<string, ICAL.Event> {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(dir.file(file), 'utf8')) as unknown[])
  return new Map(
    calendar.getAllSubcomponents('vevent').map((component) => {
      const event = new ICAL.Event(component)
      return [event.uid, event]
    }),
  )
}

describe('deployments calendar', () => {
  it('keeps UIDs across exports and raises SEQUENCE only for the events that changed', () => {
    const first = runJson<CalendarResult>(['deployments', 'calendar', '--out', 'one.ics'], env)
    expect(first.events).toBeGreaterThan(0)
    expect(first.added).toBe(first.events)
    const before = events('one.ics')
    for (const event of before.values()) {
      expect(event.sequence).toBe(0)
      expect(event.startDate.isDate).toBe(true)
    }
    const cancelled = match.applied!.proposed[0]!.deploymentId
    const result = runCli(
      ['deployments', 'cancel', String(cancelled), '--reason', 'rejected-by-school', '--note', 'Not this term'],
      env,
    )
    expect(result.status, result.stderr).toBe(0)

    const second = runJson<CalendarResult>(['deployments', 'calendar', '--out', 'two.ics'], env)
    const after = events('two.ics')
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
    expect(second.changed).toBe(1)
    for (const [uid, event] of after) {
      const changed = uid === `deployment-${cancelled}-hold@broker.school-support`
      expect(event.sequence, uid).toBe(changed ? 1 : 0)
      expect(event.component.getFirstPropertyValue('status'), uid).toBe(changed ? 'CANCELLED' : 'CONFIRMED')
    }
    // A third export with nothing changed keeps every sequence.
    runJson<CalendarResult>(['deployments', 'calendar', '--out', 'three.ics'], env)
    for (const [uid, event] of events('three.ics')) expect(event.sequence).toBe(after.get(uid)!.sequence)
  })

  it('puts the school in the location, folds lines at 75 octets and escapes text', () => {
    const text = readFileSync(dir.file('one.ics'), 'utf8')
    expect(text.endsWith('\r\n')).toBe(true)
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
    const event = [...events('one.ics').values()][0]!
    expect(event.location).toMatch(/\(?\d*.*[A-Z]{1,2}\d/)
    expect(event.description).toContain('; the hold')
  })

  it('writes due work as a calendar with --ics', () => {
    const result = runCli(['due', '--within', '60', '--ics', '--out', 'due.ics'], env)
    expect(result.status, result.stderr).toBe(0)
    expect(events('due.ics').size).toBeGreaterThan(0)
    expect(runCli(['due', '--ics'], env).status).toBe(2)
  })
})
