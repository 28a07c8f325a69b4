import {readFileSync, realpathSync} from 'node:fs'
import {basename, dirname, join, resolve, sep} from 'node:path'

/**
 * SQLite's locking relies on the file system; network shares and sync folders (SMB/CIFS, NFS,
 * FUSE mounts such as OneDrive or Dropbox clients, sshfs) do not honour it, and two writers can
 * corrupt the registry. This finds the file system a registry file lives on (Linux: /proc/mounts)
 * so that init, db status and db check can say so.
 */

const NETWORK_TYPES = /^(cifs|smb3?|smbfs|nfs4?|fuse(\..*)?|fuseblk|9p|afs|ceph|glusterfs|davfs|sshfs|lustre|gpfs)$/

export interface FileSystemRisk {
  /** The mount's file-system type, as /proc/mounts names it (cifs, nfs4, fuse.sshfs ...). */
  type: string
  mountPoint: string
  message: string
}

/** The network file system holding `path`, or null (a local disk, or no /proc/mounts to read). */
export function networkFileSystem(path: string, mounts = readMounts()): FileSystemRisk | null {
  if (mounts === null) return null
  const folder = realFolder(path)
  let best: {mountPoint: string; type: string} | null = null
  for (const line of mounts.split('\n')) {
    const [, rawMountPoint, type] = line.split(' ')
    if (!rawMountPoint || !type) continue
    // /proc/mounts writes spaces and other specials in octal (\040).
    const mountPoint = rawMountPoint.replace(/\\([0-7]{3})/g, (_match, octal: string) =>
      String.fromCharCode(parseInt(octal, 8)),
    )
    const inside = mountPoint === '/' || folder === mountPoint || folder.startsWith(`${mountPoint}${sep}`)
    if (inside && (best === null || mountPoint.length >= best.mountPoint.length)) best = {mountPoint, type}
  }
  if (best === null || !NETWORK_TYPES.test(best.type)) return null
  return {
    ...best,
    message: `The registry ${path} is on a network or sync file system (${best.type} at ${best.mountPoint}). SQLite's locking does not protect a file there: two people writing at once can corrupt it. Keep the file on a local disk for one person, or move a team's registry to a PostgreSQL server (see "A shared registry" in the README).`,
  }
}

function readMounts(): string | null {
  try {
    return readFileSync('/proc/mounts', 'utf8')
  } catch {
    return null
  }
}

/** The real folder of the file, links resolved as far as the folders exist (it may not exist yet). */
function realFolder(path: string): string {
  let folder = dirname(resolve(path))
  let rest = ''
  for (;;) {
    try {
      return join(realpathSync(folder), rest)
    } catch {
      const parent = dirname(folder)
      if (parent === folder) return join(folder, rest)
      rest = join(basename(folder), rest)
      folder = parent
    }
  }
}
