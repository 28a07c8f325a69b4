import {BrokerError, errorCode} from '../core/errors.js'

/**
 * Turns the SQLite failures a user can meet (a lock held too long, a full disk, a damaged file)
 * into BrokerErrors with advice; anything else is returned unchanged and reported as a bug.
 */
export function translateSqliteError(error: unknown, registryPath: string, busyTimeoutMs?: number): unknown {
  if (error instanceof BrokerError || typeof error !== 'object' || error === null) return error
  const code = errorCode(error)
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return registryBusy(registryPath, busyTimeoutMs)
  if (code === 'SQLITE_FULL') {
    return new BrokerError('storage', `The disk holding ${registryPath} is full; the change was rolled back.`, {
      suggestion: 'Free some space and run the command again; nothing was changed.',
    })
  }
  if (code === 'SQLITE_READONLY_DIRECTORY') {
    return new BrokerError(
      'storage',
      `The folder holding ${registryPath} is read-only: SQLite cannot keep its write-ahead log (-wal, -shm files) beside the registry.`,
      {code: 'registry.folder-read-only', data: {path: registryPath}},
    )
  }
  if (
    code === 'SQLITE_READONLY' ||
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_CANTOPEN' ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code === 'SQLITE_PERM'
  ) {
    return new BrokerError('storage', `The registry ${registryPath} cannot be opened for writing (${code}).`, {
      code: 'registry.not-writable',
      data: {path: registryPath, sqliteCode: code},
    })
  }
  if (isDamage(error)) return damagedRegistry(registryPath, error)
  if (code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR')) {
    return new BrokerError('storage', `Reading or writing ${registryPath} failed (${code}).`, {
      code: 'registry.io-failed',
      data: {path: registryPath, sqliteCode: code},
    })
  }
  return error
}

/**
 * SQLite's ways of saying the file is damaged: corrupt pages, a file that is not a database, and
 * the search index's own (an FTS5 table whose pages are overwritten reports a plain SQLITE_ERROR
 * with one of these messages).
 */
export function isDamage(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const code = errorCode(error)
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return true
  return code.startsWith('SQLITE_') && DAMAGE_MESSAGES.test(error instanceof Error ? error.message : '')
}

const DAMAGE_MESSAGES =
  /database disk image is malformed|invalid fts5 file format|no such fts5 table|fts5: corrupt|corrupt(ion)? (in|found)/i

/** What SQLite called the damage: its code, with the message when the code alone says little. */
export function damageLabel(error: unknown): string {
  const name = errorCode(error) || 'SQLITE_CORRUPT'
  return name === 'SQLITE_ERROR' && error instanceof Error ? `${name}: ${error.message}` : name
}

export function damagedRegistry(registryPath: string, error: unknown): BrokerError {
  return new BrokerError(
    'invalid-input',
    `${registryPath} is not a readable broker registry (${damageLabel(error)}); it was left untouched.`,
    {code: 'registry.damaged', data: {path: registryPath}},
  )
}

export function registryBusy(registryPath: string, busyTimeoutMs?: number): BrokerError {
  const waited =
    busyTimeoutMs === undefined
      ? ''
      : ` (waited ${(busyTimeoutMs / 1000).toLocaleString('en-GB', {maximumFractionDigits: 1})} s)`
  return new BrokerError('busy', `Registry busy: another process is writing to ${registryPath}${waited}.`, {
    suggestion:
      'Wait for the other process to finish and try again (BROKER_BUSY_TIMEOUT_MS sets how long to wait); nothing was changed.',
  })
}
