import {coverLines, date, dateRange, days, fields, money, type ReportDocument, table, text} from '../document.js'
import type {SchoolReport} from '../school.js'
import {leaderLabel, legacyTable, outcomeBlocks, outcomeShare} from './shared.js'

export function layoutSchool(report: SchoolReport): ReportDocument {
  const {school: s, totals} = report
  return {
    title: report.cover.title,
    subject: report.cover.subject,
    cover: coverLines(report.cover),
    csvTable: 'support',
    glossary: report.glossary,
    sections: [
      {
        heading: 'School',
        blocks: [
          fields([
            ['URN', s.urn],
            ['Phase', s.phase],
            ['Type', s.type],
            ['Trust', s.trust ? `${s.trust.name ?? ''} (${s.trust.code})`.trim() : null],
            ['Local authority', s.la ? `${s.la.name ?? s.la.code}` : null],
            ['Region', s.region],
            ['Address', s.address.join(', ') || null],
            ['Head', s.head],
            ['Pupils', s.pupils],
            ['FSM-ever %', s.fsmEverPct],
            ['IDACI %', s.idaciPct],
            [
              'Latest inspection',
              s.latestInspection
                ? `${s.latestInspection.inspectedOn}, ${s.latestInspection.framework}: ${s.latestInspection.summary}`
                : null,
            ],
          ]),
        ],
      },
      {
        heading: 'Support received',
        blocks: [
          table(
            'support',
            null,
            [
              {header: 'Deployment', align: 'right'},
              {header: 'Leader'},
              {header: 'Status'},
              {header: 'Dates'},
              {header: 'Funding'},
              {header: 'Days agreed', align: 'right', unit: 'days'},
              {header: 'Days delivered', align: 'right', unit: 'days'},
              {header: 'Cost delivered', align: 'right', unit: '£'},
              {header: 'Objectives met', align: 'right'},
            ],
            report.support.map((row) => [
              text(row.deploymentId),
              text(leaderLabel(row.leader)),
              text(row.status),
              dateRange(row.startsOn, row.endsOn),
              text(row.fundingSource),
              days(row.agreedHalfDays),
              days(row.deliveredHalfDays),
              money(row.deliveredCostPence),
              text(row.outcomes.judged > 0 ? `${row.outcomes.metOrExceeded} of ${row.outcomes.judged}` : null),
            ]),
            {
              total: [
                text('Total'),
                text(null),
                text(null),
                text(null),
                text(null),
                days(totals.agreedHalfDays),
                days(totals.deliveredHalfDays),
                money(totals.deliveredCostPence),
                text(outcomeShare(report.outcomes)),
              ],
              empty: 'No deployment for this school has reached agreement.',
            },
          ),
        ],
      },
      {
        heading: 'Outcomes',
        blocks: [
          ...outcomeBlocks(report.outcomes),
          table(
            'objectives',
            'Objectives',
            [
              {header: 'Deployment', align: 'right'},
              {header: '#', align: 'right'},
              {header: 'Objective'},
              {header: 'Outcome'},
              {header: 'Evidence'},
            ],
            report.objectives.map((o) => [
              text(o.deploymentId),
              text(o.position),
              text(o.objective),
              text(o.outcomeLabel),
              text(o.evidence),
            ]),
            {empty: 'No objectives agreed yet.'},
          ),
        ],
      },
      {
        heading: 'Requests for support',
        blocks: [
          table(
            'needs',
            null,
            [
              {header: 'Need', align: 'right'},
              {header: 'Reference'},
              {header: 'Received'},
              {header: 'Areas'},
              {header: 'Type'},
              {header: 'Days', align: 'right', unit: 'days'},
              {header: 'Priority'},
              {header: 'Status'},
            ],
            report.needs.map((n) => [
              text(n.id),
              text(n.reference),
              date(n.receivedOn),
              text(n.areas.join(', ')),
              text(n.supportType),
              days(n.requestedHalfDays),
              text(n.priority),
              text(n.status),
            ]),
            {empty: 'No requests recorded.'},
          ),
        ],
      },
      {
        heading: 'Legacy support',
        blocks: [legacyTable(report.legacy, {header: 'Leader', of: (link) => leaderLabel(link.leader)})],
      },
    ],
  }
}
