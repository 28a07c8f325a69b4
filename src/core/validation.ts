/** Small checks on user-supplied values, shared by intake flags and imports. */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
// UK postcode, outward and inward parts, as Royal Mail defines the shape (not whether it exists).
const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$/

export function isEmail(text: string): boolean {
  return EMAIL.test(text.trim())
}

/** "ne1 4lp" -> "NE1 4LP"; null when it is not shaped like a UK postcode. */
export function normalisePostcode(text: string): string | null {
  const match = POSTCODE.exec(text.trim().toUpperCase().replace(/\s+/g, ' '))
  return match ? `${match[1]} ${match[2]}` : null
}

/** Parses a URN cell; null when it is not a six-digit number. */
export function parseUrn(text: string): number | null {
  const trimmed = text.trim()
  if (!/^\d{6}$/.test(trimmed)) return null
  return Number(trimmed)
}
