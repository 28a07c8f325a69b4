/**
 * Shared bits of the SVG the charts and maps draw: sizes in points (1 SVG unit is 1 pt on an A4
 * PDF page at full printable width), one font, one palette.
 */

export const FONT = 'Roboto, Helvetica, Arial, sans-serif'
export const FONT_SIZE = 9

export const COLOURS = {
  series: ['#1f5f8b', '#e08a1e', '#5a8f29', '#8e44ad'],
  reference: '#b03a2e',
  axis: '#6b7680',
  grid: '#dde3e8',
  text: '#1d2327',
  sea: '#eaf2f8',
  land: '#f7f5ef',
  coast: '#8d9aa3',
  leader: '#1f5f8b',
  school: '#e08a1e',
  need: '#6c757d',
  coldSpot: '#c0392b',
} as const

export function escapeXml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (char) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;'})[char]!,
  )
}

export const round1 = (value: number): string => String(Math.round(value * 10) / 10)

export function svgText(
  x: number,
  y: number,
  content: string,
  options: {anchor?: 'start' | 'middle' | 'end'; fill?: string; weight?: 'bold'} = {},
): string {
  const anchor = options.anchor ? ` text-anchor="${options.anchor}"` : ''
  const weight = options.weight ? ` font-weight="${options.weight}"` : ''
  return `<text x="${round1(x)}" y="${round1(y)}"${anchor}${weight} fill="${options.fill ?? COLOURS.text}">${escapeXml(content)}</text>`
}

export function svgDocument(width: number, height: number, body: string, label: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${round1(width)}" height="${round1(height)}" viewBox="0 0 ${round1(width)} ${round1(height)}" ` +
    `role="img" aria-label="${escapeXml(label)}" font-family="${FONT}" font-size="${FONT_SIZE}">${body}</svg>`
  )
}

/** Shortens a label to fit roughly `maxWidth` points at the chart font size. */
export function fitLabel(label: string, maxWidth: number): string {
  const maxChars = Math.max(4, Math.floor(maxWidth / (FONT_SIZE * 0.52)))
  return label.length <= maxChars ? label : `${label.slice(0, maxChars - 1)}…`
}
