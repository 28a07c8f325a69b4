import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {renderFields} from '../../cli/table.js'
import {type GlossaryEntry, glossaryFor, METRIC_KEYS} from '../../core/reports/glossary.js'
import {renderGlossaryMarkdown} from '../../services/output.js'

/** What `broker reports glossary --json` prints. */
export interface GlossaryResult {
  glossary: GlossaryEntry[]
}

export default class ReportsGlossary extends BaseCommand<typeof ReportsGlossary> {
  static override summary = "Define every figure the reports print (the same words as each report's footer)."

  static override examples = [
    '<%= config.bin %> reports glossary',
    '<%= config.bin %> reports glossary --format markdown',
  ]

  static override flags = {
    format: Flags.string({
      description: 'terminal or markdown.',
      options: ['terminal', 'markdown'],
      default: 'terminal',
    }),
  }

  async run(): Promise<GlossaryResult> {
    const glossary = glossaryFor(METRIC_KEYS)
    if (this.flags.format === 'markdown') this.say(renderGlossaryMarkdown(glossary).trimEnd())
    else this.say(renderFields(glossary.map((entry) => [entry.term, entry.definition])))
    return {glossary}
  }
}
