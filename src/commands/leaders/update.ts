import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {academicYearFlag, daysFlag, isoDateFlag, periodFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {usage} from '../../core/errors.js'
import {
  DESIGNATION_KINDS,
  DESIGNATION_STATUSES,
  type DesignationKind,
  type DesignationStatus,
} from '../../core/model.js'
import {type LeaderChange, updateLeader} from '../../services/leaders.js'
import {schoolUrnOf} from '../../services/schools.js'

export default class LeadersUpdate extends BaseCommand<typeof LeadersUpdate> {
  static override summary = "Change a leader's details, specialisms, days or designations."

  static override description = `Only the fields you pass change. --phase replaces the phase set. To record a new or changed
designation (an SLE who becomes an NLE, a lapsed designation) pass --designation with --reference.`

  static override examples = [
    '<%= config.bin %> leaders update NE-0001 --days 12 --year 2026/27',
    '<%= config.bin %> leaders update NE-0001 --add-specialism maths --remove-specialism history',
    '<%= config.bin %> leaders update NE-0001 --designation NLE --reference NLE-0042 --designated-on 2026-09-01',
    '<%= config.bin %> leaders update NE-0001 --unavailable 2027-01-04..2027-02-12 --unavailable-reason "Ofsted inspection at home school"',
    '<%= config.bin %> leaders update NE-0001 --remove-unavailable 2027-01-04',
    '<%= config.bin %> leaders update NE-0027 --designation NLG --reference NE-0027 --designation-status lapsed --status-reason "review not completed"',
  ]

  static override args = {
    leader: Args.string({description: 'Leader ref, designation reference, email or name.', required: true}),
  }

  static override flags = {
    name: Flags.string({description: 'Full name.'}),
    email: Flags.string({description: 'Work email.'}),
    home: Flags.string({description: 'Home school: URN (it may be imported later) or (part of) its name.'}),
    trust: Flags.string({description: 'Trust code of the leader.'}),
    phase: Flags.string({description: 'Phase experience (replaces the set); repeatable.', multiple: true}),
    'add-specialism': Flags.string({description: 'Area of expertise to add; repeatable.', multiple: true}),
    'remove-specialism': Flags.string({description: 'Area of expertise to remove; repeatable.', multiple: true}),
    'accept-fuzzy': Flags.boolean({description: 'Accept loose specialism matches.'}),
    days: daysFlag({description: 'Days released in the academic year (other years are untouched).'}),
    year: academicYearFlag(),
    notes: Flags.string({description: 'Free-text notes.'}),
    designation: Flags.string({
      char: 'd',
      description: 'Designation to add or change.',
      options: [...DESIGNATION_KINDS],
    }),
    reference: Flags.string({description: 'Reference of that designation.'}),
    body: Flags.string({description: 'Designating body of that designation. Default: the hub.'}),
    'designated-on': isoDateFlag({description: 'Designation date.'}),
    'review-on': isoDateFlag({description: 'Review or expiry date.'}),
    'designation-status': Flags.string({
      description: 'Status of that designation.',
      options: [...DESIGNATION_STATUSES],
    }),
    'status-reason': Flags.string({description: 'Why the designation lapsed or was withdrawn.'}),
    unavailable: periodFlag({
      description:
        'A period the leader cannot be deployed, FROM..TO (first and last day): the match never proposes them for a need whose window it covers, and discounts a window it overlaps.',
    }),
    'unavailable-reason': Flags.string({
      description: 'Why, for the period given with --unavailable (kept as personal data).',
      dependsOn: ['unavailable'],
    }),
    'remove-unavailable': isoDateFlag({
      description: 'Remove the unavailable period starting on this date; repeatable.',
      multiple: true,
    }),
  }

  async run(): Promise<LeaderChange> {
    const flags = this.flags
    const designationFlags = [
      'reference',
      'designated-on',
      'review-on',
      'designation-status',
      'status-reason',
      'body',
    ] as const
    if (!flags.designation && designationFlags.some((flag) => flags[flag] !== undefined)) {
      throw usage('Designation details need --designation KIND too.', {
        suggestion: 'Add --designation NLE|NLG|LLE|SLE with --reference.',
      })
    }
    const result = await this.withContext(async (context) =>
      updateLeader(context, {
        leader: this.args.leader,
        name: flags.name,
        email: flags.email,
        homeUrn: flags.home === undefined ? undefined : await schoolUrnOf(context, flags.home),
        homeTrustCode: flags.trust,
        phases: flags.phase,
        addSpecialisms: flags['add-specialism'],
        removeSpecialisms: flags['remove-specialism'],
        acceptFuzzy: flags['accept-fuzzy'],
        releasedHalfDays: flags.days,
        academicYear: flags.year,
        notes: flags.notes,
        addUnavailable: flags.unavailable && {
          ...flags.unavailable,
          reason: flags['unavailable-reason']?.trim() || null,
        },
        removeUnavailable: flags['remove-unavailable'],
        designation: flags.designation
          ? {
              kind: flags.designation as DesignationKind,
              reference: flags.reference,
              body: flags.body,
              designatedOn: flags['designated-on'],
              reviewOn: flags['review-on'],
              status: flags['designation-status'] as DesignationStatus | undefined,
              statusReason: flags['status-reason'],
            }
          : undefined,
      }),
    )
    for (const warning of result.warnings) this.warn(warning)
    this.say(`${paint.ok('✓')} Updated ${result.leader.ref}`)
    return result
  }
}
