import {formatPounds, termLabels} from '../../deployments.js'
import type {DeploymentReport} from '../deployment.js'
import {
  coverLines,
  date,
  dateRange,
  days,
  fields,
  money,
  paragraph,
  type ReportDocument,
  table,
  text,
} from '../document.js'
import {leaderLabel} from './shared.js'

export function layoutDeployment(report: DeploymentReport): ReportDocument {
  const {deployment: d} = report
  const funding = [
    d.funding.source,
    d.funding.programme,
    d.funding.grantReference && `grant ${d.funding.grantReference}`,
    d.funding.payer && `paid by ${d.funding.payer}`,
  ]
    .filter(Boolean)
    .join(', ')
  const signoffs = [
    d.signoffs.supportedHead && `supported head: ${d.signoffs.supportedHead}`,
    d.signoffs.homeHead && `home-school head: ${d.signoffs.homeHead}`,
    d.signoffs.broker && `broker: ${d.signoffs.broker}`,
  ].filter(Boolean)
  const cost = report.cost
  return {
    title: report.cover.title,
    subject: report.cover.subject,
    cover: coverLines(report.cover),
    csvTable: 'visits',
    glossary: report.glossary,
    sections: [
      {
        heading: 'Agreement',
        blocks: [
          fields([
            ['Status', `${d.status}${d.statusReasonCode ? ` (${d.statusReasonCode})` : ''}`],
            ['Leader', leaderLabel(d.leader)],
            ['Supported', d.school.label],
            [
              'Need',
              d.need
                ? `${d.need.reference ?? `need ${d.need.id}`}: ${d.need.areas.join(', ')} (${d.need.supportType}), received ${d.need.receivedOn}`
                : null,
            ],
            ['Match run', d.matchRunId],
            ['Dates', d.startsOn && d.endsOn ? `${d.startsOn} to ${d.endsOn}` : null],
            ['Mid-point review', d.midReviewOn],
            ['Funding', funding || null],
            ['Day rate', d.dayRatePence === null ? null : formatPounds(d.dayRatePence)],
            ['Signed off', signoffs.join('; ') || null],
            ['Note', d.statusNote],
          ]),
        ],
      },
      {
        heading: 'Days and cost',
        blocks: [
          table(
            'days',
            null,
            [
              {header: 'Figure'},
              {header: 'Days', align: 'right', unit: 'days'},
              {header: 'Cost', align: 'right', unit: '£'},
            ],
            [
              [text('Agreed days'), days(report.days.agreedHalfDays), money(cost?.agreedPence)],
              [text('Delivered to date'), days(report.days.deliveredHalfDays), money(cost?.deliveredPence)],
              [text('Remaining'), days(report.days.remainingHalfDays), text(null)],
              [text('Planned visits not yet recorded'), days(report.days.plannedNotRecordedHalfDays), text(null)],
            ],
          ),
        ],
      },
      {
        heading: 'Objectives and outcomes',
        blocks: [
          table(
            'objectives',
            null,
            [
              {header: '#', align: 'right'},
              {header: 'Objective'},
              {header: 'Success criteria'},
              {header: 'Outcome'},
              {header: 'Evidence'},
            ],
            report.objectives.map((o) => [
              text(o.position),
              text(o.objective),
              text(o.successCriteria),
              text(o.outcomeLabel),
              text(o.evidence),
            ]),
            {empty: 'No objectives agreed yet.'},
          ),
          ...(report.outcomes.judged > 0
            ? [paragraph(`${report.outcomes.metOrExceeded} of ${report.outcomes.judged} objectives met or exceeded.`)]
            : []),
        ],
      },
      {
        heading: 'Visit log',
        blocks: [
          table(
            'visits',
            null,
            [
              {header: 'Date'},
              {header: 'Entry'},
              {header: 'Kind'},
              {header: 'Days', align: 'right', unit: 'days'},
              {header: 'Note'},
            ],
            report.visits.map((v) => [
              date(v.date),
              text(v.entry === 'planned' ? (v.recorded ? 'planned (recorded)' : 'planned') : 'delivered'),
              text(v.activity),
              days(v.halfDays),
              text(v.note),
            ]),
            {
              total: [text('Delivered'), text(null), text(null), days(report.days.deliveredHalfDays), text(null)],
              empty: 'No visits planned or logged yet.',
            },
          ),
        ],
      },
      {
        heading: 'Reviews',
        blocks: [
          table(
            'reviews',
            null,
            [{header: 'Kind'}, {header: 'Due'}, {header: 'Held'}, {header: 'Outcome'}, {header: 'Notes'}],
            report.reviews.map((r) => [text(r.kind), date(r.dueOn), date(r.heldOn), text(r.outcome), text(r.notes)]),
            {empty: 'No reviews scheduled.'},
          ),
        ],
      },
      {
        heading: 'Agreement and variations',
        blocks: [
          table(
            'variations',
            null,
            [
              {header: 'Recorded on'},
              {header: 'Kind'},
              {header: 'Days', align: 'right', unit: 'days'},
              {header: 'Dates'},
              {header: 'Day rate', align: 'right', unit: '£'},
              {header: 'Changed'},
              {header: 'Reason'},
            ],
            report.variations.map((v) => [
              date(v.date),
              text(v.kind),
              days(v.halfDays),
              dateRange(v.startsOn, v.endsOn),
              money(v.dayRatePence),
              text(termLabels(v.changed)),
              text(v.reason),
            ]),
            {empty: 'Not agreed yet.'},
          ),
        ],
      },
      {
        heading: 'Evaluation',
        blocks: report.evaluation
          ? [
              fields([
                ['Evaluated on', report.evaluation.evaluatedOn],
                ["Supported head's evaluation", report.evaluation.supportedHead],
                ["Leader's reflection", report.evaluation.leaderReflection],
              ]),
            ]
          : [paragraph('Not evaluated yet: the evaluation is recorded when the deployment completes.')],
      },
      {
        heading: 'Legacy',
        blocks: [
          table(
            'legacy',
            null,
            [
              {header: 'Link', align: 'right'},
              {header: 'Status'},
              {header: 'Dates'},
              {header: 'Days used', align: 'right', unit: 'days'},
              {header: 'Budget', align: 'right', unit: 'days'},
              {header: 'Next check-in'},
            ],
            report.legacy.map((l) => [
              text(l.id),
              text(l.status),
              dateRange(l.openedOn, l.endedOn ?? l.endsOn),
              days(l.usedHalfDays),
              days(l.budgetHalfDays),
              date(l.nextCheckinDue),
            ]),
            {empty: 'No legacy link.'},
          ),
          ...report.legacy
            .filter((l) => l.checkins.length > 0)
            .map((l) =>
              table(
                `checkins-${l.id}`,
                `Check-ins, legacy link ${l.id}`,
                [{header: 'Due'}, {header: 'Held'}, {header: 'Note'}],
                l.checkins.map((c) => [date(c.dueOn), date(c.heldOn), text(c.note)]),
              ),
            ),
        ],
      },
    ],
  }
}
