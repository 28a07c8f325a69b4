import type {Proposal, Unmatched} from '../core/match/outcome.js'
import type {MatchReport} from '../services/match.js'
import {paint} from './style.js'
import {renderTable} from './table.js'

/** How a match plan reads on a terminal: `broker match` and `broker demo` print it. */

export const leaderLabel = (leader: {name: string | null; ref: string}) =>
  `${leader.name ?? '(erased)'} (${leader.ref})`
export const schoolLabel = (entry: Proposal | Unmatched) =>
  entry.school ? `${entry.school.name} (${entry.school.urn})` : `trust ${entry.trustCode}`
const percent = (value: number) => `${(value * 100).toFixed(2)}%`

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
        {header: 'School', value: schoolLabel},
        {header: 'Pri', value: (p) => p.priority},
        {
          header: 'Leader',
          value: (p) => `${leaderLabel(p.leader)} ${p.leader.designation ?? ''}${p.pinned ? ' [pinned]' : ''}`,
        },
        {header: 'Score', value: (p) => p.score.toFixed(3), align: 'right'},
        // The components behind the score (– where one was left out); --explain shows every part.
        {header: 'Expert', value: (p) => p.components.expertise.toFixed(2), align: 'right'},
        {header: 'Context', value: (p) => p.components.context?.toFixed(2), align: 'right'},
        {header: 'Avail', value: (p) => p.components.availability?.toFixed(2), align: 'right'},
        {header: 'Dist', value: (p) => p.components.distance?.toFixed(2), align: 'right'},
        {header: 'Cont', value: (p) => p.components.continuity, align: 'right'},
        {header: 'Km', value: (p) => (p.distanceKm === null ? null : p.distanceKm.toFixed(1)), align: 'right'},
        {header: 'Days', value: (p) => p.days, align: 'right'},
        {
          header: 'Alternates',
          value: (p) =>
            p.alternates
              .map((a) => `${a.leader.ref} ${a.score.toFixed(2)}${a.proposedFor ? ` (→${a.proposedFor})` : ''}`)
              .join(', '),
        },
      ]),
    )
  }
  if (report.unmatched.length > 0) {
    parts.push('', paint.heading('Unmatched'))
    for (const entry of report.unmatched) {
      parts.push(`${paint.key(`need ${entry.needId}`)} ${schoolLabel(entry)}, ${entry.priority}, ${entry.days} days`)
      for (const reason of entry.reasons) parts.push(`  why: ${reason}`)
      for (const hint of entry.whatIf) parts.push(`  ${paint.dim('what if:')} ${hint}`)
    }
  }
  if (!applying)
    parts.push(
      '',
      paint.dim(
        `Dry run: nothing was changed; --apply proposes these deployments. Explain one need with --explain NEED. Input hash ${report.run.inputHash.slice(0, 12)}.`,
      ),
    )
  return parts.join('\n')
}
