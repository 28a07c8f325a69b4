import {DEFAULT_HOLD_DAYS} from '../lifecycle.js'

/**
 * Everything a director can tune about a match, with the documented defaults. A weights file
 * (`broker match --weights FILE`, JSON) may set any subset; what it leaves out keeps the default.
 */

export interface MatchConfig {
  /** Relative weights of the score components; a pair's score is their weighted average. */
  weights: {expertise: number; context: number; availability: number; distance: number; continuity: number}
  /** Relative weights of the parts of context fit. */
  context: {phase: number; disadvantage: number; size: number; type: number}
  /** Added to context fit (capped at 1) when the leader's home school improved from RI or inadequate. */
  improvementBonus: number
  /** Multiplies a pair's score by the need's priority, so urgent needs are served first. */
  priority: {high: number; medium: number; low: number}
  /**
   * weighted: the multipliers above decide. strict: the most high-priority needs matched first,
   * then medium, then low (each count proven), and only then the best total score.
   */
  priorityMode: 'weighted' | 'strict'
  /** Distance score is exp(-km / distanceScaleKm). */
  distanceScaleKm: number
  /** In-person support further than this is vetoed (blended: twice this). */
  maxRadiusKm: number
  /** Distance score used when a location is unknown (the pair is flagged). */
  unknownLocationScore: number
  /** Veto leaders for schools of their own trust, as well as their own school. */
  vetoSameTrust: boolean
  /**
   * Propose leaders across the primary/secondary divide where their phase experience does not
   * cover the need (data/phase-cover.csv). Off by default: a hub turns it on knowingly.
   */
  crossPhaseSupport: boolean
  /** Load balancing: score x (1 - loadBalance x the leader's utilisation before the run). */
  loadBalance: number
  /** At most this many new proposals for one leader in one run (null: no limit). */
  maxNewPerLeader: number | null
  /** Proposals hold their days for this many calendar days unless agreed or rejected. */
  holdDays: number
  /** Candidates per need given to the solver before pricing adds any that could improve it. */
  topK: number
  /** The solver stops after this many seconds with its best proven answer. */
  timeLimitSeconds: number
  strategy: 'optimal' | 'greedy'
  /** Prove the optimum instead of stopping within 0.5% of it (small models are always proven). */
  exact: boolean
}

export const DEFAULT_MATCH_CONFIG: MatchConfig = {
  weights: {expertise: 0.35, context: 0.25, availability: 0.1, distance: 0.15, continuity: 0.15},
  context: {phase: 0.4, disadvantage: 0.35, size: 0.1, type: 0.15},
  improvementBonus: 0.1,
  priority: {high: 1, medium: 0.8, low: 0.6},
  priorityMode: 'weighted',
  distanceScaleKm: 30,
  maxRadiusKm: 50,
  unknownLocationScore: 0.5,
  vetoSameTrust: true,
  crossPhaseSupport: false,
  loadBalance: 0.1,
  maxNewPerLeader: null,
  holdDays: DEFAULT_HOLD_DAYS,
  topK: 12,
  timeLimitSeconds: 20,
  strategy: 'optimal',
  exact: false,
}

/** Merges a user's overrides over the defaults, rejecting unknown keys and out-of-range values. */
export async function resolveMatchConfig(...layers: unknown[]): Promise<MatchConfig> {
  const given = layers.filter(
    (layer) => layer !== undefined && layer !== null && !(isPlainObject(layer) && Object.keys(layer).length === 0),
  )
  if (given.length === 0) return structuredClone(DEFAULT_MATCH_CONFIG)
  const {matchConfigSchema} = await import('./config-schema.js')
  return matchConfigSchema.parse(withOverrides(DEFAULT_MATCH_CONFIG, ...given)) satisfies MatchConfig
}

/** Layers overrides over a configuration without validating them (resolveMatchConfig validates). */
export function withOverrides(base: MatchConfig, ...layers: unknown[]): MatchConfig {
  let config = structuredClone(base)
  for (const layer of layers) config = mergeDeep(config, layer) as MatchConfig
  return config
}

function mergeDeep(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override
  const merged: Record<string, unknown> = {...base}
  for (const [key, value] of Object.entries(override)) {
    // Unknown keys fail validation below; these three must never reach an object as keys.
    if (key === '__proto__' || key === 'constructor' || key === 'prototype')
      throw new Error(`"${key}" is not a setting`)
    merged[key] = Object.hasOwn(base, key) ? mergeDeep(base[key], value) : value
  }
  return merged
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
