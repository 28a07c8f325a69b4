/**
 * Finding a person in text and JSON, for subject-access exports and erasure (UK GDPR arts. 15, 17).
 *
 * A person is recognised by the strings that identify them: full name, email, phone, broker
 * reference and designation references. Matching ignores case and runs of spaces, and only counts
 * whole words, so that "NE-02" does not match inside "NE-0200". The surname alone is a weaker
 * signal: it is used to list text for a person to review, never to rewrite anything.
 */

export type IdentifierKind = 'name' | 'surname' | 'email' | 'phone' | 'ref' | 'designation-reference'

export interface Identifier {
  kind: IdentifierKind
  text: string
}

export interface PersonKeys {
  name: string | null
  email: string | null
  phone: string | null
  ref: string
  designationReferences: readonly string[]
}

const MIN_SURNAME_LETTERS = 3
const MIN_PHONE_DIGITS = 6

/** The strings that identify a person; `surname` entries are for review listings only. */
export function personIdentifiers(person: PersonKeys): Identifier[] {
  const identifiers: Identifier[] = []
  const add = (kind: IdentifierKind, text: string | null | undefined) => {
    const trimmed = text?.trim().replace(/\s+/g, ' ')
    if (!trimmed) return
    if (identifiers.some((identifier) => identifier.text.toLowerCase() === trimmed.toLowerCase())) return
    identifiers.push({kind, text: trimmed})
  }
  add('name', person.name)
  add('email', person.email)
  if (person.phone && person.phone.replace(/\D/g, '').length >= MIN_PHONE_DIGITS) add('phone', person.phone)
  add('ref', person.ref)
  for (const reference of person.designationReferences) add('designation-reference', reference)
  const words = person.name?.trim().split(/\s+/) ?? []
  const surname = words.length > 1 ? words[words.length - 1]! : null
  if (surname && surname.replace(/[^\p{L}]/gu, '').length >= MIN_SURNAME_LETTERS) add('surname', surname)
  return identifiers
}

/** Identifiers strong enough to rewrite text automatically (everything but the surname). */
export function strongIdentifiers(identifiers: readonly Identifier[]): Identifier[] {
  return identifiers.filter((identifier) => identifier.kind !== 'surname')
}

/**
 * A lower-case fragment that every text mentioning the identifier contains, for a coarse
 * database filter (`like %fragment%`) before the exact match here.
 */
export function coarseFragment(identifier: Identifier): string {
  if (identifier.kind === 'phone') return identifier.text.replace(/\D/g, '').slice(-4)
  if (identifier.kind === 'name') {
    const words = identifier.text.split(' ')
    return words.reduce((longest, word) => (word.length > longest.length ? word : longest), '').toLowerCase()
  }
  return identifier.text.toLowerCase()
}

const patterns = new Map<string, RegExp>()

function patternOf(identifier: Identifier): RegExp {
  const key = `${identifier.kind}\u0000${identifier.text}`
  let pattern = patterns.get(key)
  if (!pattern) {
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const body =
      identifier.kind === 'phone'
        ? identifier.text.replace(/\D/g, '').split('').join('[\\s().-]*')
        : identifier.text.split(' ').map(escape).join('\\s+')
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu')
    patterns.set(key, pattern)
  }
  pattern.lastIndex = 0
  return pattern
}

/** Which of the identifiers occur in the text (each kind once, in the order given). */
export function mentionsIn(text: string, identifiers: readonly Identifier[]): IdentifierKind[] {
  const kinds: IdentifierKind[] = []
  for (const identifier of identifiers) {
    if (!kinds.includes(identifier.kind) && patternOf(identifier).test(text)) kinds.push(identifier.kind)
  }
  return kinds
}

/** The text with every occurrence of the identifiers replaced. */
export function replaceMentions(text: string, identifiers: readonly Identifier[], replacement: string): string {
  let result = text
  // Longest first, so that a name is replaced before a reference it might contain.
  for (const identifier of [...identifiers].sort((a, b) => b.text.length - a.text.length)) {
    result = result.replace(patternOf(identifier), replacement)
  }
  return result
}

export interface ScrubOptions {
  identifiers: readonly Identifier[]
  replacement: string
  /** Keys whose values are set to null wherever they appear (e.g. a home school that identifies a head). */
  clearKeys?: readonly string[]
}

/**
 * A copy of a JSON value with the identifiers replaced in every string (keys included) and the
 * `clearKeys` values nulled; `changed` says whether anything was replaced. Objects are rebuilt
 * with own properties only, so a "__proto__" key stays data.
 */
export function scrubJson(value: unknown, options: ScrubOptions): {value: unknown; changed: boolean} {
  let changed = false
  const clear = new Set(options.clearKeys ?? [])
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const replaced = replaceMentions(node, options.identifiers, options.replacement)
      if (replaced !== node) changed = true
      return replaced
    }
    if (Array.isArray(node)) return node.map(visit)
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([key, child]) => {
          if (clear.has(key) && child !== null) {
            changed = true
            return [key, null]
          }
          return [visit(key) as string, visit(child)]
        }),
      )
    }
    return node
  }
  return {value: visit(value), changed}
}

/**
 * The parts of a JSON document that mention the person: for every string that mentions them, the
 * entry it belongs to (the first two steps of its path, such as `proposals[3]`), once each.
 */
export function entriesMentioning(
  document: unknown,
  identifiers: readonly Identifier[],
): {path: string; entry: unknown}[] {
  const found = new Map<string, unknown>()
  const visit = (node: unknown, path: (string | number)[]) => {
    if (typeof node === 'string') {
      if (mentionsIn(node, identifiers).length === 0) return
      const entryPath = path.slice(0, 2)
      const key = formatPath(entryPath)
      if (!found.has(key)) found.set(key, valueAt(document, entryPath))
      return
    }
    if (Array.isArray(node)) node.forEach((child, index) => visit(child, [...path, index]))
    else if (node !== null && typeof node === 'object')
      for (const [key, child] of Object.entries(node)) visit(child, [...path, key])
  }
  visit(document, [])
  return [...found].map(([path, entry]) => ({path, entry}))
}

function valueAt(document: unknown, path: readonly (string | number)[]): unknown {
  let node = document
  for (const step of path) node = (node as Record<string | number, unknown>)[step]
  return node
}

function formatPath(path: readonly (string | number)[]): string {
  return (
    path.map((step, index) => (typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`)).join('') ||
    '$'
  )
}
