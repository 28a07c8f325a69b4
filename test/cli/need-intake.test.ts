import {describe, expect, it} from 'vitest'

import {completeNeedInteractively, type IntakeSources, type NeedDraft, unanswered} from '../../src/cli/need-intake.js'
import {BrokerError} from '../../src/core/errors.js'
import {PromptHarness} from '../helpers/prompt-harness.js'

const SCHOOLS = [
  {key: '910252', label: 'Castle View Infant and Nursery School', detail: 'Preston PR1 2AB, primary'},
  {key: '910010', label: "St Mary's Catholic Primary School", detail: 'Newcastle upon Tyne NE23 5HW, primary'},
]

const sources: IntakeSources = {
  today: '2026-12-01',
  searchSchools: async (term) =>
    SCHOOLS.filter((school) => school.label.toLowerCase().includes(term.toLowerCase().slice(0, 4))),
  describeSchool: async (text) => `school ${text}`,
  areas: [
    {code: 'maths', name: 'Maths', focus: 'Pupil achievement'},
    {code: 'phonics', name: 'Phonics', focus: 'Pupil achievement'},
    {code: 'governance', name: 'Governance', focus: 'Whole-school improvement'},
    {code: 'leadership', name: 'Leadership', focus: 'Whole-school improvement'},
  ],
}

const empty: NeedDraft = {specialisms: []}

describe('the interactive needs intake', () => {
  it('asks for everything the flags left out, shows a summary and records on confirmation', async () => {
    const harness = new PromptHarness()
    const answer = completeNeedInteractively(empty, sources, harness.streams)
    let at = await harness.waitFor(/School \(type part of the name/)
    harness.type('castle')
    at = await harness.waitFor(/Castle View Infant and Nursery School \(910252\)/, at)
    harness.enter()
    at = await harness.waitFor(/Support type/, at)
    harness.enter() // specialist, the default
    at = await harness.waitFor(/Areas of need/, at)
    harness.enter() // nothing ticked: refused for a specialist need
    at = await harness.waitFor(/Tick at least one area/, at)
    harness.down()
    harness.space() // phonics
    harness.enter()
    at = await harness.waitFor(/Delivery/, at)
    harness.down()
    harness.enter() // remote
    at = await harness.waitFor(/Days requested/, at)
    harness.type('0')
    harness.enter()
    at = await harness.waitFor(/Give a number of days in halves/, at)
    harness.type('\u007f2.5') // backspace, then 2.5
    harness.enter()
    at = await harness.waitFor(/Window starts/, at)
    harness.enter() // today, the default
    at = await harness.waitFor(/Window ends/, at)
    harness.type('2026-11-30')
    harness.enter()
    at = await harness.waitFor(/cannot end before it starts/, at)
    harness.type('\u007f'.repeat(10) + '2027-03-31')
    harness.enter()
    at = await harness.waitFor(/Priority/, at)
    harness.up()
    harness.enter() // high
    at = await harness.waitFor(/Notes from the diagnosis/, at)
    harness.type('RI at last inspection')
    harness.enter()
    await harness.waitFor(/Record this need\?/, at)
    expect(harness.screen()).toMatch(/For\s+Castle View Infant and Nursery School \(910252\)/)
    expect(harness.screen()).toMatch(/Days\s+2\.5/)
    harness.enter()
    expect(await answer).toEqual({
      school: '910252',
      supportType: 'specialist',
      specialisms: ['phonics'],
      deliveryMode: 'remote',
      requestedHalfDays: 5,
      windowStart: '2026-12-01',
      windowEnd: '2027-03-31',
      priority: 'high',
      notes: 'RI at last inspection',
    })
  })

  it('asks only what is missing, ticks governance for a governance need, and asks the team size', async () => {
    const harness = new PromptHarness()
    const draft: NeedDraft = {
      school: '910010',
      supportType: 'team',
      specialisms: [],
      deliveryMode: 'in-person',
      requestedHalfDays: 4,
      windowStart: '2027-01-04',
      windowEnd: '2027-02-26',
      priority: 'low',
      notes: 'x',
    }
    const answer = completeNeedInteractively(draft, sources, {...harness.streams, confirm: false})
    const at = await harness.waitFor(/How many leaders\?/)
    harness.type('\u007f3')
    harness.enter()
    await harness.waitFor(/Areas of need/, at)
    harness.space() // maths
    harness.enter()
    const complete = await answer
    expect(complete).toMatchObject({teamSize: 3, specialisms: ['maths'], school: '910010'})
    expect(harness.screen()).toMatch(/For\s+school 910010/)
    expect(harness.screen()).not.toMatch(/Support type|Record this need/)

    const governance = new PromptHarness()
    const asked = completeNeedInteractively({...draft, supportType: 'governance', teamSize: undefined}, sources, {
      ...governance.streams,
      confirm: false,
    })
    await governance.waitFor(/Areas of need/)
    expect(governance.screen()).toMatch(/◉ Governance/)
    governance.enter()
    expect((await asked).specialisms).toEqual(['governance'])
  })

  it('stops before any question when the school given by flag is ambiguous', async () => {
    const harness = new PromptHarness()
    const ambiguous = new BrokerError('conflict', '"hartside" could be any of 7 schools')
    const failing: IntakeSources = {...sources, describeSchool: async () => Promise.reject(ambiguous)}
    await expect(
      completeNeedInteractively({school: 'hartside', specialisms: []}, failing, harness.streams),
    ).rejects.toBe(ambiguous)
    expect(harness.screen()).toBe('')
  })

  it('asks nothing when the flags said everything', async () => {
    const full: NeedDraft = {
      school: '1',
      supportType: 'specialist',
      specialisms: ['maths'],
      deliveryMode: 'remote',
      requestedHalfDays: 2,
      windowStart: '2027-01-04',
      windowEnd: '2027-01-29',
      priority: 'low',
      notes: 'n',
    }
    expect(unanswered(full)).toEqual([])
    expect(await completeNeedInteractively(full, sources)).toBe(full)
    expect(unanswered(empty)).toEqual(['urn', 'type', 'specialism', 'mode', 'days', 'from', 'to', 'priority', 'notes'])
  })

  it('stops on Ctrl+C with ExitPromptError, and on a declined summary with nothing recorded', async () => {
    const harness = new PromptHarness()
    const answer = completeNeedInteractively(empty, sources, harness.streams)
    await harness.waitFor(/School/)
    harness.ctrlC()
    await expect(answer).rejects.toMatchObject({name: 'ExitPromptError'})

    const declining = new PromptHarness()
    const declined = completeNeedInteractively(
      {
        school: '910010',
        supportType: 'leadership',
        specialisms: [],
        deliveryMode: 'remote',
        requestedHalfDays: 2,
        windowStart: '2027-01-04',
        windowEnd: '2027-01-29',
        priority: 'low',
        notes: 'n',
      },
      sources,
      declining.streams,
    )
    const at = await declining.waitFor(/Areas of need/)
    declining.enter()
    await declining.waitFor(/Record this need\?/, at)
    declining.type('n')
    declining.enter()
    const error = await declined.catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(BrokerError)
    expect((error as BrokerError).kind).toBe('interrupted')
  })
})
