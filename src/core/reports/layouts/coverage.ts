import {daysFromHalfDays, formatDays} from '../../days.js'
import type {BalanceRow, CoverageReport} from '../coverage.js'
import {
  type Cell,
  type Column,
  count,
  coverLines,
  days,
  decimal,
  fields,
  type ReportDocument,
  table,
  text,
} from '../document.js'
import {leaderLabel} from './shared.js'

/** The chart shows the specialisms furthest short of supply; the table lists them all. */
const CHART_SPECIALISMS = 12
/** A national list of cold spots prints its first rows; the CSV has them all. */
const PRINTED_ROWS = 150

export function layoutCoverage(report: CoverageReport): ReportDocument {
  const {totals} = report
  const charted = report.bySpecialism.filter((row) => row.demandHalfDays > 0).slice(0, CHART_SPECIALISMS)
  return {
    title: report.cover.title,
    subject: report.cover.subject,
    cover: coverLines(report.cover, [
      ['Academic year', report.academicYear.label],
      ['Radius', `${report.radiusKm} km in person, ${2 * report.radiusKm} km blended`],
    ]),
    csvTable: 'specialisms',
    glossary: report.glossary,
    sections: [
      {
        heading: 'Summary',
        blocks: [
          fields([
            ['Open needs', totals.openNeeds],
            ['Demand', `${formatDays(totals.demandHalfDays)} days`],
            ['Leaders with an active designation', totals.leaders],
            ['Supply', `${formatDays(totals.supplyHalfDays)} free days in ${report.academicYear.label}`],
            ['Balance', `${formatDays(totals.balanceHalfDays)} days`],
            ['Cold spots', totals.coldSpots],
          ]),
        ],
      },
      {
        heading: 'Supply and demand by specialism',
        blocks: [
          {
            kind: 'bars',
            title: `Demand and supply (days), the ${charted.length} specialisms with the least to spare`,
            orientation: 'horizontal',
            unit: 'days',
            categories: charted.map((row) => row.name),
            series: [
              {name: 'Demand', values: charted.map((row) => daysFromHalfDays(row.demandHalfDays))},
              {name: 'Supply', values: charted.map((row) => daysFromHalfDays(row.supplyHalfDays))},
            ],
            reference: null,
          },
          table(
            'specialisms',
            null,
            balanceColumns('Specialism'),
            report.bySpecialism.map((row) => [text(row.name), ...balanceCells(row)]),
            {
              total: [text('All (each need and leader once)'), ...balanceCells(totals)],
            },
          ),
        ],
      },
      {
        heading: 'Supply and demand by local authority',
        blocks: [
          table(
            'areas',
            null,
            [{header: 'Region'}, ...balanceColumns('Local authority')],
            report.byArea.map((row) => [
              text(row.region ?? 'not recorded'),
              text(row.laName ?? row.laCode ?? 'not recorded'),
              ...balanceCells(row),
            ]),
            {total: [text('Total'), text(null), ...balanceCells(totals)]},
          ),
        ],
      },
      {
        heading: 'Cold spots',
        blocks: [
          table(
            'cold-spots',
            null,
            [
              {header: 'Need'},
              {header: 'School'},
              {header: 'Local authority'},
              {header: 'Areas'},
              {header: 'Mode'},
              {header: 'Days', align: 'right', unit: 'days'},
              {header: 'Priority'},
              {header: 'Nearest candidate'},
              {header: 'Distance', align: 'right', unit: 'km'},
            ],
            report.coldSpots.map((spot) => [
              text(spot.reference ?? spot.needId),
              text(spot.school),
              text(spot.laName),
              text(spot.areas.join(', ')),
              text(spot.deliveryMode),
              days(spot.requestedHalfDays),
              text(spot.priority),
              text(spot.nearest ? leaderLabel(spot.nearest) : spot.reason),
              spot.nearest ? decimal(spot.nearest.distanceKm, `${spot.nearest.distanceKm} km`) : text(null),
            ]),
            {empty: `Every open in-person or blended need has a candidate within the radius.`, excerpt: PRINTED_ROWS},
          ),
        ],
      },
      {
        heading: 'Map',
        blocks: [
          {kind: 'map', title: 'Leaders with an active designation, open needs and cold spots', data: report.map},
        ],
      },
    ],
  }
}

function balanceColumns(group: string): Column[] {
  return [
    {header: group},
    {header: 'Open needs', align: 'right'},
    {header: 'Demand', align: 'right', unit: 'days'},
    {header: 'Leaders', align: 'right'},
    {header: 'Supply', align: 'right', unit: 'days'},
    {header: 'Balance', align: 'right', unit: 'days'},
    {header: 'Cold spots', align: 'right'},
  ]
}

const balanceCells = (row: BalanceRow): Cell[] => [
  count(row.openNeeds),
  days(row.demandHalfDays),
  count(row.leaders),
  days(row.supplyHalfDays),
  days(row.balanceHalfDays),
  count(row.coldSpots),
]
