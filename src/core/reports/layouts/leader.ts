import {type LeaderRecord, recordLines} from '../../impact/record.js'
import {
  coverLines,
  dateRange,
  days,
  fields,
  paragraph,
  percent,
  type ReportDocument,
  type Section,
  table,
  text,
} from '../document.js'
import type {LeaderReport} from '../leader.js'
import {legacyTable, outcomeBlocks} from './shared.js'

function recordSection(record: LeaderRecord): Section {
  return {
    heading: 'Own record (directors only)',
    blocks: [
      ...record.notes.map(paragraph),
      table(
        'record',
        null,
        [
          {header: 'Deployment', align: 'right'},
          {header: 'Supported'},
          {header: 'Status'},
          {header: 'Support'},
          {header: 'Measure'},
          {header: 'Before'},
          {header: `After (at least ${record.afterMonths} months)`},
          {header: 'Change', align: 'right'},
        ],
        recordLines(record).map((line) => [
          text(line.deploymentId),
          text(line.school),
          text(line.status),
          text(line.support),
          text(line.measure),
          text(line.before),
          text(line.after),
          text(line.change),
        ]),
        {empty: 'No completed deployments yet.'},
      ),
    ],
  }
}

export function layoutLeader(report: LeaderReport): ReportDocument {
  const {leader: l, totals} = report
  return {
    title: report.cover.title,
    subject: report.cover.subject,
    cover: coverLines(report.cover),
    csvTable: 'deployments',
    glossary: report.glossary,
    sections: [
      {
        heading: 'Leader',
        blocks: [
          fields([
            ['Reference', l.ref],
            ['Name', l.name],
            ['Email', l.email],
            ['Home school', l.home ? `${l.home.name ?? ''} (${l.home.urn})`.trim() : null],
            [
              'Designations',
              l.designations
                .map((d) => `${d.kind} (${d.status}${d.reviewOn ? `, review ${d.reviewOn}` : ''})`)
                .join(', '),
            ],
            ['Specialisms', l.specialisms.join(', ')],
            ['Phases', l.phases.join(', ')],
          ]),
        ],
      },
      {
        heading: 'Days by academic year',
        blocks: [
          table(
            'years',
            null,
            [
              {header: 'Year'},
              {header: 'Released', align: 'right', unit: 'days'},
              {header: 'Held', align: 'right', unit: 'days'},
              {header: 'Committed', align: 'right', unit: 'days'},
              {header: 'Delivered', align: 'right', unit: 'days'},
              {header: 'Legacy', align: 'right', unit: 'days'},
              {header: 'Free', align: 'right', unit: 'days'},
              {header: 'Utilisation', align: 'right', unit: '%'},
            ],
            report.years.map((y) => [
              text(y.label),
              days(y.releasedHalfDays),
              days(y.heldHalfDays),
              days(y.committedHalfDays),
              days(y.deliveredHalfDays),
              days(y.legacyHalfDays),
              days(y.freeHalfDays),
              percent(y.utilisation),
            ]),
            {empty: 'No days released or used yet.'},
          ),
        ],
      },
      {
        heading: 'Deployments',
        blocks: [
          table(
            'deployments',
            null,
            [
              {header: 'Deployment', align: 'right'},
              {header: 'Supported'},
              {header: 'Status'},
              {header: 'Dates'},
              {header: 'Funding'},
              {header: 'Days agreed', align: 'right', unit: 'days'},
              {header: 'Days delivered', align: 'right', unit: 'days'},
            ],
            report.deployments.map((d) => [
              text(d.id),
              text(d.school),
              text(d.status),
              dateRange(d.startsOn, d.endsOn),
              text(d.fundingSource),
              days(d.agreedHalfDays),
              days(d.deliveredHalfDays),
            ]),
            {
              total: [
                text('Total'),
                text(`${totals.deployments} agreed or later`),
                text(null),
                text(null),
                text(null),
                days(totals.agreedHalfDays),
                days(totals.deliveredHalfDays),
              ],
              empty: 'No deployments yet.',
            },
          ),
        ],
      },
      {heading: 'Outcomes', blocks: outcomeBlocks(report.outcomes)},
      ...(report.record ? [recordSection(report.record)] : []),
      {
        heading: 'Legacy support',
        blocks: [legacyTable(report.legacy, {header: 'Supported', of: (link) => link.school})],
      },
    ],
  }
}
