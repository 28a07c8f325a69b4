import {existsSync} from 'node:fs'

import {describe, it} from 'vitest'

export {SHARED_DATA, sharedData, sharedDataFolder} from './shared-data-folder.js'

export type SharedDataPlan = {action: 'run'} | {action: 'skip'; reason: string} | {action: 'fail'; reason: string}

/**
 * What a suite needing `paths` does: run when they are all there; otherwise skip, saying which
 * are missing, on a clone without the shared folder; fail under CI=true, where the folder is
 * always laid beside the clone (a skip there would hide that the suite never ran).
 */
export function sharedDataPlan(
  paths: readonly string[],
  env: NodeJS.ProcessEnv,
  exists: (path: string) => boolean = existsSync,
): SharedDataPlan {
  const missing = paths.filter((path) => !exists(path))
  if (missing.length === 0) return {action: 'run'}
  const reason = `missing shared data: ${missing.join(', ')}`
  return env.CI === 'true' ? {action: 'fail', reason} : {action: 'skip', reason}
}

/**
 * `describe` for a suite that reads the shared data folder. Without the files it stays visible:
 * the skipped suite's name and a warning on stderr say what is missing; under CI=true it becomes
 * one failing test naming the files instead.
 */
export function describeWithSharedData(name: string, paths: readonly string[], body: () => void): void {
  const plan = sharedDataPlan(paths, process.env)
  if (plan.action === 'run') {
    describe(name, body)
    return
  }
  if (plan.action === 'fail') {
    describe(name, () => {
      it('has the shared data it needs (CI=true: a missing folder fails instead of skipping)', () => {
        throw new Error(`${plan.reason} (set BROKER_SHARED_DATA or lay the shared folder beside the clone)`)
      })
    })
    return
  }
  console.warn(`Skipping "${name}": ${plan.reason}. Under CI=true this fails.`)
  describe.skip(`${name} [skipped: ${plan.reason}]`, body)
}
