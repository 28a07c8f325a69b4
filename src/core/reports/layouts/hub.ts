import {daysFromHalfDays, formatDays} from '../../days.js'
import {formatPounds} from '../../deployments.js'
import {
  type Cell,
  type Column,
  count,
  coverLines,
  days,
  decimalDays,
  fields,
  money,
  paragraph,
  percent,
  type ReportDocument,
  table,
  text,
} from '../document.js'
import type {FundingRow, HubReport, UtilisationRow} from '../hub.js'
import {leaderLabel, outcomeBlocks, outcomeShare} from './shared.js'

/** Long lists (a national hub's deployments) print their first rows; the CSV has them all. */
const PRINTED_ROWS = 100

export function layoutHub(report: HubReport): ReportDocument {
  const run = report.matchRun
  const {needs, days: d} = report
  return {
    title: report.cover.title,
    subject: report.cover.subject,
    cover: coverLines(report.cover, [['Match run', run ? `${run.id} (as of ${run.asOf})` : 'none in the period']]),
    csvTable: 'finance',
    glossary: report.glossary,
    sections: [
      {
        heading: 'Summary',
        blocks: [
          fields([
            ['Needs received', needs.received],
            ['Supported', needs.supported],
            ['Proposed, awaiting agreement', needs.proposed],
            ['Unmatched', needs.unmatched],
            ['Closed without support', needs.closedWithoutSupport],
            ['Deployments under agreement', d.deployments],
            ['Days agreed', formatDays(d.agreedHalfDays)],
            [
              'Days delivered',
              `${formatDays(d.deliveredHalfDays)} (${formatDays(d.deliveredToDeploymentsHalfDays)} in deployments, ${formatDays(d.deliveredToLegacyHalfDays)} in legacy support)`,
            ],
            ['Cost delivered', formatPounds(report.fundingTotal.deliveredCostPence)],
            [
              'Cost per delivered day',
              report.fundingTotal.costPerDeliveredDayPence === null
                ? null
                : formatPounds(report.fundingTotal.costPerDeliveredDayPence),
            ],
            ['Utilisation, all leaders', percent(report.utilisation.all.utilisation).text],
            ['Objectives met or exceeded', outcomeShare(report.outcomes)],
          ]),
        ],
      },
      {
        heading: 'Needs: matched and unmatched',
        blocks: [
          table(
            'needs',
            null,
            [{header: 'Needs'}, {header: 'Count', align: 'right'}],
            [
              [text('Supported'), count(needs.supported)],
              [text('Proposed, awaiting agreement'), count(needs.proposed)],
              [text('Unmatched'), count(needs.unmatched)],
              [text('Closed without support'), count(needs.closedWithoutSupport)],
            ],
            {total: [text('Received'), count(needs.received)]},
          ),
          paragraph(
            run
              ? `Why needs are unmatched, as match run ${run.id} (as of ${run.asOf}) explained them:`
              : 'No match run was made in the period, so there are no reasons to give.',
          ),
          table(
            'unmatched-reasons',
            null,
            [{header: 'Reason'}, {header: 'Needs', align: 'right'}],
            report.unmatchedByReason.map((row) => [text(row.label), count(row.needs)]),
            {
              empty: 'No need received in the period is unmatched.',
            },
          ),
          table(
            'unmatched',
            'Unmatched needs',
            [
              {header: 'Need'},
              {header: 'School'},
              {header: 'Local authority'},
              {header: 'Areas'},
              {header: 'Days', align: 'right', unit: 'days'},
              {header: 'Priority'},
              {header: 'Why'},
            ],
            report.unmatched.map((u) => [
              text(u.reference ?? u.needId),
              text(u.school),
              text(u.laName),
              text(u.areas.join(', ')),
              days(u.requestedHalfDays),
              text(u.priority),
              text(u.reason),
            ]),
            {empty: 'None.', excerpt: PRINTED_ROWS},
          ),
        ],
      },
      {
        heading: 'Days delivered by month',
        blocks: [
          {
            kind: 'bars',
            title: 'Days delivered by month (by ledger date)',
            orientation: 'vertical',
            unit: 'days',
            categories: report.daysByMonth.map((m) => m.month),
            series: [
              {name: 'Days delivered', values: report.daysByMonth.map((m) => daysFromHalfDays(m.deliveredHalfDays))},
            ],
            reference: null,
          },
          table(
            'months',
            null,
            [{header: 'Month'}, {header: 'Days delivered', align: 'right', unit: 'days'}],
            report.daysByMonth.map((m) => [text(m.month), days(m.deliveredHalfDays)]),
            {
              total: [text('Total'), days(d.deliveredHalfDays)],
            },
          ),
        ],
      },
      {
        heading: 'Capacity utilisation',
        blocks: [
          {
            kind: 'bars',
            title: 'Utilisation by designation',
            orientation: 'horizontal',
            unit: 'percent',
            categories: [...report.utilisation.byDesignation, report.utilisation.all].map((row) => row.group),
            series: [
              {
                name: 'Utilisation',
                values: [...report.utilisation.byDesignation, report.utilisation.all].map(
                  (row) => row.utilisation ?? 0,
                ),
              },
            ],
            reference: 1,
          },
          table(
            'utilisation-designation',
            'By designation',
            utilisationColumns('Designation'),
            report.utilisation.byDesignation.map(utilisationCells),
            {
              total: utilisationCells(report.utilisation.all),
            },
          ),
          table(
            'utilisation-specialism',
            'By specialism',
            utilisationColumns('Specialism'),
            report.utilisation.bySpecialism.map(utilisationCells),
            {
              total: utilisationCells(report.utilisation.all),
            },
          ),
        ],
      },
      {
        heading: 'Money by funding source',
        blocks: [
          table('funding', null, fundingColumns, report.funding.map(fundingCells), {
            total: fundingCells(report.fundingTotal),
            empty: 'No deployment was under agreement in the period.',
          }),
          table(
            'finance',
            'Deployments for finance',
            [
              {header: 'Deployment', align: 'right'},
              {header: 'URN'},
              {header: 'School'},
              {header: 'Leader'},
              {header: 'Status'},
              {header: 'Funding source'},
              {header: 'Programme'},
              {header: 'Grant reference'},
              {header: 'Payer'},
              {header: 'Day rate', align: 'right', unit: '£'},
              {header: 'Days agreed', align: 'right', unit: 'days'},
              {header: 'Days delivered', align: 'right', unit: 'days'},
              {header: 'Cost delivered', align: 'right', unit: '£'},
            ],
            report.finance.map((row) => [
              text(row.deploymentId),
              text(row.urn),
              text(row.school),
              text(leaderLabel({ref: row.leaderRef, name: row.leaderName})),
              text(row.status),
              text(row.fundingSource),
              text(row.fundingProgramme),
              text(row.grantReference),
              text(row.payer),
              money(row.dayRatePence),
              days(row.agreedHalfDays),
              days(row.deliveredHalfDays),
              money(row.deliveredCostPence),
            ]),
            {
              total: [
                text('Total'),
                ...Array.from({length: 9}, () => text(null)),
                days(report.fundingTotal.agreedHalfDays),
                days(report.fundingTotal.deliveredHalfDays),
                money(report.fundingTotal.deliveredCostPence),
              ],
              empty: 'No deployment was under agreement in the period.',
              excerpt: PRINTED_ROWS,
            },
          ),
        ],
      },
      {
        heading: 'Outcomes',
        blocks: [
          paragraph(`${report.outcomes.deploymentsCompleted} deployments completed in the period.`),
          ...outcomeBlocks(report.outcomes),
        ],
      },
      {
        heading: 'By region and local authority',
        blocks: [
          table(
            'areas',
            null,
            [
              {header: 'Region'},
              {header: 'Local authority'},
              {header: 'Needs received', align: 'right'},
              {header: 'Supported', align: 'right'},
              {header: 'Unmatched', align: 'right'},
              {header: 'Deployments', align: 'right'},
              {header: 'Days agreed', align: 'right', unit: 'days'},
              {header: 'Days delivered', align: 'right', unit: 'days'},
            ],
            report.byArea.map((a) => [
              text(a.region ?? 'not recorded'),
              text(a.laName ?? a.laCode ?? 'trust support (no school)'),
              count(a.needsReceived),
              count(a.supported),
              count(a.unmatched),
              count(a.deployments),
              days(a.agreedHalfDays),
              days(a.deliveredHalfDays),
            ]),
            {
              total: [
                text('Total'),
                text(null),
                count(needs.received),
                count(needs.supported),
                count(needs.unmatched),
                count(d.deployments),
                days(d.agreedHalfDays),
                days(d.deliveredHalfDays),
              ],
            },
          ),
        ],
      },
      {
        heading: 'Map',
        blocks: [{kind: 'map', title: 'Leaders, supported schools and deployments in the period', data: report.map}],
      },
    ],
  }
}

