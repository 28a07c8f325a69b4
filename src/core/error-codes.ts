import type {DeploymentStatus} from './lifecycle.js'
import type {NeedStatus} from './model.js'
import type {RowRemedy} from './row-reader.js'

/**
 * The failures a user can act on, each with the data that says how. Services, the core, importers
 * and the registry throw them with a code from here (and words from the domain); the CLI's advice
 * table (src/cli/advice.ts) must give each one its advice in flags and commands, so a new code
 * without advice does not compile. --json consumers see the code and the data too.
 */
export interface ErrorCodes {
  // the registry file
  /** No registry at the path given (or the default one). */
  'registry.missing': {path: string}
  /** The registry path names a folder. */
  'registry.is-folder': {path: string}
  /** The registry path names a file that is not an SQLite database. */
  'registry.not-sqlite': {path: string}
  /** The registry's folder is read-only, so SQLite cannot keep its write-ahead log beside it. */
  'registry.folder-read-only': {path: string}
  /** The registry cannot be opened for writing (permissions, ownership). */
  'registry.not-writable': {path: string; sqliteCode: string}
  /** Reading or writing the registry failed at the disk. */
  'registry.io-failed': {path: string; sqliteCode: string}
  /** The registry file is damaged; it was left untouched. */
  'registry.damaged': {path: string}
  /** A registry check found problems; the data is the whole check report. */
  'registry.check-failed': {integrity: readonly string[]; foreignKeyProblems: readonly unknown[]}
  /** A backup was asked to overwrite the registry itself. */
  'backup.is-registry': {out: string}
  /** A restore was given the registry itself as its backup. */
  'restore.is-registry': {file: string}
  /** A restore was given a folder. */
  'restore.is-folder': {file: string}
  /** The backup to restore is damaged. */
  'restore.damaged': {file: string}
  /** The file to restore is an SQLite database but not a registry. */
  'restore.not-registry': {file: string}
  /** A registry to copy into has another schema version than this broker's. */
  'registry.schema-differs': {where: string; version: number; expected: number}
  /** A copy was asked to go into the registry it reads. */
  'copy.same-registry': {where: string}
  /** The registry to copy into already holds rows, and replacing them was not asked for. */
  'copy.target-not-empty': {where: string; rows: number; tables: string[]}
  /** What was copied does not read back the same; the copy was rolled back. */
  'copy.mismatch': {
    where: string
    tables: string[]
    /** Every table's rows and checksums on both sides. */
    checks: readonly {table: string; sourceRows: number; targetRows: number; matches: boolean}[]
  }

  // files brought in
  /** A workbook has no (visible) worksheet of the name asked for. */
  'import.no-sheet': {sheetName: string | null; sheets: string[]}
  /** The columns cannot be used as they are; `looksLike` names another kind of file they fit. */
  'import.columns-unusable': {
    columns: readonly unknown[]
    problems: readonly unknown[]
    looksLike: {what: string; kind: FileKind} | null
  }
  /** Some columns could only be guessed at. */
  'import.header-doubts': {doubts: readonly {column: string; candidates: readonly {field: string}[]}[]}
  /** Rows are invalid, so nothing was imported; the data is the whole import report. */
  'import.rows-invalid': {file: {name: string}; rejected: readonly {remedies?: readonly RowRemedy[]}[]}
  /** A leaders file's days column names another academic year than the one given. */
  'import.year-mismatch': {column: string; inColumn: string; given: string}
  /** An area map file (phrase to area codes) names codes that do not exist. */
  'import.area-map-invalid': {file: string}

  // areas of expertise
  /** A phrase matches no area of the taxonomy. */
  'areas.unknown': {text: string}
  /** A phrase matches an area only loosely, and loose matches were not accepted. */
  'areas.loose-match': {text: string; matched: string; confidence: number}

