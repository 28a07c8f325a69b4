import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import type {ProposalBasis} from '../core/correspondence.js'
import type {Deployment} from '../core/deployments.js'
import {notFound, refused} from '../core/errors.js'
import {buildLetters, emailText, type LetterModel, letterTags} from '../core/letters.js'
import {dataFilePath} from '../data-files.js'
import type {Repos} from '../db/repos/index.js'
import {renderEml} from '../reports/eml.js'
import type {ServiceContext} from './context.js'
import {deploymentParties} from './correspondence.js'
import {requireDeployment} from './deployments.js'
import {checkOutput, checkOutputFolder, writeOutput} from './output.js'

/**
 * Letters and e-mails after a match, for each new proposal: a draft e-mail to the leader (.eml,
 * opened by Outlook as an unsent draft), a letter asking the leader's head to release them, and a
 * letter to the supported school's head (.docx). Drafts only: nothing is sent. Files are named by
 * deployment id, never by a person, and written whole or not at all.
 */

/** Which proposals: deployments by id, or every proposal of a match run still open. */
export type LetterSelection = {deploymentIds: readonly number[]} | {runId: number}

export interface LetterFile {
  kind: 'leader-email' | 'release-request' | 'supported-school-letter'
  path: string
  bytes: number
}

export interface LettersResult {
  folder: string
  deployments: {deploymentId: number; leaderRef: string; files: LetterFile[]}[]
  warnings: string[]
}

interface DraftFile {
  kind: LetterFile['kind']
  name: string
  content: string | Buffer
}

export async function writeLetters(
  context: ServiceContext,
  selection: LetterSelection,
  options: {folder: string; force: boolean},
): Promise<LettersResult> {
  const folder = checkOutputFolder(options.folder)
  const {drafts, warnings} = await context.registry.read(async (repos) => {
    const deployments = await selectDeployments(repos, selection)
    const stored = await storedBases(repos, deployments)
    const all: {deployment: Deployment; files: DraftFile[]}[] = []
    const notes: string[] = []
    for (const deployment of deployments) {
      const files = await draftsFor(repos, context.today, deployment, stored.get(deployment.id) ?? null, notes)
      if (files.length > 0) all.push({deployment, files})
    }
    return {drafts: all, warnings: notes}
  })
  // Every name is checked before any is written: a clash costs nothing.
  const target = (file: DraftFile) => join(folder, file.name)
  for (const {files} of drafts)
    for (const file of files) checkOutput(target(file), {force: options.force, createFolder: true})
  return {
    folder,
    deployments: drafts.map(({deployment, files}) => ({
      deploymentId: deployment.id,
      leaderRef: deployment.leaderRef,
      files: files.map((file) => ({
        kind: file.kind,
        ...writeOutput(target(file), file.content, {force: options.force, createFolder: true}),
      })),
    })),
    warnings,
  }
}

async function selectDeployments(repos: Repos, selection: LetterSelection): Promise<Deployment[]> {
  if ('runId' in selection) {
    if ((await repos.match.storedProposals(selection.runId)) === null)
      throw notFound(`There is no match run ${selection.runId}.`)
    const {deployments} = await repos.deployments.list({status: 'proposed', matchRunId: selection.runId, limit: 0})
    if (deployments.length === 0)
      throw notFound(
        `Match run ${selection.runId} has no proposals still open (applied, and neither agreed nor ended).`,
        {
          code: 'letters.run-without-proposals',
          data: {runId: selection.runId},
        },
      )
    return deployments
  }
  const deployments: Deployment[] = []
  for (const id of selection.deploymentIds) {
    const deployment = await requireDeployment(repos, id)
    if (deployment.status !== 'proposed')
      throw refused(`Deployment ${id} is ${deployment.status}: letters after a match are for proposals.`, {
        code: 'letters.not-proposed',
        data: {deploymentId: id, status: deployment.status},
      })
    deployments.push(deployment)
  }
  return deployments
}

