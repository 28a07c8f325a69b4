import {describe, expect, it} from 'vitest'

import {distanceKm} from '../../src/core/geo.js'
import {osgbToWgs84} from '../../src/core/national-grid.js'

describe('geography', () => {
  it('converts the national grid to WGS84 as Ordnance Survey does', () => {
    // Carr Hill Community Primary School, Gateshead: Code-Point Open gives 54.946239, -1.584019.
    const location = osgbToWgs84(426744, 561366)!
    expect(location.latitude).toBeCloseTo(54.946239, 4)
    expect(location.longitude).toBeCloseTo(-1.584019, 4)
  })

  it('refuses coordinates off the grid', () => {
    expect(osgbToWgs84(0, 0)).toBeNull()
    expect(osgbToWgs84(561366, 4267440)).toBeNull()
  })

  it('measures straight-line kilometres', () => {
    const newcastle = {latitude: 54.978, longitude: -1.613}
    const sunderland = {latitude: 54.906, longitude: -1.381}
    expect(distanceKm(newcastle, sunderland)).toBeGreaterThan(16)
    expect(distanceKm(newcastle, sunderland)).toBeLessThan(18)
    expect(distanceKm(newcastle, newcastle)).toBe(0)
  })
})
