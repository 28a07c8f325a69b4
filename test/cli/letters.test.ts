import {mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'

import Database from 'better-sqlite3'
import JSZip from 'jszip'
import PostalMime, {type Email} from 'postal-mime'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'

import type {MatchResult} from '../../src/commands/match.js'
import type {LettersResult} from '../../src/services/letters.js'
import type {InitResult} from '../../src/services/registry-admin.js'
import {jsonFailure, runCli, runJson, tempDir, type TempDir} from '../helpers/cli.js'
import {sampleHubRegistry} from '../helpers/seed.js'

/**
 * `broker match --apply --letters` and `broker deployments letters`, each file opened as its
 * program would: the .eml parsed by a mail parser, the .docx unzipped and its document.xml read.
 * Names with accents and curly apostrophes survive; text that looks like a tag or XML stays text;
 * a letter never names an alternate, a score or an objection.
 */

vi.setConfig({testTimeout: 60_000})

let dir: TempDir
let db: string
let match: MatchResult

const HUB = 'Sample Teaching School Hub & Partners'
const env = () => ({cwd: dir.path, env: {BROKER_DB: db, BROKER_TODAY: '2026-12-01', BROKER_USER: 'hub-director'}})
const broker = (args: string[]) => runCli(args, env())
const brokerJson = <T>(args: string[]) => runJson<T>(args, env())

beforeAll(async () => {
  dir = tempDir('broker-letters-')
  db = await sampleHubRegistry(dir)
  // Heads and addresses as GIAS gives them for half the schools (the rest have none: "Dear Headteacher").
  const database = new Database(db)
  database
    .prepare(
      "update schools set head_title = 'Mrs', head_first_name = 'Siân', head_last_name = 'O’Brien', street = '1 {x} <b> & Row' where urn % 2 = 0",
    )
    .run()
  database.close()
  brokerJson<InitResult>(['init', '--hub', HUB])
  match = brokerJson<MatchResult>(['match', '--apply', '--letters', 'out'])
}, 180_000)
afterAll(() => dir.remove())

async function docxText(path: string): Promise<{xml: string; text: string}> {
  const zip = await JSZip.loadAsync(readFileSync(path))
  const xml = await zip.file('word/document.xml')!.async('string')
  const text = xml
    .split('</w:p>')
    .map((paragraph) => paragraph.replace(/<w:br\/>/g, '\n').replace(/<[^>]+>/g, ''))
    .join('\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
  return {xml, text}
}

const parseEml = (path: string): Promise<Email> => PostalMime.parse(readFileSync(path))

describe('match --apply --letters', () => {
  it('drafts an e-mail and two letters for every new proposal, named by deployment id, private', () => {
    const proposed = match.applied!.proposed
    expect(proposed.length).toBeGreaterThan(3)
    expect(match.letters!.deployments.map((entry) => entry.deploymentId)).toEqual(
      proposed.map((entry) => entry.deploymentId),
    )
    const names = readdirSync(dir.file('out')).sort()
    expect(names).toHaveLength(proposed.length * 3)
    for (const {deploymentId} of proposed)
      for (const kind of ['leader-email.eml', 'release-request.docx', 'supported-school-letter.docx']) {
        expect(names).toContain(`deployment-${deploymentId}-${kind}`)
        expect(statSync(dir.file(`out/deployment-${deploymentId}-${kind}`)).mode & 0o777).toBe(0o600)
      }
  })

  it('writes the leader a draft Outlook opens unsent: who, which school, why, days, window, how to accept', async () => {
    const proposal = match.proposals[0]!
    const deploymentId = match.applied!.proposed.find((entry) => entry.needId === proposal.needId)!.deploymentId
    const email = await parseEml(dir.file(`out/deployment-${deploymentId}-leader-email.eml`))
    expect(email.headers.find((header) => header.key === 'x-unsent')?.value).toBe('1')
    expect(email.from).toMatchObject({name: HUB})
    expect(email.to?.[0]).toMatchObject({name: proposal.leader.name, address: proposal.leader.email})
    expect(email.subject).toBe(`Proposed support: ${proposal.school!.name}, ${proposal.days} days`)
    expect(email.text).toContain(`Dear ${proposal.leader.name},`)
    expect(email.text).toContain('Why you:')
    expect(email.text).toMatch(/• expertise (in|related to) /)
    expect(email.text).toContain(`${proposal.days} days between `)
    expect(email.text).toContain('reply to this e-mail by 22 December 2026 to accept or decline')
  })

  it('greets heads by name where GIAS names them, else "Dear Headteacher", with addresses as text', async () => {
    const greetings = new Set<string>()
    for (const {deploymentId, files} of match.letters!.deployments) {
      for (const file of files.filter((entry) => entry.kind !== 'leader-email')) {
        const {xml, text} = await docxText(file.path)
        const greeting = /^Dear (Mrs O’Brien|Headteacher),$/m.exec(text)
        expect(greeting, `${deploymentId} ${file.kind}`).not.toBeNull()
        greetings.add(greeting![1]!)
        if (greeting![1] === 'Mrs O’Brien') {
          expect(text).toContain('Mrs Siân O’Brien')
          expect(text).toContain('1 {x} <b> & Row')
          expect(xml).toContain('1 {x} &lt;b&gt; &amp; Row')
        }
      }
    }
    expect([...greetings].sort()).toEqual(['Headteacher', 'Mrs O’Brien'])
  })

  it('never shows alternates, scores or objections', async () => {
    expect(match.proposals.filter((proposal) => proposal.alternates.length > 0).length).toBeGreaterThan(2)
    for (const proposal of match.proposals) {
      const deploymentId = match.applied!.proposed.find((entry) => entry.needId === proposal.needId)!.deploymentId
      const files = match.letters!.deployments.find((entry) => entry.deploymentId === deploymentId)!.files
      const texts = await Promise.all(
        files.map(async (file) =>
          file.kind === 'leader-email' ? (await parseEml(file.path)).text! : (await docxText(file.path)).text,
        ),
      )
      for (const text of texts) {
        for (const alternate of proposal.alternates) {
          expect(text).not.toContain(alternate.leader.ref)
          if (alternate.leader.name) expect(text).not.toContain(alternate.leader.name)
        }
        expect(text).not.toMatch(/score|objection|objected|alternate|\b0\.\d{2}/i)
      }
    }
  })

  it('refuses --letters without --apply, before matching', () => {
    const result = broker(['match', '--letters', 'elsewhere'])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('--letters drafts letters for the proposals a match applies')
  })
})

describe('deployments letters', () => {
  it('keeps non-ASCII names and tag-like text intact in every file', async () => {
    const {deploymentId, leaderRef} = match.applied!.proposed[1]!
    const name = 'Siân Zoë O’Brien {x} <b> &'
    expect(broker(['leaders', 'update', leaderRef, '--name', name]).status).toBe(0)
    const result = brokerJson<LettersResult>(['deployments', 'letters', String(deploymentId), '--out', 'again'])
    expect(result.deployments[0]!.files.map((file) => file.kind)).toEqual([
      'leader-email',
      'release-request',
      'supported-school-letter',
    ])
    const email = await parseEml(dir.file(`again/deployment-${deploymentId}-leader-email.eml`))
    expect(email.to?.[0]?.name).toBe(name)
    expect(email.text).toContain(`Dear ${name},`)
    for (const kind of ['release-request', 'supported-school-letter']) {
      const {xml, text} = await docxText(dir.file(`again/deployment-${deploymentId}-${kind}.docx`))
      expect(text).toContain(name)
      expect(xml).toContain('Siân Zoë O’Brien {x} &lt;b&gt; &amp;')
    }
  })

  it('writes every open proposal of a run, and replaces files only with --force', () => {
    const runId = match.applied!.runId
    const first = brokerJson<LettersResult>(['deployments', 'letters', '--run', String(runId), '--out', 'run'])
    expect(first.deployments).toHaveLength(match.applied!.proposed.length)
    const before = readFileSync(dir.file(`run/deployment-${first.deployments[0]!.deploymentId}-leader-email.eml`))
    const clash = broker(['deployments', 'letters', '--run', String(runId), '--out', 'run'])
    expect(clash.status).toBe(1)
    expect(clash.stderr).toContain('already exists; it was left as it is')
    expect(broker(['deployments', 'letters', '--run', String(runId), '--out', 'run', '--force']).status).toBe(0)
    expect(readFileSync(dir.file(`run/deployment-${first.deployments[0]!.deploymentId}-leader-email.eml`))).toEqual(
      before,
    )
  })

  it('drafts what it can for a hand-made proposal: no e-mail recipient, no release request, and says so', async () => {
    const added = brokerJson<{leader: {ref: string}}>([
      'leaders',
      'add',
      '--name',
      'Zoë Ångström',
      '--designation',
      'SLE',
      '--specialism',
      'phonics',
    ])
    const created = brokerJson<{deployment: {id: number}}>([
      'deployments',
      'create',
      '--leader',
      added.leader.ref,
      '--trust',
      'TR-9 {x}',
      '--days',
      '2',
      '--from',
      '2027-01-04',
      '--to',
      '2027-02-01',
      '--allow-overcommit',
    ])
    const result = runCli(['deployments', 'letters', String(created.deployment.id), '--out', 'hand', '--json'], env())
    expect(result.status, result.stderr).toBe(0)
    const letters = JSON.parse(result.stdout) as LettersResult
    expect(letters.deployments[0]!.files.map((file) => file.kind)).toEqual(['leader-email', 'supported-school-letter'])
    expect(letters.warnings).toEqual([
      `Deployment ${created.deployment.id}: ${added.leader.ref} has no e-mail address; the draft e-mail has no recipient.`,
      `Deployment ${created.deployment.id}: ${added.leader.ref} has no home school on record; no release request was drafted.`,
    ])
    const email = await parseEml(dir.file(`hand/deployment-${created.deployment.id}-leader-email.eml`))
    expect(email.to ?? []).toEqual([])
    expect(email.text).toContain('Dear Zoë Ångström,')
    expect(email.text).toContain('• designation as Specialist Leader of Education (SLE)')
    const {text} = await docxText(dir.file(`hand/deployment-${created.deployment.id}-supported-school-letter.docx`))
    expect(text).toContain('Dear Chief Executive Officer,')
    expect(text).toContain('Proposed support for trust TR-9 {x}: Zoë Ångström')
  })

  it('refuses a deployment past proposal, a run with none open, and a missing parent folder', () => {
    const agreed = match.applied!.proposed[2]!.deploymentId
    const agree = broker([
      'deployments',
      'agree',
      String(agreed),
      '--objective',
      'x',
      '--criteria',
      'y',
      '--rate',
      '0',
      '--funding',
      'hub',
      '--supported-head-signoff',
      'A',
      '--home-head-signoff',
      'B',
    ])
    expect(agree.status, agree.stderr).toBe(0)
    const notProposed = broker(['deployments', 'letters', String(agreed), '--out', 'x', '--json'])
    expect(notProposed.status).toBe(1)
    expect(jsonFailure(notProposed)).toMatchObject({code: 'letters.not-proposed'})
    expect(jsonFailure(notProposed).suggestion).toContain(`broker deployments agreement ${agreed}`)
    expect(broker(['deployments', 'letters', '--run', '999', '--out', 'x']).status).toBe(1)
    expect(broker(['deployments', 'letters', '--out', 'x']).status).toBe(2)
    const missing = broker(['deployments', 'letters', '1', '--out', 'no/such/folder'])
    expect(missing.status).toBe(3)
    expect(missing.stderr).toContain('there is no folder')
  })
})

describe('match --letters when a letter cannot be written', () => {
  it('keeps the applied match, says so, and names the command that drafts the letters', () => {
    const {deployments} = brokerJson<{deployments: {id: number}[]}>([
      'deployments',
      'list',
      '--status',
      'any',
      '--limit',
      '0',
    ])
    const next = Math.max(...deployments.map((deployment) => deployment.id)) + 1
    mkdirSync(dir.file('clash'))
    writeFileSync(dir.file(`clash/deployment-${next}-leader-email.eml`), 'mine')
    const result = broker(['match', '--apply', '--replan-proposed', '--letters', 'clash'])
    expect(result.status).toBe(1)
    expect(result.stdout).toContain('Proposed ')
    expect(result.stderr).toMatch(/Match run \d+ was applied, but its letters were not written/)
    expect(result.stderr).toContain('already exists; it was left as it is')
    expect(readFileSync(dir.file(`clash/deployment-${next}-leader-email.eml`), 'utf8')).toBe('mine')
    const after = brokerJson<{deployments: {id: number}[]}>([
      'deployments',
      'list',
      '--status',
      'proposed',
      '--limit',
      '0',
    ])
    expect(after.deployments.map((deployment) => deployment.id)).toContain(next)
  })
})
