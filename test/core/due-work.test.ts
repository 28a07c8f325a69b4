import {describe, expect, it} from 'vitest'

import {addDays, addMonths} from '../../src/core/calendar.js'
import {type DueDeployment, type DueLegacyLink, dueWork} from '../../src/core/due-work.js'
import {PROGRESS_REVIEW_MONTHS} from '../../src/core/lifecycle.js'
import {WorkingCalendar} from '../../src/core/working-days.js'

// England and Wales bank holidays around the dates used here.
const calendar = new WorkingCalendar([
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
])

let nextId = 1
const entry = (kind: 'planned' | 'delivered', onDate: string, halfDays = 2) => ({
  id: nextId++,
  entry: kind,
  onDate,
  halfDays,
  activity: 'visit',
})

function aDeployment(partial: Partial<DueDeployment> = {}): DueDeployment {
  return {
    id: 1,
    leaderId: 10,
    leaderRef: 'SH-0001',
    subject: 'Carr Hill Primary (910083)',
    status: 'active',
    startsOn: '2027-01-04',
    endsOn: '2027-07-16',
    holdExpiresOn: null,
    ledger: [],
    reviews: [],
    ...partial,
  }
}

function aLink(partial: Partial<DueLegacyLink> = {}): DueLegacyLink {
  return {
    id: 3,
    leaderId: 10,
    leaderRef: 'SH-0001',
    subject: 'Carr Hill Primary (910083)',
    endsOn: '2028-07-16',
    checkins: [],
    ...partial,
  }
}

const visitRecords = (deployment: DueDeployment, today: string, within = 14) =>
  dueWork([deployment], [], today, within, calendar).filter((item) => item.kind === 'visit-record')

describe('a planned visit must be recorded within 5 working days', () => {
  it('counts Monday to Friday only: a Wednesday visit is due the next Wednesday', () => {
    const [item] = visitRecords(aDeployment({ledger: [entry('planned', '2027-02-03')]}), '2027-02-03')
    expect(item).toMatchObject({dueOn: '2027-02-10', state: 'due-soon', owner: 'SH-0001'})
  })

  it('skips the weekend: a Friday visit is due the next Friday', () => {
    const [item] = visitRecords(aDeployment({ledger: [entry('planned', '2027-02-05')]}), '2027-02-05')
    expect(item!.dueOn).toBe('2027-02-12')
  })

  it('skips bank holidays: a visit before Easter is due two days later than usual', () => {
    // Thursday 25 March 2027; Good Friday 26 and Easter Monday 29 are bank holidays.
    const [item] = visitRecords(aDeployment({ledger: [entry('planned', '2027-03-25')]}), '2027-03-25')
    expect(item!.dueOn).toBe('2027-04-05')
  })

  it('is due soon on its last day and overdue the day after', () => {
    const deployment = aDeployment({ledger: [entry('planned', '2027-02-03')]})
    expect(visitRecords(deployment, '2027-02-10')[0]!.state).toBe('due-soon')
    expect(visitRecords(deployment, '2027-02-11')[0]!.state).toBe('overdue')
  })

  it('is cleared by a delivered record on or after the planned date, not by an earlier one', () => {
    expect(
      visitRecords(
        aDeployment({ledger: [entry('planned', '2027-02-03'), entry('delivered', '2027-02-03')]}),
        '2027-03-01',
      ),
    ).toEqual([])
    expect(
      visitRecords(
        aDeployment({ledger: [entry('delivered', '2027-02-01'), entry('planned', '2027-02-03')]}),
        '2027-03-01',
      ),
    ).toHaveLength(1)
  })

  it('takes a record as the record of the latest visit planned before it', () => {
    const ledger = [entry('planned', '2027-02-03'), entry('planned', '2027-02-17'), entry('delivered', '2027-02-18')]
    const items = visitRecords(aDeployment({ledger}), '2027-03-01')
    expect(items.map((item) => [item.what, item.dueOn, item.state])).toEqual([
      ['Record the visit planned for 2027-02-03', '2027-02-10', 'overdue'],
    ])
  })

  it('leaves out visits whose record is not yet due within the window', () => {
    expect(visitRecords(aDeployment({ledger: [entry('planned', '2027-04-20')]}), '2027-02-01', 14)).toEqual([])
  })

  it('stops asking once the deployment is no longer agreed or active', () => {
    expect(
      visitRecords(aDeployment({status: 'completed', ledger: [entry('planned', '2027-02-03')]}), '2027-03-01'),
    ).toEqual([])
  })
})

