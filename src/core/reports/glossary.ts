/**
 * The metrics glossary: every figure a report prints, defined once. Report footers, the README
 * section (`broker reports glossary --format markdown`) and the tests all read this table, so a
 * definition cannot drift between them.
 */

export const METRICS = {
  'as-of': {
    term: 'As of',
    definition:
      'The date the report was made (BROKER_TODAY when set). Statuses, open needs and capacity are as they stand on that date; past periods are read from dated records (received dates, ledger dates, agreed dates, evaluation dates).',
  },
  'needs-received': {
    term: 'Needs received',
    definition:
      'Requests for support whose received date falls in the period. A team request counts once per place (each place is matched separately).',
  },
  'needs-supported': {
    term: 'Supported',
    definition:
      'Needs received in the period that have a deployment which reached agreement (agreed, active, completed or ended early).',
  },
  'needs-proposed': {
    term: 'Proposed',
    definition: 'Needs received in the period with a proposal awaiting agreement and no agreed deployment.',
  },
  'needs-unmatched': {
    term: 'Unmatched',
    definition:
      "Needs received in the period that are still open with no live deployment. Why: the reason the latest match run in the period gave for the need (that run's id is printed); a need that run did not consider says so.",
  },
  'needs-closed-unsupported': {
    term: 'Closed without support',
    definition: 'Needs received in the period that were closed or withdrawn without a deployment reaching agreement.',
  },
  'days-agreed': {
    term: 'Days agreed',
    definition:
      'The agreed days (after any variation) of deployments under agreement during the period: agreed, active, completed or ended early, with agreed dates overlapping the period or days delivered in it. Counted in full for each such deployment.',
  },
  'days-delivered': {
    term: 'Days delivered',
    definition:
      'Delivered entries in the days ledger dated in the period (by ledger date, not by when they were typed in), including legacy check-ins.',
  },
  'cost-delivered': {
    term: 'Cost delivered',
    definition: "Days delivered in the period times the deployment's agreed day rate. Legacy check-ins carry no cost.",
  },
  'cost-per-day': {
    term: 'Cost per delivered day',
    definition: 'Cost delivered divided by days delivered, per funding source; blank when no days were delivered.',
  },
  utilisation: {
    term: 'Utilisation',
    definition:
      "(delivered + committed) ÷ released. For an academic year these are capacity accounting's figures (as a leader's record shows them). For a period, each figure belongs to the period: released days pro-rated to it, delivered days dated in it (as Days delivered), committed days whose agreed dates fall in it. A leader with several designations or specialisms counts under each; the 'All leaders' row counts everyone once.",
  },
  released: {
    term: 'Released',
    definition:
      "Days a leader's home school releases for an academic year (September to August). For a period, each academic year's released days are pro-rated by the share of that year's working days inside the period.",
  },
  committed: {
    term: 'Committed',
    definition:
      'Days of agreed or active deployments not yet delivered, spread over their agreed dates by working days: for an academic year, the share in that year; for a period, the share inside the period.',
  },
  held: {
    term: 'Held',
    definition: 'Days proposals hold for a leader until they are agreed, rejected or their hold expires.',
  },
  'legacy-days': {
    term: 'Legacy',
    definition: 'Unused day budgets of open legacy links.',
  },
  free: {
    term: 'Free',
    definition: 'released − held − committed − delivered − legacy; below zero means overcommitted.',
  },
  'agreed-days': {
    term: 'Agreed days',
    definition: 'The days in the agreement, after any variation (for a proposal: the days it holds).',
  },
  'delivered-to-date': {
    term: 'Delivered to date',
    definition: 'Delivered entries in the days ledger up to the as-of date.',
  },
  remaining: {
    term: 'Remaining',
    definition: 'Agreed days not yet delivered (never below zero).',
  },
  'agreed-cost': {
    term: 'Agreed cost',
    definition: 'Agreed days times the agreed day rate.',
  },
  'delivered-cost': {
    term: 'Delivered cost',
    definition: 'Delivered days times the agreed day rate.',
  },
  outcomes: {
    term: 'Outcomes',
    definition:
      'Objectives judged when a deployment completes, on the four-point scale: Not met, Partly met, Met, Exceeded. In a period report, the objectives of deployments completed (evaluated) in the period. Met or exceeded is the share of judged objectives at Met or Exceeded.',
  },
  demand: {
    term: 'Demand',
    definition:
      'Days requested by open needs (not yet proposed or in deployment). A need in several areas counts under each area.',
  },
  supply: {
    term: 'Supply',
    definition:
      'Free days this academic year (capacity accounting, overcommitted leaders counted as 0) of leaders with an active designation: under each specialism they hold, and under the local authority of their home school.',
  },
  balance: {
    term: 'Balance',
    definition: 'Supply minus demand; below zero means demand exceeds the free days of the leaders who could meet it.',
  },
  'cold-spot': {
    term: 'Cold spot',
    definition:
      "An open in-person or blended need with no candidate within the radius: no leader with the expertise, a fitting active designation and suitable phase experience works within the match radius of the school (twice the radius for blended support), by the matching engine's own rules. Capacity is not considered here. Remote needs are never cold spots.",
  },
  'nearest-candidate': {
    term: 'Nearest candidate',
    definition:
      'The closest leader who would be a candidate but for distance, and how far their home school is (straight line).',
  },
  'impact-supported': {
    term: 'Supported schools (impact)',
    definition:
      'Schools whose deployment was completed in the period (those ended early are counted apart), each once, from its first such deployment. Each is measured from its baseline (the latest published result before the agreed start) to its follow-up (the first published result at least the chosen number of months after completion, 12 unless set otherwise); schools whose follow-up year has no results yet are counted as awaiting, never dropped.',
  },
  'impact-comparison': {
    term: 'Comparison schools',
    definition:
      "For each supported school, up to k schools with no deployment in the period, of the same phase and region and the same baseline attainment quintile (the mean of the two results before support, against regression to the mean), nearest on FSM-ever percentile and cohort-size percentile within the caliper. Each is measured over its supported school's own baseline and follow-up years; converted schools are followed through their GIAS predecessor and successor links.",
  },
  'impact-effect': {
    term: 'Effect (difference in differences)',
    definition:
      "The supported schools' mean change from baseline to follow-up minus their comparison schools' mean change over the same years, each supported school weighted by its cohort (and each comparison school within its set by its own). Positive means supported schools improved more.",
  },
  'impact-interval': {
    term: '95% interval',
    definition:
      'The range from a bootstrap over supported schools (each resample draws supported schools with their comparison sets; seeded, so the same registry gives the same interval). An interval that spans zero is consistent with no effect.',
  },
  'impact-balance': {
    term: 'Standardised mean difference (balance)',
    definition:
      'How far supported schools differ from other schools on a characteristic, in standard deviations: before matching against every eligible school, after matching against the comparison schools. Within ±0.1 is usually read as well balanced; ±0.25 or more as a poor match.',
  },
  'impact-suppressed': {
    term: 'Fewer than 5',
    definition:
      'A group with fewer than 5 supported schools measured shows no figures: an estimate from so few schools says little, and could identify them.',
  },
  'impact-inspections': {
    term: 'Next inspection improved',
    definition:
      "Among schools inspected both before support began and after it ended, the share whose next judgement was better, judgement by judgement, within one framework only: a 1-4 grade is never compared with a report card, and inspections without an overall grade compare on the judgements they have. Comparison schools are read over their supported school's dates.",
  },
  'own-record': {
    term: "Leader's own record",
    definition:
      "For directors only: each deployment the leader completed (or that ended early) and what the supported school's published results did from the latest result before the agreed start to the first at least 12 months after the close, as the impact report measures them. No comparison schools, no total, no score and no rank; left out of redacted reports, and never read by the matching engine.",
  },
  redacted: {
    term: 'Redacted',
    definition:
      "In a redacted report, people's names (leaders, sign-offs) and email addresses are left out, leaders appear by reference only, and free text that may name people (notes, evidence, evaluations, reflections) is replaced by [redacted]. Hub and coverage reports never print email addresses.",
  },
} as const satisfies Record<string, {term: string; definition: string}>

export type MetricKey = keyof typeof METRICS

export interface GlossaryEntry {
  key: MetricKey
  term: string
  definition: string
}

export const METRIC_KEYS = Object.keys(METRICS) as MetricKey[]

/** The definitions of these metrics, in the glossary's order, each once. */
export function glossaryFor(keys: readonly MetricKey[]): GlossaryEntry[] {
  const wanted = new Set(keys)
  return METRIC_KEYS.filter((key) => wanted.has(key)).map((key) => ({key, ...METRICS[key]}))
}
