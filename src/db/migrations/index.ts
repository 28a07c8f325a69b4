import type {Migration} from 'kysely'

import {BrokerError} from '../../core/errors.js'
import * as registry0001 from './0001_registry.js'
import * as imports0002 from './0002_imports.js'
import * as searchIndex0003 from './0003_search_index.js'
import * as deployments0004 from './0004_deployments.js'
import * as personalData0006 from './0006_personal_data.js'
import * as schoolContacts0007 from './0007_school_contacts.js'
import * as results0008 from './0008_results.js'
import * as calendarEvents0009 from './0009_calendar_events.js'
import * as clusters0010 from './0010_clusters.js'

/** Every migration, by name; names sort in the order they run. Add new files, never edit old ones. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_registry': registry0001,
  '0002_imports': imports0002,
  '0003_search_index': searchIndex0003,
  '0004_deployments': deployments0004,
  '0006_personal_data': personalData0006,
  '0007_school_contacts': schoolContacts0007,
  '0008_results': results0008,
  '0009_calendar_events': calendarEvents0009,
  '0010_clusters': clusters0010,
}

/**
 * A registry's schema version is the number of the latest migration it has run. Numbers are handed
 * out ahead of time to features built side by side, so the list may have gaps (there is no 0005):
 * a count of migrations would disagree with the file names.
 */
export function schemaVersionOf(migrationNames: Iterable<string>): number {
  let version = 0
  for (const name of migrationNames) version = Math.max(version, migrationNumber(name))
  return version
}

/** The number a migration's name starts with: `0006_personal_data` is 6. */
export function migrationNumber(name: string): number {
  const match = /^(\d{4})_[a-z0-9_]+$/.exec(name)
  if (!match) throw new Error(`Migration name ${name} does not start with a four-digit number and an underscore.`)
  return Number(match[1])
}

export const SCHEMA_VERSION = schemaVersionOf(Object.keys(MIGRATIONS))

/** Refuses a registry that ran migrations this broker does not know (a newer broker's). */
export function assertKnownMigrations(
  applied: readonly string[],
  path: string,
  migrations: Record<string, Migration>,
): void {
  const unknown = applied.filter((name) => !(name in migrations))
  if (unknown.length > 0) {
    throw new BrokerError(
      'refused',
      `The registry ${path} was written by a newer broker (schema migrations ${unknown.join(', ')} are unknown to this version); it was left untouched.`,
      {suggestion: 'Upgrade broker to open this registry.'},
    )
  }
}

/** Refuses a registry with a schema, but not exactly this broker's latest (for a copy into it). */
export function assertSameSchema(applied: readonly string[], where: string): void {
  const known = Object.keys(MIGRATIONS)
  if (applied.length === 0 || (applied.length === known.length && known.every((name) => applied.includes(name)))) return
  throw new BrokerError(
    'refused',
    `The registry ${where} has schema version ${schemaVersionOf(applied)}, not ${schemaVersionOf(known)} as this broker writes; it was left untouched.`,
    {
      code: 'registry.schema-differs',
      data: {where, version: schemaVersionOf(applied), expected: schemaVersionOf(known)},
    },
  )
}
