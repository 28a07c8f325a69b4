import {Args, Flags} from '@oclif/core'

import {formatDays} from '../core/days.js'
import {type Deployment, parsePounds, subjectLabel} from '../core/deployments.js'
import {usage} from '../core/errors.js'
import {FUNDING_SOURCES} from '../core/lifecycle.js'
import type {LettersResult} from '../services/letters.js'
import {daysFlag, isoDateFlag} from './flags.js'
import {paint} from './style.js'
import {plural} from './table.js'

/** Arguments and flags shared by the `deployments` and `legacy` commands. */

export const deploymentIdArg = Args.integer({
  description: 'Deployment id (see `broker deployments list`).',
  required: true,
  min: 1,
})

export const legacyIdArg = Args.integer({
  description: 'Legacy link id (see `broker legacy list`).',
  required: true,
  min: 1,
})

/** Money as people write it (450, 450.50, £1,200); parsed to pence. */
export const poundsFlag = Flags.custom<number>({
  async parse(input) {
    const pence = parsePounds(input)
    if (pence === null) throw new Error(`Expected an amount in pounds like 450 or 450.50, got "${input}".`)
    return pence
  },
})

const rateFlag = poundsFlag({description: 'Day rate in pounds (0 for unpaid support).'})
const fundingFlag = Flags.string({description: 'Funding source.', options: [...FUNDING_SOURCES]})

/** The agreement's terms, for `agree` (which requires rate and funding) and `amend`. */
export function termFlags() {
  return {
    objective: Flags.string({
      description: 'An objective; repeat for several, each followed by its --criteria.',
      multiple: true,
    }),
    criteria: Flags.string({description: 'Success criteria of the objective in the same position.', multiple: true}),
    days: daysFlag({description: 'Agreed days (halves allowed).'}),
    from: isoDateFlag({description: 'Agreed start date.'}),
    to: isoDateFlag({description: 'Agreed end date.'}),
    'mid-review': isoDateFlag({
      description: 'Mid-point review date. Default: halfway through the dates, on a working day.',
    }),
    rate: rateFlag,
    funding: fundingFlag,
    programme: Flags.string({description: 'Funding programme (e.g. "NLG funded offer").'}),
    'grant-ref': Flags.string({description: 'Grant reference.'}),
    payer: Flags.string({description: 'Who pays (the DfE, the school, the trust ...).'}),
    'allow-overcommit': Flags.boolean({
      description: "Go ahead even when the leader's released days are overcommitted.",
    }),
  }
}

/** Pairs repeated --objective and --criteria flags by position. */
export function objectivesFrom(
  objectives: string[] | undefined,
  criteria: string[] | undefined,
): {objective: string; successCriteria: string}[] | undefined {
  if (objectives === undefined && criteria === undefined) return undefined
  const list = objectives ?? []
  const criteriaList = criteria ?? []
  if (list.length !== criteriaList.length) {
    throw usage(
      `Got ${list.length} --objective and ${criteriaList.length} --criteria; give one --criteria for each --objective, in the same order.`,
    )
  }
  return list.map((objective, index) => ({objective, successCriteria: criteriaList[index]!}))
}

/** Reads repeated "N=value" flags (objective positions) into a map. */
export function numberedValues(flag: string, values: readonly string[]): Map<number, string> {
  const result = new Map<number, string>()
  for (const value of values) {
    const match = /^\s*(\d+)\s*=(.*)$/s.exec(value)
    if (!match) throw usage(`--${flag} takes OBJECTIVE=VALUE, like --${flag} "1=...", not "${value}".`)
    const position = Number(match[1])
    if (result.has(position)) throw usage(`--${flag} is given twice for objective ${position}.`)
    result.set(position, match[2]!.trim())
  }
  return result
}

/** "Deployment 12 (agreed): SH-0001 Jo Bloggs → Carr Hill Primary (910083), 3 days, 2027-01-04 → 2027-03-31". */
export function deploymentLine(deployment: Deployment): string {
  const leader = deployment.leaderName ? `${deployment.leaderRef} ${deployment.leaderName}` : deployment.leaderRef
  const dates = deployment.startsOn && deployment.endsOn ? `, ${deployment.startsOn} → ${deployment.endsOn}` : ''
  return `Deployment ${deployment.id} (${deployment.status}): ${leader} → ${subjectLabel(deployment)}, ${formatDays(deployment.halfDays)} days${dates}`
}

export function doneLine(text: string): string {
  return `${paint.ok('✓')} ${text}`
}

/** "Drafted 6 files for 2 proposals in /path (nothing was sent)." */
export function lettersLine(result: LettersResult): string {
  const files = result.deployments.reduce((total, entry) => total + entry.files.length, 0)
  return doneLine(
    `Drafted ${plural(files, 'file')} for ${plural(result.deployments.length, 'proposal')} in ${result.folder} (nothing was sent).`,
  )
}
