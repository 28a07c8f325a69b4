import {describe, expect, it} from 'vitest'

import {accountCapacity, type CapacityDeployment, type CapacityInputs} from '../../src/core/capacity.js'
import {WorkingCalendar} from '../../src/core/working-days.js'

const calendar = new WorkingCalendar(['2026-12-25', '2026-12-28', '2027-01-01', '2027-03-26', '2027-03-29'])

function inputs(partial: Partial<CapacityInputs>): CapacityInputs {
  return {released: [], deployments: [], delivered: [], legacy: [], ...partial}
}

const deployment = (partial: Partial<CapacityDeployment>): CapacityDeployment => ({
  id: 1,
  status: 'agreed',
  halfDays: 10,
  start: '2027-01-04',
  end: '2027-03-31',
  holdExpiresOn: null,
  ...partial,
})

describe('working days', () => {
  it('skips weekends and bank holidays', () => {
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false) // Saturday
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false) // bank holiday
    expect(calendar.isWorkingDay('2027-01-04')).toBe(true)
    expect(calendar.addWorkingDays('2026-12-23', 5)).toBe('2027-01-04') // 24, 29, 30, 31 Dec and 4 Jan
  })

  it('charges a window to academic years in proportion to its working days', () => {
    // 2027-08-02..2027-09-10: 22 working days in August (2026/27), 8 in September (2027/28).
    const split = calendar.splitAcrossYears(20, '2027-08-02', '2027-09-10')
    expect([...split.values()].reduce((a, b) => a + b, 0)).toBe(20)
    expect(split.get(2026)).toBeGreaterThan(split.get(2027)!)
  })
})

describe('capacity accounting', () => {
  it('takes held, committed, delivered and legacy days off what is released', () => {
    const result = accountCapacity(
      inputs({
        released: [{academicYear: 2026, releasedHalfDays: 40}],
        deployments: [
          deployment({id: 1, status: 'agreed', halfDays: 10}),
          deployment({id: 2, status: 'proposed', halfDays: 6, holdExpiresOn: '2027-01-31'}),
        ],
        delivered: [{deploymentId: 1, legacyLinkId: null, onDate: '2027-01-20', halfDays: 4}],
        legacy: [{id: 7, status: 'open', budgetHalfDays: 4, openedOn: '2027-01-10', endsOn: '2027-07-10'}],
      }),
      '2027-01-15',
      calendar,
    ).get(2026)!
    expect(result).toEqual({academicYear: 2026, released: 40, held: 6, committed: 6, delivered: 4, legacy: 4, free: 20})
  })

  it('stops holding days once a proposal has expired', () => {
    const result = accountCapacity(
      inputs({
        released: [{academicYear: 2026, releasedHalfDays: 20}],
        deployments: [deployment({status: 'proposed', holdExpiresOn: '2027-01-10'})],
      }),
      '2027-01-11',
      calendar,
    ).get(2026)!
    expect(result.held).toBe(0)
    expect(result.free).toBe(20)
  })

  it('keeps a year boundary: delivered days count in the year they were delivered', () => {
    const result = accountCapacity(
      inputs({
        released: [
          {academicYear: 2026, releasedHalfDays: 20},
          {academicYear: 2027, releasedHalfDays: 20},
        ],
        deployments: [deployment({halfDays: 20, start: '2027-06-01', end: '2027-10-29'})],
        delivered: [{deploymentId: 1, legacyLinkId: null, onDate: '2027-06-10', halfDays: 12}],
      }),
      '2027-07-01',
      calendar,
    )
    const [y2026, y2027] = [result.get(2026)!, result.get(2027)!]
    expect(y2026.delivered).toBe(12)
    expect(y2026.committed + y2027.committed).toBe(8)
    expect(y2026.free + y2027.free).toBe(40 - 20)
  })

  it('ignores completed and cancelled deployments except for what they delivered', () => {
    const result = accountCapacity(
      inputs({
        released: [{academicYear: 2026, releasedHalfDays: 20}],
        deployments: [
          deployment({id: 3, status: 'completed', halfDays: 10}),
          deployment({id: 4, status: 'cancelled', halfDays: 8}),
        ],
        delivered: [{deploymentId: 3, legacyLinkId: null, onDate: '2027-02-01', halfDays: 9}],
      }),
      '2027-04-01',
      calendar,
    ).get(2026)!
    expect(result).toMatchObject({held: 0, committed: 0, delivered: 9, free: 11})
  })
})
