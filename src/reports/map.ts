import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'

import type {GeometryCollection, Topology} from 'topojson-specification'

import {PRINTABLE_WIDTH} from '../core/reports/document.js'
import type {MapData, MapPointKind} from '../core/reports/map-data.js'
import {COLOURS, escapeXml, FONT_SIZE, fitLabel, round1, svgDocument, svgText} from './svg.js'

/**
 * A report map as SVG, no tile server: the Natural Earth coastline (world-atlas TopoJSON),
 * leaders, schools and the lines between them, all through one transverse Mercator projection
 * centred on 2°W (the meridian of the British National Grid). d3-geo, topojson-client and the
 * atlas are loaded only here, when a map is drawn.
 */

const POINT_STYLE: Record<MapPointKind, {fill: string; radius: number; label: string}> = {
  leader: {fill: COLOURS.leader, radius: 2.2, label: 'Leader (home school)'},
  'supported-school': {fill: COLOURS.school, radius: 3.4, label: 'Supported school'},
  need: {fill: COLOURS.need, radius: 3, label: 'Open need'},
  'cold-spot': {fill: COLOURS.coldSpot, radius: 4.2, label: 'Cold spot'},
}

const LINE_STYLE = {
  deployment: {stroke: COLOURS.leader, dash: '', label: 'Deployment (leader to school)'},
  'nearest-candidate': {
    stroke: COLOURS.coldSpot,
    dash: ' stroke-dasharray="3 2"',
    label: 'Nearest candidate, out of range',
  },
} as const

/** Below this span (degrees of latitude) the detailed 1:10m coastline is worth its size. */
const DETAILED_BELOW_DEGREES = 4

const require = createRequire(import.meta.url)

function coastline(detailed: boolean): Topology<{land: GeometryCollection}> {
  return JSON.parse(
    readFileSync(require.resolve(`world-atlas/land-${detailed ? '10m' : '50m'}.json`), 'utf8'),
  ) as Topology<{land: GeometryCollection}>
}

/** The SVG map, or null when nothing in it has a known location. */
export async function mapSvg(data: MapData, width = PRINTABLE_WIDTH): Promise<string | null> {
  const coordinates = [
    ...data.points.map((p) => [p.longitude, p.latitude]),
    ...data.lines.flatMap((l) => [
      [l.from.longitude, l.from.latitude],
      [l.to.longitude, l.to.latitude],
    ]),
  ] as [number, number][]
  if (coordinates.length === 0) return null
  const [{geoPath, geoTransverseMercator, geoDistance}, {feature}] = await Promise.all([
    import('d3-geo'),
    import('topojson-client'),
  ])

  // Frame the points with a margin, never narrower than about 70 km.
  const lons = coordinates.map(([lon]) => lon)
  const lats = coordinates.map(([, lat]) => lat)
  const centre = [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2] as const
  const halfLat = Math.max(0.32, ((Math.max(...lats) - Math.min(...lats)) / 2) * 1.12)
  const halfLon = Math.max(0.5, ((Math.max(...lons) - Math.min(...lons)) / 2) * 1.12)
  const frame: GeoJSON.MultiPoint = {
    type: 'MultiPoint',
    coordinates: [
      [centre[0] - halfLon, centre[1] - halfLat],
      [centre[0] + halfLon, centre[1] - halfLat],
      [centre[0] - halfLon, centre[1] + halfLat],
      [centre[0] + halfLon, centre[1] + halfLat],
    ],
  }
  const projection = geoTransverseMercator().rotate([2, 0])
  projection.fitWidth(width, frame)
  const [[, y0], [, y1]] = geoPath(projection).bounds(frame)
  const height = Math.round(Math.min(680, Math.max(240, y1 - y0)))
  const legendHeight = 46
  const mapHeight = height
  projection
    .fitExtent(
      [
        [6, 6],
        [width - 6, mapHeight - 6],
      ],
      frame,
    )
    .clipExtent([
      [0, 0],
      [width, mapHeight],
    ])
  const path = geoPath(projection).digits(1)

  const atlas = coastline(halfLat * 2 < DETAILED_BELOW_DEGREES)
  const land = path(feature(atlas, atlas.objects.land)) ?? ''

  const parts: string[] = [
    `<rect x="0" y="0" width="${width}" height="${mapHeight}" fill="${COLOURS.sea}"/>`,
    `<path d="${land}" fill="${COLOURS.land}" stroke="${COLOURS.coast}" stroke-width="0.6"/>`,
  ]
  // Hundreds of lines turn into a haze; fainter lines keep where the work flows readable.
  const opacity = data.lines.length > 200 ? 0.18 : 0.55
  for (const kind of ['deployment', 'nearest-candidate'] as const) {
    const style = LINE_STYLE[kind]
    const paths = data.lines
      .filter((line) => line.kind === kind)
      .map((line) =>
        path({
          type: 'LineString',
          coordinates: [
            [line.from.longitude, line.from.latitude],
            [line.to.longitude, line.to.latitude],
          ],
        }),
      )
      .filter((d): d is string => Boolean(d))
    if (paths.length > 0)
      parts.push(
        `<g fill="none" stroke="${style.stroke}" stroke-opacity="${opacity}" stroke-width="0.9"${style.dash}>${paths.map((d) => `<path d="${d}"/>`).join('')}</g>`,
      )
  }
  // Points grouped by kind, so a national map stays a few hundred kilobytes; names as tooltips when few.
  const withTitles = data.points.length <= 400
  for (const kind of ['leader', 'need', 'supported-school', 'cold-spot'] as const) {
    const style = POINT_STYLE[kind]
    const circles = data.points
      .filter((p) => p.kind === kind)
      .flatMap((p) => {
        const at = projection([p.longitude, p.latitude])
        if (!at) return []
        const title = withTitles ? `<title>${escapeXml(p.label)}</title>` : ''
        return [`<circle cx="${round1(at[0])}" cy="${round1(at[1])}" r="${style.radius}">${title}</circle>`]
      })
    if (circles.length > 0)
      parts.push(`<g fill="${style.fill}" stroke="#ffffff" stroke-width="0.6">${circles.join('')}</g>`)
  }
  parts.push(placeLabels(data, projection, width, mapHeight))
  parts.push(scaleBar(projection, geoDistance, width, mapHeight))
  parts.push(mapLegend(data, mapHeight, width))
  return svgDocument(width, mapHeight + legendHeight, parts.join(''), 'Map')
}

