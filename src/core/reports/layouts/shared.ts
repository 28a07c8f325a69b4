import type {legacyRow, OutcomeCounts} from '../common.js'
import {type Block, count, dateRange, days, paragraph, percent, table, text} from '../document.js'

/** "Ravi Lister (SH-0001)", or "SH-0001" when the name is unknown or redacted. */
export function leaderLabel(leader: {ref: string; name: string | null}): string {
  return leader.name ? `${leader.name} (${leader.ref})` : leader.ref
}

export const outcomeShare = (outcomes: OutcomeCounts): string | null =>
  outcomes.judged > 0 ? `${outcomes.metOrExceeded} of ${outcomes.judged}` : null

/** The four-point scale as a table, with the share met or exceeded. */
export function outcomeBlocks(outcomes: OutcomeCounts, id = 'outcomes'): Block[] {
  if (outcomes.judged === 0) return [paragraph('No objectives have been judged yet.')]
  return [
    table(
      id,
      null,
      [{header: 'Outcome'}, {header: 'Objectives', align: 'right'}, {header: 'Share', align: 'right', unit: '%'}],
      outcomes.byOutcome.map((step) => [
        text(step.label),
        count(step.objectives),
        percent(step.objectives / outcomes.judged),
      ]),
      {total: [text('Judged'), count(outcomes.judged), percent(1)]},
    ),
    paragraph(
      `Met or exceeded: ${outcomes.metOrExceeded} of ${outcomes.judged} objectives (${percent(outcomes.metOrExceededShare).text}).`,
    ),
  ]
}

/** The legacy links of a leader's or a school's report; `counterpart` names the other party of each. */
export function legacyTable<Link extends ReturnType<typeof legacyRow>>(
  links: readonly Link[],
  counterpart: {header: string; of: (link: Link) => string},
): Block {
  return table(
    'legacy',
    null,
    [
      {header: 'Link', align: 'right'},
      {header: counterpart.header},
      {header: 'Status'},
      {header: 'Dates'},
      {header: 'Days used', align: 'right', unit: 'days'},
      {header: 'Budget', align: 'right', unit: 'days'},
    ],
    links.map((link) => [
      text(link.id),
      text(counterpart.of(link)),
      text(link.status),
      dateRange(link.openedOn, link.endedOn ?? link.endsOn),
      days(link.usedHalfDays),
      days(link.budgetHalfDays),
    ]),
    {empty: 'No legacy links.'},
  )
}
