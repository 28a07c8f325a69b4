import {describe, expect, it} from 'vitest'

import {fitColumns, renderTable, shorten} from '../../src/cli/table.js'
import {someIds} from '../../src/core/text.js'

describe('tables that fit the terminal', () => {
  it('shortens names with an ellipsis, keeping a trailing reference whole', () => {
    expect(shorten('St Mary’s Church of England Primary School (100123)', 30)).toBe('St Mary’s Church of… (100123)')
    expect(shorten('Short name', 30)).toBe('Short name')
    expect(shorten('Alternates list without a reference', 12)).toBe('Alternates…')
  })

  it('shrinks long columns first, then leaves out the least useful, lowest drop order first', () => {
    const columns = [
      {natural: 4},
      {natural: 50, shrinkTo: 20},
      {natural: 10, dropOrder: 2},
      {natural: 10, dropOrder: 1},
    ]
    expect(fitColumns(columns, 100)).toEqual({kept: [0, 1, 2, 3], widths: [4, 50, 10, 10]})
    expect(fitColumns(columns, 60)).toEqual({kept: [0, 1, 2, 3], widths: [4, 30, 10, 10]})
    expect(fitColumns(columns, 40)).toEqual({kept: [0, 1, 2], widths: [4, 22, 10, 10]})
    expect(fitColumns(columns, 20)).toEqual({kept: [0, 1], widths: [4, 20, 10, 10]})
  })

  it('prints every line within the width and says which columns it left out', () => {
    const rows = [{name: 'Hartside Community Primary School and Nursery (900001)', a: 1, b: 2, notes: 'x'.repeat(40)}]
    const text = renderTable(
      rows,
      [
        {header: 'School', value: (row) => row.name, shrinkTo: 24},
        {header: 'A', value: (row) => row.a, align: 'right'},
        {header: 'Notes', value: (row) => row.notes, dropOrder: 1},
      ],
      40,
    )
    const lines = text.split('\n')
    expect(lines.slice(0, 2).every((line) => line.length <= 40)).toBe(true)
    expect(lines[1]).toContain('… (900001)')
    expect(text).toContain('Left out to fit 40 columns: Notes (--wide shows them).')
  })
})

describe('messages naming ids', () => {
  it('names at most five and says how many more', () => {
    expect(someIds([1, 2, 3])).toBe('1, 2, 3')
    expect(someIds(Array.from({length: 130}, (_, index) => index + 1))).toBe('1, 2, 3, 4, 5 and 125 more')
  })
})
