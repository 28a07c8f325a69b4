import {describe, expect, it} from 'vitest'

import {capacityStrain, type YearCapacity} from '../../src/core/capacity.js'
import {
  type AgreementTerms,
  changedTerms,
  checkinSchedule,
  deliveredCostPence,
  formatPounds,
  midReviewDate,
  pairPlannedVisits,
  parsePounds,
} from '../../src/core/deployments.js'
import {WorkingCalendar} from '../../src/core/working-days.js'

const calendar = new WorkingCalendar(['2027-03-26', '2027-03-29'])

describe('agreement arithmetic', () => {
  it('puts the mid-point review halfway, on a working day', () => {
    expect(midReviewDate('2027-01-04', '2027-01-08', calendar)).toBe('2027-01-06')
    // Halfway is Saturday 2027-02-13: the review moves to Monday.
    expect(midReviewDate('2027-01-04', '2027-03-26', calendar)).toBe('2027-02-15')
    // Halfway is Good Friday: the next working day is after Easter Monday.
    expect(midReviewDate('2027-03-20', '2027-04-02', calendar)).toBe('2027-03-30')
    // A weekend-only window keeps its middle.
    expect(midReviewDate('2027-01-09', '2027-01-10', calendar)).toBe('2027-01-09')
  })

  it('costs delivered days at the day rate, to the penny', () => {
    expect(deliveredCostPence(5, 45000)).toBe(112500)
    expect(deliveredCostPence(1, 33333)).toBe(16667)
    expect(deliveredCostPence(4, null)).toBeNull()
  })

  it('reads and prints pounds', () => {
    expect(parsePounds('450')).toBe(45000)
    expect(parsePounds('£1,200.5')).toBe(120050)
    expect(parsePounds('0')).toBe(0)
    expect(parsePounds('-3')).toBeNull()
    expect(parsePounds('12.345')).toBeNull()
    expect(formatPounds(120050)).toBe('£1,200.50')
  })

  it('names the terms a variation changes', () => {
    const terms: AgreementTerms = {
      halfDays: 6,
      startsOn: '2027-01-04',
      endsOn: '2027-03-26',
      midReviewOn: '2027-02-15',
      dayRatePence: 45000,
      fundingSource: 'dfe-grant',
      fundingProgramme: null,
      grantReference: null,
      payer: null,
      objectives: [{objective: 'A', successCriteria: 'a'}],
    }
    expect(changedTerms(terms, {...terms, halfDays: 8, objectives: [{objective: 'A', successCriteria: 'b'}]})).toEqual([
      'halfDays',
      'objectives',
    ])
    expect(changedTerms(terms, {...terms})).toEqual([])
  })

  it('schedules check-ins every N months up to the end', () => {
    expect(checkinSchedule('2027-07-20', '2028-07-20', 4)).toEqual(['2027-11-20', '2028-03-20', '2028-07-20'])
    expect(checkinSchedule('2027-07-20', '2027-09-01', 4)).toEqual([])
  })

  it('pairs planned visits with the records that follow them', () => {
    const visits = pairPlannedVisits([
      {id: 1, entry: 'planned', onDate: '2027-02-03', halfDays: 2, activity: 'visit'},
      {id: 2, entry: 'planned', onDate: '2027-02-10', halfDays: 2, activity: 'visit'},
      {id: 3, entry: 'delivered', onDate: '2027-02-04', halfDays: 2, activity: 'visit'},
      {id: 4, entry: 'planned', onDate: '2027-02-20', halfDays: 2, activity: 'visit'},
      {id: 5, entry: 'delivered', onDate: '2027-02-25', halfDays: 2, activity: 'visit'},
    ])
    expect(visits.map((visit) => [visit.entry.id, visit.recordedBy])).toEqual([
      [1, 3],
      [2, null],
      [4, 5],
    ])
  })
})

describe('capacity strain', () => {
  const year = (academicYear: number, free: number): [number, YearCapacity] => [
    academicYear,
    {academicYear, released: 20, held: 0, committed: 0, delivered: 0, legacy: 0, free},
  ]

  it('flags a year pushed below zero', () => {
    expect(capacityStrain(new Map([year(2026, 2)]), new Map([year(2026, -1)]))).toEqual([
      {academicYear: 2026, released: 20, freeBefore: 2, freeAfter: -1},
    ])
  })

  it('lets a change pass that leaves an overcommitted year no worse', () => {
    expect(capacityStrain(new Map([year(2026, -4)]), new Map([year(2026, -2)]))).toEqual([])
    expect(capacityStrain(new Map([year(2026, -4)]), new Map([year(2026, -4)]))).toEqual([])
  })

  it('counts a year with nothing released as zero free before', () => {
    expect(capacityStrain(new Map(), new Map([year(2027, -1)]))).toHaveLength(1)
  })
})
