import {BrokerError} from '../core/errors.js'
import type {PhraseUse} from '../core/leader-rows.js'
import type {Need, SupportType} from '../core/model.js'
import {checkNeedEditable, type NeedField, needFieldLabels} from '../core/need-lifecycle.js'
import {readNeedRow, type NeedRow} from '../core/need-rows.js'
import type {RowRemedy} from '../core/row-reader.js'
import type {NeedPatch} from '../db/repos/needs.js'
import type {FieldSpec} from '../importers/headers.js'
import type {ServiceContext} from './context.js'
import {areaNormaliser} from './import-areas.js'
import {
  type AcceptedRow,
  type ImportOptions,
  type ImportReport,
  type Plan,
  prepareFile,
  type RejectedRecord,
  runImport,
  validateRows,
} from './import.js'
import {defaultNeedAreas, insertNeed, type NeedBase, validateTeam} from './needs.js'
import {resolveLeaderId, resolveSchool} from './resolve.js'

export const NEED_FIELDS: FieldSpec[] = [
  {
    field: 'reference',
    label: 'Reference',
    synonyms: ['Reference', 'Ref', 'Request reference', 'Request ref', 'Request ID', 'Need reference', 'Need ID'],
  },
  {
    field: 'school',
    label: 'School (URN or name)',
    synonyms: ['URN', 'School URN', 'School', 'School name', 'Supported school', 'Establishment'],
  },
  {field: 'trust', label: 'Trust code', synonyms: ['Trust code', 'Trust', 'Trust UID']},
  {
    field: 'areas',
    label: 'Areas of need',
    multiple: true,
    synonyms: ['Needs', 'Need', 'Areas of need', 'Area of need', 'Areas', 'Support needed', 'Specialisms', 'Focus'],
  },
  {field: 'supportType', label: 'Support type', synonyms: ['Support type', 'Type of support', 'Type']},
  {field: 'teamSize', label: 'Team size', synonyms: ['Team size', 'Leaders needed', 'Number of leaders']},
  {field: 'days', label: 'Days', required: true, synonyms: ['Days', 'Days requested', 'Days needed', 'Number of days']},
  {
    field: 'windowStart',
    label: 'Window start',
    required: true,
    synonyms: ['Window start', 'Start', 'Start date', 'From', 'Starts'],
  },
  {
    field: 'windowEnd',
    label: 'Window end',
    required: true,
    synonyms: ['Window end', 'End', 'End date', 'To', 'By', 'Ends'],
  },
  {field: 'priority', label: 'Priority', synonyms: ['Priority']},
  {field: 'deliveryMode', label: 'Delivery mode', synonyms: ['Delivery mode', 'Delivery', 'Mode']},
  {field: 'notes', label: 'Notes', synonyms: ['Notes', 'Comments', 'Context', 'Expected outcomes']},
  {field: 'receivedOn', label: 'Received on', synonyms: ['Received', 'Date received', 'Received on', 'Request date']},
  {
    field: 'objections',
    label: 'Objected leaders',
    multiple: true,
    synonyms: ['Objections', 'Objected leaders', 'Not these leaders', 'Leaders to avoid', 'Do not match'],
  },
]

export interface NeedImportOptions extends ImportOptions {
  acceptFuzzy?: boolean
  specialismMap?: string
}

export interface NeedImportDetails {
  /** Linked sub-needs created for team needs, one leader each. */
  subNeeds: number
  objectionsAdded: number
  areaMappings: PhraseUse[]
  /** How rows without a reference were recognised. */
  keyedBy: 'reference' | 'school, areas and window start' | 'mixed'
}

export type NeedImportReport = ImportReport<NeedImportDetails>

const WHOLE_SCHOOL_LEADERSHIP = new Set(['leadership', 'headteacher-support', 'school-improvement'])

/** Import field -> need field taken from the stored need when the file has no such column. */
const KEPT_WHEN_ABSENT: [string, keyof NeedBase][] = [
  ['supportType', 'supportType'],
  ['priority', 'priority'],
  ['deliveryMode', 'deliveryMode'],
  ['notes', 'notes'],
  ['trust', 'subjectTrustCode'],
]

interface NeedPlan {
  accepted: AcceptedRow<NeedRow>
  base: NeedBase
  existing: Need | undefined
  changed: boolean
  subNeeds: Need[]
  objections: {leaderId: number; urn: number}[]
}

