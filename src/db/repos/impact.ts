import type {Kysely} from 'kysely'

import type {ImpactDeployment, ImpactSchool} from '../../core/impact/model.js'
import type {DesignationKind, Inspection, InspectionFramework, Phase, SupportType} from '../../core/model.js'
import type {RegistrySchema} from '../schema.js'

/** What the impact comparison reads, each in one pass over its table (a national registry is 27k schools). */
export class ImpactRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  /**
   * Every school (or these URNs only) with the context matching needs, and its GIAS predecessor
   * and successor links.
   */
  async schools(urns?: readonly number[]): Promise<ImpactSchool[]> {
    if (urns?.length === 0) return []
    let schools = this.db.selectFrom('schools').select(['urn', 'name', 'phase', 'region', 'fsm_ever_pct', 'pupils'])
    let links = this.db.selectFrom('school_links').select(['urn', 'linked_urn', 'link_type'])
    if (urns !== undefined) {
      schools = schools.where('urn', 'in', [...urns])
      links = links.where('urn', 'in', [...urns])
    }
    const rows = await schools.execute()
    const linked = new Map<number, {predecessors: number[]; successors: number[]}>()
    for (const link of await links.execute()) {
      const entry = linked.get(link.urn) ?? {predecessors: [], successors: []}
      entry[link.link_type === 'predecessor' ? 'predecessors' : 'successors'].push(link.linked_urn)
      linked.set(link.urn, entry)
    }
    return rows.map((row) => ({
      urn: row.urn,
      name: row.name,
      phase: row.phase as Phase | null,
      region: row.region,
      fsmEverPct: row.fsm_ever_pct,
      pupils: row.pupils,
      predecessors: linked.get(row.urn)?.predecessors ?? [],
      successors: linked.get(row.urn)?.successors ?? [],
    }))
  }

  /**
   * Deployments to a school that were completed or ended early: with a closing day in the period,
   * or (`leaderId`) every one of a leader's.
   */
  async endedDeployments(
    which: {period: {from: string; to: string}} | {leaderId: number},
  ): Promise<ImpactDeployment[]> {
    let query = this.db
      .selectFrom('deployments')
      .leftJoin('needs', 'needs.id', 'deployments.need_id')
      .innerJoin('leaders', 'leaders.id', 'deployments.leader_id')
      .leftJoin('leader_personal', 'leader_personal.leader_id', 'deployments.leader_id')
      .select([
        'deployments.id',
        'deployments.urn',
        'deployments.status',
        'deployments.need_id',
        'deployments.leader_id',
        'deployments.funding_programme',
        'deployments.starts_on',
        'deployments.agreed_at',
        'deployments.closed_at',
        'needs.support_type',
        'leaders.ref',
        'leader_personal.name as leader_name',
      ])
      .where('deployments.status', 'in', ['completed', 'ended-early'])
      .where('deployments.urn', 'is not', null)
    if ('period' in which)
      query = query
        .where('deployments.closed_at', '>=', which.period.from)
        .where('deployments.closed_at', '<=', `${which.period.to}T23:59:59.999Z`)
    else query = query.where('deployments.leader_id', '=', which.leaderId)
    const rows = await query.execute()
    const needIds = [...new Set(rows.map((row) => row.need_id).filter((id): id is number => id !== null))]
    const areas = new Map<number, string[]>()
    if (needIds.length > 0) {
      const found = await this.db
        .selectFrom('need_specialisms')
        .innerJoin('specialisms', 'specialisms.id', 'need_specialisms.specialism_id')
        .select(['need_specialisms.need_id', 'specialisms.code'])
        .where('need_specialisms.need_id', 'in', needIds)
        .execute()
      for (const row of found) areas.set(row.need_id, [...(areas.get(row.need_id) ?? []), row.code])
    }
    const designations = new Map<number, DesignationKind>()
    const leaderIds = [...new Set(rows.map((row) => row.leader_id))]
    if (leaderIds.length > 0) {
      const found = await this.db
        .selectFrom('designations')
        .select(['leader_id', 'kind'])
        .where('leader_id', 'in', leaderIds)
        .orderBy('id')
        .execute()
      for (const row of found)
        if (!designations.has(row.leader_id)) designations.set(row.leader_id, row.kind as DesignationKind)
    }
    return rows
      .filter((row) => (row.starts_on ?? row.agreed_at) !== null && row.closed_at !== null)
      .map((row) => ({
        id: row.id,
        urn: row.urn!,
        status: row.status as 'completed' | 'ended-early',
        supportType: (row.support_type ?? 'leadership') as SupportType,
        areas: row.need_id === null ? [] : (areas.get(row.need_id) ?? []),
        designation: designations.get(row.leader_id) ?? null,
        programme: row.funding_programme,
        leader: {ref: row.ref, name: row.leader_name},
        startsOn: (row.starts_on ?? row.agreed_at!).slice(0, 10),
        closedOn: row.closed_at!.slice(0, 10),
      }))
  }

  /** Schools with any deployment under agreement in the period: never comparison schools. */
  async supportedIn(period: {from: string; to: string}): Promise<Set<number>> {
    const rows = await this.db
      .selectFrom('deployments')
      .select(['urn', 'starts_on', 'ends_on', 'closed_at', 'agreed_at'])
      .where('status', 'in', ['agreed', 'active', 'completed', 'ended-early'])
      .where('urn', 'is not', null)
      .execute()
    const urns = new Set<number>()
    for (const row of rows) {
      const start = (row.starts_on ?? row.agreed_at ?? '').slice(0, 10)
      const end = (row.closed_at ?? row.ends_on ?? '9999-12-31').slice(0, 10)
      if (start <= period.to && end >= period.from) urns.add(row.urn!)
    }
    return urns
  }

  /** Every inspection with its judgements. */
  async inspections(): Promise<Inspection[]> {
    const rows = await this.db
      .selectFrom('inspections')
      .select(['id', 'urn', 'inspected_on', 'framework', 'overall_grade'])
      .execute()
    const judgements = await this.db.selectFrom('inspection_judgements').selectAll().execute()
    const byId = new Map<number, Inspection>()
    for (const row of rows)
      byId.set(row.id, {
        urn: row.urn,
        inspectedOn: row.inspected_on,
        framework: row.framework as InspectionFramework,
        overallGrade: row.overall_grade,
        judgements: {},
      })
    for (const judgement of judgements) {
      const inspection = byId.get(judgement.inspection_id)
      if (inspection) inspection.judgements[judgement.area] = judgement.value
    }
    return [...byId.values()]
  }
}
