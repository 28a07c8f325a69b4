import {existsSync, statSync} from 'node:fs'
import {dirname, resolve} from 'node:path'

import {BrokerError, refused} from '../core/errors.js'
import {writePrivateFileAtomically} from '../safe-files.js'

/**
 * Writes a report file whole or not at all: the bytes go to a private temporary file beside the
 * target, are flushed to disk, then take the target's name in one step. Without `force` an
 * existing file is never replaced (the final step is a hard link, which fails if the name exists);
 * with it the rename replaces the old file atomically. Any failure leaves the old file as it was.
 */
export function writeReportFile(target: string, content: string | Uint8Array, options: {force: boolean}): {path: string; bytes: number} {
  const path = checkReportTarget(target, options)
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
  try {
    writePrivateFileAtomically(path, bytes, {replace: options.force})
  } catch (error) {
    throw writeFailure(target, error as NodeJS.ErrnoException)
  }
  return {path, bytes: bytes.length}
}

/**
 * Refuses a target that is a folder, a file in a folder that does not exist (a typo must not
 * create a folder tree), or a file that exists without `force`: before any work, and again when writing.
 */
export function checkReportTarget(target: string, options: {force: boolean}): string {
  const path = resolve(target)
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new BrokerError('invalid-input', `--out ${target} is a folder; nothing was written.`, {suggestion: 'Give a file name, for example --out reports/hub.pdf.'})
  }
  const folder = dirname(path)
  if (!existsSync(folder)) {
    throw new BrokerError('invalid-input', `Cannot write ${target}: there is no folder ${folder}; nothing was written.`, {
      suggestion: `Check the --out path for a typo, or create the folder first (mkdir -p ${JSON.stringify(folder)}).`,
    })
  }
  if (!options.force && existsSync(path)) throw exists(target)
  return path
}

function exists(target: string): BrokerError {
  return refused(`${target} already exists; it was left as it was.`, {suggestion: 'Add --force to replace it, or choose another --out file.'})
}

function writeFailure(target: string, error: NodeJS.ErrnoException): Error {
  if (error instanceof BrokerError) return error
  const unchanged = 'nothing was written, and any file already there is unchanged'
  switch (error.code) {
    case 'EEXIST':
      return exists(target)
    case 'EACCES':
    case 'EPERM':
      return new BrokerError('storage', `Cannot write ${target}: permission denied; ${unchanged}.`, {suggestion: 'Choose a folder you can write to, or check its permissions.'})
    case 'EROFS':
      return new BrokerError('storage', `Cannot write ${target}: the file system is read-only; ${unchanged}.`, {suggestion: 'Choose a writable folder for --out.'})
    case 'ENOSPC':
    case 'EDQUOT':
      return new BrokerError('storage', `Cannot write ${target}: the disk is full; ${unchanged}.`, {suggestion: 'Free some space, or write the report elsewhere.'})
    case 'ENOTDIR':
    case 'ENOENT':
    case 'EISDIR':
    case 'ENAMETOOLONG':
      return new BrokerError('invalid-input', `Cannot write ${target}: part of the path is not a folder; ${unchanged}.`, {suggestion: 'Check the --out path.'})
    default:
      return new BrokerError('storage', `Cannot write ${target} (${error.code ?? error.message}); ${unchanged}.`, {suggestion: 'Check the --out path and the disk.'})
  }
}
