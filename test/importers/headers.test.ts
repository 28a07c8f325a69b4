import {describe, expect, it} from 'vitest'

import {type FieldSpec, HeaderMapper, headerKey} from '../../src/importers/headers.js'

const FIELDS: FieldSpec[] = [
  {field: 'urn', label: 'URN', required: true, synonyms: ['URN']},
  {field: 'name', label: 'School name', required: true, synonyms: ['EstablishmentName', 'School name']},
  {field: 'fsmPct', label: '% FSM', synonyms: ['PercentageFSM']},
  {field: 'fsmEverPct', label: '% FSM ever', synonyms: ['PercentageFSMEver']},
  {field: 'areas', label: 'Areas', synonyms: ['Areas of expertise'], multiple: true},
  {field: 'email', label: 'Email', synonyms: ['Email address']},
]

const mapper = new HeaderMapper(FIELDS)

describe('header keys', () => {
  it('splits camel case, folds case and punctuation, and drops years', () => {
    expect(headerKey('PercentageFSMEver')).toBe('percentage fsm ever')
    expect(headerKey('TypeOfEstablishment (name)')).toBe('type of establishment name')
    expect(headerKey('Days offered 2026/27')).toBe('days offered')
    expect(headerKey('number_on_roll_2019')).toBe('number on roll')
  })
})

describe('header mapping', () => {
  it('maps exact names and synonyms, and lists the rest as ignored', () => {
    const mapping = mapper.map(['URN', 'EstablishmentName', 'PercentageFSMEver', 'Telephone'])
    expect(mapping.problems).toEqual([])
    expect(mapping.columns.map((column) => [column.column, column.field, column.method])).toEqual([
      ['URN', 'urn', 'exact'],
      ['EstablishmentName', 'name', 'synonym'],
      ['PercentageFSMEver', 'fsmEverPct', 'synonym'],
      ['Telephone', null, null],
    ])
  })

  it('takes a clear fuzzy match and says so', () => {
    const mapping = mapper.map(['URN', 'School name', 'E-mail address'])
    const email = mapping.columns[2]!
    expect(email).toMatchObject({field: 'email', method: 'fuzzy'})
    expect(email.confidence).toBeGreaterThanOrEqual(0.8)
  })

  it('asks instead of guessing when two fields are equally close', () => {
    const mapping = mapper.map(['URN', 'School name', 'percentage'])
    expect(mapping.doubts).toHaveLength(1)
    expect(mapping.doubts[0]!.candidates.map((candidate) => candidate.field).sort()).toEqual(['fsmEverPct', 'fsmPct'])
  })

  it('reports a missing required column and a duplicated one', () => {
    expect(mapper.map(['EstablishmentName']).problems.map((problem) => problem.reason)).toEqual([
      expect.stringMatching(/required URN/),
    ])
    const duplicated = mapper.map(['URN', 'School name', 'URN'])
    expect(duplicated.problems).toEqual([{column: 'URN', reason: 'the header "URN" appears twice (columns A and C)'}])
  })

  it('ignores hostile header names such as __proto__ without touching any object prototype', () => {
    const mapping = mapper.map(['URN', '__proto__', 'School name', 'constructor'])
    expect(mapping.problems).toEqual([])
    expect(mapping.columns.filter((column) => column.field !== null).map((column) => column.field)).toEqual([
      'urn',
      'name',
    ])
    expect(({} as Record<string, unknown>).urn).toBeUndefined()
  })

  it('follows the user map first: a field, or null to leave a column out', () => {
    const mapping = mapper.map(['URN', 'School name', 'FSM'], new Map([[headerKey('FSM'), 'fsmPct']]))
    expect(mapping.doubts).toEqual([])
    expect(mapping.columns[2]).toMatchObject({field: 'fsmPct', method: 'map'})
    expect(mapper.map(['URN', 'School name', 'FSM'], new Map([[headerKey('FSM'), null]])).columns[2]!.field).toBeNull()
    expect(
      mapper.map(['URN', 'School name', 'FSM'], new Map([[headerKey('FSM'), '% FSM ever']])).columns[2],
    ).toMatchObject({field: 'fsmEverPct', method: 'map'})
    expect(
      mapper.map(['URN', 'School name', 'FSM'], new Map([[headerKey('FSM'), 'shoe size']])).problems[0]!.reason,
    ).toMatch(/unknown field "shoe size"/)
  })

  it('lets several columns feed a multi-column field, including those under a merged header', () => {
    const mapping = mapper.map(
      ['URN', 'School name', 'Areas of expertise', '', ''],
      new Map(),
      new Map([
        [3, 2],
        [4, 2],
      ]),
    )
    expect(mapping.byField.get('areas')).toEqual([2, 3, 4])
  })
})
