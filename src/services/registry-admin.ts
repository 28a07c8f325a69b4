import type {RegistryEngine} from '../db/location.js'
import {SCHEMA_VERSION, schemaVersionOf} from '../db/migrations/index.js'
import type {ImportRunRecord} from '../db/repos/imports.js'
import type {CountedTable} from '../db/repos/stats.js'
import type {ServiceContext} from './context.js'
import {DEFAULT_BODY_KEY, FALLBACK_BODY} from './leaders.js'

export interface InitResult {
  path: string
  engine: RegistryEngine
  /** The server's version, for a PostgreSQL registry. */
  serverVersion: string | null
  /** Why this registry is at risk where it lives (a file on a network share), or nothing. */
  warnings: string[]
  created: boolean
  schemaVersion: number
  migrationsApplied: string[]
  hub: string
}

export async function initRegistry(
  context: ServiceContext,
  created: boolean,
  hub: string | undefined,
): Promise<InitResult> {
  const stored = await context.registry.write(async (repos) => {
    if (hub !== undefined) {
      const before = await repos.meta.get(DEFAULT_BODY_KEY)
      await repos.meta.set(DEFAULT_BODY_KEY, hub)
      if (before !== hub) {
        await repos.audit.record({
          actor: context.actor,
          action: 'registry.hub',
          entity: 'registry',
          entityId: 'hub',
          before: before ?? null,
          after: hub,
        })
      }
    }
    return (await repos.meta.get(DEFAULT_BODY_KEY)) ?? FALLBACK_BODY
  })
  return {
    path: context.registry.path,
    engine: context.registry.engine,
    serverVersion: context.registry.serverVersion,
    warnings: fileSystemWarnings(context),
    created,
    schemaVersion: context.registry.migration.schemaVersion,
    migrationsApplied: context.registry.migration.applied,
    hub: stored,
  }
}

export interface RegistryStatus {
  path: string
  engine: RegistryEngine
  serverVersion: string | null
  warnings: string[]
  sizeBytes: number
  schemaVersion: number
  latestKnownVersion: number
  migrations: string[]
  hub: string
  counts: Record<CountedTable, number>
  /** The latest imports, newest first: file, hash, counts and how long each took. */
  recentImports: ImportRunRecord[]
}

/** How many recent imports `db status` shows. */
const RECENT_IMPORTS = 5

export async function registryStatus(context: ServiceContext): Promise<RegistryStatus> {
  return context.registry.read(async (repos) => {
    const migrations = await repos.stats.migrations()
    return {
      path: context.registry.path,
      engine: context.registry.engine,
      serverVersion: context.registry.serverVersion,
      warnings: fileSystemWarnings(context),
      sizeBytes: await context.registry.sizeBytes(),
      schemaVersion: schemaVersionOf(migrations),
      latestKnownVersion: SCHEMA_VERSION,
      migrations,
      hub: (await repos.meta.get(DEFAULT_BODY_KEY)) ?? FALLBACK_BODY,
      counts: await repos.stats.counts(),
      recentImports: await repos.imports.runs(undefined, RECENT_IMPORTS),
    }
  })
}

function fileSystemWarnings(context: ServiceContext): string[] {
  const risk = context.registry.fileSystemRisk()
  return risk ? [risk.message] : []
}
