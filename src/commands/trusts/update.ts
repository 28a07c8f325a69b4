import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {isoDateFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {usage} from '../../core/errors.js'
import {setTrustTsi, type TrustChange} from '../../services/eligibility-data.js'

export default class TrustsUpdate extends BaseCommand<typeof TrustsUpdate> {
  static override summary = 'Record whether a trust is eligible for the Trust and School Improvement offer.'

  static override description = `Funded NLG support goes to trusts eligible for the TSI offer (5 days, plus up to 5 more) and to their academies; \`broker eligibility\` reads what is recorded here. A trust not yet in the
registry needs --name.`

  static override examples = [
    '<%= config.bin %> trusts update T002 --tsi-eligible',
    '<%= config.bin %> trusts update T002 --no-tsi-eligible --as-of 2026-09-01',
    '<%= config.bin %> trusts update 4000 --name "Northern Lights Learning Trust" --tsi-eligible --json',
  ]

  static override args = {
    trust: Args.string({description: 'Trust code (GIAS "Trusts (code)").', required: true}),
  }

  static override flags = {
    'tsi-eligible': Flags.boolean({
      description: 'Eligible (or, with --no-tsi-eligible, not eligible) for the TSI offer.',
      allowNo: true,
    }),
    'as-of': isoDateFlag({description: 'When that was stated. Default: today.'}),
    name: Flags.string({description: 'Trust name, for a trust the registry does not hold yet.'}),
  }

  async run(): Promise<TrustChange> {
    const eligible = this.flags['tsi-eligible']
    if (eligible === undefined) {
      throw usage('Missing --tsi-eligible or --no-tsi-eligible.', {
        suggestion: 'Say whether the trust is eligible: --tsi-eligible or --no-tsi-eligible.',
      })
    }
    const change = await this.withContext((context) =>
      setTrustTsi(context, {
        code: this.args.trust,
        tsiEligible: eligible,
        asOf: this.flags['as-of'],
        name: this.flags.name,
      }),
    )
    this.say(
      `${paint.ok('✓')} ${change.trust.name} (${change.trust.code}) is ${eligible ? '' : 'not '}eligible for the TSI offer as of ${change.trust.tsiAsOf}.`,
    )
    return change
  }
}
