import type {ImpactReport} from '../../impact/build.js'
import type {GroupEstimate} from '../../impact/model.js'
import {MEASURE_INFO} from '../../results.js'
import {
  type Cell,
  type Column,
  count,
  coverLines,
  fields,
  formatInterval,
  type IntervalChartBlock,
  paragraph,
  percent,
  type ReportDocument,
  signed,
  table,
  text,
} from '../document.js'

const number2 = (value: number | null): Cell =>
  value === null ? text(null) : {text: signed(value), raw: Math.round(value * 1000) / 1000}

const ESTIMATE_COLUMNS: Column[] = [
  {header: 'Group'},
  {header: 'Measure'},
  {header: 'Supported', align: 'right'},
  {header: 'Comparison', align: 'right'},
  {header: 'Change, supported', align: 'right', unit: 'points'},
  {header: 'Change, comparison', align: 'right', unit: 'points'},
  {header: 'Effect', align: 'right', unit: 'points'},
  {header: '95% interval', align: 'right'},
]

function estimateRow(row: GroupEstimate): Cell[] {
  const measure = text(MEASURE_INFO[row.measure].label)
  if (row.suppressed)
    return [
      text(row.group),
      measure,
      text('fewer than 5'),
      text(null),
      text(null),
      text(null),
      text(null),
      text('suppressed'),
    ]
  return [
    text(row.group),
    measure,
    count(row.supported),
    count(row.comparison),
    number2(row.supportedChange),
    number2(row.comparisonChange),
    number2(row.effect),
    {text: `${row.low.toFixed(2)} to ${row.high.toFixed(2)}`, raw: `${row.low.toFixed(3)}/${row.high.toFixed(3)}`},
  ]
}

function chart(title: string, rows: readonly GroupEstimate[]): IntervalChartBlock[] {
  const shown = rows.filter((row): row is Extract<GroupEstimate, {suppressed: false}> => !row.suppressed)
  if (shown.length === 0) return []
  return [
    {
      kind: 'intervals',
      title,
      rows: shown.map((row) => ({
        label: `${row.group}: ${MEASURE_INFO[row.measure].label}`,
        estimate: row.effect,
        low: row.low,
        high: row.high,
      })),
    },
  ]
}

const STATUS_WORDS = {
  measured: 'Measured against comparison schools',
  'awaiting-follow-up': 'Awaiting the follow-up result (not yet published or imported)',
  'no-follow-up-result': 'No follow-up result (suppressed or not published for the school)',
  'no-baseline': 'No result before support',
  'missing-context': 'Missing FSM-ever, cohort, phase or region: cannot be matched',
  'no-comparison': 'No comparison school within the caliper',
} as const