  // schools and trusts
  /** No school has this URN. */
  'school.unknown-urn': {urn: number}
  /** No school has a name like this. */
  'school.unknown-name': {text: string}
  /** A trust code the registry does not know, with no name to record it by. */
  'trust.unknown': {code: string}
  /** An eligibility check was given both a school and a trust. */
  'eligibility.school-and-trust': Record<string, never>
  // cluster brokering
  /** Neither or both of the ways to name the schools to cluster. */
  'clusters.schools-source': Record<string, never>
  /** Cluster sizes out of order or below one. */
  'clusters.sizes-invalid': {minSize: number; maxSize: number}
  /** A cluster distance or leader radius that is not above 0 km. */
  'clusters.distance-invalid': {km: number}
  /** A window whose end comes before its start. */
  'clusters.window-invalid': {from: string; to: string}
  /** No days per school, or a negative number. */
  'clusters.days-invalid': {halfDays: number}
  /** A URN list with a cell that is not a URN. */
  'clusters.urn-invalid': {file: string; line: number; value: string}
  /** No cluster with these ids. */
  'clusters.unknown': {ids: number[]}
  /** A URN list without a URN. */
  'clusters.urns-empty': {file: string}

  // leaders
  /** No leader has this reference, email or name. */
  'leader.unknown': {text: string}
  /** Another leader has this email. */
  'leader.email-taken': {email: string}
  /** Another leader holds this designation. */
  'leader.designation-taken': {body: string; reference: string}
  /** A leader was given no name. */
  'leader.name-missing': Record<string, never>
  /** Erasure needs an exact key (ref, designation reference or email), and this is none. */
  'leader.erase-key-unknown': {key: string}
  /** A leader with running work cannot be erased. */
  'leader.erase-work-running': {deployments: readonly {id: number}[]; legacyLinks: readonly number[]}
  /** A change would take a leader past their released days. */
  'leader.overcommitted': {leaderRef: string; strained: readonly unknown[]}

  // needs
  /** No need has this id or reference. */
  'need.unknown': {text: string}
  /** A need was given neither a school nor a trust. */
  'need.subject-missing': Record<string, never>
  /** Another need has this reference. */
  'need.reference-taken': {reference: string}
  /** A team need asks for fewer than two leaders. */
  'need.team-too-small': {teamSize: number}
  /** A need that is not a team need asks for several leaders. */
  'need.team-size-without-team': {teamSize: number}
  /** A specialist or team need names no area. */
  'need.areas-missing': Record<string, never>
  /** A need cannot switch between a team need and a single-leader need. */
  'need.team-type-change': {needId: number}
  /** A need with live deployments cannot be closed or withdrawn by itself. */
  'need.has-live-deployments': {needId: number; to: 'closed' | 'withdrawn'; deploymentIds: number[]}
  /** A need asks for no days. */
  'need.days-not-positive': {halfDays: number}
  /** The lifecycle does not allow this status change. */
  'need.transition-refused': {needId: number; from: NeedStatus; to: NeedStatus; final: boolean}
  /** A need closed or withdrawn needs a reason. */
  'need.reason-missing': {to: NeedStatus}
  /** What a match depends on cannot change once the need is no longer open. */
  'need.not-editable': {needId: number; status: NeedStatus}

