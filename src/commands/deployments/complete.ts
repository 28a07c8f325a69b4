import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {deploymentIdArg, deploymentLine, doneLine, numberedValues} from '../../cli/deployments.js'
import {daysFlag, isoDateFlag} from '../../cli/flags.js'
import {usage} from '../../core/errors.js'
import {OUTCOME_SCALE, parseOutcome} from '../../core/lifecycle.js'
import {type CompleteResult, completeDeployment} from '../../services/deployment-work.js'

export default class DeploymentsComplete extends BaseCommand<typeof DeploymentsComplete> {
  static override summary =
    "Complete an active deployment: each objective's outcome and evidence, the head's evaluation and the leader's reflection."

  static override description = `Outcomes are on a fixed four-point scale: ${OUTCOME_SCALE.map((step) => `${step.value} ${step.code}`).join(', ')}.
Give --outcome and --evidence as OBJECTIVE=VALUE for every objective (positions as in
\`broker deployments show\`). The need is closed. --legacy-months opens a legacy link between
the leader and the school, with check-ins every --checkin-every months (4 is termly) and a
--legacy-days budget that stays held in the leader's capacity while the link is open.`

  static override examples = [
    '<%= config.bin %> deployments complete 12 --outcome 1=met --evidence "1=Phonics check 82% (from 64%)" --evaluation "Transformational for KS1" --reflection "Start the coaching earlier"',
    '<%= config.bin %> deployments complete 12 --outcome 1=exceeded --evidence "1=..." --evaluation "..." --reflection "..." --legacy-months 12 --checkin-every 4 --legacy-days 1',
  ]

  static override args = {id: deploymentIdArg}

  static override flags = {
    outcome: Flags.string({
      description: 'OBJECTIVE=OUTCOME (1-4 or not-met, partly-met, met, exceeded); one per objective.',
      multiple: true,
      required: true,
    }),
    evidence: Flags.string({description: 'OBJECTIVE=EVIDENCE; one per objective.', multiple: true, required: true}),
    evaluation: Flags.string({description: "The supported head's evaluation of impact.", required: true}),
    reflection: Flags.string({description: "The leader's reflection.", required: true}),
    on: isoDateFlag({description: 'Date of the evaluation (and of the legacy link opening). Default: today.'}),
    'legacy-months': Flags.integer({description: 'Open a legacy link lasting this many months.', min: 1}),
    'checkin-every': Flags.integer({
      description: 'Legacy check-ins every N months (4 is termly).',
      min: 1,
      dependsOn: ['legacy-months'],
    }),
    'legacy-days': daysFlag({
      description: 'Legacy day budget (halves allowed). Default: 0.',
      dependsOn: ['legacy-months'],
    }),
  }

  async run(): Promise<CompleteResult> {
    const flags = this.flags
    const outcomes = numberedValues('outcome', flags.outcome)
    const evidence = numberedValues('evidence', flags.evidence)
    const orphans = [...evidence.keys()].filter((position) => !outcomes.has(position))
    if (orphans.length > 0) throw usage(`--evidence for objective ${orphans.join(', ')} has no --outcome.`)
    const result = await this.withContext((context) =>
      completeDeployment(context, {
        id: this.args.id,
        outcomes: [...outcomes].map(([position, text]) => {
          const outcome = parseOutcome(text)
          if (outcome === null)
            throw usage(
              `--outcome ${position}=${text}: use 1-4 or ${OUTCOME_SCALE.map((step) => step.code).join(', ')}.`,
            )
          return {position, outcome, evidence: evidence.get(position) ?? ''}
        }),
        supportedHeadEvaluation: flags.evaluation,
        leaderReflection: flags.reflection,
        evaluatedOn: flags.on,
        legacy:
          flags['legacy-months'] === undefined
            ? undefined
            : {
                months: flags['legacy-months'],
                checkinEveryMonths: flags['checkin-every'] ?? null,
                budgetHalfDays: flags['legacy-days'] ?? 0,
              },
      }),
    )
    for (const warning of result.warnings) this.warn(warning)
    this.say(() =>
      [
        doneLine(deploymentLine(result.deployment)),
        ...(result.legacyLinkId === null ? [] : [`  Opened legacy link ${result.legacyLinkId}.`]),
      ].join('\n'),
    )
    return result
  }
}
