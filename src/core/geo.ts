import proj4 from 'proj4'

/**
 * British National Grid (OSGB36, EPSG:27700) to WGS84 with the standard 7-parameter Helmert
 * transform (about 5 m), as Ordnance Survey publishes it; and great-circle distances.
 */
const BRITISH_NATIONAL_GRID =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs'

const toWgs84 = proj4(BRITISH_NATIONAL_GRID, 'WGS84')

export interface LatLon {
  latitude: number
  longitude: number
}

/** Null for coordinates outside Great Britain's grid (a mistyped or swapped easting/northing). */
export function osgbToWgs84(easting: number, northing: number): LatLon | null {
  if (!Number.isFinite(easting) || !Number.isFinite(northing)) return null
  if (easting <= 0 || easting > 700_000 || northing <= 0 || northing > 1_300_000) return null
  const [longitude, latitude] = toWgs84.forward([easting, northing]) as [number, number]
  return {latitude: Math.round(latitude * 1e6) / 1e6, longitude: Math.round(longitude * 1e6) / 1e6}
}

const EARTH_RADIUS_KM = 6371.0088

/** Straight-line (great-circle) distance in kilometres. */
export function distanceKm(a: LatLon, b: LatLon): number {
  const toRadians = (degrees: number) => (degrees * Math.PI) / 180
  const dLat = toRadians(b.latitude - a.latitude)
  const dLon = toRadians(b.longitude - a.longitude)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.latitude)) * Math.cos(toRadians(b.latitude)) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}
