import type {DataSource, MissingData} from '../core/eligibility.js'
import type {ErrorCode, ErrorCodes, FileKind, RequiredText} from '../core/error-codes.js'
import type {BrokerError} from '../core/errors.js'
import type {DeploymentStatus} from '../core/lifecycle.js'
import type {NeedStatus} from '../core/model.js'
import type {RowRemedy} from '../core/row-reader.js'

type AdviceTable = {[Code in ErrorCode]: (data: ErrorCodes[Code]) => string | undefined}

/** The command that reads each kind of file. */
const IMPORT_COMMANDS: Record<FileKind, string> = {
  schools: 'broker schools import',
  'school-links': 'broker schools links import',
  leaders: 'broker leaders import',
  needs: 'broker needs import',
  inspections: 'broker inspections import',
  districts: 'broker districts import',
}

/** The flag that gives each piece of required text. */
const TEXT_FLAGS: Record<RequiredText, string> = {
  'supported-head-signoff': '--supported-head-signoff "Name, date"',
  'home-head-signoff': '--home-head-signoff "Name, date"',
  'broker-signoff': '--broker-signoff "Name"',
  'variation-reason': '--reason "..."',
  objective: '--objective "..."',
  'success-criteria': '--criteria "..." for each --objective',
  evaluation: '--evaluation "..."',
  reflection: '--reflection "..."',
  'legacy-end-reason': '--reason "..."',
}

const LIST_NEEDS = 'List needs with `broker needs list --status any`.'

/**
 * What to try next, in flags and `broker` commands, for each coded failure of the layers below.
 * They say what went wrong in the domain's words; only the CLI knows how a user asks for the fix.
 */
