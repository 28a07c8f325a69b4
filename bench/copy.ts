// Moving a national registry between engines (issue 14): `broker db copy` from an SQLite file to a
// throwaway PostgreSQL server (system binaries, as the tests start it) and back into a new file,
// each copy verified by checksums. Run after `npm run build`: npx tsx bench/copy.ts [leaders] [needs]
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {CopyResult} from '../src/services/registry-copy.js'
import {startThrowawayPostgres} from '../test/helpers/postgres-server.js'
import {generate} from './generate-national.js'
import {brokerJson, buildRegistry} from './registry.js'

const LEADERS = Number(process.argv[2] ?? 10_000)
const NEEDS = Number(process.argv[3] ?? 2_000)

const dir = mkdtempSync(join(tmpdir(), 'broker-bench-copy-'))
const postgres = await startThrowawayPostgres()
try {
  const built = performance.now()
  const file = buildRegistry(dir, 'national', generate({leaders: LEADERS, needs: NEEDS, region: null, daysScale: 1}))
  console.log(`national registry built through the importers in ${((performance.now() - built) / 1000).toFixed(1)} s`)
  const url = await postgres.server.createDatabase()
  const report = (label: string, {seconds, report: result}: {seconds: number; report: CopyResult}) => {
    const rows = result.tables.reduce((sum, table) => sum + table.sourceRows, 0)
    const verified = result.tables.every((table) => table.matches)
    console.log(
      `${label}: ${rows} rows in ${result.tables.length} tables, ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s), checksums ${verified ? 'equal' : 'DIFFER'}`,
    )
  }
  report('SQLite → PostgreSQL (empty database)', brokerJson<CopyResult>(file, ['db', 'copy', '--to', url]))
  report('SQLite → PostgreSQL (--force over it)', brokerJson<CopyResult>(file, ['db', 'copy', '--to', url, '--force']))
  report('PostgreSQL → new SQLite file', brokerJson<CopyResult>(url, ['db', 'copy', '--to', join(dir, 'back.db')]))
} finally {
  postgres.stop()
  rmSync(dir, {recursive: true, force: true})
}
