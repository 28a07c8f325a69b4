import {
  type BarChartBlock,
  formatChartValue,
  formatInterval,
  type IntervalChartBlock,
  PRINTABLE_WIDTH,
  shortCategory,
} from '../core/reports/document.js'
import {COLOURS, FONT_SIZE, fitLabel, round1, svgDocument, svgText} from './svg.js'

/** Bar charts as SVG, drawn by hand: a few rectangles and labels need no charting library. */

export function barChartSvg(chart: BarChartBlock, width = PRINTABLE_WIDTH): string {
  return chart.orientation === 'vertical' ? columnChart(chart, width) : horizontalBars(chart, width)
}

/** A round axis maximum a little above the largest value. */
export function niceMaximum(value: number): number {
  if (!(value > 0)) return 1
  const magnitude = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * magnitude >= value) return step * magnitude
  return 10 * magnitude
}

function legend(chart: BarChartBlock, x: number, y: number): string {
  if (chart.series.length < 2) return ''
  let offset = x
  return chart.series
    .map((series, index) => {
      const item = `<rect x="${round1(offset)}" y="${round1(y - 8)}" width="9" height="9" fill="${COLOURS.series[index % COLOURS.series.length]}"/>${svgText(offset + 13, y, series.name)}`
      offset += 13 + series.name.length * FONT_SIZE * 0.55 + 16
      return item
    })
    .join('')
}

function columnChart(chart: BarChartBlock, width: number): string {
  const height = 190
  const left = 38
  const right = 8
  const top = chart.series.length > 1 ? 22 : 12
  const bottom = 24
  const plotWidth = width - left - right
  const plotHeight = height - top - bottom
  const maximum = niceMaximum(Math.max(0, ...chart.series.flatMap((series) => series.values), chart.reference ?? 0))
  const y = (value: number) => top + plotHeight - (value / maximum) * plotHeight
  const parts: string[] = [legend(chart, left, 12)]
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = (maximum * tick) / 4
    parts.push(
      `<line x1="${left}" x2="${round1(width - right)}" y1="${round1(y(value))}" y2="${round1(y(value))}" stroke="${tick === 0 ? COLOURS.axis : COLOURS.grid}" stroke-width="0.6"/>`,
    )
    parts.push(
      svgText(left - 4, y(value) + 3, formatChartValue(value, chart.unit), {anchor: 'end', fill: COLOURS.axis}),
    )
  }
  const band = plotWidth / Math.max(1, chart.categories.length)
  const barWidth = Math.max(2, (band * 0.7) / chart.series.length)
  const labelEvery = Math.ceil((chart.categories.length * 34) / plotWidth)
  chart.categories.forEach((category, index) => {
    const start = left + index * band + band * 0.15
    chart.series.forEach((series, seriesIndex) => {
      const value = series.values[index] ?? 0
      const x = start + seriesIndex * barWidth
      parts.push(
        `<rect x="${round1(x)}" y="${round1(y(value))}" width="${round1(barWidth)}" height="${round1(Math.max(0, y(0) - y(value)))}" fill="${COLOURS.series[seriesIndex % COLOURS.series.length]}"/>`,
      )
      if (value > 0 && barWidth >= 14)
        parts.push(svgText(x + barWidth / 2, y(value) - 3, formatChartValue(value, chart.unit), {anchor: 'middle'}))
    })
    if (index % labelEvery === 0)
      parts.push(
        svgText(left + index * band + band / 2, height - bottom + 13, shortCategory(category), {
          anchor: 'middle',
          fill: COLOURS.axis,
        }),
      )
  })
  return svgDocument(width, height, parts.join(''), chart.title)
}

