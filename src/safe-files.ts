import {randomBytes} from 'node:crypto'
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'

import {BrokerError, conflict, invalidInput} from './core/errors.js'

/**
 * Files that may hold personal data (the registry, backups, exports, rejected rows) are private to
 * their owner: folders broker creates are 0700, files 0600. Files broker writes appear whole or
 * not at all: they are written beside the target, flushed, then renamed over it, so a crash leaves
 * either the previous complete file or none.
 */

export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_FOLDER_MODE = 0o700

/**
 * Creates the folder (and missing parents) private to the owner; an existing folder keeps its mode.
 * Each missing level is made on its own, from the nearest existing folder down: only the folders
 * made here change mode, and no path can send it round in circles (Node 20's recursive mkdirSync
 * spins forever on some, such as a folder under /proc).
 */
export function ensurePrivateFolder(folder: string): void {
  const missing: string[] = []
  for (let current = resolve(folder); !existsSync(current) && dirname(current) !== current; current = dirname(current))
    missing.unshift(current)
  for (const level of missing) {
    try {
      mkdirSync(level, {mode: PRIVATE_FOLDER_MODE})
    } catch (error) {
      // Another process made it meanwhile: it is theirs, mode and all.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && isFolder(level)) continue
      throw error
    }
    // The umask may have taken bits away; never let it add any.
    chmodSync(level, PRIVATE_FOLDER_MODE)
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** Creates a new empty file readable and writable by the owner only; fails if it exists. */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'wx', PRIVATE_FILE_MODE))
  chmodSync(path, PRIVATE_FILE_MODE)
}

