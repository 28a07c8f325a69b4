import {existsSync, readdirSync} from 'node:fs'

import {afterAll, describe, expect, it} from 'vitest'

import {networkFileSystem} from '../../src/db/file-system.js'
import {parseRegistryLocation, PASSWORD_MASK, redactSecrets, redactUrl} from '../../src/db/location.js'
import {connectionConfig} from '../../src/db/postgres.js'
import {jsonFailure, runCli, tempDir} from '../helpers/cli.js'

describe('where --db points', () => {
  it('takes a path for an SQLite file and postgres:// or postgresql:// for a PostgreSQL database', () => {
    expect(parseRegistryLocation('./hub.db')).toEqual({engine: 'sqlite', path: './hub.db', display: './hub.db'})
    expect(parseRegistryLocation('C:\\hubs\\north.db').engine).toBe('sqlite')
    expect(parseRegistryLocation('postgres://broker@db.example.org/broker').engine).toBe('postgres')
    expect(parseRegistryLocation('PostgreSQL://broker@%2Fvar%2Frun%2Fpostgresql:5433/broker').engine).toBe('postgres')
  })

  it('refuses anything else shaped like a URL', () => {
    for (const url of ['ftp://example.org/hub.db', 'file:///tmp/hub.db', 'mysql://root@db/broker', 'https://x.org/a'])
      expect(() => parseRegistryLocation(url), url).toThrow(/URL/)
  })

  it('shows a URL with its password replaced, wherever the password was', () => {
    const location = parseRegistryLocation('postgresql://hub:pa55-word@db.example.org:5432/broker?sslmode=require')
    expect(location.display).toBe(`postgresql://hub:${PASSWORD_MASK}@db.example.org:5432/broker?sslmode=require`)
    expect(redactUrl('postgres://db.example.org/broker?user=hub&password=pa55-word')).toBe(
      `postgres://db.example.org/broker?user=hub&password=${PASSWORD_MASK}`,
    )
    expect(redactSecrets('server said: password pa55-word is wrong', location)).not.toContain('pa55-word')
  })

  it('requires TLS for a server on another machine unless the URL or PGSSLMODE chooses', () => {
    const config = (url: string) => connectionConfig({engine: 'postgres', url, display: redactUrl(url)}, 5000)
    expect(config('postgresql://hub@db.example.org/broker').ssl).toEqual({rejectUnauthorized: true})
    expect(config('postgresql://hub@db.example.org/broker?sslmode=disable').ssl).toBe(false)
    expect(config('postgresql://hub@localhost/broker').ssl).toBeUndefined()
    expect(config('postgresql://hub@%2Fvar%2Frun%2Fpostgresql/broker').ssl).toBeUndefined()
    expect(config('postgresql://hub@db.example.org/broker').lock_timeout).toBe(5000)
  })

  it('names a network or sync file system under the registry, and not a local disk', () => {
    const mounts = [
      '/dev/vda / ext4 rw 0 0',
      '//nas/hub /mnt/hub cifs rw 0 0',
      'nas:/export /srv/nfs nfs4 rw 0 0',
      'drive /home/me/OneDrive fuse.onedriver rw 0 0',
      '/dev/vdb /mnt/hub/local ext4 rw 0 0',
    ].join('\n')
    expect(networkFileSystem('/mnt/hub/registry.db', mounts)?.type).toBe('cifs')
    expect(networkFileSystem('/srv/nfs/a/b/registry.db', mounts)?.type).toBe('nfs4')
    expect(networkFileSystem('/home/me/OneDrive/registry.db', mounts)?.message).toMatch(/PostgreSQL/)
    expect(networkFileSystem('/mnt/hub/local/registry.db', mounts)).toBeNull()
    expect(networkFileSystem('/tmp/registry.db', mounts)).toBeNull()
  })
})

describe('--db on the command line', () => {
  const dir = tempDir()
  afterAll(() => dir.remove())

  it('refuses a URL it cannot open and creates nothing (no folder named after the scheme)', () => {
    const result = runCli(['init', '--db', 'ftp://example.org/hub.db', '--json'], {cwd: dir.path})
    expect(result.status).toBe(2)
    expect(jsonFailure(result).message).toMatch(/ftp:\/\/ URL/)
    expect(readdirSync(dir.path)).toEqual([])
    expect(existsSync('ftp:')).toBe(false)
  })

  it('never prints the password of a PostgreSQL URL, even when the server cannot be reached', () => {
    const result = runCli(['db', 'status', '--db', 'postgresql://hub:pa55-word@127.0.0.1:1/broker', '--json'], {
      cwd: dir.path,
    })
    expect(result.status).toBe(1)
    expect(jsonFailure(result).message).toMatch(/Cannot reach the PostgreSQL server/)
    expect(result.stdout + result.stderr).not.toContain('pa55-word')
    expect(readdirSync(dir.path)).toEqual([])
  })
})
