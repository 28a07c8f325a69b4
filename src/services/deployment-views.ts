import {
  type Deployment,
  deliveredCostPence,
  deliveredHalfDays,
  type Evaluation,
  type LedgerEntry,
  type Objective,
  pairPlannedVisits,
  type PlannedVisit,
  type Review,
  type Variation,
} from '../core/deployments.js'
import type {DueItem} from '../core/due-work.js'
import type {DeploymentStatus} from '../core/lifecycle.js'
import type {Need} from '../core/model.js'
import type {Repos} from '../db/repos/index.js'
import type {ServiceContext} from './context.js'
import {requireDeployment} from './deployments.js'
import {collectDueWork} from './due.js'
import {type LegacySummary, summarise} from './legacy.js'
import {resolveLeaderId, resolveSchoolUrn} from './resolve.js'

export interface DeploymentSummary extends Deployment {
  deliveredHalfDays: number
}

export interface DeploymentListFilter {
  status?: DeploymentStatus | 'live' | 'any'
  leader?: string
  /** URN or name. */
  school?: string
  trustCode?: string
  needId?: number
  limit?: number
}

/** A page of deployments, with the total. */
export interface DeploymentList {
  deployments: DeploymentSummary[]
  total: number
}

export async function listDeployments(context: ServiceContext, filter: DeploymentListFilter): Promise<DeploymentList> {
  return context.registry.read(async (repos) => {
    const {leader, school, ...rest} = filter
    const leaderId = leader === undefined ? undefined : await resolveLeaderId(repos, leader)
    const urn = school === undefined ? undefined : (await resolveSchoolUrn(repos, school)).urn
    const {deployments, total} = await repos.deployments.list({...rest, leaderId, urn})
    const ledgers = await repos.ledger.forDeployments(deployments.map((deployment) => deployment.id))
    return {
      deployments: deployments.map((deployment) => ({
        ...deployment,
        deliveredHalfDays: deliveredHalfDays(ledgers.get(deployment.id) ?? []),
      })),
      total,
    }
  })
}

export interface DeploymentDetail {
  deployment: Deployment
  need: Need | null
  objectives: Objective[]
  ledger: LedgerEntry[]
  plannedVisits: PlannedVisit[]
  agreedHalfDays: number
  deliveredHalfDays: number
  /** Agreed days not yet delivered (never below zero). */
  remainingHalfDays: number
  agreedCostPence: number | null
  deliveredCostPence: number | null
  reviews: Review[]
  /** The agreement first, then every variation. */
  variations: Variation[]
  evaluation: Evaluation | null
  legacyLinks: LegacySummary[]
  /** Overdue and due-soon work for this deployment (next 14 days). */
  due: DueItem[]
}

export const SHOW_DUE_WITHIN_DAYS = 14

export async function showDeployment(context: ServiceContext, id: number): Promise<DeploymentDetail> {
  return context.registry.read(async (repos) => deploymentDetail(repos, id, context.today))
}

/** Everything held about one deployment (also what a deployment report prints). */
export async function deploymentDetail(repos: Repos, id: number, today: string): Promise<DeploymentDetail> {
  const deployment = await requireDeployment(repos, id)
  const ledger = (await repos.ledger.forDeployments([id])).get(id) ?? []
  const delivered = deliveredHalfDays(ledger)
  const {links} = await repos.legacy.list({deploymentId: id, status: 'any'})
  const {items: due} = await collectDueWork(repos, today, SHOW_DUE_WITHIN_DAYS, {deployments: [deployment], links: []})
  return {
    deployment,
    need: deployment.needId === null ? null : ((await repos.needs.get(deployment.needId)) ?? null),
    objectives: await repos.deployments.objectives(id),
    ledger,
    plannedVisits: pairPlannedVisits(ledger),
    agreedHalfDays: deployment.halfDays,
    deliveredHalfDays: delivered,
    remainingHalfDays: Math.max(0, deployment.halfDays - delivered),
    agreedCostPence: deliveredCostPence(deployment.halfDays, deployment.dayRatePence),
    deliveredCostPence: deliveredCostPence(delivered, deployment.dayRatePence),
    reviews: await repos.deployments.reviews(id),
    variations: await repos.deployments.variations(id),
    evaluation: await repos.deployments.evaluation(id),
    legacyLinks: await summarise(repos, links),
    due,
  }
}
