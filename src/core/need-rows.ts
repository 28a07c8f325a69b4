import {type AreaAssignment, type AreaOptions, type PhraseUse, readAreas} from './leader-rows.js'
import type {DeliveryMode, Priority, SupportType} from './model.js'
import {type RowOutcome, RowReader, spellings} from './row-reader.js'
import {parseUrn} from './validation.js'

/** One row of a batch of support requests. */

export interface NeedRow {
  reference: string | null
  school: {urn: number} | {name: string} | null
  trustCode: string | null
  areas: AreaAssignment[]
  phrases: PhraseUse[]
  /** Null when the file has no support type: the planner infers it from the areas. */
  supportType: SupportType | null
  teamSize: number
  requestedHalfDays: number
  windowStart: string
  windowEnd: string
  priority: Priority
  deliveryMode: DeliveryMode
  notes: string | null
  receivedOn: string | null
  /** Leaders (reference, email or name) the school does not want. */
  objections: string[]
}

export interface NeedRowOptions extends AreaOptions {
  date1904?: boolean
}

const SUPPORT_TYPES = spellings<SupportType>([
  ['specialist', ['specialist', 'specialist support', 'sle', 'sle support', 'subject', 'subject support']],
  [
    'leadership',
    ['leadership', 'leadership support', 'whole school', 'whole-school', 'nle', 'lle', 'headteacher support'],
  ],
  ['governance', ['governance', 'governance support', 'nlg', 'governance review']],
  ['team', ['team', 'team support', 'team of leaders']],
])

const PRIORITIES = spellings<Priority>([
  ['high', ['high', 'h', 'urgent', '1']],
  ['medium', ['medium', 'med', 'm', 'normal', '2']],
  ['low', ['low', 'l', '3']],
])

const DELIVERY_MODES = spellings<DeliveryMode>([
  ['in-person', ['in person', 'in-person', 'face to face', 'face-to-face', 'on site', 'onsite', 'visit']],
  ['remote', ['remote', 'online', 'virtual']],
  ['blended', ['blended', 'hybrid', 'mixed']],
])

export function readNeedRow(cells: ReadonlyMap<string, string>, options: NeedRowOptions): RowOutcome<NeedRow> {
  const row = new RowReader(cells, options)
  const schoolText = row.text('school')
  let school: NeedRow['school'] = null
  if (schoolText !== null) {
    if (/^\d+$/.test(schoolText)) {
      const urn = parseUrn(schoolText)
      school = urn === null ? row.problem('school', `"${schoolText}" is not a six-digit URN`) : {urn}
    } else school = {name: schoolText}
  }
  const trustCode = row.text('trust')
  if (schoolText === null && trustCode === null)
    row.problem('school', 'a need is for a school (URN or name) or a trust (trust code)')

  const {assignments, phrases} = readAreas(row, 'areas', options)
  const supportType = row.oneOf(
    'supportType',
    SUPPORT_TYPES,
    'a support type (specialist, leadership, governance or team)',
  )
  const teamSize = row.number('teamSize', {min: 1, integer: true}) ?? 1
  const requestedHalfDays = row.halfDays('days')
  if (requestedHalfDays === null && row.text('days') === null) row.problem('days', 'the number of days is required')
  if (requestedHalfDays === 0) row.problem('days', 'a need asks for more than 0 days')
  const windowStart = row.date('windowStart')
  const windowEnd = row.date('windowEnd')
  if (row.text('windowStart') === null) row.problem('windowStart', 'the window start date is required')
  if (row.text('windowEnd') === null) row.problem('windowEnd', 'the window end date is required')
  if (windowStart !== null && windowEnd !== null && windowStart > windowEnd)
    row.problem('windowEnd', `the window ends (${windowEnd}) before it starts (${windowStart})`)
  const priority = row.oneOf('priority', PRIORITIES, 'a priority (high, medium or low)') ?? 'medium'
  const deliveryMode =
    row.oneOf('deliveryMode', DELIVERY_MODES, 'a delivery mode (in person, remote or blended)') ?? 'in-person'
  const objections = (row.text('objections') ?? '')
    .split(/[;,\n]+/)
    .map((text) => text.trim())
    .filter((text) => text !== '')
  const receivedOn = row.date('receivedOn')
  if (objections.length > 0 && schoolText === null)
    row.problem('objections', 'objections are recorded against a school, and the row names none')
  return row.outcome(() => ({
    reference: row.text('reference'),
    school,
    trustCode,
    areas: assignments,
    phrases,
    supportType: supportType ?? (teamSize > 1 ? 'team' : null),
    teamSize,
    requestedHalfDays: requestedHalfDays!,
    windowStart: windowStart!,
    windowEnd: windowEnd!,
    priority,
    deliveryMode,
    notes: row.text('notes'),
    receivedOn,
    objections,
  }))
}
