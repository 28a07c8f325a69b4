import {spawnSync} from 'node:child_process'
import {chownSync, existsSync, mkdtempSync, rmSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir, userInfo} from 'node:os'
import {join} from 'node:path'

import pg from 'pg'

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
  /** A new empty database; its URL (trust authentication, over the unix socket). */
  createDatabase(): Promise<string>
}

/** Who runs the server: ourselves, or `postgres` when we are root (initdb refuses root). */
type ServerUser = {uid: number; gid: number; name: string} | 'self'

export interface Binaries {
  folder: string
  user: ServerUser
}

export function findBinaries(): Binaries | {missing: string} {
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
  const user = serverUser()
  if (user === null) return {missing: 'running as root, and there is no `postgres` user to run the server as'}
  return {folder, user}
}

function serverUser(): ServerUser | null {
  if (userInfo().uid !== 0) return 'self'
  const id = spawnSync('id', ['-u', 'postgres'], {encoding: 'utf8'})
  const gid = spawnSync('id', ['-g', 'postgres'], {encoding: 'utf8'})
  if (id.status !== 0 || gid.status !== 0) return null
  return {uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()), name: 'postgres'}
}

/** The command line that runs `command` as the server's user. */
function asServerUser(user: ServerUser, command: string, args: readonly string[]): [string, readonly string[]] {
  return user === 'self' ? [command, args] : ['runuser', ['-u', user.name, '--', command, ...args]]
}

function runAsServerUser(user: ServerUser, command: string, args: readonly string[]): void {
  const result = spawnSync(...asServerUser(user, command, args), {encoding: 'utf8', timeout: 60_000})
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
  const {user} = binaries
  if (user !== 'self') chownSync(folder, user.uid, user.gid)
  const data = join(folder, 'data')
  const port = await freePort()
  const tool = (name: string) => join(binaries.folder, name)
  const stop = () => {
    spawnSync(...asServerUser(user, tool('pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']), {encoding: 'utf8'})
    rmSync(folder, {recursive: true, force: true})
  }
  try {
    // A linguistic default collation, as most servers have, so that anything sorting differently
    // from SQLite shows up here rather than on a user's server.
    runAsServerUser(user, tool('initdb'), [
      ...['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'],
      ...['--locale=C.UTF-8', '--locale-provider=icu', '--icu-locale=en-GB'],
    ])
    runAsServerUser(user, tool('pg_ctl'), [
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

/** A throwaway server outside a test suite (the benches); throws where none can be started. */
export async function startThrowawayPostgres(): Promise<{server: PostgresServer; stop(): void}> {
  const binaries = findBinaries()
  if ('missing' in binaries) throw new Error(binaries.missing)
  return startPostgres(binaries)
}
