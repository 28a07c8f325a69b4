/** Text normalisation shared by every matcher: case, accents, apostrophes, "&", spacing. */

const APOSTROPHES = /['’‘`´]/g
const DASHES = /[‐‑‒–—―]/g

/** "St Mary’s C of E Primary" -> "st marys c of e primary". */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(APOSTROPHES, '')
    .replace(DASHES, '-')
    .replace(/&/g, ' and ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

/** Like foldText, and "saint" is written "st" so both spellings meet. */
export function foldName(text: string): string {
  return foldText(text).replace(/\bsaint\b/g, 'st')
}

/** How many ids a message names before it says how many more there are. */
export const IDS_NAMED = 5

/** "15, 18, 28" or, past IDS_NAMED, "15, 18, 28, 103, 118 and 16 more": a message stays one readable line. */
export function someIds(ids: readonly (string | number)[], named: number = IDS_NAMED): string {
  if (ids.length <= named) return ids.join(', ')
  return `${ids.slice(0, named).join(', ')} and ${ids.length - named} more`
}
