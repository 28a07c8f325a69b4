/**
 * The domain vocabulary of broker (see DOMAIN.md). Pure types and the closed value sets; the
 * registry stores the same values as text.
 */

export const PHASES = [
  'early-years',
  'primary',
  'secondary',
  'all-through',
  'special',
  'post-16',
  'alternative-provision',
] as const
export type Phase = (typeof PHASES)[number]

export const DESIGNATION_KINDS = ['NLE', 'NLG', 'LLE', 'SLE'] as const
export type DesignationKind = (typeof DESIGNATION_KINDS)[number]

export const DESIGNATION_STATUSES = ['active', 'lapsed', 'withdrawn'] as const
export type DesignationStatus = (typeof DESIGNATION_STATUSES)[number]

export const SCHOOL_STATUSES = ['open', 'closed', 'proposed-to-close', 'proposed-to-open'] as const
export type SchoolStatus = (typeof SCHOOL_STATUSES)[number]

/** How schools are grouped when comparing context ("a school like mine"). */
export const TYPE_GROUPS = [
  'la-maintained',
  'academy',
  'special',
  'alternative-provision',
  'independent',
  'other',
] as const
export type TypeGroup = (typeof TYPE_GROUPS)[number]

export const SUPPORT_TYPES = ['leadership', 'governance', 'specialist', 'team'] as const
export type SupportType = (typeof SUPPORT_TYPES)[number]

export const DELIVERY_MODES = ['in-person', 'remote', 'blended'] as const
export type DeliveryMode = (typeof DELIVERY_MODES)[number]

export const PRIORITIES = ['high', 'medium', 'low'] as const
export type Priority = (typeof PRIORITIES)[number]

export const NEED_STATUSES = ['open', 'proposed', 'in-deployment', 'closed', 'withdrawn'] as const
export type NeedStatus = (typeof NEED_STATUSES)[number]

export const INSPECTION_FRAMEWORKS = ['legacy-1-4', 'report-card-2025'] as const
export type InspectionFramework = (typeof INSPECTION_FRAMEWORKS)[number]

export interface GeoLocation {
  easting: number | null
  northing: number | null
  latitude: number
  longitude: number
}

export interface SchoolAddress {
  street: string | null
  locality: string | null
  address3: string | null
  town: string | null
  county: string | null
  postcode: string | null
}

export interface SchoolHead {
  title: string | null
  firstName: string | null
  lastName: string | null
}

/** The address as lines, blanks left out ("1 High St", "Gateshead", "NE9 5NB"). */
export function addressLines(address: SchoolAddress): string[] {
  return [address.street, address.locality, address.address3, address.town, address.county, address.postcode].filter(
    (line): line is string => line !== null && line.trim() !== '',
  )
}

/** "Mrs Jo Bloggs", or null when GIAS names no head. */
export function headName(head: SchoolHead | null): string | null {
  if (!head) return null
  const name = [head.title, head.firstName, head.lastName]
    .filter((part) => part !== null && part.trim() !== '')
    .join(' ')
  return head.lastName || head.firstName ? name : null
}

export interface School {
  urn: number
  name: string
  phase: Phase | null
  type: string | null
  typeGroup: TypeGroup | null
  status: SchoolStatus
  stateFunded: boolean
  trust: {code: string; name: string | null} | null
  la: {code: string; name: string | null} | null
  districtCode: string | null
  region: string | null
  town: string | null
  postcode: string | null
  /** The postal address as GIAS lists it: street, locality, third line, town, county, postcode. */
  address: SchoolAddress
  /** The head as GIAS lists them: personal data (reports leave it out under --redact). */
  head: SchoolHead | null
  location: GeoLocation | null
  pupils: number | null
  fsmPct: number | null
  fsmEverPct: number | null
  idaciPct: number | null
  leadingTogetherCompletedOn: string | null
  openedOn: string | null
  closedOn: string | null
}

export interface Inspection {
  urn: number
  inspectedOn: string
  framework: InspectionFramework
  /** Legacy 1-4 overall grade; null for report cards and ungraded 2024-25 inspections. */
  overallGrade: number | null
  /** Area -> value on the framework's own scale (never mapped across frameworks). */
  judgements: Record<string, string>
}

export interface Designation {
  kind: DesignationKind
  body: string
  reference: string
  designatedOn: string | null
  /** Null when no expiry is known. */
  reviewOn: string | null
  status: DesignationStatus
  statusReason: string | null
}

export interface LeaderSpecialism {
  code: string
  name: string
  confidence: number
}

/** Dates a leader cannot be deployed (illness, a new post, an inspection at home). */
export interface UnavailablePeriod {
  startsOn: string
  endsOn: string
  reason: string | null
}

export interface CapacityYear {
  academicYear: number
  releasedHalfDays: number
}

export interface Leader {
  id: number
  ref: string
  /** Null once the person's data has been erased. */
  name: string | null
  email: string | null
  homeUrn: number | null
  homeTrustCode: string | null
  phases: Phase[]
  notes: string | null
  designations: Designation[]
  specialisms: LeaderSpecialism[]
  capacity: CapacityYear[]
  unavailable: UnavailablePeriod[]
  erasedAt: string | null
}

export interface Need {
  id: number
  reference: string | null
  subjectUrn: number | null
  subjectTrustCode: string | null
  supportType: SupportType
  teamSize: number
  parentNeedId: number | null
  deliveryMode: DeliveryMode
  requestedHalfDays: number
  windowStart: string
  windowEnd: string
  priority: Priority
  source: string | null
  notes: string | null
  status: NeedStatus
  statusReason: string | null
  receivedOn: string
  specialisms: string[]
}

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value)
}