const ADVICE: AdviceTable = {
  // the registry file
  'registry.missing': () => 'Create one with `broker init`, or point --db (or BROKER_DB) at an existing registry.',
  'registry.is-folder': () => 'Point --db (or BROKER_DB) at a file, for example registry.db inside that folder.',
  'registry.not-sqlite': () =>
    'Check the --db path (or BROKER_DB), or create a new registry elsewhere with `broker init --db PATH`.',
  'registry.folder-read-only': () =>
    'Make the folder writable for you (chmod u+w), or copy the registry to a folder you own and point --db at the copy.',
  'registry.not-writable': () => 'Check the file and folder permissions, or point --db at a registry you own.',
  'registry.io-failed': () => 'Check the disk; run `broker db check` once it is healthy.',
  'registry.damaged': () => 'Restore a backup with `broker db restore FILE`, or point --db at another registry.',
  'registry.check-failed': (report) =>
    report.integrity.join() !== 'ok' || report.foreignKeyProblems.length > 0
      ? 'Restore the latest good backup with `broker db restore FILE` (the damaged registry is kept aside).'
      : 'Make the files private with `chmod 600` (folder `chmod 700`), or upgrade broker for a newer registry.',
  'backup.is-registry': () => 'Give --out a new file name, for example backups/registry-monday.db.',
  'restore.is-registry': () => 'Give the path of a backup made by `broker db backup`.',
  'restore.is-folder': () => 'Give the path of a file made by `broker db backup`.',
  'restore.damaged': ({file}) =>
    `Restore an older backup, or run \`broker db check --db ${file}\` on it to see the damage.`,
  'restore.not-registry': () => 'Give a file made by `broker db backup`.',
  'registry.schema-differs': ({where, version, expected}) =>
    version < expected
      ? `Upgrade it first: \`broker db status --db ${where}\` brings it to version ${expected} (with the password in ~/.pgpass, not the URL), or copy into an empty database or a new file.`
      : 'Upgrade broker, or copy into an empty database or a new file.',
  'copy.same-registry': () => 'Give --to another file or database.',
  'copy.target-not-empty': () =>
    'Add --force to replace what it holds (take a `broker db backup` of it first), or give --to an empty database or a new file.',
  'copy.mismatch': () => 'Nothing was changed in the target. Run `broker db check` on the registry, then copy again.',

  // files brought in
  'import.no-sheet': ({sheets}) =>
    `Pass --sheet with one of: ${sheets.map((sheet) => `"${sheet}"`).join(', ') || '(none)'}.`,
  'import.columns-unusable': ({looksLike}) =>
    looksLike
      ? `This looks like ${looksLike.what}, which \`${IMPORT_COMMANDS[looksLike.kind]}\` reads.`
      : 'Rename or remove the columns, or say which column is which in a map file (CSV with column,field lines) passed with --map.',
  'import.header-doubts': ({doubts}) =>
    `Run it in a terminal to choose, or pass --map FILE with lines such as "${doubts[0]?.column},${doubts[0]?.candidates[0]?.field ?? 'ignore'}" (field "ignore" leaves a column out); --save-map remembers the choice.`,
  'import.rows-invalid': ({rejected}) =>
    [
      ...rowRemedies(rejected),
      'Fix the rows and import again; --dry-run lists every problem, --skip-invalid imports the valid rows and writes the rejected ones to a CSV to fix and re-import.',
    ].join(' '),
  'import.year-mismatch': () => 'Leave out --year, or rename the column.',
  'import.area-map-invalid': () => 'Use area codes from `broker search` or data/taxonomy.csv.',

  // areas of expertise
  'areas.unknown': () =>
    'Use an area name or code such as maths, phonics, send or governance (`broker search TEXT` finds areas).',
  'areas.loose-match': () => 'Use the exact area name, or pass --accept-fuzzy to take the suggested match.',

  // schools and trusts
  'school.unknown-urn': () =>
    'Import the GIAS extract that holds it with `broker schools import FILE`, or search with `broker search`.',
  'school.unknown-name': () => 'Try `broker search` with part of the name, or give the URN.',
  'trust.unknown': ({code}) =>
    `Check the code (GIAS "Trusts (code)"), or record it with its name: \`broker trusts update ${code} --name "Trust name" --tsi-eligible\`.`,
  'eligibility.school-and-trust': () => 'Pass --urn for a school or --trust for a trust, not both.',
  'clusters.schools-source': () =>
    'Pass --area AREA (the schools with open needs in that area) or --urns FILE (a list of URNs), one of them.',
  'clusters.sizes-invalid': () => 'Pass --min and --max with 1 <= --min <= --max, for example --min 5 --max 6.',
  'clusters.distance-invalid': () => 'Pass a distance above 0 km, for example --max-km 25.',
  'clusters.window-invalid': () => 'Pass --from before --to, for example --from 2027-03-01 --to 2029-02-28.',
  'clusters.days-invalid': () => 'Pass --days-per-school above 0, in halves (2, 2.5).',
  'clusters.urn-invalid': ({line}) =>
    `Correct line ${line}: a URN list holds one URN a line (a header such as "URN" is fine).`,
  'clusters.unknown': () => 'List the clusters with `broker clusters list`.',
  'clusters.urns-empty': () => 'Give a CSV or XLSX file with a URN column, or one URN a line.',

  // leaders
  'leader.unknown': () => 'List leaders with `broker leaders list`, or search with `broker search`.',
  'leader.email-taken': () => 'Update that leader with `broker leaders update`, or add the new designation to them.',
  'leader.designation-taken': () => 'Give another --reference, or update the existing leader.',
  'leader.name-missing': () => 'Pass --name "First Last".',
  'leader.erase-key-unknown': () =>
    "Erasure needs an exact key: find it with `broker leaders show NAME` and pass the ref it shows. An erased leader's reference is ERASED-<id>.",
  'leader.erase-work-running': () => 'Cancel, end or complete those first (see `broker deployments`), then erase.',
  'leader.overcommitted': ({leaderRef}) =>
    `Use fewer days or another leader, raise the released days with \`broker leaders update ${leaderRef} --days N --year YYYY/YY\`, or pass --allow-overcommit.`,

  // needs
  'need.unknown': () => LIST_NEEDS,
  'need.subject-missing': () => 'Pass --urn URN (or a school name), or --trust CODE for governance support to a board.',
  'need.reference-taken': ({reference}) =>
    `See that need with \`broker needs show ${reference}\`, or give another --reference.`,
  'need.team-too-small': () => 'Pass --team-size N (N >= 2), or choose another --type.',
  'need.team-size-without-team': () => 'Pass --type team with --team-size.',
  'need.areas-missing': () => 'Pass --specialism (repeatable), for example --specialism maths.',
  'need.team-type-change': () =>
    'Withdraw it (`broker needs withdraw`) and record the request again with `broker needs add`.',
  'need.has-live-deployments': ({to, deploymentIds}) =>
    to === 'withdrawn'
      ? `End the deployment instead: \`broker deployments cancel ${deploymentIds[0]} --reason school-withdrew\` withdraws the need with it.`
      : `End the deployment instead: \`broker deployments complete ${deploymentIds[0]}\`, or \`broker deployments cancel ${deploymentIds[0]} --reason need-met\`, closes the need with it.`,
  'need.days-not-positive': () => 'Pass --days with a number such as 3 or 2.5.',
  'need.transition-refused': ({final}) =>
    final ? 'Record a new need with `broker needs add` if the school asks again.' : undefined,
  'need.reason-missing': () => 'Pass --reason "..." saying why.',
  'need.not-editable': ({status}) => NOT_EDITABLE_ADVICE[status],

  // deployments
  'deployment.unknown': () => 'List deployments with `broker deployments list --status any`.',
  'deployment.need-unknown': () => LIST_NEEDS,
  'deployment.need-is-team': ({needId}) => `See its team needs with \`broker needs show ${needId}\`.`,
  'deployment.subject-missing': () => 'Pass --need ID, or --urn URN, or --trust CODE.',
  'deployment.terms-missing': () => 'Pass --days, --from and --to.',
  'deployment.need-moved-on': ({deploymentId}) =>
    `Cancel it with \`broker deployments cancel ${deploymentId} --reason ...\`.`,
  'deployment.no-change': () => 'Pass the new --days, --from, --to, --rate or objectives.',
  'deployment.objectives-missing': () =>
    'Pass --objective "..." --criteria "..." (repeat the pair for each objective).',
  'deployment.outcomes-missing': () =>
    'Pass --outcome N=met --evidence "N=..." for each objective N (outcomes: not-met, partly-met, met, exceeded).',
  'deployment.wrong-status': ({deploymentId, status}) => nextDeploymentStep(deploymentId, status),
  'agreement.unfinished': ({deploymentId, status}) =>
    status === 'proposed'
      ? `Agree it first: \`broker deployments agree ${deploymentId} --objective "..." --criteria "..." --rate POUNDS --funding SOURCE ...\`.`
      : `See what it holds with \`broker deployments show ${deploymentId}\`.`,
  'agreement.template-invalid': () =>
    'Check the tags in the template: docxtemplater syntax, {tag} for a value and {#objectives}...{/objectives} for a loop (see "Agreements and letters" in the README).',
  'letters.not-proposed': ({deploymentId, status}) =>
    status === 'cancelled' || status === 'completed'
      ? `It is closed; see it with \`broker deployments show ${deploymentId}\`.`
      : `It is agreed: draw up the agreement with \`broker deployments agreement ${deploymentId} --out agreement.docx\`.`,
  'letters.run-without-proposals': ({runId}) =>
    `List its deployments with \`broker deployments list --status any\` (match run ${runId}); apply a match with \`broker match --apply --letters DIR\`.`,
  'deployment.end-note-missing': () => 'Add --note "..."',
  'deployment.log-delivered-and-planned': () =>
    'Pass --date for work delivered, or --planned for a visit to come, not both.',
  'deployment.log-days-missing': () => 'Pass --days (halves allowed, 0 for work that uses no days).',
  'deployment.log-in-future': ({onDate}) => `Schedule it with --planned ${onDate} instead.`,
  'deployment.log-before-start': ({deploymentId, onDate}) =>
    `If the work really began earlier, amend the dates first (\`broker deployments amend ${deploymentId} --from ${onDate} --reason "..."\`); otherwise check --on.`,
  'text.missing': ({field}) => `Pass ${TEXT_FLAGS[field]}.`,

  // legacy links
  'legacy.unknown': () => 'List them with `broker legacy list --status any`.',

  // reports
  'report.radius-invalid': () => 'Pass --radius 50, say.',
  'report.period-reversed': () => 'Give --from on or before --to.',
  'report.no-table': ({tables}) => `Pass --table with one of: ${tables.join(', ')}.`,

  // match
  // The command words this one itself (--pin NEED=LEADER); there is nothing more to suggest.
  'match.pin-names-team': () => undefined,
  'match.explain-not-in-run': () =>
    'Check its status with `broker needs show`; only open needs (or proposed ones with --replan-proposed) are matched.',
  'match.needs-not-open': () =>
    'List open needs with `broker needs list`; re-plan proposed ones with --replan-proposed.',
  'match.registry-changed': () => 'Run `broker match` again and apply the new plan.',

  // results
  'results.year-out-of-range': (data) =>
    `Pass --year with the calendar year the exams were sat, from ${data.earliest} to ${data.latest} (2019 for 2018/19).`,
  'results.year-unpublished': () =>
    'Check --year: it is the calendar year the exams were sat (2019 for 2018/19), and the file names it.',
  'results.key-stage-unclear': () =>
    'Import one performance-tables file at a time (england_ks2final.csv or england_ks4final.csv, as downloaded), or say which column is which with --map.',
  'impact.by-leader-not-director': () => 'A director adds --director to say so.',

  // files written
  'output.exists': () => 'Choose another --out, or pass --force to replace it.',

  // PostgreSQL
  'postgres.database-missing': () =>
    'Create the database first (createdb NAME), then run `broker init --db URL` with its URL.',
}

