import type {Hook} from '@oclif/core'
import Fuse from 'fuse.js'

import {printFailure} from '../cli/base-command.js'
import {EXIT_CODES} from '../core/errors.js'

/** How many near commands to offer. */
const SUGGESTIONS = 3

/**
 * `broker leaders lst`: said in broker's own words, with the space people type (oclif would say
 * "command leaders:lst not found"), and the nearest commands offered.
 */
const commandNotFound: Hook.CommandNotFound = async function ({argv, config, id}) {
  const typed = id.replaceAll(':', ' ')
  const commands = config.commandIDs
    .filter((command) => !config.findCommand(command)?.hidden)
    .map((command) => command.replaceAll(':', ' '))
  const nearest = new Fuse(commands, {threshold: 0.45, ignoreLocation: true})
    .search(typed)
    .slice(0, SUGGESTIONS)
    .map((result) => `\`${config.bin} ${result.item}\``)
  const everything = `\`${config.bin} --help\` lists every command.`
  printFailure(
    {
      kind: 'usage',
      exitCode: EXIT_CODES.usage,
      message: `${config.bin} has no command "${typed}".`,
      suggestion: nearest.length > 0 ? `${nearest.join(', ')}; ${everything}` : everything,
    },
    argv?.includes('--json') ?? false,
  )
  process.exitCode = EXIT_CODES.usage
}

export default commandNotFound
