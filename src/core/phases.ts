import type {Phase, TypeGroup} from './model.js'

/**
 * Phase words as hubs and GIAS write them. "Not applicable" is GIAS's phase for special schools
 * and pupil referral units: it is resolved from the establishment type, never guessed.
 */
const PHASE_WORDS: Record<string, Phase[]> = {
  primary: ['primary'],
  'middle deemed primary': ['primary'],
  infant: ['primary'],
  junior: ['primary'],
  'first school': ['primary'],
  ks1: ['primary'],
  ks2: ['primary'],
  secondary: ['secondary'],
  'middle deemed secondary': ['secondary'],
  ks3: ['secondary'],
  ks4: ['secondary'],
  'all-through': ['all-through'],
  'all through': ['all-through'],
  allthrough: ['all-through'],
  special: ['special'],
  send: ['special'],
  'special school': ['special'],
  'early years': ['early-years'],
  'early-years': ['early-years'],
  eyfs: ['early-years'],
  nursery: ['early-years'],
  'post-16': ['post-16'],
  'post 16': ['post-16'],
  post16: ['post-16'],
  '16 plus': ['post-16'],
  'sixth form': ['post-16'],
  ks5: ['post-16'],
  'alternative provision': ['alternative-provision'],
  'alternative-provision': ['alternative-provision'],
  ap: ['alternative-provision'],
  pru: ['alternative-provision'],
  'pupil referral unit': ['alternative-provision'],
  'all phases': ['early-years', 'primary', 'secondary', 'post-16'],
  all: ['early-years', 'primary', 'secondary', 'post-16'],
}

const NOT_APPLICABLE = new Set(['not applicable', 'n/a', 'na'])

export type PhaseParse = {phases: Phase[]; unknown: string[]; notApplicable: boolean}

/**
 * Reads a phase cell such as "Primary and Secondary", "primary; EYFS", "Not applicable" into a set.
 * Unknown words are returned so the caller can reject the row.
 */
export function parsePhases(text: string): PhaseParse {
  const cleaned = text.trim().toLowerCase().replace(/\s+/g, ' ')
  if (cleaned === '') return {phases: [], unknown: [], notApplicable: false}
  if (NOT_APPLICABLE.has(cleaned)) return {phases: [], unknown: [], notApplicable: true}
  const whole = PHASE_WORDS[cleaned]
  if (whole) return {phases: [...whole], unknown: [], notApplicable: false}
  const phases = new Set<Phase>()
  const unknown: string[] = []
  for (const part of cleaned.split(/\s*(?:[,;/&+|]|\band\b|\n)\s*/)) {
    if (part === '') continue
    const mapped = PHASE_WORDS[part]
    if (mapped) mapped.forEach((phase) => phases.add(phase))
    else unknown.push(part)
  }
  return {phases: [...phases], unknown, notApplicable: false}
}

/** The phase a GIAS row implies: its phase column, else its establishment type. */
export function schoolPhase(phaseText: string | null, typeText: string | null): Phase | null {
  const group = typeText ? typeGroupOf(typeText) : null
  if (phaseText && phaseText.trim() !== '') {
    const parsed = parsePhases(phaseText)
    if (parsed.phases.length === 1) return parsed.phases[0] ?? null
    if (parsed.phases.length > 1 && parsed.phases.includes('primary') && parsed.phases.includes('secondary'))
      return 'all-through'
    if (!parsed.notApplicable && parsed.phases.length === 0 && parsed.unknown.length > 0) return null
  }
  if (group === 'special') return 'special'
  if (group === 'alternative-provision') return 'alternative-provision'
  if (!typeText) return null
  const type = typeText.toLowerCase()
  if (type.includes('nursery')) return 'early-years'
  if (
    type.includes('sixth form') ||
    type.includes('16-19') ||
    type.includes('16 to 19') ||
    type.includes('further education')
  )
    return 'post-16'
  if (type.includes('primary') || type.includes('infant') || type.includes('junior')) return 'primary'
  if (
    type.includes('secondary') ||
    type.includes('studio school') ||
    type.includes('university technical college') ||
    type.includes('utc')
  ) {
    return 'secondary'
  }
  return null
}

/** Groups GIAS establishment types by how they are run, for "a school like mine" comparisons. */
export function typeGroupOf(typeText: string): TypeGroup {
  const type = typeText.toLowerCase()
  if (type.includes('special')) return 'special'
  if (type.includes('pupil referral') || type.includes('alternative provision')) return 'alternative-provision'
  if (type.includes('independent') || type.includes('non-maintained')) return 'independent'
  if (
    type.includes('academy') ||
    type.includes('free school') ||
    type.includes('studio school') ||
    type.includes('university technical college')
  ) {
    return 'academy'
  }
  if (
    type.includes('community') ||
    type.includes('voluntary aided') ||
    type.includes('voluntary controlled') ||
    type.includes('foundation') ||
    type.includes('local authority nursery') ||
    type.includes('maintained')
  ) {
    return 'la-maintained'
  }
  return 'other'
}

/** State-funded establishments are kept by default on import; the rest need --include-independent. */
export function isStateFunded(typeText: string | null): boolean {
  if (!typeText) return true
  const type = typeText.toLowerCase()
  return !(
    type.includes('non-maintained special') ||
    type.includes('special post 16') ||
    type.includes('independent') ||
    type.includes('higher education') ||
    type.includes('further education') ||
    type.includes('welsh establishment') ||
    type.includes('offshore') ||
    type.includes('british schools overseas') ||
    type.includes('miscellaneous') ||
    type.includes('online provider') ||
    type.includes('institution funded by other government department') ||
    type.includes('secure unit') ||
    type.includes('service children')
  )
}
