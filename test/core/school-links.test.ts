import {describe, expect, it} from 'vitest'

import {readSchoolLinkRow} from '../../src/core/school-link-rows.js'
import {planLeaderMoves, type SchoolLink, successorsOfClosed} from '../../src/core/school-links.js'

const successor = (urn: number, linkedUrn: number): SchoolLink => ({
  urn,
  linkedUrn,
  linkType: 'successor',
  linkedOn: null,
})
const predecessor = (urn: number, linkedUrn: number): SchoolLink => ({
  urn,
  linkedUrn,
  linkType: 'predecessor',
  linkedOn: null,
})
const leader = (ref: string, homeUrn: number) => ({id: Number(ref.slice(1)), ref, homeUrn})

describe('successors of closed schools', () => {
  it('reads a link from either side, once, and only for closed schools', () => {
    const links = [successor(1, 2), predecessor(2, 1), predecessor(4, 3), successor(5, 6)]
    expect(successorsOfClosed(new Set([1, 3]), links)).toEqual(
      new Map([
        [1, [2]],
        [3, [4]],
      ]),
    )
  })
})

describe('leader moves', () => {
  it('follows single successors as far as they lead, so a second import moves nobody', () => {
    const successors = successorsOfClosed(new Set([1, 2]), [successor(1, 2), successor(2, 3)])
    expect(planLeaderMoves([leader('L1', 1), leader('L2', 2)], successors)).toEqual({
      moves: [
        {id: 1, ref: 'L1', from: 1, to: 3},
        {id: 2, ref: 'L2', from: 2, to: 3},
      ],
      undecided: [],
    })
  })

  it('leaves several successors to a person, also when the chain reaches them, and stops on a loop', () => {
    const successors = successorsOfClosed(new Set([1, 2, 7, 8]), [
      successor(1, 2),
      successor(2, 3),
      successor(2, 4),
      successor(7, 8),
      successor(8, 7),
    ])
    expect(planLeaderMoves([leader('L1', 1), leader('L2', 2), leader('L7', 7)], successors)).toEqual({
      moves: [
        {id: 1, ref: 'L1', from: 1, to: 2},
        {id: 7, ref: 'L7', from: 7, to: 8},
      ],
      undecided: [
        {ref: 'L1', homeUrn: 2, successors: [3, 4]},
        {ref: 'L2', homeUrn: 2, successors: [3, 4]},
      ],
    })
  })
})

describe('a GIAS links row', () => {
  const cells = (linkType: string, linkedOn = '') =>
    new Map([
      ['urn', '100001'],
      ['linkedUrn', '100002'],
      ['linkType', linkType],
      ['linkedOn', linkedOn],
    ])

  it('reads qualified predecessor and successor types, and skips the other kinds by type', () => {
    expect(readSchoolLinkRow(cells('Predecessor - Split School', '01/09/2026'), {})).toMatchObject({
      kind: 'ok',
      value: {linkType: 'predecessor', linkedOn: '2026-09-01'},
    })
    expect(readSchoolLinkRow(cells('Successor - amalgamated'), {})).toMatchObject({
      kind: 'ok',
      value: {linkType: 'successor', linkedOn: null},
    })
    expect(readSchoolLinkRow(cells('Sixth Form Centre Link'), {})).toEqual({
      kind: 'skip',
      reason: 'link type "Sixth Form Centre Link" (neither a predecessor nor a successor)',
    })
    expect(readSchoolLinkRow(cells(''), {})).toMatchObject({
      kind: 'invalid',
      problems: [{field: 'linkType', reason: 'the link type is required'}],
    })
  })
})
