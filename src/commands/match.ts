import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {Flags} from '@oclif/core'

import {BaseCommand, currentDate} from '../cli/base-command.js'
import {lettersLine} from '../cli/deployments.js'
import {isoDateFlag, wideFlag} from '../cli/flags.js'
import {leaderLabel, renderMatchReport, schoolLabel} from '../cli/match-report.js'
import {canPrompt} from '../cli/prompts.js'
import {paint} from '../cli/style.js'
import {renderTable} from '../cli/table.js'
import type {ErrorCodes} from '../core/error-codes.js'
import {BrokerError, invalidInput, usage} from '../core/errors.js'
import type {Explanation} from '../core/match/report.js'
import {type LettersResult, writeLetters} from '../services/letters.js'
import type {ApplyResult, Decision} from '../services/match-apply.js'
import {resolveTargets} from '../services/match-targets.js'
import {type MatchPlan, type MatchReport, planMatch} from '../services/match.js'
import {checkOutputFolder} from '../services/output.js'

/** What `broker match --json` prints: the plan, and what was applied with --apply or --interactive. */
export type MatchResult = MatchReport & {applied?: ApplyResult; letters?: LettersResult}

export default class Match extends BaseCommand<typeof Match> {
  static override summary =
    "Match open needs to system leaders: explainable scores, hard vetoes, an optimal plan within everyone's days."

  static override description = `Scores every need against every leader who could help (expertise, context fit,
availability, distance, continuity, times the need's priority), vetoes pairs that must not
happen (each with its reason), and chooses the plan with the highest total score that keeps
every leader within their free days in each academic year, proven within 0.5% of the best
possible plan with HiGHS and a Lagrangian bound (--exact: proven optimal).

A dry run by default: nothing changes until --apply turns the proposals into proposed
deployments that hold the leaders' days. Every run is recorded with its settings and an input
hash, so the same registry and settings give the same answer.

Settings: the defaults are documented in the README; a JSON file in the broker config folder
(match.json) or --weights FILE overrides any of them.`

  static override examples = [
    '<%= config.bin %> match',
    '<%= config.bin %> match --explain 12',
    '<%= config.bin %> match --region "North East" --max-new-per-leader 2',
    '<%= config.bin %> match --priority strict',
    '<%= config.bin %> match --cross-phase',
    '<%= config.bin %> match --need 12 --need REQ-27-014 --pin 12=SH-0003 --exclude SH-0040',
    '<%= config.bin %> match --weights weights.json --as-of 2027-01-04 --json --with-candidates',
    '<%= config.bin %> match --apply',
    '<%= config.bin %> match --apply --letters letters/',
  ]

  static override flags = {
    wide: wideFlag,
    need: Flags.string({
      description: 'Match only this need (id or reference; a team need stands for its places); repeatable.',
      multiple: true,
    }),
    region: Flags.string({description: 'Only needs of schools in this region.'}),
    la: Flags.string({description: 'Only needs of schools in this local authority (three-digit code).'}),
    weights: Flags.string({description: 'JSON file of settings (weights, radius, priorities ...) over the defaults.'}),
    strategy: Flags.string({
      description: 'optimal (default) proves how close the plan is to the best; greedy takes best scores first.',
      options: ['optimal', 'greedy'],
    }),
    priority: Flags.string({
      description:
        'weighted (default) multiplies scores by priority; strict matches the most high-priority needs first, then medium, then low.',
      options: ['weighted', 'strict'],
    }),
    exact: Flags.boolean({
      description: 'Prove the optimum (may take longer) instead of stopping within 0.5% of it.',
    }),
    'max-new-per-leader': Flags.integer({
      description: 'At most N new proposals for any one leader in this run.',
      min: 1,
    }),
    radius: Flags.integer({description: 'Maximum distance in km for in-person support (default 50).', min: 1}),
    'cross-phase': Flags.boolean({
      description:
        "Allow leaders whose phase experience does not cover the school's (a primary SLE for a secondary school); setting crossPhaseSupport.",
    }),
    'as-of': isoDateFlag({description: 'Treat this date as today (stored with the run). Default: today.'}),
    pin: Flags.string({
      description: 'Force a pair: NEED=LEADER (leader ref, reference, email or name); repeatable.',
      multiple: true,
    }),
    exclude: Flags.string({
      description: 'Leave a leader out: LEADER, or NEED=LEADER for one need; repeatable.',
      multiple: true,
    }),
    'replan-proposed': Flags.boolean({
      description:
        'Reconsider needs already proposed (their held days are freed for the run). Proposals whose hold has expired are always reconsidered.',
    }),
    'with-candidates': Flags.boolean({
      description: "Include every feasible candidate and every leader's free days in --json output.",
    }),
    explain: Flags.string({
      description: 'Print the full scoring breakdown for one need (id or reference; for a team need, its first place).',
    }),
    apply: Flags.boolean({description: "Turn the proposals into proposed deployments that hold the leaders' days."}),
    letters: Flags.string({
      description:
        'With --apply or --interactive: draft, for each new proposal, an e-mail to the leader and letters to both heads in this folder (nothing is sent).',
    }),
    interactive: Flags.boolean({
      char: 'i',
      description:
        'On a terminal: accept, reject (with a reason) or swap in an alternate for each proposal, then apply.',
    }),
  }

