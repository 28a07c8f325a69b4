// Runs the benchmark scripts in bench/ in turn (`npm run bench` builds first), each a fresh Node
// process running the TypeScript through tsx. Each prints its own figures. search.ts, startup.ts
// and generate-national.ts are run on their own (bench/README.md).
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

const BENCHES = ['deployments', 'imports', 'match', 'reliability', 'reports', 'impact-coverage', 'impact-national']

const here = fileURLToPath(new URL('./', import.meta.url))
for (const bench of BENCHES) {
  console.log(`\n== bench/${bench}.ts`)
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${here}${bench}.ts`], {stdio: 'inherit'})
  if (result.status !== 0) process.exitCode = 1
}
