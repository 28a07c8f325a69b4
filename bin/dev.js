#!/usr/bin/env node
// Runs broker from the TypeScript sources (src/commands) without building, for development:
// tsx compiles them on the fly and oclif lists the commands from src/ instead of the manifest.
import {readFileSync} from 'node:fs'

import {register} from 'tsx/esm/api'

register()
const root = new URL('..', import.meta.url)
const pjson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
pjson.oclif.commands = './src/commands'
// oclif ignores a manifest whose version differs from the package's; it warns that it did so,
// which is exactly what we want here, so that one warning is not shown.
pjson.version = `dev-${pjson.version}`
const emitWarning = process.emitWarning.bind(process)
process.emitWarning = (warning, ...rest) =>
  String(warning).startsWith('Mismatched version in') ? undefined : emitWarning(warning, ...rest)
const {execute} = await import('@oclif/core')
await execute({development: true, dir: import.meta.url, loadOptions: {root: root.pathname, pjson}})
