import {afterAll, beforeAll, describe, it} from 'vitest'

import {findBinaries, type PostgresServer, startPostgres} from './postgres-server.js'

export type {PostgresServer} from './postgres-server.js'

/**
 * `describe` for a suite that runs on a real PostgreSQL server: `body` receives a getter for the
 * running server (started before the suite's tests, stopped after them).
 */
export function describeWithPostgres(name: string, body: (server: () => PostgresServer) => void): void {
  const binaries = findBinaries()
  if ('missing' in binaries) {
    if (process.env.CI === 'true') {
      describe(name, () => {
        it('has a PostgreSQL server to run on (CI=true: no server fails instead of skipping)', () => {
          throw new Error(binaries.missing)
        })
      })
      return
    }
    console.warn(`Skipping "${name}": ${binaries.missing}. Under CI=true this fails.`)
    describe.skip(`${name} [skipped: ${binaries.missing}]`, () => body(() => undefined as never))
    return
  }
  describe(name, () => {
    let running: {server: PostgresServer; stop(): void} | undefined
    beforeAll(async () => {
      running = await startPostgres(binaries)
    }, 120_000)
    afterAll(() => running?.stop())
    body(() => {
      if (!running) throw new Error('the PostgreSQL server did not start')
      return running.server
    })
  })
}
