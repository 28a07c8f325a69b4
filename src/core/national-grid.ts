import proj4 from 'proj4'

import type {LatLon} from './geo.js'

/**
 * British National Grid (OSGB36, EPSG:27700) to WGS84 with the standard 7-parameter Helmert
 * transform (about 5 m), as Ordnance Survey publishes it.
 */
const BRITISH_NATIONAL_GRID =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs'

const toWgs84 = proj4(BRITISH_NATIONAL_GRID, 'WGS84')

/** Null for coordinates outside Great Britain's grid (a mistyped or swapped easting/northing). */
export function osgbToWgs84(easting: number, northing: number): LatLon | null {
  if (!Number.isFinite(easting) || !Number.isFinite(northing)) return null
  if (easting <= 0 || easting > 700_000 || northing <= 0 || northing > 1_300_000) return null
  const [longitude, latitude] = toWgs84.forward<[number, number]>([easting, northing])
  return {latitude: Math.round(latitude * 1e6) / 1e6, longitude: Math.round(longitude * 1e6) / 1e6}
}
