import {type LetterSchool, type Party, partyOf} from '../core/correspondence.js'
import type {Deployment} from '../core/deployments.js'
import type {Leader, Need, School} from '../core/model.js'
import type {Repos} from '../db/repos/index.js'
import {defaultBody} from './leaders.js'
import {designationFit, loadTaxonomy} from './reference.js'

/**
 * What agreements and letters read about a deployment's people and places: the leader, the
 * supported school (or trust) and the leader's home school (or trust), as parties and as letter
 * recipients, and the hub's name.
 */

export interface DeploymentParties {
  hub: string
  leader: Leader | null
  need: Need | null
  supportedSchool: LetterSchool | null
  supportedTrust: {code: string; name: string | null} | null
  homeSchool: LetterSchool | null
  supported: Party
  home: Party
  /** The leader's active designation that best fits the need's kind of support. */
  designation: string | null
  /** Area code -> name. */
  areaNames: Map<string, string>
}

export async function deploymentParties(repos: Repos, deployment: Deployment): Promise<DeploymentParties> {
  const leader = (await repos.leaders.get(deployment.leaderId)) ?? null
  const need = deployment.needId === null ? null : ((await repos.needs.get(deployment.needId)) ?? null)
  const urns = [deployment.urn, leader?.homeUrn ?? null].filter((urn): urn is number => urn !== null)
  const schools = await repos.schools.getMany(urns)
  const supportedSchool = deployment.urn === null ? null : letterSchool(schools.get(deployment.urn))
  const homeSchool = leader?.homeUrn == null ? null : letterSchool(schools.get(leader.homeUrn))
  const trustCodes = [deployment.trustCode, leader?.homeTrustCode ?? null].filter(
    (code): code is string => code !== null,
  )
  const trusts = await repos.trusts.getMany(trustCodes)
  const trustOf = async (code: string | null) =>
    code === null ? null : {code, name: trusts.get(code)?.name ?? (await repos.trusts.nameFromSchools(code)) ?? null}
  const supportedTrust = supportedSchool ? null : await trustOf(deployment.trustCode)
  const homeTrust = homeSchool ? null : await trustOf(leader?.homeTrustCode ?? null)
  return {
    hub: await defaultBody(repos),
    leader,
    need,
    supportedSchool,
    supportedTrust,
    homeSchool,
    supported: partyOf(supportedSchool, supportedTrust),
    home: partyOf(homeSchool, homeTrust),
    designation: leader ? bestDesignation(leader, need) : null,
    areaNames: new Map((await loadTaxonomy(repos)).nodes.map((node) => [node.code, node.name])),
  }
}

function letterSchool(school: School | undefined): LetterSchool | null {
  if (!school) return null
  return {urn: school.urn, name: school.name, address: school.address, head: school.head, trust: school.trust}
}

/** The leader's active designation that best fits the need (data/designation-fit.csv), else the first active. */
function bestDesignation(leader: Leader, need: Need | null): string | null {
  const active = leader.designations.filter((designation) => designation.status === 'active')
  const fits = need ? designationFit().get(need.supportType) : undefined
  const ranked = [...active].sort((a, b) => (fits?.get(b.kind) ?? 0) - (fits?.get(a.kind) ?? 0))
  return ranked[0]?.kind ?? null
}
