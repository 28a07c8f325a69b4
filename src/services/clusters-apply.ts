import {addDays} from '../core/calendar.js'
import {conflict} from '../core/errors.js'
import {DEFAULT_HOLD_DAYS} from '../core/lifecycle.js'
import type {ClusterPlanReport} from './clusters.js'
import type {ServiceContext} from './context.js'
import {proposeDeployment} from './deployments.js'
import {insertNeed} from './needs.js'

/**
 * Applying a cluster plan (`broker clusters plan --apply`), in one write transaction: each cluster
 * is recorded (name, centre school, leader, days a school, window) with a need per school (the
 * school's open need of the area, or a new need for a programme's applicant), and each need gets a
 * proposed deployment to the cluster's leader holding the days. From there each deployment follows
 * the usual lifecycle; `broker match` never re-plans a cluster's needs.
 */

export interface AppliedCluster {
  id: number
  name: string
  leaderRef: string
  needIds: number[]
  deploymentIds: number[]
}

export interface ClustersApplied {
  clusters: AppliedCluster[]
  warnings: string[]
}

export async function applyClusterPlan(context: ServiceContext, report: ClusterPlanReport): Promise<ClustersApplied> {
  const {settings} = report
  return context.registry.write(async (repos) => {
    const taken = await repos.clusters.needIds()
    const openNeeds = new Map<number, number>()
    if (settings.area !== undefined) {
      const {needs} = await repos.needs.list({status: 'open', specialism: settings.areaCode})
      for (const need of needs)
        if (need.subjectUrn !== null && !openNeeds.has(need.subjectUrn)) openNeeds.set(need.subjectUrn, need.id)
    }
    const holdExpiresOn = addDays(settings.asOf, DEFAULT_HOLD_DAYS)
    const applied: AppliedCluster[] = []
    const warnings: string[] = []
    for (const cluster of report.clusters) {
      const needIds: number[] = []
      for (const school of cluster.schools) {
        let needId = openNeeds.get(school.urn)
        if (settings.area !== undefined && (needId === undefined || taken.has(needId)))
          throw conflict(
            `${school.name} (${school.urn}) no longer has an open ${settings.areaCode} need outside a cluster; nothing was applied.`,
          )
        needId ??= (
          await insertNeed(
            repos,
            {
              subjectUrn: school.urn,
              subjectTrustCode: null,
              supportType: settings.area === undefined ? 'leadership' : 'specialist',
              deliveryMode: 'in-person',
              requestedHalfDays: settings.halfDaysPerSchool,
              windowStart: settings.from,
              windowEnd: settings.to,
              priority: 'high',
              source: settings.programme ?? 'cluster plan',
              notes: `Cluster ${cluster.name}, led by ${cluster.leader.ref}`,
              receivedOn: settings.asOf,
              specialisms: [settings.areaCode],
            },
            null,
            1,
          )
        ).id
        needIds.push(needId)
      }
      const id = await repos.clusters.insert(
        {
          name: cluster.name,
          programme: settings.programme ?? null,
          area: settings.areaCode,
          centreUrn: cluster.centre.urn,
          leaderId: cluster.leader.id,
          halfDaysPerSchool: settings.halfDaysPerSchool,
          minSize: settings.minSize,
          windowStart: settings.from,
          windowEnd: settings.to,
          createdAt: new Date().toISOString(),
          createdBy: context.actor,
        },
        needIds,
      )
      const deploymentIds: number[] = []
      for (const [index, needId] of needIds.entries()) {
        const change = await proposeDeployment(repos, context.actor, settings.asOf, {
          needId,
          leaderId: cluster.leader.id,
          halfDays: settings.halfDaysPerSchool,
          startsOn: settings.from,
          endsOn: settings.to,
          holdExpiresOn,
          score: cluster.schools[index]!.score,
        })
        warnings.push(...change.warnings)
        deploymentIds.push(change.deployment.id)
      }
      await repos.audit.record({
        actor: context.actor,
        action: 'clusters.apply',
        entity: 'cluster',
        entityId: id,
        after: {name: cluster.name, leaderId: cluster.leader.id, needIds, deploymentIds},
      })
      applied.push({id, name: cluster.name, leaderRef: cluster.leader.ref, needIds, deploymentIds})
    }
    return {clusters: applied, warnings: [...new Set(warnings)]}
  })
}
