import {
  evaluateSchool,
  evaluateTrust,
  type MissingData,
  PROGRAMMES,
  type Programme,
  type RuleOutcome,
  type Verdict,
} from '../core/eligibility.js'
import {usage} from '../core/errors.js'
import type {School} from '../core/model.js'
import type {Repos} from '../db/repos/index.js'
import type {ServiceContext} from './context.js'
import {resolveSchool} from './resolve.js'

export type EligibilitySubject =
  | {
      kind: 'school'
      urn: number
      name: string
      town: string | null
      districtCode: string | null
      trustCode: string | null
    }
  | {kind: 'trust'; code: string; name: string | null}

export interface SubjectEligibility {
  subject: EligibilitySubject
  /** Ids of the subject's open needs. */
  openNeeds: number[]
  outcomes: RuleOutcome[]
}

export interface EligibilityReport {
  subjects: SubjectEligibility[]
  /** Per programme: how many subjects are eligible, not eligible and undetermined. */
  totals: Record<Programme, Record<Verdict, number>>
  /** Each missing piece of data and how many outcomes it left undetermined, most first. */
  missing: (MissingData & {outcomes: number})[]
}

export interface EligibilityInput {
  /** One school: URN or (fuzzy) name. */
  school?: string
  /** One trust, by code. */
  trust?: string
}

/** Evaluates one school, one trust, or (with neither) every school and trust with an open need. */
export async function checkEligibility(context: ServiceContext, input: EligibilityInput): Promise<EligibilityReport> {
  if (input.school !== undefined && input.trust !== undefined) {
    throw usage('Eligibility is checked for a school or a trust, not both at once.', {
      code: 'eligibility.school-and-trust',
      data: {},
    })
  }
  return context.registry.read(async (repos) => {
    const {needs} = await repos.needs.list({status: 'open'})
    const needsOfSchool = new Map<number, number[]>()
    const needsOfTrust = new Map<string, number[]>()
    for (const need of needs) {
      if (need.subjectUrn !== null)
        needsOfSchool.set(need.subjectUrn, [...(needsOfSchool.get(need.subjectUrn) ?? []), need.id])
      else if (need.subjectTrustCode !== null)
        needsOfTrust.set(need.subjectTrustCode, [...(needsOfTrust.get(need.subjectTrustCode) ?? []), need.id])
    }
    let schools: School[]
    let trustCodes: string[]
    if (input.school !== undefined) {
      schools = [await resolveSchool(repos, input.school)]
      trustCodes = []
    } else if (input.trust !== undefined) {
      schools = []
      trustCodes = [input.trust.trim()]
    } else {
      schools = [...(await repos.schools.getMany([...needsOfSchool.keys()])).values()].sort(
        (a, b) => a.name.localeCompare(b.name) || a.urn - b.urn,
      )
      trustCodes = [...needsOfTrust.keys()].sort()
    }
    const subjects = [
      ...(await evaluateSchools(repos, schools)).map((entry) => ({
        ...entry,
        openNeeds: needsOfSchool.get(entry.urn) ?? [],
      })),
      ...(await evaluateTrusts(repos, trustCodes)).map((entry) => ({
        ...entry,
        openNeeds: needsOfTrust.get(entry.code) ?? [],
      })),
    ].map(({subject, outcomes, openNeeds}) => ({subject, outcomes, openNeeds}))
    return {subjects, totals: totalsOf(subjects), missing: missingOf(subjects)}
  })
}

export async function evaluateSchools(
  repos: Repos,
  schools: readonly School[],
): Promise<{urn: number; subject: EligibilitySubject; outcomes: RuleOutcome[]}[]> {
  const urns = schools.map((school) => school.urn)
  const districts = await repos.districts.getMany(
    schools.flatMap((school) => (school.districtCode ? [school.districtCode] : [])),
  )
  const trusts = await repos.trusts.getMany(schools.flatMap((school) => (school.trust ? [school.trust.code] : [])))
  const inspections = await repos.schools.inspectionsOf(urns)
  return schools.map((school) => ({
    urn: school.urn,
    subject: {
      kind: 'school',
      urn: school.urn,
      name: school.name,
      town: school.town,
      districtCode: school.districtCode,
      trustCode: school.trust?.code ?? null,
    },
    outcomes: evaluateSchool({
      school,
      district: (school.districtCode && districts.get(school.districtCode)) || null,
      trust: (school.trust && trusts.get(school.trust.code)) || null,
      inspections: inspections.get(school.urn) ?? [],
    }),
  }))
}

async function evaluateTrusts(
  repos: Repos,
  codes: readonly string[],
): Promise<{code: string; subject: EligibilitySubject; outcomes: RuleOutcome[]}[]> {
  const trusts = await repos.trusts.getMany(codes)
  const results = []
  for (const code of codes) {
    const trust = trusts.get(code) ?? null
    const name = trust?.name ?? (await repos.trusts.nameFromSchools(code)) ?? null
    results.push({
      code,
      subject: {kind: 'trust', code, name} as EligibilitySubject,
      outcomes: evaluateTrust(trust, code),
    })
  }
  return results
}

function totalsOf(subjects: readonly SubjectEligibility[]): EligibilityReport['totals'] {
  const totals = Object.fromEntries(
    PROGRAMMES.map((programme) => [programme, {eligible: 0, 'not-eligible': 0, undetermined: 0}]),
  ) as EligibilityReport['totals']
  for (const {outcomes} of subjects) for (const outcome of outcomes) totals[outcome.programme][outcome.verdict] += 1
  return totals
}

function missingOf(subjects: readonly SubjectEligibility[]): EligibilityReport['missing'] {
  const counts = new Map<string, MissingData & {outcomes: number}>()
  for (const {outcomes} of subjects)
    for (const outcome of outcomes)
      for (const missing of outcome.missing) {
        const counted = counts.get(missing.what) ?? {...missing, outcomes: 0}
        counted.outcomes += 1
        counts.set(missing.what, counted)
      }
  return [...counts.values()].sort((a, b) => b.outcomes - a.outcomes || a.what.localeCompare(b.what))
}
