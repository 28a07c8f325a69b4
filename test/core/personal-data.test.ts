import {describe, expect, it} from 'vitest'

import {
  coarseFragment,
  entriesMentioning,
  mentionsIn,
  personIdentifiers,
  replaceMentions,
  scrubJson,
  strongIdentifiers,
} from '../../src/core/personal-data.js'

const jo = personIdentifiers({
  name: 'Jo  Bloggs',
  email: 'J.Bloggs@Example.sch.uk',
  phone: '0191 496 0123',
  ref: 'NE-0200',
  designationReferences: ['NE-0200', 'NLE-77'],
})

describe('person identifiers', () => {
  it('collects name, email, phone, references once each, and the surname as a weak signal', () => {
    expect(jo).toEqual([
      {kind: 'name', text: 'Jo Bloggs'},
      {kind: 'email', text: 'J.Bloggs@Example.sch.uk'},
      {kind: 'phone', text: '0191 496 0123'},
      {kind: 'ref', text: 'NE-0200'},
      {kind: 'designation-reference', text: 'NLE-77'},
      {kind: 'surname', text: 'Bloggs'},
    ])
    expect(strongIdentifiers(jo).map((identifier) => identifier.kind)).not.toContain('surname')
  })

  it('leaves out a short surname and a phone too short to identify anyone', () => {
    const identifiers = personIdentifiers({
      name: 'Al Wu',
      email: null,
      phone: '999',
      ref: 'L-1',
      designationReferences: [],
    })
    expect(identifiers.map((identifier) => identifier.kind)).toEqual(['name', 'ref'])
  })
})

describe('finding mentions', () => {
  it('matches whole words, ignoring case and runs of spaces', () => {
    expect(mentionsIn('Visit by jo   bloggs on Tuesday', jo)).toEqual(['name', 'surname'])
    expect(mentionsIn('Contact j.bloggs@example.sch.uk', jo)).toEqual(['email', 'surname'])
    expect(mentionsIn('Leader NE-0200 proposed', jo)).toEqual(['ref'])
    expect(mentionsIn('Leader NE-02001 proposed', jo)).toEqual([])
    expect(mentionsIn('Bloggsworth Academy', jo)).toEqual([])
  })

  it('finds a phone number however it is spaced', () => {
    expect(mentionsIn('ring 01914960123', jo)).toEqual(['phone'])
    expect(mentionsIn('ring (0191) 496-0123', jo)).toEqual(['phone'])
  })

  it('gives a fragment every mention contains, for a coarse database filter', () => {
    for (const identifier of jo) {
      const mention = identifier.kind === 'phone' ? '01914960123' : identifier.text.toUpperCase()
      expect(mention.toLowerCase().replace(/\s+/g, ' ')).toContain(coarseFragment(identifier))
    }
  })

  it('replaces every occurrence, longest identifier first', () => {
    expect(
      replaceMentions('Jo Bloggs (NE-0200, j.bloggs@example.sch.uk) and NE-0200', strongIdentifiers(jo), 'X'),
    ).toBe('X (X, X) and X')
  })
})

describe('scrubbing JSON', () => {
  it('rewrites strings and keys, clears named keys, and says whether anything changed', () => {
    const document = {
      ref: 'NE-0200',
      homeUrn: 100001,
      reasons: ['NE-0200 has no days left'],
      byRef: {'NE-0200': 1},
      other: 'L-9',
    }
    const {value, changed} = scrubJson(document, {
      identifiers: strongIdentifiers(jo),
      replacement: 'ERASED-1',
      clearKeys: ['homeUrn'],
    })
    expect(changed).toBe(true)
    expect(value).toEqual({
      ref: 'ERASED-1',
      homeUrn: null,
      reasons: ['ERASED-1 has no days left'],
      byRef: {'ERASED-1': 1},
      other: 'L-9',
    })
    expect(scrubJson({other: 'L-9'}, {identifiers: jo, replacement: 'X'}).changed).toBe(false)
  })

  it('keeps a "__proto__" key as data and pollutes nothing', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": "NE-0200"}, "a": 1}') as unknown
    const {value} = scrubJson(parsed, {identifiers: jo, replacement: 'X'})
    expect(Object.getOwnPropertyNames(value)).toContain('__proto__')
    expect(JSON.stringify(value)).toBe('{"__proto__":{"polluted":"X"},"a":1}')
    expect(({} as {polluted?: unknown}).polluted).toBeUndefined()
  })

  it('lists the entries of a document that mention the person', () => {
    const results = {
      proposals: [
        {needId: 1, leader: {id: 4, ref: 'NE-0200'}, alternates: []},
        {needId: 2, leader: {id: 5, ref: 'L-00005'}, alternates: [{ref: 'NE-0200', score: 0.5}]},
        {needId: 3, leader: {id: 6, ref: 'L-00006'}, alternates: []},
      ],
      unmatched: [{needId: 9, reasons: ['NE-0200 is fully booked']}],
    }
    expect(entriesMentioning(results, jo).map((entry) => entry.path)).toEqual([
      'proposals[0]',
      'proposals[1]',
      'unmatched[0]',
    ])
  })
})
