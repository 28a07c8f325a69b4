/**
 * What each command does with bad input: the rows of the README table, each run by
 * bad-input.test.ts against the sample hub. Placeholders in args: {registry} the registry file,
 * {folder} its folder, {missing} a path with nothing there, {csv} a CSV that is not a registry,
 * {backup} an existing backup file, and the hostile or invalid files bad-input.test.ts writes ({xls}, {wide},
 * {bomb}, {links}, {badLeaders}, {badNeeds}, {badInspections}).
 *
 * The registry holds the sample hub, deployment 1 (proposed: SH-0001 for need 8), and the erased
 * leader ERASED-108.
 */

export interface BadInputCase {
  /** The command id with spaces; '' for what every command does. */
  command: string
  input: string
  args: string[]
  env?: Record<string, string>
  exit: number
  /** A fragment of what broker prints on stderr. */
  says: string
  /** The command says what it is about to do on stdout before it fails; others print nothing there. */
  announces?: boolean
  /** A path the case needs (such as /proc); without it the case is skipped. */
  requires?: string
}

const leaderAdd = ['leaders', 'add', '--name', 'New Leader', '--designation', 'SLE']
const needAdd = ['needs', 'add', '--specialism', 'maths', '--days', '2', '--from', '2027-01-04', '--to', '2027-02-01']
const agree = ['deployments', 'agree', '1', '--rate', '450', '--supported-head-signoff', 'A. Head', '--home-head-signoff', 'B. Head']