  // deployments
  /** No deployment has this id. */
  'deployment.unknown': {deploymentId: number}
  /** No need has this id (proposing a deployment against it). */
  'deployment.need-unknown': {needId: number}
  /** A deployment was proposed against a team need rather than one of its places. */
  'deployment.need-is-team': {needId: number}
  /** A deployment was given neither a need, a school nor a trust. */
  'deployment.subject-missing': Record<string, never>
  /** A deployment without a need was not given its days and dates. */
  'deployment.terms-missing': Record<string, never>
  /** A proposal's need moved on, so the proposal can no longer be agreed. */
  'deployment.need-moved-on': {deploymentId: number; needId: number}
  /** A variation changes nothing. */
  'deployment.no-change': {deploymentId: number}
  /** An agreement states no objective. */
  'deployment.objectives-missing': Record<string, never>
  /** Not every objective has an outcome and evidence. */
  'deployment.outcomes-missing': {positions: number[]}
  /** The deployment's status does not allow what was asked. */
  'deployment.wrong-status': {deploymentId: number; status: DeploymentStatus}
  /** An end reason that needs a note was given none. */
  'deployment.end-note-missing': {reason: string}
  /** A log entry was given both a delivered date and a planned date. */
  'deployment.log-delivered-and-planned': Record<string, never>
  /** Delivered work was logged without its days. */
  'deployment.log-days-missing': Record<string, never>
  /** Delivered work was dated in the future. */
  'deployment.log-in-future': {onDate: string}
  /** Delivered work was dated before the deployment starts. */
  'deployment.log-before-start': {deploymentId: number; onDate: string; startsOn: string}
  /** A piece of text the record must have is empty. */
  'text.missing': {field: RequiredText}

  // agreements and letters
  /** An agreement was asked for before its terms were agreed: `missing` names what it lacks. */
  'agreement.unfinished': {deploymentId: number; status: DeploymentStatus; missing: string[]}
  /** A hub's Word template cannot be filled: `problems` says where and why. */
  'agreement.template-invalid': {file: string; problems: string[]}
  /** Letters after a match are for proposals; this deployment is past that. */
  'letters.not-proposed': {deploymentId: number; status: DeploymentStatus}
  /** A match run has no proposals still open to write letters for. */
  'letters.run-without-proposals': {runId: number}

  // legacy links
  /** No legacy link has this id. */
  'legacy.unknown': {legacyLinkId: number}

  // reports
  /** A coverage radius is not a distance above 0 km. */
  'report.radius-invalid': {radiusKm: number}
  /** A report period ends before it starts. */
  'report.period-reversed': {from: string; to: string}
  /** A report has no table of this name (for CSV). */
  'report.no-table': {table: string; tables: string[]}

  // match
  /** A pin names a team need: one leader takes one place, so a pin must name a place. */
  'match.pin-names-team': {need: string; leader: string; places: number[]}
  /** The need to explain is not among the needs the run matches (not open, or filtered out). */
  'match.explain-not-in-run': {needId: number}
  /** Needs the run was asked for by id are not open (or are a team need rather than one of its places). */
  'match.needs-not-open': {needIds: number[]}
  /** The registry changed between making a plan and applying it; nothing was applied. */
  'match.registry-changed': {runId: number}

  // results
  /** The exam year given for a results file is outside the years performance tables exist for. */
  'results.year-out-of-range': {year: number; earliest: number; latest: number}
  /** The year given is one with no published results (exams cancelled, or the measure not published). */
  'results.year-unpublished': {year: number; why: string}
  /** The file's columns hold neither the KS2 nor the KS4 measures broker reads (or both). */
  'results.key-stage-unclear': {file: string; ks2Columns: string[]; ks4Columns: string[]}
  /** Outcomes by leader were asked for by someone who did not say they are a director. */
  'impact.by-leader-not-director': Record<string, never>

  // files written
  /** The output file exists and replacing it was not asked for. */
  'output.exists': {target: string}

  // PostgreSQL
  /** The server has no database of the name in the URL. */
  'postgres.database-missing': {where: string}
}

export type ErrorCode = keyof ErrorCodes

/** The kinds of file broker imports, each read by its own import. */
export type FileKind = 'schools' | 'school-links' | 'leaders' | 'needs' | 'inspections' | 'districts'

/** Text a record must have, by what it is (the CLI knows which flag gives each). */
export type RequiredText =
  | 'supported-head-signoff'
  | 'home-head-signoff'
  | 'broker-signoff'
  | 'variation-reason'
  | 'objective'
  | 'success-criteria'
  | 'evaluation'
  | 'reflection'
  | 'legacy-end-reason'