describe('reviews', () => {
  it('puts the NLG progress review 4 calendar months after the initial report, clamped to the month end', () => {
    expect(PROGRESS_REVIEW_MONTHS).toBe(4)
    expect(addMonths('2027-01-29', PROGRESS_REVIEW_MONTHS)).toBe('2027-05-29')
    expect(addMonths('2027-10-31', PROGRESS_REVIEW_MONTHS)).toBe('2028-02-29')
    expect(addMonths('2026-10-31', PROGRESS_REVIEW_MONTHS)).toBe('2027-02-28')
  })

  it('makes the leader own the progress review, even after the deployment completed', () => {
    const deployment = aDeployment({
      status: 'completed',
      reviews: [{kind: 'progress', dueOn: '2027-05-29', heldOn: null}],
    })
    const [item] = dueWork([deployment], [], '2027-05-20', 14, calendar)
    expect(item).toMatchObject({kind: 'progress-review', owner: 'SH-0001', state: 'due-soon'})
  })

  it('makes the broker own the mid-point review, and drops held ones', () => {
    const deployment = aDeployment({
      reviews: [
        {kind: 'mid-point', dueOn: '2027-04-09', heldOn: null},
        {kind: 'other', dueOn: '2027-03-01', heldOn: '2027-03-01'},
      ],
    })
    const items = dueWork([deployment], [], '2027-04-12', 14, calendar)
    expect(items.map((item) => [item.kind, item.owner, item.state])).toEqual([
      ['mid-point-review', 'broker', 'overdue'],
    ])
  })
})

describe('dates the broker owns', () => {
  it('warns before a proposal stops holding days and flags it once it has', () => {
    const proposal = aDeployment({status: 'proposed', holdExpiresOn: '2027-01-25'})
    expect(dueWork([proposal], [], '2027-01-20', 14, calendar)[0]).toMatchObject({
      kind: 'proposal-hold',
      state: 'due-soon',
      owner: 'broker',
    })
    expect(dueWork([proposal], [], '2027-01-26', 14, calendar)[0]).toMatchObject({
      kind: 'proposal-hold',
      state: 'overdue',
    })
  })

  it('asks to start an agreed deployment on its start date and to complete an active one at its end', () => {
    expect(dueWork([aDeployment({status: 'agreed'})], [], '2027-01-05', 14, calendar).map((item) => item.kind)).toEqual(
      ['start'],
    )
    expect(
      dueWork([aDeployment({status: 'active'})], [], '2027-07-20', 14, calendar).map((item) => [item.kind, item.state]),
    ).toEqual([['completion', 'overdue']])
  })
})

describe('legacy links', () => {
  it('lists check-ins for the leader and the end date for the broker', () => {
    const link = aLink({
      endsOn: '2027-06-30',
      checkins: [
        {dueOn: '2027-06-20', heldOn: null},
        {dueOn: '2027-02-20', heldOn: '2027-02-21'},
      ],
    })
    const items = dueWork([], [link], '2027-06-21', 14, calendar)
    expect(items.map((item) => [item.kind, item.owner, item.state, item.dueOn])).toEqual([
      ['legacy-checkin', 'SH-0001', 'overdue', '2027-06-20'],
      ['legacy-end', 'broker', 'due-soon', '2027-06-30'],
    ])
  })
})

describe('counting working days', () => {
  it('agrees with a day-by-day count over every window of up to 400 days in a year of dates', () => {
    const naive = (start: string, end: string) => {
      let count = 0
      for (let day = start; day <= end; day = addDays(day, 1)) if (calendar.isWorkingDay(day)) count += 1
      return count
    }
    for (let offset = 0; offset < 365; offset += 11) {
      const start = addDays('2026-06-01', offset)
      for (const length of [0, 1, 4, 6, 7, 8, 30, 95, 400]) {
        const end = addDays(start, length)
        expect(calendar.countWorkingDays(start, end)).toBe(naive(start, end))
      }
    }
    expect(calendar.countWorkingDays('2027-01-08', '2027-01-04')).toBe(0)
  })
})
