import {describe, expect, it} from 'vitest'

import {distanceKm} from '../../src/core/geo.js'
import {
  areasWithRelated,
  beyondReach,
  findCandidates,
  Holders,
  isCandidate,
  reachBoxes,
  reachKm,
  reachSpan,
} from '../../src/core/match/candidates.js'
import {aLeader, aNeed, config, north, tables} from './match-builders.js'

const newcastle = {latitude: 54.97, longitude: -1.61}
const east = (location: {latitude: number; longitude: number}, km: number) => ({
  latitude: location.latitude,
  longitude: location.longitude + km / (111.2 * Math.cos((location.latitude * Math.PI) / 180)),
})

describe('reach', () => {
  it('is the radius in person, twice the radius blended, and unlimited remote', () => {
    expect(reachKm('in-person', 50)).toBe(50)
    expect(reachKm('blended', 50)).toBe(100)
    expect(reachKm('remote', 50)).toBeNull()
    expect(beyondReach(60, 'in-person', 50)).toBe(true)
    expect(beyondReach(60, 'blended', 50)).toBe(false)
    expect(beyondReach(50, 'in-person', 50)).toBe(false)
    expect(beyondReach(5_000, 'remote', 50)).toBe(false)
  })

  it('draws boxes that hold every point within reach, at any latitude', () => {
    for (const latitude of [50, 54.97, 60, 75]) {
      const centre = {latitude, longitude: -1.6}
      const span = reachSpan(latitude, 50)
      for (let bearing = 0; bearing < 360; bearing += 15) {
        const radians = (bearing * Math.PI) / 180
        // A point just inside 50 km along this bearing.
        let point = north(centre, 49.9 * Math.cos(radians))
        point = east(point, 49.9 * Math.sin(radians))
        expect(distanceKm(centre, point)).toBeLessThan(50.5)
        expect(Math.abs(point.latitude - centre.latitude)).toBeLessThanOrEqual(span.latitude)
        expect(Math.abs(point.longitude - centre.longitude)).toBeLessThanOrEqual(span.longitude)
      }
    }
  })

  it('gives a box per need, twice as wide for blended support, or none when a need cannot be narrowed', () => {
    const [inPerson, blended] = reachBoxes(
      [
        {deliveryMode: 'in-person', location: newcastle},
        {deliveryMode: 'blended', location: newcastle},
      ],
      50,
    )!
    expect(inPerson!.north - newcastle.latitude).toBeCloseTo(50 / 110 + 0.01, 10)
    expect(inPerson!.south).toBeCloseTo(newcastle.latitude - (50 / 110 + 0.01), 10)
    expect(blended!.north - newcastle.latitude).toBeCloseTo(100 / 110 + 0.01, 10)
    expect(inPerson!.east - newcastle.longitude).toBeCloseTo(newcastle.longitude - inPerson!.west, 10)
    expect(
      reachBoxes(
        [
          {deliveryMode: 'in-person', location: newcastle},
          {deliveryMode: 'remote', location: newcastle},
        ],
        50,
      ),
    ).toBeNull()
    expect(reachBoxes([{deliveryMode: 'in-person', location: null}], 50)).toBeNull()
  })
})

describe('expertise', () => {
  it('takes each needed area and the areas related to it', () => {
    expect([...areasWithRelated(['english'], tables.related)]).toEqual(['english', 'phonics', 'early-years'])
    expect([...areasWithRelated(['maths', 'phonics'], tables.related)]).toEqual([
      'maths',
      'phonics',
      'english',
      'early-years',
    ])
  })

  it('finds each holder of an area or a related one once: an area, then those related to it, then the next area', () => {
    const holding = (...codes: string[]) => ({specialisms: new Map(codes.map((code) => [code, 1]))})
    const holders = new Holders(
      [
        holding('phonics'),
        holding('english'),
        holding('science'),
        holding('english', 'phonics'),
        holding('early-years'),
      ],
      tables.related,
    )
    expect(holders.of(['english'])).toEqual([1, 3, 0, 4])
    expect(holders.of(['science', 'english'])).toEqual([2, 1, 3, 0, 4])
    expect(holders.of(['maths'])).toEqual([])
    expect(holders.of(['english'])).toEqual([1, 3, 0, 4])
  })
})

describe('the candidates of a run', () => {
  const near = aLeader({id: 1, ref: 'L-1', location: north(newcastle, 10)})
  const far = aLeader({id: 2, ref: 'L-2', location: north(newcastle, 80)})
  const nowhere = aLeader({id: 3, ref: 'L-3', home: null, location: null})
  const noExpertise = aLeader({id: 4, ref: 'L-4', specialisms: new Map([['science', 1]]), location: newcastle})
  const leaders = [near, far, nowhere, noExpertise]
  const holders = new Holders(leaders, tables.related)
  const candidates = (need: ReturnType<typeof aNeed>, pinned?: number) =>
    findCandidates([need], leaders, config(), holders, (needId) => (needId === need.id ? pinned : undefined))[0]

  it('keeps holders within the box of the reach, counts the others, and never looks at the rest', () => {
    expect(candidates(aNeed({location: newcastle}))).toEqual({inReach: [0, 2], outOfReach: 1})
  })

  it('reaches twice as far for blended support and everyone for remote support or an unknown location', () => {
    expect(candidates(aNeed({location: newcastle, deliveryMode: 'blended'}))).toEqual({
      inReach: [0, 1, 2],
      outOfReach: 0,
    })
    expect(candidates(aNeed({location: newcastle, deliveryMode: 'remote'}))).toEqual({
      inReach: [0, 1, 2],
      outOfReach: 0,
    })
    expect(candidates(aNeed({school: null, location: null}))).toEqual({inReach: [0, 1, 2], outOfReach: 0})
  })

  it('adds a pinned leader whatever their reach or expertise', () => {
    expect(candidates(aNeed({location: newcastle}), 1)).toEqual({inReach: [0, 2, 1], outOfReach: 1})
    expect(candidates(aNeed({location: newcastle}), 3)).toEqual({inReach: [0, 2, 3], outOfReach: 1})
    expect(candidates(aNeed({location: newcastle}), 0)).toEqual({inReach: [0, 2], outOfReach: 1})
  })
})

describe('a candidate for coverage', () => {
  it('is held back by circumstance, not ruled out by who they are', () => {
    expect(isCandidate({vetoes: ['too-far', 'no-capacity']})).toBe(true)
    expect(isCandidate({vetoes: ['unavailable', 'objection', 'ended-early']})).toBe(true)
    expect(isCandidate({vetoes: ['no-expertise']})).toBe(false)
    expect(isCandidate({vetoes: ['designation-inactive', 'too-far']})).toBe(false)
    expect(isCandidate({vetoes: ['own-school']})).toBe(false)
  })
})