export function layoutImpact(report: ImpactReport): ReportDocument {
  const {settings, counts} = report
  const headlineShown = report.headline.filter((row) => !row.suppressed)
  return {
    title: report.cover.title,
    subject: report.cover.subject,
    cover: coverLines(report.cover, [
      ['Follow-up', `the first published result at least ${settings.afterMonths} months after completion`],
      ['Comparison', `up to ${settings.k} schools per supported school, caliper ${settings.caliper} (percentile)`],
      ['Grouped by', settings.by],
    ]),
    csvTable: 'effects',
    glossary: report.glossary,
    sections: [
      {
        heading: 'Summary',
        blocks: [
          fields([
            ['Schools whose support was completed', counts.completedSchools],
            ['  of which support not aimed at attainment (reported apart)', counts.notAimedAtAttainment],
            ['Schools whose support ended early (reported apart)', counts.endedEarlySchools],
            ['Schools with more than one deployment (counted once)', counts.repeatSupport],
            ['Groups suppressed (fewer than 5 schools)', report.suppressedGroups],
          ]),
          ...headlineShown.map((row) =>
            paragraph(
              `${MEASURE_INFO[row.measure].label}: supported schools changed by ${number2(row.supportedChange).text}, comparison schools by ${number2(row.comparisonChange).text}; effect ${formatInterval({estimate: row.effect, low: row.low, high: row.high})} (${row.supported} supported, ${row.comparison} comparison schools).`,
            ),
          ),
          ...(headlineShown.length === 0
            ? [
                paragraph(
                  'No attainment measure has 5 or more supported schools with results before and after support yet.',
                ),
              ]
            : []),
        ],
      },
      {
        heading: 'Effects on attainment',
        blocks: [
          ...chart('Effect and 95% interval (points; right of the dashed line: supported schools improved more)', [
            ...report.headline,
            ...(report.groups?.rows ?? []),
          ]),
          table(
            'effects',
            null,
            ESTIMATE_COLUMNS,
            [...report.headline, ...(report.groups?.rows ?? [])].map(estimateRow),
            {
              empty: 'No supported school has results before and after support yet.',
            },
          ),
        ],
      },
      {
        heading: 'What is still awaited, and what could not be measured',
        blocks: [
          table(
            'awaiting',
            null,
            [{header: 'Measure'}, {header: 'What became of supported schools'}, {header: 'Schools', align: 'right'}],
            report.byMeasure.flatMap((row) =>
              (Object.entries(row.byStatus) as [keyof typeof STATUS_WORDS, number][])
                .filter(([, value]) => value > 0)
                .map(([status, value]) => [
                  text(MEASURE_INFO[row.measure].label),
                  text(STATUS_WORDS[status]),
                  count(value),
                ]),
            ),
            {empty: 'No supported schools in the period.'},
          ),
        ],
      },
      {
        heading: 'How comparison schools were chosen, and how alike they are',
        blocks: [
          paragraph(
            `For each supported school, up to ${settings.k} schools with no deployment in the period: the same phase and region, the same baseline attainment quintile (the mean of the two results before support), and the nearest on FSM-ever and cohort-size percentiles, each within ${settings.caliper} of the supported school. Each comparison school is measured over its supported school's own baseline and follow-up years; schools that converted are followed through their GIAS predecessor and successor links.`,
          ),
          table(
            'balance',
            null,
            [
              {header: 'Measure'},
              {header: 'Characteristic'},
              {header: 'Supported mean', align: 'right'},
              {header: 'SMD before matching', align: 'right'},
              {header: 'SMD after matching', align: 'right'},
            ],
            report.balance.map((row) => [
              text(MEASURE_INFO[row.measure].label),
              text(row.characteristic),
              row.supportedMean === null ? text(null) : {text: row.supportedMean.toFixed(1), raw: row.supportedMean},
              number2(row.before),
              number2(row.after),
            ]),
            {empty: 'No supported school was matched yet.'},
          ),
        ],
      },
      {
        heading: 'Inspections',
        blocks: [
          fields([
            ['Supported schools compared on at least one judgement', report.inspections.comparedSchools],
            ['Excluded: no inspection before support', report.inspections.excluded.noInspectionBefore],
            ['Excluded: no inspection since support ended', report.inspections.excluded.noInspectionSince],
            [
              'Excluded: frameworks differ (a 1-4 grade is never compared with a report card)',
              report.inspections.excluded.frameworksDiffer,
            ],
          ]),
          table(
            'inspections',
            null,
            [
              {header: 'Framework'},
              {header: 'Judgement'},
              {header: 'Supported compared', align: 'right'},
              {header: 'Supported improved', align: 'right', unit: '%'},
              {header: 'Comparison compared', align: 'right'},
              {header: 'Comparison improved', align: 'right', unit: '%'},
            ],
            report.inspections.tallies.map((row) => [
              text(row.framework === 'legacy-1-4' ? '1-4 grades' : 'report cards (2025)'),
              text(row.area),
              count(row.supported.compared),
              share(row.supported.improved, row.supported.compared),
              count(row.comparison.compared),
              share(row.comparison.improved, row.comparison.compared),
            ]),
            {empty: 'No supported school has an inspection before and after support on the same framework.'},
          ),
        ],
      },
      {
        heading: 'Reported apart',
        blocks: [
          paragraph('Support not aimed at attainment (governance, financial health), and support that ended early:'),
          table('apart', null, ESTIMATE_COLUMNS, [...report.apart, ...report.endedEarly].map(estimateRow), {
            empty: 'None with results before and after support.',
          }),
        ],
      },
      {
        heading: 'What this comparison can and cannot show',
        blocks: [
          ...report.caveats.map(paragraph),
          paragraph(`Years with no published results: ${report.unpublished.join('; ')}.`),
        ],
      },
    ],
  }
}

const share = (part: number, whole: number): Cell => percent(whole === 0 ? null : part / whole)
