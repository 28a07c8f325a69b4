// Bundles each built command (dist/commands/**, in place) with the modules it imports,
// so a command loads a few files instead of hundreds: `broker match --need N` starts about a
// tenth of a second sooner. Shared code goes into chunks; modules a command imports lazily
// (prompts, solver, spreadsheets, PDF, maps) stay lazy. Native and data-carrying packages stay
// external and load from node_modules as usual. Run by `npm run build` after tsc.
import {readdirSync} from 'node:fs'
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
  banner: {js: "import {createRequire as __brokerCreateRequire} from 'node:module'; const require = __brokerCreateRequire(import.meta.url);"},
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
  ],
  logLevel: 'warning',
})
