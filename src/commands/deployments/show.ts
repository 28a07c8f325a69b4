import {BaseCommand} from '../../cli/base-command.js'
import {deploymentIdArg} from '../../cli/deployments.js'
import {dueAction, type DueItemWithAction} from '../../cli/due-actions.js'
import {wideFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {renderFields, renderTable} from '../../cli/table.js'
import {formatDays} from '../../core/days.js'
import {changedTerms, formatPounds, subjectLabel, termLabels} from '../../core/deployments.js'
import {outcomeLabel} from '../../core/lifecycle.js'
import {type DeploymentDetail, showDeployment} from '../../services/deployment-views.js'

export default class DeploymentsShow extends BaseCommand<typeof DeploymentsShow> {
  static override summary =
    'Show one deployment: agreement, objectives, days delivered against agreed, cost, visits, reviews, variations and what is due.'

  static override examples = ['<%= config.bin %> deployments show 12', '<%= config.bin %> deployments show 12 --json']

  static override flags = {wide: wideFlag}

  static override args = {id: deploymentIdArg}

  async run(): Promise<DeploymentPage> {
    const detail = await this.withContext((context) => showDeployment(context, this.args.id))
    this.say(() => renderDeployment(detail))
    return {...detail, due: detail.due.map((item) => ({...item, action: dueAction(item)}))}
  }
}

const pounds = (pence: number | null) => (pence === null ? null : formatPounds(pence))

/** `broker deployments show`'s result: the deployment, its due work with the commands that clear it. */
export type DeploymentPage = Omit<DeploymentDetail, 'due'> & {due: DueItemWithAction[]}

function renderDeployment(detail: DeploymentDetail): string {
  const {deployment: d} = detail
  const parts = [
    paint.heading(`Deployment ${d.id} — ${d.status}${d.statusReasonCode ? ` (${d.statusReasonCode})` : ''}`),
    renderFields([
      ['leader', d.leaderName ? `${d.leaderRef} ${d.leaderName}` : d.leaderRef],
      ['school', subjectLabel(d)],
      ['need', d.needId],
      ['match run', d.matchRunId === null ? null : `${d.matchRunId} (score ${d.score ?? '–'})`],
      ['dates', d.startsOn && d.endsOn ? `${d.startsOn} → ${d.endsOn}` : null],
      ['hold until', d.status === 'proposed' ? d.holdExpiresOn : null],
      ['mid-point review', d.midReviewOn],
      [
        'days',
        `${formatDays(detail.deliveredHalfDays)} delivered of ${formatDays(detail.agreedHalfDays)} ${d.status === 'proposed' ? 'held' : 'agreed'} (${formatDays(detail.remainingHalfDays)} to go)`,
      ],
      ['day rate', pounds(d.dayRatePence)],
      [
        'cost',
        d.dayRatePence === null
          ? null
          : `${pounds(detail.deliveredCostPence)} delivered of ${pounds(detail.agreedCostPence)} agreed`,
      ],
      [
        'funding',
        [
          d.fundingSource,
          d.fundingProgramme,
          d.grantReference && `grant ${d.grantReference}`,
          d.payer && `paid by ${d.payer}`,
        ]
          .filter(Boolean)
          .join(', '),
      ],
      [
        'signed off',
        [
          d.signoffs.supportedHead && `supported head: ${d.signoffs.supportedHead}`,
          d.signoffs.homeHead && `home head: ${d.signoffs.homeHead}`,
          d.signoffs.broker && `broker: ${d.signoffs.broker}`,
        ]
          .filter(Boolean)
          .join('; '),
      ],
      ['note', d.statusReason],
    ]),
  ]
  if (detail.objectives.length > 0) {
    parts.push('', paint.heading('Objectives'))
    parts.push(
      renderTable(detail.objectives, [
        {header: '#', value: (o) => o.position, align: 'right'},
        {header: 'Objective', value: (o) => o.objective},
        {header: 'Success criteria', value: (o) => o.successCriteria},
        {header: 'Outcome', value: (o) => outcomeLabel(o.outcome)},
        {header: 'Evidence', value: (o) => o.evidence},
      ]),
    )
  }
  if (detail.ledger.length > 0) {
    const recorded = new Map(detail.plannedVisits.map((visit) => [visit.entry.id, visit.recordedBy]))
    parts.push('', paint.heading('Days ledger'))
    parts.push(
      renderTable(detail.ledger, [
        {header: 'Date', value: (e) => e.onDate},
        {
          header: 'Entry',
          value: (e) => (e.entry === 'planned' ? `planned${recorded.get(e.id) ? ' (recorded)' : ''}` : e.entry),
        },
        {header: 'Kind', value: (e) => e.activity},
        {header: 'Days', value: (e) => formatDays(e.halfDays), align: 'right'},
        {header: 'Note', value: (e) => e.note},
      ]),
    )
  }
  if (detail.reviews.length > 0) {
    parts.push('', paint.heading('Reviews'))
    parts.push(
      renderTable(detail.reviews, [
        {header: 'Kind', value: (r) => r.kind},
        {header: 'Due', value: (r) => r.dueOn},
        {header: 'Held', value: (r) => r.heldOn},
        {header: 'Outcome', value: (r) => r.outcome},
        {header: 'Notes', value: (r) => r.notes},
      ]),
    )
  }
  if (detail.variations.length > 0) {
    parts.push('', paint.heading('Agreement and variations'))
    parts.push(
      renderTable(detail.variations, [
        {header: 'Recorded on', value: (v) => v.variedOn},
        {header: 'Kind', value: (v) => v.kind},
        {header: 'Days', value: (v) => formatDays(v.after.halfDays), align: 'right'},
        {header: 'Dates', value: (v) => `${v.after.startsOn} → ${v.after.endsOn}`},
        {header: 'Rate', value: (v) => formatPounds(v.after.dayRatePence)},
        {header: 'Changed', value: (v) => (v.before ? termLabels(changedTerms(v.before, v.after)) : null)},
        {header: 'Reason', value: (v) => v.reason},
      ]),
    )
  }
  if (detail.evaluation) {
    parts.push('', paint.heading('Evaluation'))
    parts.push(
      renderFields([
        ['evaluated on', detail.evaluation.evaluatedOn],
        ['supported head', detail.evaluation.supportedHeadEvaluation],
        ["leader's reflection", detail.evaluation.leaderReflection],
      ]),
    )
  }
  if (detail.legacyLinks.length > 0) {
    parts.push('', paint.heading('Legacy'))
    parts.push(
      renderTable(detail.legacyLinks, [
        {header: 'Link', value: (l) => l.id, align: 'right'},
        {header: 'Status', value: (l) => l.status},
        {header: 'Dates', value: (l) => `${l.openedOn} → ${l.endedOn ?? l.endsOn ?? ''}`},
        {
          header: 'Days used',
          value: (l) => `${formatDays(l.usedHalfDays)}/${formatDays(l.budgetHalfDays)}`,
          align: 'right',
        },
        {header: 'Next check-in', value: (l) => l.nextCheckinDue},
      ]),
    )
  }
  if (detail.due.length > 0) {
    parts.push('', paint.heading('Due'))
    parts.push(
      renderTable(detail.due, [
        {header: 'Due', value: (i) => (i.state === 'overdue' ? paint.error(`${i.dueOn} overdue`) : i.dueOn)},
        {header: 'Owner', value: (i) => i.owner},
        {header: 'What', value: (i) => i.what},
      ]),
    )
  }
  return parts.join('\n')
}
