import {z} from 'zod'

/**
 * Everything a director can tune about a match, with the documented defaults. A weights file
 * (`broker match --weights FILE`, JSON) may set any subset; what it leaves out keeps the default.
 */

const unit = z.number().min(0).max(1)
const nonNegative = z.number().min(0)

export const matchConfigSchema = z
  .object({
    /** Relative weights of the score components; a pair's score is their weighted average. */
    weights: z
      .object({
        expertise: nonNegative,
        context: nonNegative,
        availability: nonNegative,
        distance: nonNegative,
        continuity: nonNegative,
      })
      .strict(),
    /** Relative weights of the parts of context fit. */
    context: z
      .object({
        phase: nonNegative,
        disadvantage: nonNegative,
        size: nonNegative,
        type: nonNegative,
      })
      .strict(),
    /** Added to context fit (capped at 1) when the leader's home school improved from RI or inadequate. */
    improvementBonus: unit,
    /** Multiplies a pair's score by the need's priority, so urgent needs are served first. */
    priority: z.object({high: unit, medium: unit, low: unit}).strict(),
    /** Distance score is exp(-km / distanceScaleKm). */
    distanceScaleKm: z.number().positive(),
    /** In-person support further than this is vetoed (blended: twice this). */
    maxRadiusKm: z.number().positive(),
    /** Distance score used when a location is unknown (the pair is flagged). */
    unknownLocationScore: unit,
    /** Veto leaders for schools of their own trust, as well as their own school. */
    vetoSameTrust: z.boolean(),
    /** Load balancing: score x (1 - loadBalance x the leader's utilisation before the run). */
    loadBalance: unit,
    /** At most this many new proposals for one leader in one run (null: no limit). */
    maxNewPerLeader: z.number().int().positive().nullable(),
    /** Proposals hold their days for this many calendar days unless agreed or rejected. */
    holdDays: z.number().int().positive(),
    /** Candidates per need given to the solver before pricing adds any that could improve it. */
    topK: z.number().int().positive(),
    /** The solver stops after this many seconds with its best proven answer. */
    timeLimitSeconds: z.number().positive(),
    strategy: z.enum(['optimal', 'greedy']),
  })
  .strict()

export type MatchConfig = z.infer<typeof matchConfigSchema>

export const DEFAULT_MATCH_CONFIG: MatchConfig = {
  weights: {expertise: 0.35, context: 0.25, availability: 0.1, distance: 0.15, continuity: 0.15},
  context: {phase: 0.4, disadvantage: 0.35, size: 0.1, type: 0.15},
  improvementBonus: 0.1,
  priority: {high: 1, medium: 0.8, low: 0.6},
  distanceScaleKm: 30,
  maxRadiusKm: 50,
  unknownLocationScore: 0.5,
  vetoSameTrust: true,
  loadBalance: 0.1,
  maxNewPerLeader: null,
  holdDays: 21,
  topK: 12,
  timeLimitSeconds: 20,
  strategy: 'optimal',
}

/** Merges a user's overrides over the defaults, rejecting unknown keys and out-of-range values. */
export function resolveMatchConfig(...layers: unknown[]): MatchConfig {
  let config: MatchConfig = structuredClone(DEFAULT_MATCH_CONFIG)
  for (const layer of layers) {
    if (layer === undefined || layer === null) continue
    config = mergeDeep(config, layer) as MatchConfig
  }
  return matchConfigSchema.parse(config)
}

function mergeDeep(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override
  const merged: Record<string, unknown> = {...base}
  for (const [key, value] of Object.entries(override)) {
    // Unknown keys fail validation below; these three must never reach an object as keys.
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new Error(`"${key}" is not a setting`)
    merged[key] = Object.hasOwn(base, key) ? mergeDeep(base[key], value) : value
  }
  return merged
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
