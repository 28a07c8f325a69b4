import type {LatLon} from '../geo.js'

/**
 * What a report map shows, in WGS84 latitude and longitude (the registry's school coordinates);
 * the renderer projects coastline, points and lines through one projection.
 */

export type MapPointKind = 'leader' | 'supported-school' | 'need' | 'cold-spot'

export interface MapPoint {
  kind: MapPointKind
  label: string
  latitude: number
  longitude: number
}

export type MapLineKind = 'deployment' | 'nearest-candidate'

export interface MapLine {
  kind: MapLineKind
  from: LatLon
  to: LatLon
}

export interface MapData {
  points: MapPoint[]
  lines: MapLine[]
  /** Things the report counts but cannot place (no known location). */
  notDrawn: number
}

export const point = (kind: MapPointKind, label: string, location: LatLon): MapPoint => ({
  kind,
  label,
  latitude: location.latitude,
  longitude: location.longitude,
})
