import {describe, expect, it} from 'vitest'

import {
  clearWinner,
  editDistanceAtMostOne,
  informativeTrigrams,
  queryTrigrams,
  rank,
  type Rankable,
  type RankField,
  words,
} from '../../src/core/search.js'

interface Row {
  urn: number
  name: string
  town: string
}

const FIELDS: RankField[] = [
  {name: 'name', weight: 1},
  {name: 'town', weight: 0.9},
]

function candidates(rows: Row[]): Rankable<Row>[] {
  return rows.map((row) => ({item: row, fields: {name: row.name, town: row.town}}))
}

const SCHOOLS = candidates([
  {urn: 1, name: "St Mary's Catholic Primary School", town: 'Leeds'},
  {urn: 2, name: "St Mary's Catholic Primary School", town: 'Bradford'},
  {urn: 3, name: 'St Joseph’s Catholic Primary Academy', town: 'Leeds'},
  {urn: 4, name: 'Saint Bede’s RC Primary', town: 'Sunderland'},
  {urn: 5, name: 'École Française de Londres', town: 'London'},
  {urn: 6, name: 'Hartside Primary School', town: 'Crook'},
  {urn: 7, name: 'Primrose Hill Primary School', town: 'London'},
])

const top = (query: string) => rank(query, SCHOOLS, FIELDS).map((entry) => entry.item.urn)

describe('folding', () => {
  it('ignores case, accents, apostrophes and Saint/St', () => {
    expect(words('Saint Mary’s C.E. École')).toEqual(['st', 'marys', 'c', 'e', 'ecole'])
    expect(words("ST. MARY'S")).toEqual(['st', 'marys'])
  })

  it('sends the index each word’s trigrams and its boundary trigrams', () => {
    expect(queryTrigrams('Buyts')).toEqual(expect.arrayContaining([' bu', 'ts ', 'buy', 'uyt', 'yts']))
    expect(queryTrigrams('st')).toEqual([' st', 'st '])
  })

  it('keeps the informative trigrams and always the rarest few', () => {
    const frequencies = [
      {trigram: 'pri', documents: 15000},
      {trigram: 'rim', documents: 14000},
      {trigram: 'har', documents: 400},
      {trigram: 'xyz', documents: 0},
    ]
    expect(informativeTrigrams(frequencies, 27000)).toEqual(['har', 'rim', 'pri'])
    expect(informativeTrigrams(frequencies, 27000, 0.08, 1)).toEqual(['har'])
  })
})

describe('ranking', () => {
  it('tolerates typos and any word order', () => {
    expect(top('st marys primry leeds')[0]).toBe(1)
    expect(top('leeds primary catholic marys st')[0]).toBe(1)
    expect(top('hartsdie')[0]).toBe(6)
  })

  it('matches accents, apostrophes and Saint/St either way', () => {
    expect(top('ecole francaise')[0]).toBe(5)
    expect(top('st bedes')[0]).toBe(4)
    expect(top('saint josephs leeds')[0]).toBe(3)
  })

  it('does not find a word inside another ("mary" in "primary")', () => {
    const results = rank('marys', SCHOOLS, FIELDS)
    expect(results.map((entry) => entry.item.urn).sort()).toEqual([1, 2])
  })

  it('prefers a word the query begins over a one-letter near miss', () => {
    const ranked = rank(
      'hart',
      candidates([
        {urn: 1, name: 'Art', town: 'X'},
        {urn: 2, name: 'Hartside Primary School', town: 'Crook'},
      ]),
      FIELDS,
    )
    expect(ranked[0]!.item.urn).toBe(2)
  })

  it('marks an exact name and drops candidates that share nothing', () => {
    const ranked = rank("St Mary's Catholic Primary School", SCHOOLS, FIELDS)
    expect(
      ranked
        .filter((entry) => entry.exact)
        .map((entry) => entry.item.urn)
        .sort(),
    ).toEqual([1, 2])
    expect(rank('zzzz qqqq', SCHOOLS, FIELDS)).toEqual([])
  })

  it('takes a clear winner and refuses to guess between close ones', () => {
    expect(clearWinner(rank('st marys primary leeds', SCHOOLS, FIELDS))?.item.urn).toBe(1)
    expect(clearWinner(rank("St Mary's Catholic Primary School", SCHOOLS, FIELDS))).toBeUndefined()
    expect(clearWinner(rank('primary', SCHOOLS, FIELDS))).toBeUndefined()
  })

  it('knows a one-letter difference', () => {
    expect(editDistanceAtMostOne('primry', 'primary')).toBe(true)
    expect(editDistanceAtMostOne('pirmary', 'primary')).toBe(true)
    expect(editDistanceAtMostOne('primery', 'primary')).toBe(true)
    expect(editDistanceAtMostOne('prmry', 'primary')).toBe(false)
  })
})