/** Few enough supported schools or cold spots are named on the map; many would only clutter it. */
const MAX_LABELS = 12

function placeLabels(
  data: MapData,
  projection: (point: [number, number]) => [number, number] | null,
  width: number,
  height: number,
): string {
  const named = data.points.filter((p) => p.kind === 'supported-school' || p.kind === 'cold-spot')
  if (named.length === 0 || named.length > MAX_LABELS) return ''
  // Greedy placement: the first spot beside the point that overlaps no label already placed.
  const placed: {x0: number; x1: number; y0: number; y1: number}[] = []
  const labels: string[] = []
  for (const p of named) {
    const at = projection([p.longitude, p.latitude])
    if (!at) continue
    const label = fitLabel(p.label, width * 0.35)
    const labelWidth = label.length * FONT_SIZE * 0.6
    const spots = [0, 11, -11, 22, -22].flatMap((dy) => [
      {x0: at[0] + 6, y: at[1] + 3 + dy, anchor: 'start' as const},
      {x0: at[0] - 6 - labelWidth, y: at[1] + 3 + dy, anchor: 'end' as const},
    ])
    const fits = (spot: (typeof spots)[number]) =>
      spot.x0 >= 2 && spot.x0 + labelWidth <= width - 2 && spot.y - 9 >= 0 && spot.y + 2 <= height
    const clear = (spot: (typeof spots)[number]) =>
      placed.every(
        (box) => spot.x0 > box.x1 || spot.x0 + labelWidth < box.x0 || spot.y + 2 < box.y0 || spot.y - 9 > box.y1,
      )
    const spot = spots.find((candidate) => fits(candidate) && clear(candidate)) ?? spots.find(fits)
    if (!spot) continue
    placed.push({x0: spot.x0, x1: spot.x0 + labelWidth, y0: spot.y - 9, y1: spot.y + 2})
    labels.push(svgText(spot.anchor === 'start' ? spot.x0 : spot.x0 + labelWidth, spot.y, label, {anchor: spot.anchor}))
  }
  return labels.join('')
}

function scaleBar(
  projection: {invert?: ((point: [number, number]) => [number, number] | null) | undefined},
  geoDistance: (a: [number, number], b: [number, number]) => number,
  width: number,
  height: number,
): string {
  const y = height - 12
  const x = width - 14
  const a = projection.invert?.([x - 100, y])
  const b = projection.invert?.([x, y])
  if (!a || !b) return ''
  const kmPer100 = geoDistance(a, b) * 6371.0088
  const km = [5, 10, 20, 25, 50, 100, 200].filter((length) => (length / kmPer100) * 100 <= 120).at(-1) ?? 5
  const pixels = (km / kmPer100) * 100
  return (
    `<rect x="${round1(x - pixels - 6)}" y="${round1(y - 14)}" width="${round1(pixels + 12)}" height="22" fill="#ffffff" fill-opacity="0.8"/>` +
    `<line x1="${round1(x - pixels)}" x2="${round1(x)}" y1="${y}" y2="${y}" stroke="${COLOURS.text}" stroke-width="1.5"/>` +
    svgText(x - pixels / 2, y - 4, `${km} km`, {anchor: 'middle'})
  )
}

function mapLegend(data: MapData, top: number, width: number): string {
  const items: {symbol: string; label: string}[] = []
  for (const kind of ['leader', 'supported-school', 'need', 'cold-spot'] as const) {
    const count = data.points.filter((p) => p.kind === kind).length
    if (count === 0) continue
    const style = POINT_STYLE[kind]
    items.push({
      symbol: `<circle cx="5" cy="-3" r="${Math.max(3, style.radius)}" fill="${style.fill}"/>`,
      label: `${style.label}: ${count}`,
    })
  }
  for (const kind of ['deployment', 'nearest-candidate'] as const) {
    const count = data.lines.filter((l) => l.kind === kind).length
    if (count === 0) continue
    const style = LINE_STYLE[kind]
    items.push({
      symbol: `<line x1="0" x2="12" y1="-3" y2="-3" stroke="${style.stroke}" stroke-width="1.2"${style.dash}/>`,
      label: `${style.label}: ${count}`,
    })
  }
  const columns = 3
  const columnWidth = width / columns
  const body = items
    .map((item, index) => {
      const x = (index % columns) * columnWidth
      const y = top + 14 + Math.floor(index / columns) * 14
      return `<g transform="translate(${round1(x)} ${y})">${item.symbol}${svgText(16, 0, item.label)}</g>`
    })
    .join('')
  const attribution = svgText(
    width,
    top + 42,
    `Coastline: Natural Earth (public domain).${data.notDrawn > 0 ? ` ${data.notDrawn} without a known location not drawn.` : ''}`,
    {anchor: 'end', fill: COLOURS.axis},
  )
  return body + attribution
}
