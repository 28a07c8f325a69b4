import {describe, expect, it} from 'vitest'

import {excelSerialToIso, parseDateText} from '../../src/core/date-text.js'

describe('Excel serial dates', () => {
  it('honours the 1900 leap-year bug: serial 60 is the non-existent 29 February 1900', () => {
    expect(excelSerialToIso(1)).toBe('1900-01-01')
    expect(excelSerialToIso(59)).toBe('1900-02-28')
    expect(excelSerialToIso(60)).toBeNull()
    expect(excelSerialToIso(61)).toBe('1900-03-01')
    expect(excelSerialToIso(45566)).toBe('2024-10-01')
    expect(excelSerialToIso(44279.75)).toBe('2021-03-24')
  })

  it('reads the 1904 date system', () => {
    expect(excelSerialToIso(0, true)).toBe('1904-01-01')
    expect(excelSerialToIso(45566 - 1462, true)).toBe('2024-10-01')
  })
})

describe('dates as people write them', () => {
  it.each([
    ['2027-01-15', '2027-01-15'],
    ['2027-01-15T00:00:00Z', '2027-01-15'],
    ['15/01/2027', '2027-01-15'],
    ['5/1/2027', '2027-01-05'],
    ['15-01-2027', '2027-01-15'],
    ['15.01.2027', '2027-01-15'],
    ['31 Aug 2028', '2028-08-31'],
    ['1st April 2024', '2024-04-01'],
    ['Monday 14 September 2025', '2025-09-14'],
    ['Sept 14, 2025', '2025-09-14'],
    ['44279', '2021-03-24'],
  ])('%s -> %s', (text, iso) => {
    expect(parseDateText(text)).toBe(iso)
  })

  it('reads slash dates as dd/mm/yyyy only, so a US date is refused rather than misread', () => {
    expect(parseDateText('01/13/2027')).toBeNull()
    expect(parseDateText('12/01/2027')).toBe('2027-01-12')
  })

  it('refuses what is not a date', () => {
    for (const text of ['', 'soon', '31/02/2027', '2027-13-01', '12', '999999', 'next term'])
      expect(parseDateText(text)).toBeNull()
  })
})
