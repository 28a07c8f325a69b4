// Longer than 400 lines: every eligibility rule quoted in DOMAIN.md, side by side, so that they are
// checked against the source in one reading.
import type {Inspection, School} from './model.js'
import {foldText} from './text.js'

/**
 * Eligibility rules quoted in DOMAIN.md, as pure functions of the facts the registry holds. Each
 * outcome names the rule that decided it and the data that was missing; a rule that needs a legacy
 * 1-4 grade says "undetermined" when the latest outcome is a 2025 report card, because the two
 * scales are never mapped onto each other.
 */

export const PROGRAMMES = ['leading-together', 'funded-nlg', 'priority-school', 'priority-area'] as const
export type Programme = (typeof PROGRAMMES)[number]

export const PROGRAMME_NAMES: Record<Programme, string> = {
  'leading-together': 'Leading Together',
  'funded-nlg': 'Funded NLG support',
  'priority-school': 'Priority school',
  'priority-area': 'Priority area',
}

export type Verdict = 'eligible' | 'not-eligible' | 'undetermined'

export interface RuleOutcome {
  programme: Programme
  verdict: Verdict
  /** The rule that decided, e.g. "idaci-35-40" or "latest-is-report-card". */
  rule: string
  reason: string
  /** Data the rule needed and the registry does not hold, with where it comes from. */
  missing: MissingData[]
  /** Funded NLG only: days offered (half days), and how many more may be added. */
  offerHalfDays?: {base: number; extraUpTo: number}
  /** Leading Together only: whether the school is one it prioritises (Ofsted 3 or 4); null if unknown. */
  prioritised?: boolean | null
}

/** A piece of data an outcome needed, and where the registry gets it (the CLI says how). */
export interface MissingData {
  what: string
  source: DataSource
}

/** Where missing data comes from: a file brought in, or a trust's recorded TSI eligibility. */
export type DataSource =
  {kind: 'file'; file: 'schools' | 'districts' | 'inspections'} | {kind: 'trust-tsi'; trust: string}

const fromFile = (what: string, file: 'schools' | 'districts' | 'inspections'): MissingData => ({
  what,
  source: {kind: 'file', file},
})

export interface DistrictFacts {
  code: string
  name: string
  aeaCategory: number | null
}

export interface TrustFacts {
  code: string
  name: string
  tsiEligible: boolean | null
}

export interface SchoolFacts {
  school: Pick<
    School,
    | 'urn'
    | 'name'
    | 'stateFunded'
    | 'type'
    | 'typeGroup'
    | 'trust'
    | 'districtCode'
    | 'idaciPct'
    | 'leadingTogetherCompletedOn'
  >
  /** The school's district as the registry holds it; null when the district is not in the table. */
  district: DistrictFacts | null
  /** The school's trust as the registry holds it; null when it has none or it is not in the table. */
  trust: TrustFacts | null
  /** Inspection history, any order. */
  inspections: readonly Inspection[]
}

/** Funded NLG: 5 days (and up to 5 more) for an eligible trust, 3 days for an eligible maintained school. */
export const NLG_TRUST_OFFER = {base: 10, extraUpTo: 10} as const
export const NLG_MAINTAINED_OFFER = {base: 6, extraUpTo: 0} as const

/** Leading Together: IDACI bands (percent, lower bound inclusive) and the AEA categories each admits. */
export const LEADING_TOGETHER_BANDS = [
  {rule: 'idaci-40-plus', from: 40, to: Infinity, aea: null},
  {rule: 'idaci-35-40', from: 35, to: 40, aea: [4, 5, 6]},
  {rule: 'idaci-30-35', from: 30, to: 35, aea: [5, 6]},
  {rule: 'idaci-25-30', from: 25, to: 30, aea: [6]},
] as const

const PRIORITY_AREA_CATEGORIES = [5, 6]
const PRIORITY_SCHOOL_GRADES = [3, 4]
const LEGACY_GRADE_NAMES: Record<number, string> = {
  1: 'Outstanding',
  2: 'Good',
  3: 'Requires improvement',
  4: 'Inadequate',
}
const LEADERSHIP_AND_MANAGEMENT = 'leadership and management'

