import {Flags} from '@oclif/core'

import {missingDataText} from '../cli/advice.js'
import {BaseCommand} from '../cli/base-command.js'
import {wideFlag} from '../cli/flags.js'
import {paint} from '../cli/style.js'
import {plural, renderTable} from '../cli/table.js'
import {formatDays} from '../core/days.js'
import {PROGRAMME_NAMES, PROGRAMMES, type Programme, type RuleOutcome, type Verdict} from '../core/eligibility.js'
import {checkEligibility, type EligibilityReport, type SubjectEligibility} from '../services/eligibility.js'

export default class Eligibility extends BaseCommand<typeof Eligibility> {
  static override summary = 'Check Leading Together, funded NLG, priority-school and priority-area eligibility.'

  static override description = `With --urn (a URN or a school name) or --trust, explains every rule for that school or trust; with neither, checks every school and trust with an open need. Each outcome names the rule that decided it and the data that was missing. IDACI bands are lower-inclusive ([25,30), [30,35), [35,40), 40 and over); a rule needing a 1–4 grade is undetermined when the latest outcome is a 2025 report card (the scales are never mapped onto each other).`

  static override examples = [
    '<%= config.bin %> eligibility',
    '<%= config.bin %> eligibility --urn 910083',
    '<%= config.bin %> eligibility --urn "southlands primary newcastle"',
    '<%= config.bin %> eligibility --trust T002 --json',
  ]

  static override flags = {
    wide: wideFlag,
    urn: Flags.string({description: 'One school: URN or (part of) its name.', exclusive: ['trust']}),
    trust: Flags.string({description: 'One trust, by code (governance support to a trust board).', exclusive: ['urn']}),
  }

  async run(): Promise<EligibilityReport> {
    const report = await this.withContext((context) =>
      checkEligibility(context, {school: this.flags.urn, trust: this.flags.trust}),
    )
    const single = this.flags.urn !== undefined || this.flags.trust !== undefined
    this.say(() => (single ? renderSubject(report.subjects[0]!) : renderAll(report)))
    return report
  }
}

function subjectName(entry: SubjectEligibility): string {
  const {subject} = entry
  return subject.kind === 'school'
    ? `${subject.name} (${subject.urn})`
    : `trust ${subject.name ?? subject.code} (${subject.code})`
}

function verdictText(verdict: Verdict): string {
  if (verdict === 'eligible') return paint.ok('eligible')
  if (verdict === 'undetermined') return paint.warning('undetermined')
  return 'not eligible'
}

function outcomeCell(outcome: RuleOutcome | undefined): string {
  if (!outcome) return ''
  const offer = outcome.offerHalfDays ? ` (${formatDays(outcome.offerHalfDays.base)}d)` : ''
  return `${verdictText(outcome.verdict)}${offer}`
}

function renderSubject(entry: SubjectEligibility): string {
  const lines = [paint.heading(subjectName(entry))]
  if (entry.openNeeds.length > 0) lines.push(paint.dim(`Open needs: ${entry.openNeeds.join(', ')}`))
  lines.push(
    renderTable(entry.outcomes, [
      {header: 'Programme', value: (outcome) => PROGRAMME_NAMES[outcome.programme]},
      {header: 'Verdict', value: (outcome) => outcomeCell(outcome)},
      {header: 'Rule', value: (outcome) => outcome.rule},
      {header: 'Why', value: (outcome) => outcome.reason},
    ]),
  )
  const leadingTogether = entry.outcomes.find((outcome) => outcome.programme === 'leading-together')
  if (leadingTogether?.verdict === 'eligible' && leadingTogether.prioritised)
    lines.push('Leading Together prioritises this school (Ofsted 3 or 4).')
  const missing = [...new Set(entry.outcomes.flatMap((outcome) => outcome.missing.map(missingDataText)))]
  if (missing.length > 0) lines.push('', paint.heading('Missing data'), ...missing.map((what) => `  - ${what}`))
  return lines.join('\n')
}

function renderAll(report: EligibilityReport): string {
  if (report.subjects.length === 0)
    return paint.dim('No school or trust has an open need. Check one with --urn or --trust.')
  const outcomeOf = (entry: SubjectEligibility, programme: Programme) =>
    entry.outcomes.find((outcome) => outcome.programme === programme)
  const lines = [
    renderTable(report.subjects, [
      {header: 'School or trust', value: (entry) => subjectName(entry)},
      {header: 'Needs', value: (entry) => entry.openNeeds.join(', ')},
      ...PROGRAMMES.map((programme) => ({
        header: PROGRAMME_NAMES[programme],
        value: (entry: SubjectEligibility) => outcomeCell(outcomeOf(entry, programme)),
      })),
    ]),
    paint.dim(
      `${plural(report.subjects.length, 'subject')} with open needs. \`broker eligibility --urn URN\` explains one.`,
    ),
  ]
  if (report.missing.length > 0) {
    lines.push('', paint.heading('Missing data'))
    for (const missing of report.missing.slice(0, 10))
      lines.push(`  - ${missingDataText(missing)}: ${plural(missing.outcomes, 'outcome')} undetermined`)
    if (report.missing.length > 10) lines.push(paint.dim(`  ... and ${report.missing.length - 10} more (see --json).`))
  }
  return lines.join('\n')
}
