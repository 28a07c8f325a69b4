import {spawnSync} from 'node:child_process'
import {chownSync, existsSync, mkdtempSync, rmSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir, userInfo} from 'node:os'
import {join} from 'node:path'

import pg from 'pg'
import {afterAll, beforeAll, describe, it} from 'vitest'

/**
 * A real, throwaway PostgreSQL server for the suites that run broker on PostgreSQL: the system's
 * server binaries (`pg_config --bindir`), started in a temporary folder on a free port with its
 * socket in that folder, and stopped (and the folder removed) after the suite, pass or fail.
 * initdb refuses to run as root, so as root the server runs as the `postgres` user.
 *
 * Where no server can be started the suite is skipped visibly (its name says why, and a warning
 * goes to stderr); under CI=true it fails instead, so a CI machine without PostgreSQL cannot pass
 * by running nothing.
 */

export interface PostgresServer {
  /** Socket folder and port: `postgresql://postgres@<socket>:<port>/DATABASE`. */
  socketDir: string
  port: number
  /** A new empty database; its URL (trust authentication, over the unix socket). */
  createDatabase(): Promise<string>
  /** A URL for a database on this server. */
  urlFor(database: string): string
}

interface Binaries {
  folder: string
}

function findBinaries(): Binaries | {missing: string} {
  const fromEnv = process.env.BROKER_TEST_PG_BINDIR
  const folder =
    fromEnv ??
    (() => {
      const found = spawnSync('pg_config', ['--bindir'], {encoding: 'utf8'})
      return found.status === 0 ? found.stdout.trim() : ''
    })()
  if (!folder) return {missing: 'no PostgreSQL server binaries (pg_config is not on PATH; set BROKER_TEST_PG_BINDIR)'}
  for (const tool of ['initdb', 'pg_ctl', 'postgres'])
    if (!existsSync(join(folder, tool))) return {missing: `${join(folder, tool)} is missing`}
  const runAs = serverUser()
  if (runAs === null) return {missing: 'running as root, and there is no `postgres` user to run the server as'}
  return {folder}
}

/** Who runs the server: ourselves, or `postgres` when we are root (initdb refuses root). */
function serverUser(): {uid: number; gid: number; name: string} | 'self' | null {
  if (userInfo().uid !== 0) return 'self'
  const id = spawnSync('id', ['-u', 'postgres'], {encoding: 'utf8'})
  const gid = spawnSync('id', ['-g', 'postgres'], {encoding: 'utf8'})
  if (id.status !== 0 || gid.status !== 0) return null
  return {uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()), name: 'postgres'}
}

function runAsServerUser(command: string, args: readonly string[]): void {
  const user = serverUser()
  const [file, fileArgs] =
    user === 'self' || user === null ? [command, args] : ['runuser', ['-u', user.name, '--', command, ...args]]
  const result = spawnSync(file, fileArgs, {encoding: 'utf8', timeout: 60_000})
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`)
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

export async function startPostgres(binaries: Binaries): Promise<{server: PostgresServer; stop(): void}> {
  const folder = mkdtempSync(join(tmpdir(), 'broker-pg-'))
  const user = serverUser()
  if (user !== null && user !== 'self') chownSync(folder, user.uid, user.gid)
  const data = join(folder, 'data')
  const port = await freePort()
  const tool = (name: string) => join(binaries.folder, name)
  const stop = () => {
    spawnSync(
      ...((user !== null && user !== 'self'
        ? ['runuser', ['-u', user.name, '--', tool('pg_ctl'), '-D', data, '-m', 'immediate', 'stop']]
        : [tool('pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']]) as [string, string[]]),
      {encoding: 'utf8'},
    )
    rmSync(folder, {recursive: true, force: true})
  }
  try {
    // A linguistic default collation, as most servers have, so that anything sorting differently
    // from SQLite shows up here rather than on a user's server.
    runAsServerUser(tool('initdb'), [
      ...['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'],
      ...['--locale=C.UTF-8', '--locale-provider=icu', '--icu-locale=en-GB'],
    ])
    runAsServerUser(tool('pg_ctl'), [
      '-D',
      data,
      '-w',
      '-l',
      join(folder, 'server.log'),
      '-o',
      `-p ${port} -k ${folder} -c listen_addresses='' -c fsync=off`,
      'start',
    ])
  } catch (error) {
    stop()
    throw error
  }
  let counter = 0
  const urlFor = (database: string) => `postgresql://postgres@${encodeURIComponent(folder)}:${port}/${database}`
  const server: PostgresServer = {
    socketDir: folder,
    port,
    urlFor,
    async createDatabase() {
      counter += 1
      const name = `broker_test_${process.pid}_${counter}`
      const client = new pg.Client({host: folder, port, user: 'postgres', database: 'postgres'})
      await client.connect()
      try {
        await client.query(`create database ${name}`)
      } finally {
        await client.end()
      }
      return urlFor(name)
    },
  }
  return {server, stop}
}

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
