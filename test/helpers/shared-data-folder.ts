import {isAbsolute, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * The shared folder of real public data (`../shared/data` beside the repository), never copied
 * into the repository. BROKER_SHARED_DATA points somewhere else (a test of this helper points it
 * at a folder that does not exist, to see the skip and the CI failure).
 */
export const SHARED_DATA = sharedDataFolder(process.env)

export function sharedDataFolder(env: NodeJS.ProcessEnv): string {
  const override = env.BROKER_SHARED_DATA?.trim()
  if (override) return isAbsolute(override) ? override : resolve(REPO_ROOT, override)
  return join(REPO_ROOT, '..', 'shared', 'data')
}

/** A file or folder inside the shared data folder, e.g. `sharedData('real', 'schools.csv')`. */
export function sharedData(...parts: string[]): string {
  return join(SHARED_DATA, ...parts)
}
