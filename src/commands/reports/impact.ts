import {Flags} from '@oclif/core'

import {directorFlag, isoDateFlag} from '../../cli/flags.js'
import {ReportCommand, reportFlags, type ReportResult} from '../../cli/report-command.js'
import type {ImpactReport} from '../../core/impact/build.js'
import {DEFAULT_IMPACT, IMPACT_GROUPINGS, type ImpactGrouping} from '../../core/impact/model.js'
import {defaultPeriod} from '../../core/reports/common.js'
import {layoutImpact} from '../../core/reports/layouts/impact.js'
import {impactReport} from '../../services/impact.js'

export default class ReportsImpact extends ReportCommand<typeof ReportsImpact> {
  static override summary = 'Report whether supported schools improved more than similar schools that had no support.'

  static override description = `Supported schools are those whose deployment was completed in the period (ended early: reported apart), measured from the latest published result before the agreed start to the first at least --after-months after completion; schools still awaiting that result are counted. Each is compared with up to 5 schools with no deployment in the period: same phase, region and baseline attainment quintile, nearest on FSM-ever and cohort size. The effect is the difference in differences, weighted by cohort, with a seeded 95% bootstrap interval, and a balance table. Governance and financial-health support is reported apart from the attainment headline. Groups of fewer than 5 supported schools are suppressed. Inspections are compared judgement by judgement within one framework only. Results come from \`broker results import\`. --by leader is for directors only: add --director to say you are one (broker has no user roles; the flag is your declaration).`

  static override examples = [
    '<%= config.bin %> reports impact --from 2024-09-01 --to 2027-08-31',
    '<%= config.bin %> reports impact --from 2024-09-01 --to 2027-08-31 --by support-type --out impact.pdf',
    '<%= config.bin %> reports impact --from 2024-09-01 --to 2027-08-31 --by leader --director',
    '<%= config.bin %> reports impact --format csv --table balance',
  ]

  static override flags = {
    ...reportFlags,
    from: isoDateFlag({
      description: 'First closing day of the period. Default: 1 September of the academic year of --to.',
    }),
    to: isoDateFlag({description: 'Last closing day of the period. Default: today.'}),
    by: Flags.string({
      description:
        'Group the effects by support-type, designation, area (region), programme, or leader (directors only).',
      options: [...IMPACT_GROUPINGS],
    }),
    'after-months': Flags.integer({
      description: `Months from completion to the first follow-up result. Default: ${DEFAULT_IMPACT.afterMonths}.`,
      min: 0,
    }),
    director: directorFlag('outcomes by leader (--by leader)'),
  }

  async run(): Promise<ReportResult<ImpactReport>> {
    return this.report((context) => {
      const period = defaultPeriod(context.today, this.flags.from, this.flags.to)
      return impactReport(context, {
        from: period.from,
        to: period.to,
        by: this.flags.by as ImpactGrouping | undefined,
        afterMonths: this.flags['after-months'],
        director: this.flags.director,
        redact: this.flags.redact,
      })
    }, layoutImpact)
  }
}
