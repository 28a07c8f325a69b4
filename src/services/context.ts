import type {Registry} from '../db/registry.js'

/** What every use case needs besides its input: the open registry, who is acting, and today. */
export interface ServiceContext {
  registry: Registry
  actor: string
  /** ISO date; fixed by BROKER_TODAY or --as-of for reproducible runs. */
  today: string
}