export const BAD_INPUT_CASES: BadInputCase[] = [
  {command: '', input: 'a mistyped command', args: ['leaders', 'lst'], exit: 2, says: 'broker has no command "leaders lst"'},
  {command: '', input: 'an unknown flag', args: ['leaders', 'list', '--colour', 'blue'], exit: 2, says: 'Nonexistent flag: --colour'},
  {command: '', input: 'BROKER_TODAY not a date', args: ['leaders', 'list'], env: {BROKER_TODAY: '01/12/2026'}, exit: 2, says: 'BROKER_TODAY must be a date like 2027-01-15'},
  {command: '', input: 'no registry at --db', args: ['leaders', 'list', '--db', '{missing}'], exit: 1, says: 'There is no registry at'},
  {command: '', input: '--db is a file that is not a registry', args: ['leaders', 'list', '--db', '{csv}'], exit: 3, says: 'is not a broker registry (not an SQLite database); it was left untouched'},
  {command: 'init', input: '--db is a folder', args: ['init', '--db', '{folder}'], exit: 2, says: 'is a folder, not a registry file'},
  {command: 'init', input: '--db inside a file', args: ['init', '--db', '{csv}/registry.db'], exit: 3, says: 'part of that path is a file, not a folder'},
  {command: 'init', input: '--db in a folder under /proc', args: ['init', '--db', '/proc/broker-nowhere/registry.db'], exit: 3, says: 'no file can be made there', requires: '/proc'},
  {command: 'demo', input: '--dir is a file', args: ['demo', '--dir', '{csv}'], exit: 3, says: 'part of that path is a file, not a folder', announces: true},
  {command: 'db status', input: '--db is a folder', args: ['db', 'status', '--db', '{folder}'], exit: 2, says: 'is a folder, not a registry file'},
  {command: 'db backup', input: '--out names a file that exists', args: ['db', 'backup', '--out', '{backup}'], exit: 1, says: 'already exists; it was left as it is'},
  {command: 'db backup', input: '--out names a folder, even with --force', args: ['db', 'backup', '--out', '{folder}', '--force'], exit: 3, says: 'is a folder; nothing was written'},
  {command: 'db backup', input: '--out names the registry', args: ['db', 'backup', '--out', '{registry}'], exit: 2, says: 'is the registry itself'},
  {command: 'db check', input: 'a file that is not a registry', args: ['db', 'check', '--db', '{csv}'], exit: 3, says: 'not an SQLite database'},
  {command: 'db restore', input: 'no file', args: ['db', 'restore'], exit: 2, says: 'Missing 1 required arg'},
  {command: 'db restore', input: 'a file that does not exist', args: ['db', 'restore', '{missing}'], exit: 3, says: 'There is no file'},
  {command: 'db restore', input: 'a file that is not a registry', args: ['db', 'restore', '{csv}'], exit: 3, says: 'is not a broker registry'},
  {command: 'db restore', input: 'the registry itself', args: ['db', 'restore', '{registry}'], exit: 2, says: 'is the registry itself'},
  {command: 'due', input: 'a non-number --within', args: ['due', '--within', 'soon'], exit: 2, says: 'Expected an integer'},
  {command: 'help', input: 'an unknown command', args: ['help', 'nonexistent'], exit: 2, says: 'Command nonexistent not found'},
  {command: 'schools import', input: 'a file that does not exist', args: ['schools', 'import', '{missing}'], exit: 3, says: 'There is no file'},
  {command: 'schools import', input: 'an old .xls workbook', args: ['schools', 'import', '{xls}'], exit: 3, says: 'is an old-style Excel .xls workbook, which broker does not read'},
  {command: 'schools import', input: '20,000 columns', args: ['schools', 'import', '{wide}'], exit: 3, says: 'has 20,000 columns on line 1; broker reads at most 1,000'},
  {command: 'schools import', input: 'the GIAS links file', args: ['schools', 'import', '{links}'], exit: 3, says: 'This looks like a GIAS links file (predecessors and successors), which `broker schools links import` reads.'},
  {command: 'schools links import', input: 'a school list instead of the links file', args: ['schools', 'links', 'import', '{csv}'], exit: 3, says: 'no column holds the required Linked URN'},
  {command: 'leaders import', input: 'a zip bomb', args: ['leaders', 'import', '{bomb}'], exit: 3, says: 'would unpack to at least 160 MiB; broker opens workbooks up to 128 MiB unpacked'},
  {command: 'leaders import', input: 'one invalid row', args: ['leaders', 'import', '{badLeaders}'], exit: 3, says: '1 of 2 rows is invalid, so nothing was imported'},
  {command: 'needs import', input: 'a school not in the registry', args: ['needs', 'import', '{badNeeds}'], exit: 3, says: 'line 2, URN: No school with URN 999999'},
  {command: 'inspections import', input: 'a date that does not exist', args: ['inspections', 'import', '{badInspections}'], exit: 3, says: '"31/02/2019" is not a date'},
  {command: 'leaders add', input: 'no --name', args: ['leaders', 'add', '--designation', 'SLE'], exit: 2, says: 'Missing required flag name'},
  {command: 'leaders add', input: 'a blank name', args: ['leaders', 'add', '--name', '  ', '--designation', 'SLE'], exit: 3, says: 'A leader needs a name'},
  {command: 'leaders add', input: 'an email that is not one', args: [...leaderAdd, '--email', 'not-an-email'], exit: 3, says: '"not-an-email" is not an email address'},
  {command: 'leaders add', input: 'an email already in the registry', args: [...leaderAdd, '--email', 'r.lister2@example.sch.uk'], exit: 1, says: 'is already in the registry'},
  {command: 'leaders add', input: 'an unknown designation', args: ['leaders', 'add', '--name', 'X', '--designation', 'XLE'], exit: 2, says: 'Expected --designation=XLE to be one of'},
  {command: 'leaders add', input: 'a home school no name matches', args: [...leaderAdd, '--home', 'Nowhere At All School'], exit: 1, says: 'No school named like "Nowhere At All School"'},
  {command: 'leaders add', input: 'a home school many names match', args: [...leaderAdd, '--home', 'Primary'], exit: 1, says: '"Primary" could be any of'},
  {command: 'leaders add', input: 'days not in halves', args: [...leaderAdd, '--days', '2.3'], exit: 2, says: 'Expected a number of days in halves'},
  {command: 'leaders add', input: 'an area not in the taxonomy', args: [...leaderAdd, '--specialism', 'underwater basket weaving'], exit: 3, says: 'is not an area in the taxonomy'},
  {command: 'leaders erase', input: 'a name, not an exact key', args: ['leaders', 'erase', 'Hamza Scott', '--yes'], exit: 1, says: 'No leader has the reference, designation reference or email'},
  {command: 'leaders erase', input: 'no --yes and no terminal', args: ['leaders', 'erase', 'SH-0002'], exit: 2, says: 'Erasing needs confirmation: pass --yes'},
  {command: 'leaders erase', input: 'a leader with a live deployment', args: ['leaders', 'erase', 'SH-0001', '--yes'], exit: 1, says: 'cannot be erased while work is running: deployment 1 (proposed)'},
  {command: 'leaders erase', input: 'an erased leader', args: ['leaders', 'erase', 'ERASED-108', '--yes'], exit: 1, says: 'was already erased'},
  {command: 'leaders export-data', input: 'an unknown leader', args: ['leaders', 'export-data', 'NOBODY'], exit: 1, says: 'No leader with reference, email or name "NOBODY"'},
  {command: 'leaders export-data', input: '--out names a folder', args: ['leaders', 'export-data', 'SH-0002', '--out', '{folder}'], exit: 3, says: 'is a folder; nothing was written'},
  {command: 'leaders export-data', input: '--out names a file that exists', args: ['leaders', 'export-data', 'SH-0002', '--out', '{backup}'], exit: 1, says: 'already exists; it was left as it is'},
  {command: 'leaders list', input: 'a negative --limit', args: ['leaders', 'list', '--limit', '-1'], exit: 2, says: 'greater than or equal to 0'},
  {command: 'leaders list', input: 'an unknown phase', args: ['leaders', 'list', '--phase', 'nursery'], exit: 2, says: 'Expected --phase=nursery to be one of'},
  {command: 'leaders show', input: 'no leader', args: ['leaders', 'show'], exit: 2, says: 'Missing 1 required arg'},
  {command: 'leaders show', input: 'a name several leaders match', args: ['leaders', 'show', 'Aisha'], exit: 1, says: '"Aisha" could be any of 2 leaders'},
  {command: 'leaders update', input: 'designation details without --designation', args: ['leaders', 'update', 'SH-0002', '--reference', 'X'], exit: 2, says: 'Designation details need --designation'},
  {command: 'leaders update', input: 'a date written 31/08/2027', args: ['leaders', 'update', 'SH-0002', '--designation', 'SLE', '--review-on', '31/08/2027'], exit: 2, says: 'Expected a date like 2027-01-15'},
  {command: 'leaders update', input: "another leader's designation", args: ['leaders', 'update', 'SH-0002', '--designation', 'SLE', '--reference', 'SH-0001'], exit: 1, says: 'belongs to another leader'},
  {command: 'leaders update', input: 'an erased leader', args: ['leaders', 'update', 'ERASED-108', '--days', '3'], exit: 1, says: 'was erased on'},
  {command: 'legacy checkin', input: 'an unknown legacy link', args: ['legacy', 'checkin', '999'], exit: 1, says: 'There is no legacy link 999'},
  {command: 'legacy end', input: 'no --reason', args: ['legacy', 'end', '999'], exit: 2, says: 'Missing required flag reason'},
  {command: 'legacy list', input: 'an unknown status', args: ['legacy', 'list', '--status', 'paused'], exit: 2, says: 'Expected --status=paused to be one of'},
  {command: 'match', input: 'an unknown strategy', args: ['match', '--strategy', 'fastest'], exit: 2, says: 'Expected --strategy=fastest to be one of'},
  {command: 'match', input: 'a date that does not exist', args: ['match', '--as-of', '2027-13-01'], exit: 2, says: 'Expected a date like 2027-01-15, got "2027-13-01"'},
  {command: 'match', input: 'a settings file that does not exist', args: ['match', '--weights', '{missing}'], exit: 3, says: 'Cannot read the settings file'},
  {command: 'match', input: 'a need that does not exist', args: ['match', '--need', '99999'], exit: 1, says: 'There is no need with id or reference "99999"'},
  {command: 'match', input: 'a pin without its need', args: ['match', '--pin', '=SH-0001'], exit: 2, says: '--pin takes NEED=LEADER with a need id or reference'},
  {command: 'needs add', input: 'no school or trust', args: needAdd, exit: 2, says: 'Missing --urn'},
  {command: 'needs add', input: 'a school not in the registry', args: [...needAdd, '--urn', '999999'], exit: 1, says: 'No school with URN 999999 is in the registry'},
  {
    command: 'needs add',
    input: 'a window that ends before it starts',
    args: ['needs', 'add', '--urn', '910083', '--specialism', 'maths', '--days', '2', '--from', '2027-05-01', '--to', '2027-02-01'],
    exit: 3,
    says: 'The window starts (2027-05-01) after it ends (2027-02-01)',
  },
  {command: 'needs add', input: 'zero days', args: ['needs', 'add', '--urn', '910083', '--specialism', 'maths', '--days', '0', '--from', '2027-01-04', '--to', '2027-02-01'], exit: 3, says: 'A need asks for more than 0 days'},
  {command: 'needs update', input: 'an unknown need', args: ['needs', 'update', '9999', '--days', '3'], exit: 1, says: 'There is no need with id or reference "9999"'},
  {command: 'needs update', input: 'an unknown priority', args: ['needs', 'update', '8', '--priority', 'urgent'], exit: 2, says: 'Expected --priority=urgent to be one of'},
  {command: 'needs close', input: 'no --reason', args: ['needs', 'close', '8'], exit: 2, says: 'Missing --reason'},
  {command: 'needs withdraw', input: 'no --reason', args: ['needs', 'withdraw', '8'], exit: 2, says: 'Missing --reason'},
  {command: 'needs list', input: 'an unknown priority', args: ['needs', 'list', '--priority', 'urgent'], exit: 2, says: 'Expected --priority=urgent to be one of'},
  {command: 'needs show', input: 'an unknown need', args: ['needs', 'show', '9999'], exit: 1, says: 'There is no need with id or reference "9999"'},
  {command: 'schools update', input: 'a date that is a word', args: ['schools', 'update', '910083', '--leading-together-completed-on', 'yesterday'], exit: 2, says: 'Expected a date like 2027-01-15, got "yesterday"'},
  {command: 'schools update', input: 'an unknown URN', args: ['schools', 'update', '999999', '--leading-together-completed-on', '2026-01-01'], exit: 1, says: 'No school with URN 999999'},
  {command: 'search', input: 'nothing to search for', args: ['search'], exit: 2, says: 'Missing 1 required arg'},
  {command: 'search', input: 'an unknown --type', args: ['search', 'maths', '--type', 'teacher'], exit: 2, says: 'Expected --type=teacher to be one of'},
  {command: 'eligibility', input: 'an unknown URN', args: ['eligibility', '--urn', '999999'], exit: 1, says: 'No school with URN 999999'},
  {command: 'districts import', input: 'a file that does not exist', args: ['districts', 'import', '{missing}'], exit: 3, says: 'There is no file'},
  {command: 'districts import', input: 'a binary file', args: ['districts', 'import', '{registry}'], exit: 3, says: 'is not a CSV file broker can read'},
  {command: 'trusts update', input: 'an unknown trust', args: ['trusts', 'update', 'TR999', '--tsi-eligible'], exit: 1, says: 'No trust with code TR999'},
  {command: 'schools list', input: 'an unknown status', args: ['schools', 'list', '--status', 'shut'], exit: 2, says: 'Expected --status=shut to be one of'},
  {command: 'schools object', input: 'no --leader', args: ['schools', 'object', '--urn', '910083'], exit: 2, says: 'Missing required flag leader'},
  {command: 'schools object', input: 'an unknown leader', args: ['schools', 'object', '--urn', '910083', '--leader', 'NOBODY'], exit: 1, says: 'No leader with reference, email or name "NOBODY"'},
  {command: 'schools show', input: 'an unknown URN', args: ['schools', 'show', '999999'], exit: 1, says: 'No school with URN 999999 is in the registry'},
  {command: 'schools show', input: 'a name nothing matches', args: ['schools', 'show', 'Nonexistent Academy'], exit: 1, says: 'No school named like "Nonexistent Academy"'},
  {command: 'deployments agree', input: 'no objective', args: [...agree, '--funding', 'hub'], exit: 3, says: 'An agreement states at least one objective'},
  {command: 'deployments agree', input: 'an unknown funding source', args: [...agree, '--funding', 'lottery'], exit: 2, says: 'Expected --funding=lottery to be one of'},
  {command: 'deployments amend', input: 'no --reason', args: ['deployments', 'amend', '1', '--days', '3'], exit: 2, says: 'Missing required flag reason'},
  {command: 'deployments amend', input: 'negative days', args: ['deployments', 'amend', '1', '--reason', 'x', '--days', '-3'], exit: 2, says: 'Expected a number of days in halves'},
  {command: 'deployments cancel', input: 'a reason not on the list', args: ['deployments', 'cancel', '1', '--reason', 'because'], exit: 2, says: 'Expected --reason=because to be one of'},
  {
    command: 'deployments complete',
    input: 'an outcome without its objective',
    args: ['deployments', 'complete', '1', '--outcome', '5', '--evidence', 'x', '--evaluation', 'y', '--reflection', 'z'],
    exit: 2,
    says: '--outcome takes OBJECTIVE=VALUE',
  },
  {command: 'deployments create', input: 'no need, school or trust', args: ['deployments', 'create', '--leader', 'SH-0002'], exit: 3, says: 'A deployment is for a school or a trust'},
  {command: 'deployments create', input: 'a need already proposed', args: ['deployments', 'create', '--leader', 'SH-0002', '--need', '8'], exit: 1, says: 'only an open need can be proposed'},
  {command: 'deployments list', input: 'an unknown status', args: ['deployments', 'list', '--status', 'paused'], exit: 2, says: 'Expected --status=paused to be one of'},
  {command: 'deployments log', input: 'delivered days on a proposed deployment', args: ['deployments', 'log', '1', '--days', '1'], exit: 1, says: 'only active deployments'},
  {command: 'deployments review', input: 'an unknown outcome', args: ['deployments', 'review', '1', '--outcome', 'great'], exit: 2, says: 'Expected --outcome=great to be one of'},
  {command: 'deployments show', input: 'an unknown deployment', args: ['deployments', 'show', '999'], exit: 1, says: 'There is no deployment 999'},
  {command: 'deployments start', input: 'a deployment not yet agreed', args: ['deployments', 'start', '1'], exit: 1, says: 'only agreed deployments can be started'},
  {command: 'reports deployment', input: 'an unknown deployment', args: ['reports', 'deployment', '999'], exit: 1, says: 'There is no deployment 999'},
  {command: 'reports deployment', input: 'a PDF with no --out', args: ['reports', 'deployment', '1', '--format', 'pdf'], exit: 2, says: 'A PDF report needs a file to go to'},
  {command: 'reports school', input: 'an unknown URN', args: ['reports', 'school', '999999'], exit: 1, says: 'No school with URN 999999 is in the registry'},
  {command: 'reports leader', input: 'an unknown leader', args: ['reports', 'leader', 'NOBODY'], exit: 1, says: 'No leader with reference, email or name "NOBODY"'},
  {command: 'reports hub', input: '--from after --to', args: ['reports', 'hub', '--from', '2027-08-01', '--to', '2027-01-01'], exit: 2, says: 'The period starts on 2027-08-01, after it ends on 2027-01-01'},
  {command: 'reports hub', input: '--out names a file that exists', args: ['reports', 'hub', '--out', '{backup}'], exit: 1, says: 'already exists; it was left as it is'},
  {command: 'reports hub', input: '--out names a folder', args: ['reports', 'hub', '--out', '{folder}'], exit: 3, says: 'is a folder; nothing was written'},
  {command: 'reports hub', input: '--out in a folder that does not exist', args: ['reports', 'hub', '--out', '{folder}/no-such-folder/hub.md'], exit: 3, says: 'there is no folder'},
  {command: 'reports hub', input: '--table without CSV', args: ['reports', 'hub', '--table', 'funding'], exit: 2, says: '--table picks the table a CSV report writes'},
  {command: 'reports coverage', input: 'a table the report does not have', args: ['reports', 'coverage', '--format', 'csv', '--table', 'money'], exit: 2, says: 'This report has no table "money"'},
  {command: 'reports coverage', input: 'a radius of 0', args: ['reports', 'coverage', '--radius', '0'], exit: 2, says: 'Expected an integer greater than or equal to 1'},
  {command: 'reports glossary', input: 'an unknown format', args: ['reports', 'glossary', '--format', 'pdf'], exit: 2, says: 'Expected --format=pdf to be one of'},
]

/** The README table, from the cases. */
export function badInputTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|')
  const rows = BAD_INPUT_CASES.map((entry) => `| ${entry.command === '' ? 'any command' : `\`${entry.command}\``} | ${cell(entry.input)} | ${entry.exit} | ${cell(entry.says)} |`)
  return ['| command | bad input | exit | broker says (on stderr) |', '|---|---|---|---|', ...rows].join('\n')
}
