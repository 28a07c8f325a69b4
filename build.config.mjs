// Bundles each built command (dist/commands/**, in place) with the modules it imports,
// so a command loads a few files instead of hundreds: `broker match --need N` starts about a
// tenth of a second sooner. Shared code goes into chunks; modules a command imports lazily
// (prompts, solver, spreadsheets, PDF, maps) stay lazy. Native and data-carrying packages stay
// external and load from node_modules as usual. Run by `npm run build` after tsc; it then
// writes oclif.manifest.json.
import {execFileSync} from 'node:child_process'
import {readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {build} from 'esbuild'

const commands = readdirSync('dist/commands', {recursive: true, withFileTypes: true})
  .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
  .map((entry) => join(entry.parentPath ?? entry.path, entry.name))

await build({
  entryPoints: commands,
  outdir: 'dist',
  outbase: 'dist',
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS packages call require(); give the ES modules one.
  banner: {
    js: "import {createRequire as __brokerCreateRequire} from 'node:module'; const require = __brokerCreateRequire(import.meta.url);",
  },
  external: [
    '@oclif/core', // commands must extend the same Command class oclif runs
    'better-sqlite3', // native addon
    'highs', // loads its .wasm beside itself
    'exceljs',
    'pdfmake',
    'pdfkit', // font and data files beside itself
    'world-atlas', // JSON read from the package
    'topojson-client', // UMD: its named exports reach Node's own import, not a bundle's
    'd3-geo',
    '@inquirer/prompts',
    'docxtemplater', // Word documents: loaded only when one is written
    'pizzip',
  ],
  logLevel: 'warning',
})

// oclif lists commands in the order the file system returns them, which differs between
// machines; sorted, the committed manifest only changes when a command does.
execFileSync('oclif', ['manifest'], {
  env: {...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true'},
  stdio: ['ignore', 'ignore', 'inherit'],
})
const manifest = JSON.parse(readFileSync('oclif.manifest.json', 'utf8'))
manifest.commands = Object.fromEntries(Object.entries(manifest.commands).sort(([a], [b]) => (a < b ? -1 : 1)))
writeFileSync('oclif.manifest.json', JSON.stringify(manifest, null, 2) + '\n')