  async run(): Promise<MatchResult> {
    const flags = this.flags
    if (flags.interactive && !canPrompt(this.jsonEnabled())) {
      throw usage('--interactive needs a terminal and no --json.', {
        suggestion: 'Use --apply to accept every proposal, or run in a terminal.',
      })
    }
    if ((flags.apply || flags.interactive) && flags.explain !== undefined) {
      throw usage('--explain is a dry run; it cannot be combined with --apply or --interactive.')
    }
    if (flags.letters !== undefined && !flags.apply && !flags.interactive)
      throw usage('--letters drafts letters for the proposals a match applies; add --apply (or --interactive).')
    // A folder that cannot take the letters is refused before anything is applied.
    if (flags.letters !== undefined) checkOutputFolder(flags.letters)
    const layers: unknown[] = []
    const configFile = join(this.config.configDir, 'match.json')
    if (existsSync(configFile)) layers.push(readJson(configFile))
    if (flags.weights) layers.push(readJson(flags.weights))
    const cli: Record<string, unknown> = {}
    if (flags.strategy) cli.strategy = flags.strategy
    if (flags.priority) cli.priorityMode = flags.priority
    if (flags.exact) cli.exact = true
    if (flags['max-new-per-leader']) cli.maxNewPerLeader = flags['max-new-per-leader']
    if (flags.radius) cli.maxRadiusKm = flags.radius
    if (flags['cross-phase']) cli.crossPhaseSupport = true
    layers.push(cli)

    const pins = (flags.pin ?? []).map((text) => {
      const pair = parsePair(text, '--pin')
      if (pair.need === null) throw usage(`--pin needs NEED=LEADER, not "${text}".`)
      return {need: pair.need, leader: pair.leader}
    })
    const exclusions = (flags.exclude ?? []).map((text) => parsePair(text, '--exclude'))
    const {report, applied, letters} = await this.withContext(async (context) => {
      const targets = await resolveTargets(context, {
        needs: flags.need,
        explain: flags.explain,
        pins,
        exclusions,
      }).catch(pinInFlagTerms)
      const plan = await planMatch(context, {
        ...targets,
        region: flags.region,
        laCode: flags.la,
        configLayers: layers,
        asOf: flags['as-of'] ?? currentDate(),
        replanProposed: flags['replan-proposed'],
        withCandidates: flags['with-candidates'],
      })
      this.say(() =>
        plan.report.explain
          ? renderExplanation(plan.report.explain)
          : renderMatchReport(plan.report, flags.apply || flags.interactive),
      )
      for (const warning of plan.report.warnings) this.warn(warning)
      if (!flags.apply && !flags.interactive) return {report: plan.report}
      const decisions = flags.interactive ? await decideInteractively(plan) : plan.acceptAll()
      if (decisions === null) {
        this.say('Nothing was applied.')
        return {report: plan.report}
      }
      const done = await plan.apply(context, decisions)
      const ids = done.proposed.map((entry) => entry.deploymentId)
      if (flags.letters === undefined || ids.length === 0) return {report: plan.report, applied: done}
      // The match is applied whatever happens to the letters: a failure is told after the proposals.
      const letters = await writeLetters(context, {deploymentIds: ids}, {folder: flags.letters, force: false}).catch(
        (error: unknown) => ({failed: error}),
      )
      return {report: plan.report, applied: done, letters}
    })
    if (applied) {
      for (const warning of applied.warnings) this.warn(warning)
      this.say(() => renderApplied(applied))
    }
    if (letters && 'failed' in letters) {
      this.warn(
        `Match run ${applied.runId} was applied, but its letters were not written; draft them with \`broker deployments letters --run ${applied.runId} --out DIR\`.`,
      )
      throw letters.failed
    }
    if (letters) {
      for (const warning of letters.warnings) this.warn(warning)
      this.say(lettersLine(letters))
    }
    return applied ? {...report, applied, ...(letters ? {letters} : {})} : report
  }
}