export function evaluateSchool(facts: SchoolFacts): RuleOutcome[] {
  const prioritySchool = prioritySchoolRule(facts)
  return [leadingTogether(facts, prioritySchool), fundedNlg(facts), prioritySchool, priorityAreaRule(facts)]
}

/** A trust's own eligibility (governance support to a trust board): only funded NLG applies. */
export function evaluateTrust(trust: TrustFacts | null, code: string): RuleOutcome[] {
  return [trustNlg(trust, code)]
}

function outcome(
  programme: Programme,
  verdict: Verdict,
  rule: string,
  reason: string,
  missing: MissingData[] = [],
): RuleOutcome {
  return {programme, verdict, rule, reason, missing}
}

// ---- Leading Together ------------------------------------------------------------------------------

function leadingTogether(facts: SchoolFacts, prioritySchool: RuleOutcome): RuleOutcome {
  const result = leadingTogetherVerdict(facts)
  result.prioritised = prioritySchool.verdict === 'undetermined' ? null : prioritySchool.verdict === 'eligible'
  return result
}

function leadingTogetherVerdict({school, district}: SchoolFacts): RuleOutcome {
  const programme = 'leading-together'
  if (school.leadingTogetherCompletedOn) {
    return outcome(
      programme,
      'not-eligible',
      'completed',
      `Completed Leading Together on ${school.leadingTogetherCompletedOn}; a school cannot apply again.`,
    )
  }
  if (!school.stateFunded)
    return outcome(programme, 'not-eligible', 'not-state-funded', 'Leading Together is for state-funded schools.')
  if (school.idaciPct === null) {
    return outcome(programme, 'undetermined', 'missing-idaci', 'The IDACI score is not recorded.', [
      fromFile('IDACI of the school (an "IDACI %" or "IDACI score" column)', 'schools'),
    ])
  }
  const idaci = roundPercent(school.idaciPct)
  const band = LEADING_TOGETHER_BANDS.find((entry) => idaci >= entry.from && idaci < entry.to)
  if (!band) return outcome(programme, 'not-eligible', 'idaci-below-25', `IDACI ${idaci}% is below 25%.`)
  const bandText = band.to === Infinity ? `at least ${band.from}%` : `in [${band.from}, ${band.to})`
  if (band.aea === null) return outcome(programme, 'eligible', band.rule, `IDACI ${idaci}% is ${bandText}.`)
  const aea = aeaOf(school.districtCode, district)
  if (aea.category === null)
    return outcome(
      programme,
      'undetermined',
      band.rule,
      `IDACI ${idaci}% is ${bandText}, which also needs the AEA category.`,
      aea.missing,
    )
  const admitted = (band.aea as readonly number[]).includes(aea.category)
  return outcome(
    programme,
    admitted ? 'eligible' : 'not-eligible',
    band.rule,
    `IDACI ${idaci}% is ${bandText} and the AEA category is ${aea.category}; this band ${admitted ? 'admits' : 'needs'} AEA ${categoryList(band.aea)}.`,
  )
}

/** Percentages compared at a micro-percent, so 0.35 declared as a fraction (35.00000000000001) meets 35. */
function roundPercent(value: number): number {
  return Math.round(value * 1e6) / 1e6
}

function categoryList(categories: readonly number[]): string {
  return categories.length === 1 ? String(categories[0]) : `${categories[0]}–${categories.at(-1)}`
}

function aeaOf(
  districtCode: string | null,
  district: DistrictFacts | null,
): {category: number | null; missing: MissingData[]} {
  if (districtCode === null)
    return {category: null, missing: [fromFile('district of the school (GIAS "District (code)")', 'schools')]}
  if (district === null || district.aeaCategory === null) {
    return {
      category: null,
      missing: [fromFile(`AEA category of district ${districtCode}`, 'districts')],
    }
  }
  return {category: district.aeaCategory, missing: []}
}

// ---- Funded NLG support ------------------------------------------------------------------------------

type Governance = 'maintained' | 'academy' | 'not-state' | 'unknown'