export async function importNeeds(context: ServiceContext, options: NeedImportOptions): Promise<NeedImportReport> {
  const prepared = await prepareFile(context, 'needs', NEED_FIELDS, options)
  const normaliser = await areaNormaliser(context, options.specialismMap)
  const validated = validateRows(
    prepared,
    (cells) =>
      readNeedRow(cells, {
        normaliser,
        acceptFuzzy: options.acceptFuzzy ?? false,
        mapFile: options.specialismMap,
        date1904: prepared.table.date1904,
      }),
    naturalKey,
    options.onProgress,
  )
  const source = `import ${prepared.table.fileName}`

  return runImport(context, prepared, validated, options, async (repos, rows): Promise<Plan<NeedImportDetails>> => {
    const rejected: RejectedRecord[] = []
    const reject = (accepted: AcceptedRow<NeedRow>, field: string | null, reason: string, remedies: RowRemedy[] = []) =>
      rejected.push({
        record: accepted.record,
        issues: [
          {
            line: accepted.record.line,
            column: field === null ? null : prepared.columnOf(field),
            value: null,
            reason,
            ...(remedies.length === 0 ? {} : {remedies}),
          },
        ],
      })
    const stored = (await repos.needs.list({status: 'any', limit: 0})).needs
    const byReference = new Map(stored.filter((need) => need.reference !== null).map((need) => [need.reference!, need]))
    const byNaturalKey = new Map(
      stored
        .filter((need) => need.parentNeedId === null && need.subjectUrn !== null)
        .map((need) => [storedKey(need), need]),
    )
    const plans: NeedPlan[] = []
    let insert = 0
    let update = 0
    let unchanged = 0
    for (const accepted of rows) {
      const row = accepted.row
      let urn: number | null = null
      if (row.school !== null) {
        try {
          urn = (await resolveSchool(repos, 'urn' in row.school ? String(row.school.urn) : row.school.name)).urn
        } catch (error) {
          if (!(error instanceof BrokerError)) throw error
          reject(accepted, 'school', `${error.message}${error.suggestion ? ` ${error.suggestion}` : ''}`)
          continue
        }
      }
      const codes = [...new Set(row.areas.map((area) => area.code))]
      const supportType = row.supportType ?? inferredSupportType(codes)
      const specialisms = codes.length > 0 ? codes : defaultNeedAreas(supportType)
      if (specialisms === null) {
        reject(accepted, 'areas', 'a specialist or team need names at least one area')
        continue
      }
      try {
        validateTeam(supportType, row.teamSize)
      } catch (error) {
        if (!(error instanceof BrokerError)) throw error
        reject(accepted, 'teamSize', error.message)
        continue
      }
      const objections: NeedPlan['objections'] = []
      let unknownLeader = false
      for (const text of row.objections) {
        try {
          const leaderId = await resolveLeaderId(repos, text)
          if (!(await repos.objections.exists(urn!, leaderId))) objections.push({leaderId, urn: urn!})
        } catch (error) {
          if (!(error instanceof BrokerError)) throw error
          reject(accepted, 'objections', `objected leader "${text}": ${error.message}`)
          unknownLeader = true
        }
      }
      if (unknownLeader) continue
      const base: NeedBase = {
        subjectUrn: urn,
        subjectTrustCode: row.trustCode,
        supportType,
        deliveryMode: row.deliveryMode,
        requestedHalfDays: row.requestedHalfDays,
        windowStart: row.windowStart,
        windowEnd: row.windowEnd,
        priority: row.priority,
        source,
        notes: row.notes,
        receivedOn: row.receivedOn ?? context.today,
        specialisms: [...specialisms].sort(),
      }
      const existing =
        row.reference !== null
          ? byReference.get(row.reference)
          : urn === null
            ? undefined
            : byNaturalKey.get(keyOf(urn, base.specialisms, row.windowStart))
      let teamSize = row.teamSize
      if (existing) {
        // Columns the file does not have keep what the registry holds (defaults apply only to new needs).
        for (const [field, key] of KEPT_WHEN_ABSENT)
          if (!prepared.has(field)) Object.assign(base, {[key]: existing[key]})
        if (!prepared.has('teamSize')) teamSize = existing.teamSize
      }
      const changedFields = existing === undefined ? [] : changesTo(existing, base, {...row, teamSize})
      const changed = existing === undefined || changedFields.length > 0
      const subNeeds =
        existing && existing.teamSize > 1 ? stored.filter((need) => need.parentNeedId === existing.id) : []
      if (existing && changed) {
        const engaged = [existing, ...subNeeds].find(
          (need) => need.status === 'proposed' || need.status === 'in-deployment',
        )
        if (engaged) {
          reject(
            accepted,
            null,
            engagedNeedReason(existing, engaged, await repos.deployments.liveForNeed(engaged.id), changedFields),
            ['engaged-need'],
          )
          continue
        }
        try {
          // A closed or withdrawn need keeps what it was matched on; a new request is a new need.
          for (const need of [existing, ...subNeeds]) checkNeedEditable(need, changedFields)
        } catch (error) {
          if (!(error instanceof BrokerError)) throw error
          reject(accepted, null, `${error.message}${error.suggestion ? ` ${error.suggestion}` : ''}`)
          continue
        }
        if (existing.teamSize !== teamSize) {
          reject(
            accepted,
            'teamSize',
            `need ${existing.reference ?? `#${existing.id}`} asks for a team of ${existing.teamSize}; a team's size cannot change by import (withdraw the need and add it again)`,
          )
          continue
        }
      }
      plans.push({accepted, base, existing, changed, subNeeds, objections})
      if (existing === undefined) insert += 1
      else if (changed || objections.length > 0) update += 1
      else unchanged += 1
    }
    const phrases = new Map<string, PhraseUse>()
    for (const {row} of rows)
      for (const phrase of row.phrases)
        if (phrase.confidence < 1 && phrase.method !== 'unknown') phrases.set(phrase.text.toLowerCase(), phrase)
    const withReference = rows.filter(({row}) => row.reference !== null).length
    const details: NeedImportDetails = {
      subNeeds: plans
        .filter((plan) => plan.existing === undefined)
        .reduce((sum, plan) => sum + (plan.accepted.row.teamSize > 1 ? plan.accepted.row.teamSize : 0), 0),
      objectionsAdded: plans.reduce((sum, plan) => sum + plan.objections.length, 0),
      areaMappings: [...phrases.values()],
      keyedBy:
        withReference === rows.length ? 'reference' : withReference === 0 ? 'school, areas and window start' : 'mixed',
    }
    return {
      insert,
      update,
      unchanged,
      rejected,
      details,
      async apply() {
        const changedIds: number[] = []
        for (const plan of plans) {
          const {row, record} = plan.accepted
          if (plan.existing === undefined) {
            changedIds.push((await insertNeed(repos, plan.base, row.reference, row.teamSize)).id)
          } else if (plan.changed) {
            const patch: NeedPatch = {...plan.base, ...(row.receivedOn === null ? {receivedOn: undefined} : {})}
            await repos.needs.update(plan.existing.id, patch)
            for (const subNeed of plan.subNeeds) await repos.needs.update(subNeed.id, patch)
            changedIds.push(plan.existing.id)
          }
          for (const objection of plan.objections) {
            await repos.objections.record(
              objection.urn,
              objection.leaderId,
              `${source}, line ${record.line}`,
              context.today,
            )
          }
        }
        if (changedIds.length > 0)
          await repos.audit.record({
            actor: context.actor,
            action: 'needs.import',
            entity: 'need',
            entityId: 'many',
            after: {needIds: changedIds},
          })
        return details
      },
    }
  })
}

