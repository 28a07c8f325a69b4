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