/** How a school is run, from its GIAS establishment type. */
export function governanceOf(school: Pick<School, 'type' | 'typeGroup' | 'stateFunded'>): Governance {
  if (!school.stateFunded || school.typeGroup === 'independent') return 'not-state'
  const type = school.type?.toLowerCase() ?? ''
  if (school.typeGroup === 'academy' || /academy|free school/.test(type)) return 'academy'
  if (school.typeGroup === 'la-maintained') return 'maintained'
  if ((school.typeGroup === 'special' || school.typeGroup === 'alternative-provision') && type !== '')
    return 'maintained'
  return 'unknown'
}

function fundedNlg(facts: SchoolFacts): RuleOutcome {
  const programme = 'funded-nlg'
  const governance = governanceOf(facts.school)
  if (governance === 'not-state')
    return outcome(
      programme,
      'not-eligible',
      'not-state-funded',
      'Funded NLG support is for maintained schools and trusts.',
    )
  if (governance === 'unknown') {
    return outcome(
      programme,
      'undetermined',
      'missing-type',
      'Whether the school is maintained or an academy is not known.',
      [fromFile('establishment type of the school (GIAS "TypeOfEstablishment (name)")', 'schools')],
    )
  }
  if (governance === 'academy') {
    if (!facts.school.trust) {
      return outcome(
        programme,
        'undetermined',
        'missing-trust',
        'An academy is supported through its trust, which is not recorded.',
        [fromFile('trust of the academy (GIAS "Trusts (code)")', 'schools')],
      )
    }
    return trustNlg(facts.trust, facts.school.trust.code)
  }
  return maintainedNlg(facts.inspections)
}

function trustNlg(trust: TrustFacts | null, code: string): RuleOutcome {
  const programme = 'funded-nlg'
  if (trust === null || trust.tsiEligible === null) {
    return outcome(
      programme,
      'undetermined',
      'missing-tsi',
      `Whether trust ${code} is eligible for the Trust and School Improvement offer is not recorded.`,
      [{what: `TSI eligibility of trust ${code}`, source: {kind: 'trust-tsi', trust: code}}],
    )
  }
  if (!trust.tsiEligible)
    return outcome(
      programme,
      'not-eligible',
      'trust-not-tsi-eligible',
      `Trust ${trust.name} (${code}) is not eligible for the TSI offer.`,
    )
  return {
    ...outcome(
      programme,
      'eligible',
      'trust-tsi-eligible',
      `Trust ${trust.name} (${code}) is eligible for the TSI offer: 5 days, plus up to 5 more.`,
    ),
    offerHalfDays: {...NLG_TRUST_OFFER},
  }
}

function maintainedNlg(inspections: readonly Inspection[]): RuleOutcome {
  const programme = 'funded-nlg'
  const latest = latestLegacyGrade(inspections)
  if (latest.kind !== 'graded') return outcome(programme, 'undetermined', latest.rule, latest.reason, latest.missing)
  const {inspection, grade} = latest
  if (grade !== 3) {
    return outcome(
      programme,
      'not-eligible',
      'not-ri',
      `The latest overall grade (${inspection.inspectedOn}) is ${grade} ${LEGACY_GRADE_NAMES[grade]}, not Requires improvement.`,
    )
  }
  const leadership = judgementOf(inspection, LEADERSHIP_AND_MANAGEMENT)
  if (leadership === null) {
    return outcome(
      programme,
      'undetermined',
      'missing-leadership-judgement',
      `The inspection of ${inspection.inspectedOn} has no leadership and management judgement.`,
      [fromFile(`leadership and management judgement of the inspection of ${inspection.inspectedOn}`, 'inspections')],
    )
  }
  if (leadership !== 3) {
    return outcome(
      programme,
      'not-eligible',
      'leadership-not-ri',
      `Requires improvement on ${inspection.inspectedOn}, but leadership and management was ${leadership} ${LEGACY_GRADE_NAMES[leadership]}.`,
    )
  }
  const previous = graded(inspections).find((entry) => entry.inspectedOn < inspection.inspectedOn)
  if (previous?.overallGrade === 3) {
    return outcome(
      programme,
      'not-eligible',
      'consecutive-ri',
      `Requires improvement on ${inspection.inspectedOn} and on ${previous.inspectedOn}: two consecutive judgements, not a single one.`,
    )
  }
  return {
    ...outcome(
      programme,
      'eligible',
      'maintained-single-ri',
      `Maintained school with a single Requires improvement judgement (${inspection.inspectedOn}) and RI in leadership and management: 3 days.`,
    ),
    offerHalfDays: {...NLG_MAINTAINED_OFFER},
  }
}

