import {CROSS_PHASE_CONDITION, type Proposal, type Unmatched} from '../core/match/outcome.js'
import type {MatchReport} from '../services/match.js'
import {wrap} from './report-terminal.js'
import {paint} from './style.js'
import {renderTable, terminalWidth} from './table.js'

/** How a match plan reads on a terminal: `broker match` and `broker demo` print it. */

export const leaderLabel = (leader: {name: string | null; ref: string}) =>
  `${leader.name ?? '(erased)'} (${leader.ref})`
export const schoolLabel = (entry: Proposal | Unmatched) =>
  entry.school ? `${entry.school.name} (${entry.school.urn})` : `trust ${entry.trustCode}`
const percent = (value: number) => `${(value * 100).toFixed(2)}%`

/** "  why: text", wrapped to the terminal's width with the text's lines aligned after the label. */
function labelled(label: string, text: string, style: (label: string) => string): string {
  const indent = ' '.repeat(label.length + 3)
  return wrap(text, Math.max(40, terminalWidth() - indent.length), '')
    .split('\n')
    .map((line, index) => (index === 0 ? `  ${style(label)} ${line}` : `${indent}${line}`))
    .join('\n')
}

export function renderMatchReport(report: MatchReport, applying: boolean): string {
  const {totals} = report
  const solver =
    totals.solver.status === 'optimal' || totals.solver.status === 'greedy-is-optimal'
      ? 'proven optimal'
      : totals.solver.status === 'greedy'
        ? `greedy, within ${percent(totals.gap)} of the LP bound`
        : totals.solver.status === 'no-candidates'
          ? 'no feasible pairs'
          : totals.solver.status === 'within-gap'
            ? `proven within ${percent(totals.gap)} of the optimum`
            : `time limit: within ${percent(totals.gap)} of the optimum`
  const stages = totals.priorityStages
    ? `strict priority: ${totals.priorityStages.map((stage) => `${stage.matched} of ${stage.needs} ${stage.priority}${stage.proven ? '' : ' (not proven: time limit)'}`).join(', ')} matched (the most possible), then the best total; `
    : ''
  const parts = [
    paint.heading(
      `Match run ${report.run.id} as of ${report.run.asOf}: ${totals.matched} of ${totals.needs} needs matched, total score ${totals.score.toFixed(4)}`,
    ),
    paint.dim(
      `${stages}${solver}; LP bound ${totals.lpBound.toFixed(4)}, greedy ${totals.greedyScore.toFixed(4)}; ${totals.candidatePairs} feasible pairs, ${totals.vetoedPairs} vetoed; ${totals.solver.seconds}s`,
    ),
  ]
  if (report.proposals.length > 0) {
    parts.push('', paint.heading('Proposals'))
    parts.push(
      renderTable(report.proposals, [
        {header: 'Need', value: (p) => p.needId, align: 'right'},
        {header: 'School', value: schoolLabel, shrinkTo: 30},
        {header: 'Pri', value: (p) => p.priority, dropOrder: 8},
        {
          header: 'Leader',
          // The designation first, so shortening keeps the reference at the end.
          value: (p) => `${p.pinned ? '[pinned] ' : ''}${p.leader.designation ?? ''} ${leaderLabel(p.leader)}`.trim(),
          shrinkTo: 28,
        },
        {header: 'Score', value: (p) => p.score.toFixed(3), align: 'right'},
        // The components behind the score (– where one was left out); --explain shows every part.
        // Left out first on a narrow terminal: the score holds them, and --explain spells them out.
        {header: 'Expert', value: (p) => p.components.expertise.toFixed(2), align: 'right', dropOrder: 5},
        {header: 'Context', value: (p) => p.components.context?.toFixed(2), align: 'right', dropOrder: 4},
        {header: 'Avail', value: (p) => p.components.availability?.toFixed(2), align: 'right', dropOrder: 1},
        {header: 'Dist', value: (p) => p.components.distance?.toFixed(2), align: 'right', dropOrder: 2},
        {header: 'Cont', value: (p) => p.components.continuity, align: 'right', dropOrder: 3},
        {
          header: 'Km',
          value: (p) => (p.distanceKm === null ? null : p.distanceKm.toFixed(1)),
          align: 'right',
          dropOrder: 7,
        },
        {header: 'Days', value: (p) => p.days, align: 'right'},
        {
          header: 'Alternates',
          value: (p) =>
            p.alternates
              .map((a) => `${a.leader.ref} ${a.score.toFixed(2)}${a.proposedFor ? ` (→${a.proposedFor})` : ''}`)
              .join(', '),
          shrinkTo: 16,
          dropOrder: 6,
        },
      ]),
    )
  }
  if (report.unmatched.length > 0) {
    parts.push('', paint.heading('Unmatched'))
    for (const entry of report.unmatched) {
      parts.push(`${paint.key(`need ${entry.needId}`)} ${schoolLabel(entry)}, ${entry.priority}, ${entry.days} days`)
      // Prose wraps to the terminal's width, continuing under its label.
      for (const reason of entry.reasons) parts.push(labelled('why:', reason, (label) => label))
      for (const hint of entry.whatIf) parts.push(labelled('what if:', withFlag(hint), paint.dim))
    }
  }
  if (!applying)
    parts.push(
      '',
      paint.dim(
        wrap(
          `Dry run: nothing was changed; --apply proposes these deployments. Explain one need with --explain NEED. Input hash ${report.run.inputHash.slice(0, 12)}.`,
          terminalWidth(),
          '',
        ),
      ),
    )
  return parts.join('\n')
}

/** A what-if that a match flag makes true, with that flag. */
function withFlag(hint: string): string {
  return hint.endsWith(CROSS_PHASE_CONDITION) ? `${hint} (--cross-phase)` : hint
}
