import {copyFileSync, existsSync} from 'node:fs'

import {Registry} from '../../src/db/registry.js'
import type {ServiceContext} from '../../src/services/context.js'
import {tempDir, type TempDir} from './cli.js'

export interface TestRegistry {
  dir: TempDir
  path: string
  registry: Registry
  context: ServiceContext
  close(): Promise<void>
}

/**
 * A real registry file in a fresh temporary folder, with a service context for calling services;
 * or, given `at` (a PostgreSQL URL of an empty database), a registry there.
 */
export async function openTestRegistry(
  options: {today?: string; actor?: string; at?: string} = {},
): Promise<TestRegistry> {
  const dir = tempDir()
  const path = options.at ?? dir.file('registry.db')
  const registry = await Registry.open(path, {create: true})
  return {
    dir,
    path,
    registry,
    context: {registry, actor: options.actor ?? 'tester', today: options.today ?? '2026-12-01'},
    async close() {
      await registry.close()
      dir.remove()
    },
  }
}

/** Copies a closed registry file (with its -wal and -shm, if any): a test's own copy of a template. */
export function copyRegistry(from: string, to: string): void {
  copyFileSync(from, to)
  for (const suffix of ['-wal', '-shm'])
    if (existsSync(`${from}${suffix}`)) copyFileSync(`${from}${suffix}`, `${to}${suffix}`)
}