function naturalKey(row: NeedRow): string {
  if (row.reference !== null) return `reference ${row.reference}`
  const school =
    row.school === null
      ? `trust ${row.trustCode}`
      : 'urn' in row.school
        ? `URN ${row.school.urn}`
        : `school "${row.school.name}"`
  return `${school}, ${[...new Set(row.areas.map((area) => area.code))].sort().join('+') || row.supportType}, from ${row.windowStart}`
}

const keyOf = (urn: number, codes: readonly string[], windowStart: string) =>
  `${urn}|${[...codes].sort().join('+')}|${windowStart}`

const storedKey = (need: Need) => keyOf(need.subjectUrn!, need.specialisms, need.windowStart)

function inferredSupportType(codes: string[]): SupportType {
  if (codes.length > 0 && codes.every((code) => code === 'governance')) return 'governance'
  if (codes.length > 0 && codes.every((code) => WHOLE_SCHOOL_LEADERSHIP.has(code))) return 'leadership'
  return 'specialist'
}

/**
 * Once a leader is proposed for a need or deployed on it, the people involved agreed to it as it
 * stands: a batch file never changes it, not even its notes. One need at a time, by hand, can.
 */
function engagedNeedReason(
  need: Need,
  engaged: Need,
  deploymentId: number | undefined,
  changed: readonly NeedField[],
): string {
  const name = need.reference ?? String(need.id)
  const place = engaged.id === need.id ? '' : ` (its place ${engaged.reference ?? `#${engaged.id}`})`
  const deployment = deploymentId === undefined ? 'the deployment' : `deployment ${deploymentId}`
  const release =
    engaged.status === 'proposed'
      ? `or withdraw the proposal first (cancelling ${deployment} returns the need to open) and import again`
      : `or vary ${deployment}, or end it first`
  return (
    `need ${name}${place} is ${engaged.status} (${deployment}), so an import does not change it; this row changes its ` +
    `${needFieldLabels(changed)}. Change the need by itself, ${release}.`
  )
}

/** The need fields a row would change (names as in Need, so the lifecycle rules can judge them). */
function changesTo(existing: Need, base: NeedBase, row: NeedRow): NeedField[] {
  const changes: NeedField[] = []
  const compare = (field: NeedField, before: unknown, after: unknown) => {
    if (before !== after) changes.push(field)
  }
  compare('subjectUrn', existing.subjectUrn, base.subjectUrn)
  compare('subjectTrustCode', existing.subjectTrustCode, base.subjectTrustCode)
  compare('supportType', existing.supportType, base.supportType)
  compare('teamSize', existing.teamSize, row.teamSize)
  compare('deliveryMode', existing.deliveryMode, base.deliveryMode)
  compare('requestedHalfDays', existing.requestedHalfDays, base.requestedHalfDays)
  compare('windowStart', existing.windowStart, base.windowStart)
  compare('windowEnd', existing.windowEnd, base.windowEnd)
  compare('priority', existing.priority, base.priority)
  compare('notes', existing.notes, base.notes)
  if (row.receivedOn !== null) compare('receivedOn', existing.receivedOn, row.receivedOn)
  compare('specialisms', [...existing.specialisms].sort().join(), base.specialisms.join())
  return changes
}