// ---- priority schools and areas -------------------------------------------------------------------

function prioritySchoolRule({inspections}: SchoolFacts): RuleOutcome {
  const programme = 'priority-school'
  const latest = latestLegacyGrade(inspections)
  if (latest.kind !== 'graded') return outcome(programme, 'undetermined', latest.rule, latest.reason, latest.missing)
  const {inspection, grade} = latest
  const priority = PRIORITY_SCHOOL_GRADES.includes(grade)
  return outcome(
    programme,
    priority ? 'eligible' : 'not-eligible',
    priority ? 'ofsted-3-or-4' : 'ofsted-1-or-2',
    `The latest overall grade (${inspection.inspectedOn}) is ${grade} ${LEGACY_GRADE_NAMES[grade]}.`,
  )
}

function priorityAreaRule({school, district}: SchoolFacts): RuleOutcome {
  const programme = 'priority-area'
  const aea = aeaOf(school.districtCode, district)
  if (aea.category === null)
    return outcome(
      programme,
      'undetermined',
      'missing-aea',
      "The AEA category of the school's district is not recorded.",
      aea.missing,
    )
  const priority = PRIORITY_AREA_CATEGORIES.includes(aea.category)
  return outcome(
    programme,
    priority ? 'eligible' : 'not-eligible',
    priority ? 'aea-5-or-6' : 'aea-1-to-4',
    `District ${district?.name ?? school.districtCode} has AEA category ${aea.category}.`,
  )
}

// ---- inspections ----------------------------------------------------------------------------------

type LatestGrade =
  | {kind: 'graded'; inspection: Inspection; grade: number}
  | {kind: 'undetermined'; rule: string; reason: string; missing: MissingData[]}

/** The latest inspection's overall legacy grade, or why there is none to use. */
export function latestLegacyGrade(inspections: readonly Inspection[]): LatestGrade {
  const [latest] = [...inspections].sort((a, b) => b.inspectedOn.localeCompare(a.inspectedOn))
  if (!latest)
    return {
      kind: 'undetermined',
      rule: 'missing-inspection',
      reason: 'No inspection outcome is recorded.',
      missing: [fromFile('inspection outcomes', 'inspections')],
    }
  if (latest.framework === 'report-card-2025') {
    return {
      kind: 'undetermined',
      rule: 'latest-is-report-card',
      reason: `Undetermined: the latest outcome (${latest.inspectedOn}) is a 2025 report card, which has no 1–4 grade.`,
      missing: [],
    }
  }
  if (latest.overallGrade === null) {
    return {
      kind: 'undetermined',
      rule: 'latest-has-no-grade',
      reason: `Undetermined: the latest inspection (${latest.inspectedOn}) has no overall grade.`,
      missing: [],
    }
  }
  return {kind: 'graded', inspection: latest, grade: latest.overallGrade}
}

function graded(inspections: readonly Inspection[]): Inspection[] {
  return inspections
    .filter((inspection) => inspection.framework === 'legacy-1-4' && inspection.overallGrade !== null)
    .sort((a, b) => b.inspectedOn.localeCompare(a.inspectedOn))
}

/** A legacy sub-judgement as a 1-4 grade, whatever the area key's spelling ("leadership-and-management"). */
function judgementOf(inspection: Inspection, area: string): number | null {
  const entry = Object.entries(inspection.judgements).find(([key]) => foldText(key) === area)
  return entry ? legacyGrade(entry[1]) : null
}

/** "3", "Requires improvement" -> 3; anything else -> null. */
export function legacyGrade(value: string): number | null {
  const text = foldText(value)
  if (/^[1-4]$/.test(text)) return Number(text)
  const named = Object.entries(LEGACY_GRADE_NAMES).find(([, name]) => foldText(name) === text)
  return named ? Number(named[0]) : null
}
