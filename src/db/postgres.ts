import {Kysely, PostgresDialect} from 'kysely'
import pg from 'pg'
import {parseIntoClientConfig} from 'pg-connection-string'

import {BrokerError, errorCode} from '../core/errors.js'
import {redactSecrets, type RegistryLocation} from './location.js'
import type {RegistrySchema} from './schema.js'
import {registryBusy} from './sqlite-errors.js'

/**
 * The PostgreSQL side of opening a registry. Only `registry.ts` imports this module, and only
 * dynamically, so that `pg` is never loaded for an SQLite registry.
 */

type PostgresLocation = Extract<RegistryLocation, {engine: 'postgres'}>

/** A CLI needs few connections: one transaction at a time, plus the odd parallel read. */
const POOL_SIZE = 4
/** The oldest server broker supports (server_version_num). */
const MINIMUM_SERVER = 150_000

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]'])

const INT8_OID = 20
const NUMERIC_OID = 1700

export interface PostgresConnection {
  db: Kysely<RegistrySchema>
  serverVersion: string
}

/**
 * Connection settings from the URL; what it leaves out comes from the PG* variables and
 * ~/.pgpass (pg reads both). TLS is required, with the certificate verified, for any host that is
 * not this machine, unless the URL's sslmode or PGSSLMODE says otherwise.
 */
export function connectionConfig(location: PostgresLocation, busyTimeoutMs: number): pg.PoolConfig {
  const parsed = parseIntoClientConfig(location.url)
  const host = parsed.host ?? process.env.PGHOST ?? 'localhost'
  const local = host.startsWith('/') || LOCAL_HOSTS.has(host)
  const tlsChosen = parsed.ssl !== undefined || process.env.PGSSLMODE !== undefined
  return {
    ...parsed,
    ...(tlsChosen || local ? {} : {ssl: {rejectUnauthorized: true}}),
    max: POOL_SIZE,
    application_name: 'broker',
    // Waiting for another writer's row locks follows the busy setting; long statements are not cut off.
    lock_timeout: busyTimeoutMs,
    // Counts and sums come back as numbers, as they do from SQLite (pg hands int8/numeric back as strings).
    types: {getTypeParser: numbersAsNumbers},
  }
}

function textParser(oid: number): (value: string) => unknown {
  if (oid === INT8_OID || oid === NUMERIC_OID) return Number
  return pg.types.getTypeParser(oid, 'text') as (value: string) => unknown
}

const numbersAsNumbers = textParser as typeof pg.types.getTypeParser

export async function connectPostgres(location: PostgresLocation, busyTimeoutMs: number): Promise<PostgresConnection> {
  const pool = new pg.Pool(connectionConfig(location, busyTimeoutMs))
  // A client losing its server, idle or in use, must not crash the process: the query in progress
  // (or the next one) fails and is reported.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  const db = new Kysely<RegistrySchema>({dialect: new PostgresDialect({pool})})
  try {
    const {rows} = await pool.query<{server_version: string; server_version_num: string}>(
      `select current_setting('server_version') as server_version, current_setting('server_version_num') as server_version_num`,
    )
    const version = rows[0]!
    if (Number(version.server_version_num) < MINIMUM_SERVER) {
      throw new BrokerError(
        'refused',
        `The PostgreSQL server at ${location.display} runs version ${version.server_version}; broker needs PostgreSQL 15 or later.`,
        {suggestion: 'Upgrade the server, or keep this registry in an SQLite file.'},
      )
    }
    return {db, serverVersion: version.server_version}
  } catch (error) {
    await db.destroy()
    throw translatePostgresError(error, location, busyTimeoutMs)
  }
}

/** admin_shutdown, crash_shutdown, cannot_connect_now: the server ended the session. */
const LOST_CONNECTION_CODES = new Set(['57P01', '57P02', '57P03'])
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOENT', 'EAI_AGAIN'])

/**
 * Turns what a PostgreSQL server or the network can do to a command into BrokerErrors with
 * advice. Whatever is passed on unchanged has the password taken out of its message first.
 */
export function translatePostgresError(error: unknown, location: RegistryLocation, busyTimeoutMs?: number): unknown {
  if (error instanceof BrokerError || typeof error !== 'object' || error === null) return error
  const code = errorCode(error)
  const message = redactSecrets(String((error as Error).message ?? ''), location)
  const where = location.display
  if (CONNECTION_CODES.has(code)) {
    return new BrokerError('storage', `Cannot reach the PostgreSQL server for ${where} (${code}).`, {
      suggestion: 'Check the host, port or socket folder in the URL (or PGHOST, PGPORT) and that the server runs.',
    })
  }
  if (code === '28P01' || code === '28000') {
    return new BrokerError('refused', `PostgreSQL refused the login for ${where}: ${message}`, {
      suggestion: 'Check the user name, and put the password in ~/.pgpass (mode 0600) rather than in the URL.',
    })
  }
  if (code === '3D000') {
    return new BrokerError('not-found', `${message} (${where}).`, {
      code: 'postgres.database-missing',
      data: {where},
    })
  }
  if (/does not support SSL|SSL|certificate|self[- ]signed/i.test(message) && !/^\d/.test(code)) {
    return new BrokerError('refused', `The TLS connection to ${where} failed: ${message}`, {
      suggestion:
        'Broker requires TLS for servers on other machines. Fix the server certificate, or add sslmode=disable to the URL only on a network you trust.',
    })
  }
  if (code === '40001' || code === '40P01' || code === '55P03') return registryBusy(where, busyTimeoutMs)
  if (LOST_CONNECTION_CODES.has(code) || /Connection terminated/i.test(message)) {
    return new BrokerError(
      'storage',
      `The connection to the PostgreSQL server for ${where} was lost (the server restarted, or ended this session); the transaction in progress was rolled back.`,
      {suggestion: 'Check that the server runs, then run the command again.'},
    )
  }
  if (code === '53100') {
    return new BrokerError('storage', `The PostgreSQL server for ${where} is out of disk space; nothing was changed.`)
  }
  if (code === '42501') {
    return new BrokerError('refused', `Not allowed: ${message}`, {
      suggestion: 'Ask the registry owner for a role that may do this.',
    })
  }
  if (message !== (error as Error).message) return Object.assign(new Error(message), {code})
  return error
}