/** What each deployment's match run knew of the pair, by deployment id. */
async function storedBases(repos: Repos, deployments: readonly Deployment[]): Promise<Map<number, ProposalBasis>> {
  const bases = new Map<number, ProposalBasis>()
  const runs = new Set(
    deployments.flatMap((deployment) => (deployment.matchRunId === null ? [] : [deployment.matchRunId])),
  )
  for (const runId of runs) {
    const proposals = (await repos.match.storedProposals(runId)) ?? []
    for (const deployment of deployments) {
      if (deployment.matchRunId !== runId) continue
      const proposal = proposals.find(
        (entry) => entry.needId === deployment.needId && entry.leaderId === deployment.leaderId,
      )
      if (proposal) bases.set(deployment.id, proposal)
    }
  }
  return bases
}

async function draftsFor(
  repos: Repos,
  today: string,
  deployment: Deployment,
  basis: ProposalBasis | null,
  warnings: string[],
): Promise<DraftFile[]> {
  const parties = await deploymentParties(repos, deployment)
  const leader = parties.leader
  if (!leader || leader.name === null) {
    warnings.push(`Deployment ${deployment.id}: the leader's personal data was erased; no letters were drafted.`)
    return []
  }
  const need = parties.need
  const held = new Set(leader.specialisms.map((specialism) => specialism.code))
  const areaName = (code: string) => parties.areaNames.get(code) ?? code
  const set = buildLetters({
    hub: parties.hub,
    today,
    deploymentId: deployment.id,
    leader: {name: leader.name, ref: leader.ref, email: leader.email, designation: parties.designation},
    supportedSchool: parties.supportedSchool,
    supportedTrust: parties.supportedTrust,
    homeSchool: parties.homeSchool,
    needAreas: (need?.specialisms ?? []).map(areaName),
    halfDays: deployment.halfDays,
    startsOn: deployment.startsOn,
    endsOn: deployment.endsOn,
    holdExpiresOn: deployment.holdExpiresOn,
    deliveryMode: need?.deliveryMode ?? null,
    why: {
      designation: parties.designation,
      sharedAreas: (need?.specialisms ?? []).filter((code) => held.has(code)).map(areaName),
      needAreas: (need?.specialisms ?? []).map(areaName),
      deliveryMode: need?.deliveryMode ?? 'in-person',
      basis,
    },
  })
  const prefix = `deployment-${deployment.id}`
  if (!leader.email)
    warnings.push(
      `Deployment ${deployment.id}: ${leader.ref} has no e-mail address; the draft e-mail has no recipient.`,
    )
  const files: DraftFile[] = [
    {
      kind: 'leader-email',
      name: `${prefix}-leader-email.eml`,
      content: renderEml({
        from: {name: parties.hub, address: 'drafts@broker.invalid'},
        to: set.email.to.address ? {name: set.email.to.name, address: set.email.to.address} : null,
        subject: set.email.subject,
        text: emailText(set.email),
        date: today,
        messageId: `${prefix}-leader-email.${today}@broker.invalid`,
      }),
    },
  ]
  if (set.release)
    files.push({
      kind: 'release-request',
      name: `${prefix}-release-request.docx`,
      content: await letterDocx(set.release),
    })
  else
    warnings.push(
      `Deployment ${deployment.id}: ${leader.ref} has no home school on record; no release request was drafted.`,
    )
  files.push({
    kind: 'supported-school-letter',
    name: `${prefix}-supported-school-letter.docx`,
    content: await letterDocx(set.supported),
  })
  return files
}

let letterTemplate: Buffer | undefined

async function letterDocx(letter: LetterModel): Promise<Buffer> {
  letterTemplate ??= readFileSync(dataFilePath('letter-template.docx'))
  const {fillDocx} = await import('../reports/docx.js')
  return fillDocx(letterTemplate, letterTags(letter), 'letter-template.docx').bytes
}
