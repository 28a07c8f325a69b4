import {Args, Command, loadHelpClass} from '@oclif/core'

import {describeFailure, printFailure} from '../cli/base-command.js'
import {usage} from '../core/errors.js'

export interface CommandHelp {
  command: string
  summary: string | null
  description: string | null
  args: {name: string; description: string | null; required: boolean}[]
  flags: {
    name: string
    char: string | null
    description: string | null
    required: boolean
    options: string[] | null
    multiple: boolean
  }[]
  examples: string[]
}

export type HelpResult = {commands: {command: string; summary: string | null}[]} | CommandHelp

/** `broker help [COMMAND]`: the same text as `--help`; with --json, the commands or one command's flags as data. */
export default class HelpCommand extends Command {
  static override summary = 'Show help for broker or one of its commands.'

  static override examples = [
    '<%= config.bin %> help',
    '<%= config.bin %> help leaders add',
    '<%= config.bin %> help match --json',
  ]

  static override strict = false

  static override enableJsonFlag = true

  static override args = {
    command: Args.string({description: 'Command to show help for.', required: false}),
  }

  async run(): Promise<HelpResult | undefined> {
    const {argv} = await this.parse(HelpCommand)
    const words = argv as string[]
    if (this.jsonEnabled()) return this.describe(words)
    const Help = await loadHelpClass(this.config)
    await new Help(this.config, this.config.pjson.oclif.helpOptions ?? {}).showHelp(words)
    return undefined
  }

  public override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  }

  protected override async catch(error: Error & {oclif?: {exit?: number}; code?: string}): Promise<unknown> {
    const failure = describeFailure(error)
    printFailure(failure, this.jsonEnabled())
    return this.exit(failure.exitCode)
  }

  private describe(words: string[]): HelpResult {
    const visible = this.config.commands.filter((command) => !command.hidden)
    if (words.length === 0) {
      return {
        commands: visible
          .map((command) => ({command: command.id.replaceAll(':', ' '), summary: command.summary ?? null}))
          .sort((a, b) => (a.command < b.command ? -1 : 1)),
      }
    }
    const wanted = words.join(' ')
    const command = visible.find((candidate) => candidate.id.replaceAll(':', ' ') === wanted)
    if (!command)
      throw usage(`Command ${wanted} not found.`, {
        suggestion: `\`${this.config.bin} help --json\` lists every command.`,
      })
    const render = (text: string) => text.replaceAll('<%= config.bin %>', this.config.bin)
    return {
      command: wanted,
      summary: command.summary ?? null,
      description: command.description ?? null,
      args: Object.values(command.args).map((arg) => ({
        name: arg.name,
        description: arg.description ?? null,
        required: arg.required ?? false,
      })),
      flags: Object.values(command.flags).map((flag) => ({
        name: flag.name,
        char: flag.char ?? null,
        description: flag.description ?? null,
        required: flag.required ?? false,
        options: flag.type === 'option' && flag.options ? [...flag.options] : null,
        multiple: flag.type === 'option' ? (flag.multiple ?? false) : false,
      })),
      examples: (command.examples ?? []).map((example) =>
        render(typeof example === 'string' ? example : example.command),
      ),
    }
  }
}
