import {randomBytes} from 'node:crypto'
import {chmodSync, closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'

/**
 * Files that may hold personal data (the registry, backups, exports, rejected rows) are private to
 * their owner: folders broker creates are 0700, files 0600. Files broker writes appear whole or
 * not at all: they are written beside the target, flushed, then renamed over it, so a crash leaves
 * either the previous complete file or none.
 */

export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_FOLDER_MODE = 0o700

/** Creates the folder (and missing parents) private to the owner; an existing folder keeps its mode. */
export function ensurePrivateFolder(folder: string): void {
  if (existsSync(folder)) return
  const first = mkdirSync(folder, {recursive: true, mode: PRIVATE_FOLDER_MODE})
  if (first === undefined) return
  // The umask may have taken bits away; never let it add any. Only the folders created here change.
  for (let current = resolve(folder); ; current = dirname(current)) {
    chmodSync(current, PRIVATE_FOLDER_MODE)
    if (current === resolve(first) || current === dirname(current)) break
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
 * file is never replaced: the last step is a hard link, which fails if the name is taken.
 */
export function writePrivateFileAtomically(target: string, content: string | Uint8Array, options: {replace?: boolean} = {}): void {
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
}

/** Gives the finished file the target's name unless that name is taken. */
function placeWithoutReplacing(partial: string, target: string): void {
  try {
    linkSync(partial, target)
  } catch (error) {
    if (existsSync(target)) throw Object.assign(new Error(`${target} exists`), {code: 'EEXIST'})
    // File systems without hard links (FAT, some network shares): the name was free a moment ago.
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error
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