function horizontalBars(chart: BarChartBlock, width: number): string {
  const labelWidth = 150
  const valueWidth = 44
  const rowHeight = 12 * chart.series.length + 6
  const top = chart.series.length > 1 ? 22 : 6
  const height = top + chart.categories.length * rowHeight + 20
  const plotLeft = labelWidth + 6
  const plotWidth = width - plotLeft - valueWidth
  const maximum = niceMaximum(Math.max(0, ...chart.series.flatMap((series) => series.values), chart.reference ?? 0))
  const x = (value: number) => plotLeft + (Math.max(0, value) / maximum) * plotWidth
  const parts: string[] = [legend(chart, plotLeft, 12)]
  const plotBottom = top + chart.categories.length * rowHeight
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = (maximum * tick) / 4
    parts.push(
      `<line x1="${round1(x(value))}" x2="${round1(x(value))}" y1="${top}" y2="${round1(plotBottom)}" stroke="${tick === 0 ? COLOURS.axis : COLOURS.grid}" stroke-width="0.6"/>`,
    )
    parts.push(
      svgText(x(value), plotBottom + 12, formatChartValue(value, chart.unit), {anchor: 'middle', fill: COLOURS.axis}),
    )
  }
  chart.categories.forEach((category, index) => {
    const rowTop = top + index * rowHeight + 3
    parts.push(svgText(labelWidth, rowTop + (rowHeight - 6) / 2 + 3, fitLabel(category, labelWidth), {anchor: 'end'}))
    chart.series.forEach((series, seriesIndex) => {
      const value = series.values[index] ?? 0
      const barTop = rowTop + seriesIndex * 12
      parts.push(
        `<rect x="${plotLeft}" y="${round1(barTop)}" width="${round1(x(value) - plotLeft)}" height="10" fill="${COLOURS.series[seriesIndex % COLOURS.series.length]}"/>`,
      )
      parts.push(svgText(x(value) + 3, barTop + 8, formatChartValue(value, chart.unit)))
    })
  })
  if (chart.reference !== null) {
    const at = x(chart.reference)
    parts.push(
      `<line x1="${round1(at)}" x2="${round1(at)}" y1="${top - 2}" y2="${round1(plotBottom)}" stroke="${COLOURS.reference}" stroke-width="1" stroke-dasharray="3 2"/>`,
    )
  }
  return svgDocument(width, height, parts.join(''), chart.title)
}

/** Estimates and their 95% intervals, one row a group, around a dashed zero line (a forest plot). */
export function intervalChartSvg(chart: IntervalChartBlock, width = PRINTABLE_WIDTH): string {
  const labelWidth = 190
  const valueWidth = 130
  const rowHeight = 18
  const top = 8
  const height = top + chart.rows.length * rowHeight + 22
  const plotLeft = labelWidth + 8
  const plotWidth = width - plotLeft - valueWidth
  const reach = niceMaximum(Math.max(0, ...chart.rows.flatMap((row) => [Math.abs(row.low), Math.abs(row.high)])))
  const x = (value: number) => plotLeft + ((value + reach) / (2 * reach)) * plotWidth
  const plotBottom = top + chart.rows.length * rowHeight
  const parts: string[] = []
  for (const tick of [-reach, -reach / 2, 0, reach / 2, reach]) {
    parts.push(
      `<line x1="${round1(x(tick))}" x2="${round1(x(tick))}" y1="${top}" y2="${round1(plotBottom)}" stroke="${tick === 0 ? COLOURS.reference : COLOURS.grid}" stroke-width="${tick === 0 ? 1 : 0.6}"${tick === 0 ? ' stroke-dasharray="3 2"' : ''}/>`,
    )
    parts.push(
      svgText(x(tick), plotBottom + 12, `${tick > 0 ? '+' : ''}${Number(tick.toFixed(2))}`, {
        anchor: 'middle',
        fill: COLOURS.axis,
      }),
    )
  }
  chart.rows.forEach((row, index) => {
    const middle = top + index * rowHeight + rowHeight / 2
    parts.push(svgText(labelWidth, middle + 3, fitLabel(row.label, labelWidth), {anchor: 'end'}))
    parts.push(
      `<line x1="${round1(x(row.low))}" x2="${round1(x(row.high))}" y1="${round1(middle)}" y2="${round1(middle)}" stroke="${COLOURS.series[0]}" stroke-width="2"/>`,
    )
    parts.push(`<circle cx="${round1(x(row.estimate))}" cy="${round1(middle)}" r="3.5" fill="${COLOURS.series[1]}"/>`)
    parts.push(svgText(width - valueWidth + 6, middle + 3, formatInterval(row)))
  })
  return svgDocument(width, height, parts.join(''), chart.title)
}
