// The impact estimate's honesty over many seeded synthetic registries (issue 17, item 4's slow
// check): in registries where support adds nothing, how often the 95% interval covers zero, and in
// registries where support adds a planted effect, how often the interval contains it. Worlds come
// from test/core/impact-world.ts (weaker schools likelier to be supported, yearly noise) and go
// through the pure core, as the report builds them, without the CLI.
// Run: npx tsx bench/impact-coverage.ts [worlds] [planted effect]
import {performance} from 'node:perf_hooks'

import {buildImpactReport} from '../src/core/impact/build.js'
import {DEFAULT_IMPACT} from '../src/core/impact/model.js'
import {syntheticWorld} from '../test/core/impact-world.js'

const WORLDS = Number(process.argv[2] ?? 100)
const PLANTED = Number(process.argv[3] ?? 2)
/** The target for the zero-effect worlds: at least 90 of 100 intervals cover zero. */
const TARGET = 0.9

type ChosenOn = 'quality' | 'results'

function coverage(
  effect: number,
  chosenOn: ChosenOn,
): {covered: number; measured: number; meanEffect: number; meanWidth: number} {
  let covered = 0
  let measured = 0
  let effects = 0
  let widths = 0
  for (let world = 0; world < WORLDS; world += 1) {
    // Seeds apart from the unit tests' (5, 11); the bootstrap uses the report's own resamples.
    const input = {...syntheticWorld({seed: 1000 + world, effect, chosenOn}), resamples: DEFAULT_IMPACT.resamples}
    const row = buildImpactReport(input).headline.find((estimate) => estimate.measure === 'ks4-attainment8')
    if (row === undefined || row.suppressed) continue
    measured += 1
    effects += row.effect
    widths += row.high - row.low
    if (row.low <= effect && effect <= row.high) covered += 1
  }
  return {covered, measured, meanEffect: effects / measured, meanWidth: widths / measured}
}

const CHOSEN: Record<ChosenOn, string> = {
  results: 'schools chosen for support on their published results (what the matching is built for)',
  quality: 'schools chosen on a lasting quality no data shows (matching on a noisy baseline cannot remove it)',
}

for (const chosenOn of ['results', 'quality'] as const) {
  console.log(`${CHOSEN[chosenOn]}:`)
  for (const effect of [0, PLANTED]) {
    const started = performance.now()
    const found = coverage(effect, chosenOn)
    const seconds = (performance.now() - started) / 1000
    const share = found.covered / found.measured
    console.log(
      `  planted effect ${effect}: the 95% interval contains it in ${found.covered} of ${found.measured} registries ` +
        `(${(share * 100).toFixed(0)}%; mean estimate ${found.meanEffect.toFixed(2)}, mean width ${found.meanWidth.toFixed(2)} points; ${seconds.toFixed(1)} s)` +
        (effect === 0 ? ` ${share >= TARGET ? 'meets' : 'MISSES'} the target of ${TARGET * 100}%` : ''),
    )
  }
}
