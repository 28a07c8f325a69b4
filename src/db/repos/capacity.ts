import type {Kysely} from 'kysely'

import type {CapacityDeployment, CapacityInputs, DeploymentStatus} from '../../core/capacity.js'
import {chunks} from '../codec.js'
import type {RegistrySchema} from '../schema.js'

/** Reads what capacity accounting needs, for some leaders or (ids = 'all') for everyone. */
export class CapacityRepo {
  constructor(private readonly db: Kysely<RegistrySchema>) {}

  async inputs(ids: readonly number[] | 'all'): Promise<Map<number, CapacityInputs>> {
    const result = new Map<number, CapacityInputs>()
    const entry = (leaderId: number) => {
      let inputs = result.get(leaderId) as MutableInputs | undefined
      if (!inputs) {
        inputs = {released: [], deployments: [], delivered: [], legacy: []}
        result.set(leaderId, inputs)
      }
      return inputs
    }
    const batches = ids === 'all' ? [null] : chunks(ids)
    if (ids !== 'all') for (const id of ids) entry(id)
    for (const batch of batches) {
      const released = await this.db
        .selectFrom('capacity_years')
        .select(['leader_id', 'academic_year', 'released_half_days'])
        .$if(batch !== null, (q) => q.where('leader_id', 'in', batch!))
        .execute()
      for (const row of released)
        entry(row.leader_id).released.push({academicYear: row.academic_year, releasedHalfDays: row.released_half_days})

      const deployments = await this.db
        .selectFrom('deployments')
        .leftJoin('needs', 'needs.id', 'deployments.need_id')
        .select([
          'deployments.id',
          'deployments.leader_id',
          'deployments.status',
          'deployments.half_days',
          'deployments.starts_on',
          'deployments.ends_on',
          'deployments.hold_expires_on',
          'needs.window_start',
          'needs.window_end',
        ])
        .where('deployments.status', 'in', ['proposed', 'agreed', 'active'])
        .$if(batch !== null, (q) => q.where('deployments.leader_id', 'in', batch!))
        .execute()
      for (const row of deployments) {
        const start = row.starts_on ?? row.window_start
        const end = row.ends_on ?? row.window_end
        if (start === null || end === null) continue
        entry(row.leader_id).deployments.push({
          id: row.id,
          status: row.status as DeploymentStatus,
          halfDays: row.half_days,
          start,
          end,
          holdExpiresOn: row.hold_expires_on,
        } satisfies CapacityDeployment)
      }

      const delivered = await this.db
        .selectFrom('ledger_entries')
        .select(['leader_id', 'deployment_id', 'legacy_link_id', 'on_date', 'half_days'])
        .where('entry', '=', 'delivered')
        .$if(batch !== null, (q) => q.where('leader_id', 'in', batch!))
        .execute()
      for (const row of delivered) {
        entry(row.leader_id).delivered.push({
          deploymentId: row.deployment_id,
          legacyLinkId: row.legacy_link_id,
          onDate: row.on_date,
          halfDays: row.half_days,
        })
      }

      const legacy = await this.db
        .selectFrom('legacy_links')
        .select(['id', 'leader_id', 'status', 'budget_half_days', 'opened_on', 'ends_on'])
        .where('status', '=', 'open')
        .$if(batch !== null, (q) => q.where('leader_id', 'in', batch!))
        .execute()
      for (const row of legacy) {
        entry(row.leader_id).legacy.push({
          id: row.id,
          status: 'open',
          budgetHalfDays: row.budget_half_days,
          openedOn: row.opened_on,
          endsOn: row.ends_on,
        })
      }
    }
    return result
  }
}

type MutableInputs = {
  released: {academicYear: number; releasedHalfDays: number}[]
  deployments: CapacityDeployment[]
  delivered: CapacityInputs['delivered'][number][]
  legacy: CapacityInputs['legacy'][number][]
}