/** Walks the director through each proposal; nothing is written until every one is decided. */
async function decideInteractively(plan: MatchPlan): Promise<Decision[] | null> {
  const {input, select, confirm} = await import('@inquirer/prompts')
  const decisions: Decision[] = []
  for (const proposal of plan.report.proposals) {
    for (;;) {
      const choice = await select<string>({
        message: `Need ${proposal.needId}, ${schoolLabel(proposal)} (${proposal.priority}, ${proposal.days} days): ${leaderLabel(proposal.leader)}, score ${proposal.score.toFixed(3)}`,
        choices: [
          {name: 'Accept', value: 'accept'},
          {name: 'Reject, with a reason', value: 'reject'},
          ...proposal.alternates.map((alternate) => ({
            name: `Use ${leaderLabel(alternate.leader)} instead (score ${alternate.score.toFixed(3)}${alternate.proposedFor ? `, planned for need ${alternate.proposedFor}` : ''})`,
            value: `alternate:${alternate.leader.id}`,
          })),
          {name: 'Skip: leave the need open', value: 'skip'},
        ],
      })
      if (choice === 'skip') break
      if (choice === 'reject') {
        const reason = await input({
          message: 'Why is this proposal rejected?',
          validate: (text) => (text.trim() === '' ? 'A reason is needed.' : true),
        })
        decisions.push({needId: proposal.needId, leaderId: proposal.leader.id, action: 'reject', reason: reason.trim()})
        break
      }
      const leaderId = choice === 'accept' ? proposal.leader.id : Number(choice.slice('alternate:'.length))
      if (!plan.fits(proposal.needId, leaderId, decisions)) {
        process.stderr.write(
          `${paint.warning('Not enough days:')} that leader has already been given this run's days; choose again.\n`,
        )
        continue
      }
      decisions.push({needId: proposal.needId, leaderId, action: 'accept'})
      break
    }
  }
  const accepted = decisions.filter((decision) => decision.action === 'accept').length
  const rejected = decisions.length - accepted
  if (
    !(await confirm({
      message: `Propose ${accepted} deployment${accepted === 1 ? '' : 's'} and record ${rejected} rejection${rejected === 1 ? '' : 's'}?`,
      default: true,
    }))
  ) {
    return null
  }
  return decisions
}

