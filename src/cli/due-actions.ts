import type {DueItem, DueStep} from '../core/due-work.js'
import type {DueReport} from '../services/due.js'

/** A due item with the command that clears it, as `broker due` prints and returns it. */
export type DueItemWithAction = DueItem & {action: string}

/** `broker due`'s result: the service's report, each item with its command. */
export type DueListing = Omit<DueReport, 'items'> & {items: DueItemWithAction[]}

export function withActions(report: DueReport): DueListing {
  return {...report, items: report.items.map((item) => ({...item, action: dueAction(item)}))}
}

/** The command that takes a step ("..." where the user has more to say). */
export function dueAction(item: DueStep): string {
  const id = item.deploymentId ?? 0
  const link = item.legacyLinkId ?? 0
  switch (item.kind) {
    case 'proposal-hold':
      return `broker deployments agree ${id} ... (or cancel ${id} --reason ...)`
    case 'start':
      return `broker deployments start ${id}`
    case 'completion':
      return `broker deployments complete ${id} ...`
    case 'visit-record':
      return `broker deployments log ${id} --on ${item.plannedOn} --days N`
    case 'mid-point-review':
    case 'progress-review':
    case 'other-review':
      return `broker deployments review ${id} --kind ${item.reviewKind} --outcome on-track|at-risk|off-track`
    case 'legacy-checkin':
      return `broker legacy checkin ${link}`
    case 'legacy-end':
      return `broker legacy end ${link} --reason "..."`
  }
}
