import {join} from 'node:path'

import {dataFilePath} from '../data-files.js'
import type {ServiceContext} from './context.js'
import {importInspections} from './import-inspections.js'
import {importLeaders} from './import-leaders.js'
import {importNeeds} from './import-needs.js'
import {importSchools} from './import-schools.js'
import type {ImportReport} from './import.js'
import {planMatch, type MatchReport} from './match.js'
import {initRegistry} from './registry-admin.js'

/** The sample hub's own "today": its requests fall in the spring and summer terms of 2026/27. */
export const DEMO_DATE = '2026-12-01'
export const DEMO_HUB = 'Sample Teaching School Hub (fictional)'

export interface DemoResult {
  registry: string
  asOf: string
  imports: {kind: string; file: string; inserted: number; updated: number; rejected: number; skipped: number}[]
  match: MatchReport
}

/** Loads the fictional sample hub through the real importers into `context`'s registry, then matches. */
export async function runDemo(context: ServiceContext): Promise<DemoResult> {
  await initRegistry(context, context.registry.created, DEMO_HUB)
  const sample = (file: string) => dataFilePath(join('sample', file))
  const imports: DemoResult['imports'] = []
  const record = (kind: string, file: string, report: ImportReport<unknown>) =>
    imports.push({
      kind,
      file,
      inserted: report.counts.insert,
      updated: report.counts.update,
      rejected: report.counts.rejected,
      skipped: report.counts.skipped,
    })
  record('schools', 'schools.csv', await importSchools(context, {file: sample('schools.csv')}))
  record('inspections', 'inspections.csv', await importInspections(context, {file: sample('inspections.csv')}))
  record('leaders', 'leaders.csv', await importLeaders(context, {file: sample('leaders.csv')}))
  record('needs', 'needs.csv', await importNeeds(context, {file: sample('needs.csv')}))
  const plan = await planMatch(context, {
    configLayers: [],
    asOf: context.today,
    pins: [],
    exclusions: [],
    replanProposed: false,
    withCandidates: false,
  })
  return {registry: context.registry.path, asOf: context.today, imports, match: plan.report}
}
