import {usage} from '../core/errors.js'
import type {ServiceContext} from './context.js'
import {resolveNeed} from './resolve.js'

/** The needs a run is asked about, as people name them: by id or reference. */
export interface NamedTargets {
  needs?: readonly string[]
  explain?: string
  pins: readonly {need: string; leader: string}[]
  exclusions: readonly {need: string | null; leader: string}[]
}

/** The same, by the ids of the needs (single places) a run takes; leaders are still as named. */
export interface Targets {
  needIds?: number[]
  explainNeed?: number
  pins: {needId: number; leader: string}[]
  exclusions: {needId: number | null; leader: string}[]
}

/**
 * Needs named by id or reference to the ids a run takes. A team need stands for its places, each
 * matched to its own leader: a run of the team and an exclusion take every place, an explanation
 * the first, and a pin, being one leader, must name one place.
 */
export async function resolveTargets(context: ServiceContext, named: NamedTargets): Promise<Targets> {
  return context.registry.read(async (repos) => {
    const placesOf = async (text: string): Promise<number[]> => {
      const need = await resolveNeed(repos, text)
      const places = await repos.needs.children(need.id)
      return places.length > 0 ? places.map((place) => place.id) : [need.id]
    }
    const needIds =
      named.needs === undefined ? undefined : [...new Set((await Promise.all(named.needs.map(placesOf))).flat())]
    const explainNeed = named.explain === undefined ? undefined : (await placesOf(named.explain))[0]
    const pins: Targets['pins'] = []
    for (const pin of named.pins) {
      const places = await placesOf(pin.need)
      if (places.length > 1) {
        throw usage(
          `Need ${pin.need} is a team of ${places.length} places (needs ${places.join(', ')}); pin ${pin.leader} to one place.`,
          {code: 'match.pin-names-team', data: {need: pin.need, leader: pin.leader, places}},
        )
      }
      pins.push({needId: places[0]!, leader: pin.leader})
    }
    const exclusions: Targets['exclusions'] = []
    for (const exclusion of named.exclusions) {
      if (exclusion.need === null) exclusions.push({needId: null, leader: exclusion.leader})
      else for (const needId of await placesOf(exclusion.need)) exclusions.push({needId, leader: exclusion.leader})
    }
    return {needIds, explainNeed, pins, exclusions}
  })
}
