import {z} from 'zod'

/** The shape and ranges of match settings; loaded only when a user supplies settings. */
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
    /** weighted: the multipliers decide; strict: most high-priority needs first, then medium, then low. */
    priorityMode: z.enum(['weighted', 'strict']),
    /** Distance score is exp(-km / distanceScaleKm). */
    distanceScaleKm: z.number().positive(),
    /** In-person support further than this is vetoed (blended: twice this). */
    maxRadiusKm: z.number().positive(),
    /** Distance score used when a location is unknown (the pair is flagged). */
    unknownLocationScore: unit,
    /** Veto leaders for schools of their own trust, as well as their own school. */
    vetoSameTrust: z.boolean(),
    /** Propose leaders whose phase experience does not cover the need (data/phase-cover.csv). */
    crossPhaseSupport: z.boolean(),
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
    /** Prove the optimum instead of stopping within 0.5% of it. */
    exact: z.boolean(),
  })
  .strict()
