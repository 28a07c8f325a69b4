// Start-up time of `broker --help` against bare `node -e 0`, with and without the oclif manifest.
// Median of N runs each (default 20). Run after `npm run build`: npx tsx bench/startup.ts [runs]
import {spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const runs = Number(process.argv[2] ?? 20)

function median(args: string[], cwd = root): number {
  const times: number[] = []
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now()
    const result = spawnSync(process.execPath, args, {cwd, stdio: 'ignore'})
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

// A copy of the built CLI without oclif.manifest.json: oclif then imports every command to list them.
const bare = mkdtempSync(join(tmpdir(), 'broker-no-manifest-'))
for (const entry of ['bin', 'dist', 'data', 'package.json'])
  cpSync(join(root, entry), join(bare, entry), {recursive: true})
symlinkSync(join(root, 'node_modules'), join(bare, 'node_modules'))

try {
  const node = median(['-e', '0'])
  const withManifest = median([join(root, 'bin', 'run.js'), '--help'])
  const withoutManifest = median([join(bare, 'bin', 'run.js'), '--help'], bare)
  const leadersHelp = median([join(root, 'bin', 'run.js'), 'leaders', 'list', '--help'])
  const row = (label: string, ms: number) =>
    console.log(`${label.padEnd(34)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / node).toFixed(2)}x node`)
  console.log(`median of ${runs} runs, node ${process.version}`)
  row('node -e 0', node)
  row('broker --help (manifest)', withManifest)
  row('broker --help (no manifest)', withoutManifest)
  row('broker leaders list --help', leadersHelp)
} finally {
  rmSync(bare, {recursive: true, force: true})
}
