import {readFileSync} from 'node:fs'

import {expect, it} from 'vitest'

import {pmedcapInstance} from '../../bench/pmedcap-instance.js'
import {solveStaged} from '../../src/core/clusters/staged.js'
import {buildStructure} from '../../src/core/clusters/structure.js'
import {loadHighsSolver} from '../../src/services/solver.js'
import {describeWithSharedData, sharedData} from '../helpers/shared-data.js'

const instance = sharedData('benchmarks', 'pmedcap1', 'pmedcap1-01.txt')

describeWithSharedData('clusters: the capacitated p-median benchmark (OR-Library pmedcap1)', [instance], () => {
  it('finds the published optimum of instance 1 (50 points, 5 medians): 713', async () => {
    const {problem, optimum} = pmedcapInstance(readFileSync(instance, 'utf8'))
    const result = solveStaged(problem, buildStructure(problem), await loadHighsSolver(), {
      timeLimitSeconds: 600,
      chooseLeaders: (clusters) => clusters,
    })
    expect(optimum).toBe(713)
    expect(result.placed).toBe(50)
    expect(result.travelMetres).toBe(713)
    expect(result.optimal).toBe(true)
    expect(result.clusters.length).toBeLessThanOrEqual(5)
    for (const cluster of result.clusters)
      expect(cluster.members.reduce((sum, member) => sum + problem.schools[member]!.demand!, 0)).toBeLessThanOrEqual(
        120,
      )
  }, 120_000)
})