/** How to change what a match depends on once a need has moved on from open. */
const NOT_EDITABLE_ADVICE: Record<NeedStatus, string | undefined> = {
  open: undefined,
  proposed:
    'Reject the proposal first (`broker deployments cancel ID --reason rejected-by-broker` returns the need to open), then change it.',
  'in-deployment': 'Vary the deployment instead (`broker deployments amend`), or end it first.',
  closed: 'Record a new need with `broker needs add`.',
  withdrawn: 'Record a new need with `broker needs add`.',
}

/** What a deployment in this status is waiting for. */
function nextDeploymentStep(id: number, status: DeploymentStatus): string {
  switch (status) {
    case 'proposed':
      return `Agree it first: \`broker deployments agree ${id} ...\`, or cancel it with a reason.`
    case 'agreed':
      return `Start it first: \`broker deployments start ${id}\`.`
    case 'active':
      return `It is under way: log work with \`broker deployments log ${id}\`, or complete it with \`broker deployments complete ${id}\`.`
    default:
      return `It is closed. See it with \`broker deployments show ${id}\`; a new piece of work needs a new deployment.`
  }
}

const ROW_REMEDIES: Record<RowRemedy, string> = {
  'accept-loose-area': 'Pass --accept-fuzzy to take the loose area matches.',
  'area-map': 'Map your own phrases to areas in a CSV file (phrase,codes) passed with --specialism-map.',
  'engaged-need':
    'A need that is proposed or deployed changes by itself: `broker needs update REF`; `broker deployments cancel ID --reason ...` withdraws a proposal, `broker deployments amend ID` varies a deployment.',
}

/** How to resolve the rejected rows' problems other than by editing the file, each said once. */
export function rowRemedies(issues: readonly {remedies?: readonly RowRemedy[]}[]): string[] {
  const remedies = new Set(issues.flatMap((issue) => issue.remedies ?? []))
  return (Object.keys(ROW_REMEDIES) as RowRemedy[])
    .filter((remedy) => remedies.has(remedy))
    .map((remedy) => ROW_REMEDIES[remedy])
}

/** Missing data, and how to bring it into the registry. */
export function missingDataText({what, source}: MissingData): string {
  return `${what} (${whereToGet(source)})`
}

function whereToGet(source: DataSource): string {
  if (source.kind === 'trust-tsi')
    return `set it with \`broker trusts update ${source.trust} --tsi-eligible\` or --no-tsi-eligible`
  return `load it with \`${IMPORT_COMMANDS[source.file]} FILE\``
}

/** The advice for a failure: the CLI's for its code, else the words it came with. */
export function adviceFor(error: BrokerError): string | undefined {
  if (error.code === undefined) return error.suggestion
  const advise = ADVICE[error.code] as (data: unknown) => string | undefined
  return advise(error.data) ?? error.suggestion
}