function renderApplied(applied: ApplyResult): string {
  const lines = [
    `${paint.ok('✓')} Proposed ${applied.proposed.length} deployment${applied.proposed.length === 1 ? '' : 's'} from match run ${applied.runId}${applied.proposed.length > 0 ? `: ${applied.proposed.map((entry) => `${entry.deploymentId} (need ${entry.needId} → ${entry.leaderRef})`).join(', ')}` : ''}`,
  ]
  if (applied.rejected.length > 0)
    lines.push(
      `  recorded ${applied.rejected.length} rejection${applied.rejected.length === 1 ? '' : 's'}: ${applied.rejected.map((entry) => `need ${entry.needId} ✗ ${entry.leaderRef}`).join(', ')}`,
    )
  if (applied.replaced.length > 0) lines.push(`  replaced earlier proposals ${applied.replaced.join(', ')}`)
  if (applied.holdExpired.length > 0)
    lines.push(`  ended proposals whose hold had expired: ${applied.holdExpired.join(', ')}`)
  lines.push(
    paint.dim(
      'Agree them with `broker deployments agree ID`; proposals hold the days until agreed, rejected or expired.',
    ),
  )
  return lines.join('\n')
}

function readJson(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw invalidInput(`Cannot read the settings file ${path}: ${(error as Error).message}.`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw invalidInput(`The settings file ${path} is not valid JSON: ${(error as Error).message}.`, {
      suggestion: 'Write it like {"weights": {"distance": 0.3}, "maxRadiusKm": 40}.',
    })
  }
}

/** A pin naming a team need, told as the user wrote it: --pin NEED=LEADER. */
function pinInFlagTerms(error: unknown): never {
  if (error instanceof BrokerError && error.code === 'match.pin-names-team') {
    const {need, leader, places} = error.data as ErrorCodes['match.pin-names-team']
    throw usage(
      `--pin ${need}=${leader}: that need is a team of ${places.length} places (needs ${places.join(', ')}); pin a leader to one place.`,
      {code: error.code, data: {need, leader, places}},
    )
  }
  throw error
}

function parsePair(text: string, flag: string): {need: string | null; leader: string} {
  const match = /^\s*([^=\s][^=]*?)\s*=\s*(.+?)\s*$/.exec(text)
  if (match) return {need: match[1]!, leader: match[2]!}
  if (text.includes('=')) throw usage(`${flag} takes NEED=LEADER with a need id or reference, not "${text}".`)
  return {need: null, leader: text.trim()}
}

function renderExplanation(explanation: Explanation): string {
  const {need} = explanation
  const parts = [
    paint.heading(
      `Need ${need.id}${need.reference ? ` (${need.reference})` : ''}: ${need.school ? `${need.school.name} (${need.school.urn})` : 'trust'}`,
    ),
    paint.dim(
      `${need.areas.join(', ')}; ${need.days} days ${need.window}; ${need.deliveryMode}; ${need.priority} priority`,
    ),
    '',
    renderTable(explanation.candidates, [
      {header: 'Leader', value: (c) => leaderLabel(c.leader), shrinkTo: Number.POSITIVE_INFINITY},
      {header: 'Score', value: (c) => (c.vetoes.length > 0 ? 'vetoed' : c.score.toFixed(3)), align: 'right'},
      {header: 'Expert', value: (c) => c.components.expertise.toFixed(2), align: 'right'},
      {header: 'Context', value: (c) => c.components.context?.toFixed(2), align: 'right'},
      {header: 'Phase', value: (c) => c.context.phase?.toFixed(2), align: 'right'},
      {header: 'Disadv', value: (c) => c.context.disadvantage?.toFixed(2), align: 'right'},
      {header: 'Avail', value: (c) => c.components.availability?.toFixed(2), align: 'right'},
      {header: 'Dist', value: (c) => c.components.distance?.toFixed(2), align: 'right'},
      {header: 'Km', value: (c) => c.distanceKm?.toFixed(1), align: 'right'},
      {header: 'Cont', value: (c) => c.components.continuity, align: 'right'},
      {
        header: 'Why not / notes',
        value: (c) =>
          [...c.vetoes.map((v) => paint.error(v.reason)), ...c.notes].join('; ') +
          (c.proposedFor !== null ? ` [proposed for need ${c.proposedFor}]` : ''),
        // The reasons are what --explain is for: never shortened (the numbers go first).
        shrinkTo: Number.POSITIVE_INFINITY,
      },
    ]),
    paint.dim(
      `${explanation.leadersWithoutExpertise} other leaders in the run hold none of these areas nor a related one.`,
    ),
  ]
  return parts.join('\n')
}
