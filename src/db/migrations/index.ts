import type {Migration} from 'kysely'

import * as registry0001 from './0001_registry.js'
import * as imports0002 from './0002_imports.js'
import * as searchIndex0003 from './0003_search_index.js'
import * as deployments0004 from './0004_deployments.js'
import * as personalData0006 from './0006_personal_data.js'
import * as results0008 from './0008_results.js'

/** Every migration, by name; names sort in the order they run. Add new files, never edit old ones. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_registry': registry0001,
  '0002_imports': imports0002,
  '0003_search_index': searchIndex0003,
  '0004_deployments': deployments0004,
  '0006_personal_data': personalData0006,
  '0008_results': results0008,
}

export const SCHEMA_VERSION = Object.keys(MIGRATIONS).length
