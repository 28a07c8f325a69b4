// The capacitated p-median benchmark of Osman & Christofides (1994), OR-Library `pmedcap1` (issue
// 16): the clustering core's exact staged model (core/clusters/staged.ts) on ten instances of 50
// and 100 points, 5 and 10 medians, read from ../shared/data/benchmarks/pmedcap1/ (or
// $BROKER_SHARED_DATA/benchmarks/pmedcap1/). Prints per instance the cost found, the published
// optimum, the gap, whether HiGHS proved it optimal (each stage stops at 120 s) and the time. Asserts nothing. Run: npx tsx bench/pmedcap.ts [FILE...]
//
// As a clustering: every point is a school (demand = its demand), p identical leaders each lead
// one cluster (a median and the points assigned to it), a cluster's demand is within the capacity,
// no distance limit, and the distance is the Euclidean one truncated to an integer (the README's
// convention). Stage 1 then places every point; stage 2 is the p-median cost.
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {solveStaged} from '../src/core/clusters/staged.js'
import {buildStructure} from '../src/core/clusters/structure.js'
import {loadHighsSolver} from '../src/services/solver.js'
import {sharedData} from '../test/helpers/shared-data-folder.js'
import {pmedcapInstance} from './pmedcap-instance.js'

const folder = sharedData('benchmarks', 'pmedcap1')
if (!existsSync(folder)) {
  console.log(`No benchmark folder at ${folder}: nothing to measure.`)
  process.exit(0)
}
const files =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : readdirSync(folder)
        .filter((name) => name.endsWith('.txt'))
        .sort()

const solver = await loadHighsSolver()
console.log('| instance | n | p | cost found | optimum | gap | proven | time |')
console.log('|---|---:|---:|---:|---:|---:|---|---:|')
for (const file of files) {
  const {problem, optimum, p} = pmedcapInstance(readFileSync(join(folder, file), 'utf8'))
  const started = performance.now()
  const result = solveStaged(problem, buildStructure(problem), solver, {
    timeLimitSeconds: 120,
    chooseLeaders: (clusters) => clusters,
  })
  const seconds = (performance.now() - started) / 1000
  const cost = result.travelMetres
  const placedAll = result.placed === problem.schools.length ? '' : ` (placed ${result.placed})`
  console.log(
    `| ${file} | ${problem.schools.length} | ${p} | ${cost}${placedAll} | ${optimum} | ${(((cost - optimum) / optimum) * 100).toFixed(2)}% | ${result.optimal ? 'yes' : 'no (time limit)'} | ${seconds.toFixed(1)} s |`,
  )
}
