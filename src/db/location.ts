import {BrokerError} from '../core/errors.js'

/**
 * Where a registry lives, as given by --db or BROKER_DB: an SQLite file, or a PostgreSQL database
 * named by a `postgres://` / `postgresql://` URL. Anything else shaped like a URL (`scheme://`) is
 * refused, so that a URL is never taken for a file name (a folder called `postgres:` appearing in
 * the working directory is how users used to find out).
 *
 * `display` is what broker may write anywhere people read: the URL with its password replaced.
 * The real URL is kept only in `url` and handed to the driver.
 */
export type RegistryLocation =
  {engine: 'sqlite'; path: string; display: string} | {engine: 'postgres'; url: string; display: string}

export type RegistryEngine = RegistryLocation['engine']

const URL_SHAPED = /^([a-z][a-z0-9+.-]*):\/\//i
const POSTGRES_SCHEMES = new Set(['postgres', 'postgresql'])
/** What replaces a password in everything broker shows or stores. */
export const PASSWORD_MASK = '*****'

export function parseRegistryLocation(text: string): RegistryLocation {
  const scheme = URL_SHAPED.exec(text)?.[1]?.toLowerCase()
  if (scheme === undefined) return {engine: 'sqlite', path: text, display: text}
  if (!POSTGRES_SCHEMES.has(scheme)) {
    throw new BrokerError(
      'usage',
      `The registry location ${redactUrl(text)} is a ${scheme}:// URL; broker opens an SQLite file or a PostgreSQL database (postgres:// or postgresql://).`,
      {
        suggestion:
          'Give a file path (for example ./hub.db) or a PostgreSQL URL such as postgresql://broker@db.example.org/broker.',
      },
    )
  }
  try {
    new URL(text)
  } catch {
    throw new BrokerError('usage', `The PostgreSQL URL ${redactUrl(text)} cannot be read.`, {
      suggestion:
        'Write it as postgresql://USER@HOST:PORT/DATABASE (percent-encode special characters), and keep the password in ~/.pgpass.',
    })
  }
  return {engine: 'postgres', url: text, display: redactUrl(text)}
}

/**
 * The URL with any password (in the user-info part or a `password=` parameter) replaced by
 * PASSWORD_MASK. Works on text that does not parse as a URL too, since it is also used to clean
 * error messages that quote one.
 */
export function redactUrl(text: string): string {
  return text
    .replace(
      /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):([^@/?#\s]*)@/gi,
      (_match, head: string) => `${head}:${PASSWORD_MASK}@`,
    )
    .replace(/([?&]password=)[^&#\s]*/gi, (_match, head: string) => `${head}${PASSWORD_MASK}`)
}

/** Cleans any text that may quote the registry URL or its password (driver errors, for example). */
export function redactSecrets(text: string, location: RegistryLocation): string {
  let cleaned = redactUrl(text)
  if (location.engine === 'postgres') {
    const password = passwordOf(location.url)
    if (password) cleaned = cleaned.split(password).join(PASSWORD_MASK)
  }
  return cleaned
}

function passwordOf(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    const password = parsed.password ? decodeURIComponent(parsed.password) : parsed.searchParams.get('password')
    return password || undefined
  } catch {
    return undefined
  }
}
