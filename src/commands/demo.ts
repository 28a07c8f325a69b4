import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

import {Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {wideFlag} from '../cli/flags.js'
import {renderMatchReport} from '../cli/match-report.js'
import {paint} from '../cli/style.js'
import {renderTable} from '../cli/table.js'
import {DEMO_DATE, type DemoResult, runDemo} from '../services/demo.js'

export default class Demo extends BaseCommand<typeof Demo> {
  static override summary =
    'Try broker on a fictional hub: a fresh registry in a temporary folder, the sample data imported, then the match.'

  static override description = `Never touches your own registry (--db and BROKER_DB are ignored): the demo registry goes in a
new temporary folder (or --dir) and its path is printed, so you can keep exploring it with
--db PATH. The sample hub is described in data/sample/README.md; the demo treats ${DEMO_DATE} as today.`

  static override examples = [
    '<%= config.bin %> demo',
    '<%= config.bin %> demo --dir ./demo-hub',
    '<%= config.bin %> demo --json',
  ]

  static override flags = {
    wide: wideFlag,
    dir: Flags.string({
      description: 'Folder for the demo registry (created if needed). Default: a new temporary folder.',
    }),
  }

  async run(): Promise<DemoResult> {
    const folder = this.flags.dir ? resolve(this.flags.dir) : mkdtempSync(join(tmpdir(), 'broker-demo-'))
    const path = join(folder, 'registry.db')
    this.say(paint.dim(`Creating a demo registry at ${path} and importing the sample hub ...`))
    const result = await this.withContext((context) => runDemo(context), {create: true, path, today: DEMO_DATE})
    this.say(() =>
      [
        renderTable(result.imports, [
          {header: 'Imported', value: (entry) => entry.kind},
          {header: 'From', value: (entry) => `data/sample/${entry.file}`},
          {header: 'New', value: (entry) => entry.inserted, align: 'right'},
          {header: 'Updated', value: (entry) => entry.updated, align: 'right'},
          {header: 'Skipped', value: (entry) => entry.skipped, align: 'right'},
        ]),
        '',
        renderMatchReport(result.match, false),
        '',
        paint.heading('Keep exploring the demo registry:'),
        `  export BROKER_DB=${path} BROKER_TODAY=${DEMO_DATE}`,
        '  broker match --explain ' + (result.match.unmatched[0]?.needId ?? result.match.proposals[0]?.needId ?? 1),
        '  broker match --apply && broker deployments list',
        '  broker leaders list --designation SLE',
        '  broker search "st marys"',
      ].join('\n'),
    )
    return result
  }
}
