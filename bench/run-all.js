#!/usr/bin/env node
// Runs every benchmark script in bench/ in turn (`npm run bench` builds first). Each prints its own figures.
import {spawnSync} from 'node:child_process'
import {readdirSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const here = fileURLToPath(new URL('./', import.meta.url))
for (const script of readdirSync(here)
  .filter((name) => name.endsWith('.js') && name !== 'run-all.js')
  .sort()) {
  console.log(`\n== bench/${script}`)
  const result = spawnSync(process.execPath, [`${here}${script}`], {stdio: 'inherit'})
  if (result.status !== 0) process.exitCode = 1
}
