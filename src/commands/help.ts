import {Args, Command, loadHelpClass} from '@oclif/core'

/** `broker help [COMMAND]`, the same text as `--help`. */
export default class HelpCommand extends Command {
  static override summary = 'Show help for broker or one of its commands.'

  static override examples = ['<%= config.bin %> help', '<%= config.bin %> help leaders add']

  static override strict = false

  static override args = {
    command: Args.string({description: 'Command to show help for.', required: false}),
  }

  async run(): Promise<void> {
    const {argv} = await this.parse(HelpCommand)
    const Help = await loadHelpClass(this.config)
    await new Help(this.config, this.config.pjson.oclif.helpOptions ?? {}).showHelp(argv as string[])
  }
}