function utilisationColumns(group: string): Column[] {
  return [
    {header: group},
    {header: 'Leaders', align: 'right'},
    {header: 'Released', align: 'right', unit: 'days'},
    {header: 'Delivered', align: 'right', unit: 'days'},
    {header: 'Committed', align: 'right', unit: 'days'},
    {header: 'Utilisation', align: 'right', unit: '%'},
  ]
}

const utilisationCells = (row: UtilisationRow): Cell[] => [
  text(row.group),
  count(row.leaders),
  decimalDays(row.releasedDays),
  decimalDays(row.deliveredDays),
  decimalDays(row.committedDays),
  percent(row.utilisation),
]

const fundingColumns: Column[] = [
  {header: 'Funding source'},
  {header: 'Deployments', align: 'right'},
  {header: 'Days agreed', align: 'right', unit: 'days'},
  {header: 'Days delivered', align: 'right', unit: 'days'},
  {header: 'Cost delivered', align: 'right', unit: '£'},
  {header: 'Cost per day', align: 'right', unit: '£'},
  {header: 'Objectives met', align: 'right'},
]

const fundingCells = (row: FundingRow): Cell[] => [
  text(row.source === 'all' ? 'Total' : row.source),
  count(row.deployments),
  days(row.agreedHalfDays),
  days(row.deliveredHalfDays),
  money(row.deliveredCostPence),
  money(row.costPerDeliveredDayPence),
  text(outcomeShare(row.outcomes)),
]