/** A fresh name beside `target` for writing before the rename. */
export function partialPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`)
}

/**
 * Writes the whole file privately and atomically (see above). With `replace: false` an existing
 * file is never replaced: the last step is a hard link, which fails if the name is taken. A
 * failure leaves any file already at `target` as it was and is explained by `writeFailure`.
 */
export function writePrivateFileAtomically(
  target: string,
  content: string | Uint8Array,
  options: {replace?: boolean} = {},
): void {
  try {
    ensurePrivateFolder(dirname(target))
    const partial = partialPathFor(target)
    const fd = openSync(partial, 'wx', PRIVATE_FILE_MODE)
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
      let written = 0
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
      fsyncSync(fd)
    } catch (error) {
      closeSync(fd)
      unlinkSync(partial)
      throw error
    }
    closeSync(fd)
    if (options.replace ?? true) {
      replaceWith(partial, target)
      return
    }
    try {
      placeWithoutReplacing(partial, target)
    } catch (error) {
      if (existsSync(partial)) unlinkSync(partial)
      throw error
    }
    syncFolder(dirname(target))
  } catch (error) {
    throw writeFailure(target, error)
  }
}

export interface OutputOptions {
  /** Replace a file already there. */
  force: boolean
  /** Make missing folders: only for broker's own default places (a typo must not create a folder tree). */
  createFolder?: boolean
}

/**
 * Checks a file broker is asked to write (--out of backups, exports and reports) before any work:
 * a folder is refused, so is a file in a folder that does not exist, and an existing file unless
 * `force`. Returns the absolute path.
 */
export function checkOutputFile(target: string, options: OutputOptions): string {
  const path = resolve(target)
  if (isFolder(path)) throw folderGiven(target)
  // Missing folders below an existing one are most likely a typo. (When the nearest thing that
  // exists is a file, writing fails and `writeFailure` says that part of the path is a file.)
  const folder = dirname(path)
  if (!options.createFolder && !existsSync(folder) && isFolder(nearestExisting(folder))) throw noFolder(target, folder)
  if (!options.force && existsSync(path)) throw alreadyExists(target)
  return path
}

/**
 * Checks a folder broker is asked to write files into (letters): an existing folder, or a new one
 * inside a folder that exists (a typo must not create a folder tree). Returns the absolute path;
 * the folder itself is made, private, when the first file is written.
 */
export function checkOutputFolder(target: string): string {
  const path = resolve(target)
  if (existsSync(path)) {
    if (!isFolder(path))
      throw invalidInput(`${target} is a file, not a folder; nothing was written.`, {
        suggestion: 'Give a folder: an existing one, or a new name inside an existing one.',
      })
    return path
  }
  if (!isFolder(dirname(path))) throw noFolder(target, dirname(path))
  return path
}

/** `checkOutputFile`, then the whole file written privately and atomically. */
export function writeOutputFile(
  target: string,
  content: string | Uint8Array,
  options: OutputOptions,
): {path: string; bytes: number} {
  const path = checkOutputFile(target, options)
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
  writePrivateFileAtomically(path, bytes, {replace: options.force})
  return {path, bytes: bytes.length}
}

const folderGiven = (target: string) =>
  invalidInput(`${target} is a folder; nothing was written.`, {
    suggestion: 'Give the path of a file, for example a new name inside that folder.',
  })

function nearestExisting(path: string): string {
  let at = path
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at)
  return at
}

const noFolder = (target: string, folder: string) =>
  invalidInput(`Cannot write ${target}: there is no folder ${folder}; nothing was written.`, {
    suggestion: `Check the path for a typo, or create the folder first (mkdir -p ${JSON.stringify(folder)}).`,
  })

const alreadyExists = (target: string) =>
  conflict(`${target} already exists; it was left as it is.`, {
    code: 'output.exists',
    data: {target},
  })

const UNCHANGED = 'nothing was written, and any file already there is unchanged'

/**
 * Why a file (the registry, a backup, an export, a report) could not be written at `target`, in
 * the user's terms, for every place broker writes: a path that is a folder, runs through a file or
 * leads where no file can be made is a bad value (exit 3); a place not writable, read-only or full
 * is the environment's fault (exit 1). Errors that are not the file system's pass through.
 */
export function writeFailure(target: string, error: unknown): unknown {
  if (error instanceof BrokerError || typeof error !== 'object' || error === null) return error
  const code = String((error as NodeJS.ErrnoException).code ?? '')
  switch (code) {
    case 'EEXIST':
      return alreadyExists(target)
    case 'EISDIR':
      return folderGiven(target)
    case 'ENOTDIR':
      return invalidInput(`Cannot write ${target}: part of that path is a file, not a folder; ${UNCHANGED}.`, {
        suggestion: 'Choose a path inside a folder (or a folder that does not exist yet).',
      })
    case 'ENOENT':
      return invalidInput(
        `Cannot write ${target}: no file can be made there (its folder is missing and cannot be created, or holds no files); ${UNCHANGED}.`,
        {
          suggestion: 'Choose a path in a folder you own, for example under your home folder.',
        },
      )
    case 'ENAMETOOLONG':
    case 'ELOOP':
      return invalidInput(`Cannot write ${target}: the path is too long or loops (${code}); ${UNCHANGED}.`, {
        suggestion: 'Choose a shorter, plainer path.',
      })
    case 'EACCES':
    case 'EPERM':
      return new BrokerError('storage', `Cannot write ${target}: permission denied; ${UNCHANGED}.`, {
        suggestion:
          'Choose a folder you can write to (one you own, for example under your home folder), or check its permissions.',
      })
    case 'EROFS':
      return new BrokerError('storage', `Cannot write ${target}: the file system is read-only; ${UNCHANGED}.`, {
        suggestion: 'Choose a writable folder.',
      })
    case 'ENOSPC':
    case 'EDQUOT':
      return new BrokerError('storage', `Cannot write ${target}: the disk is full; ${UNCHANGED}.`, {
        suggestion: 'Free some space, or write elsewhere.',
      })
    default:
      return /^E[A-Z]+$/.test(code)
        ? new BrokerError('storage', `Cannot write ${target} (${code}); ${UNCHANGED}.`, {
            suggestion: 'Check the path and the disk.',
          })
        : error
  }
}

/** Gives the finished file the target's name unless that name is taken. */
function placeWithoutReplacing(partial: string, target: string): void {
  try {
    linkSync(partial, target)
  } catch (error) {
    if (existsSync(target)) throw Object.assign(new Error(`${target} exists`), {code: 'EEXIST'})
    // File systems without hard links (FAT, some network shares): the name was free a moment ago.
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS'].includes((error as NodeJS.ErrnoException).code ?? ''))
      throw error
    renameSync(partial, target)
    return
  }
  unlinkSync(partial)
}

/** Moves a finished file over the target and makes the rename durable. */
export function replaceWith(finished: string, target: string): void {
  try {
    chmodSync(finished, PRIVATE_FILE_MODE)
    renameSync(finished, target)
  } catch (error) {
    if (existsSync(finished)) unlinkSync(finished)
    throw error
  }
  syncFolder(dirname(target))
}

export function syncFolder(folder: string): void {
  const fd = openSync(folder, 'r')
  try {
    fsyncSync(fd)
  } catch {
    // Some file systems cannot fsync a folder; the rename itself has happened.
  } finally {
    closeSync(fd)
  }
}

/** Permission bits of a file, or null when it does not exist. */
export function modeOf(path: string): number | null {
  try {
    return statSync(path).mode & 0o777
  } catch {
    return null
  }
}

export const formatMode = (mode: number): string => `0${mode.toString(8).padStart(3, '0')}`

/**
 * Takes group and other access away from an existing file. Returns the previous mode when it
 * changed something, null when the file was already private, missing, or not ours to change.
 */
export function makePrivate(path: string): number | null {
  const mode = modeOf(path)
  if (mode === null || (mode & 0o077) === 0) return null
  try {
    chmodSync(path, mode & 0o700)
    return mode
  } catch {
    return null
  }
}
