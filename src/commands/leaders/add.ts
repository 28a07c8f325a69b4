import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {academicYearFlag, daysFlag, isoDateFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {DESIGNATION_KINDS, type DesignationKind} from '../../core/model.js'
import {addLeader, type LeaderChange} from '../../services/leaders.js'
import {schoolUrnOf} from '../../services/schools.js'

export default class LeadersAdd extends BaseCommand<typeof LeadersAdd> {
  static override summary = 'Add a system leader with their first designation.'

  static override description = `Specialisms are free text mapped to the taxonomy ("Reading / Phonics", "SEN", "maths");
a loose match is refused unless --accept-fuzzy. The leader's reference is the designation
reference when it is free, otherwise one is generated (L-00042).`

  static override examples = [
    '<%= config.bin %> leaders add --name "Jo Bloggs" --email j.bloggs@school.sch.uk --home 108321 --designation SLE --reference NE-0200 --specialism phonics --specialism "early years" --phase primary --days 15',
    '<%= config.bin %> leaders add --name "Sam Patel" --designation NLG --specialism governance --phase primary --phase secondary --review-on 2028-08-31',
  ]

  static override flags = {
    name: Flags.string({description: 'Full name.', required: true}),
    email: Flags.string({description: 'Work email (a secondary key for imports).'}),
    home: Flags.string({description: 'Home school: URN (it may be imported later) or (part of) its name.'}),
    trust: Flags.string({description: 'Trust code, for a leader based in a trust rather than a school.'}),
    designation: Flags.string({
      char: 'd',
      description: 'Designation.',
      options: [...DESIGNATION_KINDS],
      required: true,
    }),
    reference: Flags.string({description: 'Designation reference from the designating body. Default: generated.'}),
    body: Flags.string({description: 'Designating body. Default: the hub named at `broker init --hub`.'}),
    'designated-on': isoDateFlag({description: 'Designation date. Default: today.'}),
    'review-on': isoDateFlag({description: 'Review or expiry date. Default: no known expiry.'}),
    specialism: Flags.string({
      char: 's',
      description: 'Area of expertise; repeat for several.',
      multiple: true,
      default: [],
    }),
    'accept-fuzzy': Flags.boolean({
      description: 'Accept loose specialism matches (they are recorded with their confidence).',
    }),
    phase: Flags.string({
      description: 'Phase experience; repeat for several (primary, secondary, special ...).',
      multiple: true,
      default: [],
    }),
    days: daysFlag({description: 'Days the home school releases in the academic year (halves allowed).'}),
    year: academicYearFlag(),
    notes: Flags.string({description: 'Free-text notes (personal data: erased with the leader).'}),
  }

  async run(): Promise<LeaderChange> {
    const flags = this.flags
    const result = await this.withContext(async (context) =>
      addLeader(context, {
        name: flags.name,
        email: flags.email ?? null,
        homeUrn: flags.home === undefined ? null : await schoolUrnOf(context, flags.home),
        homeTrustCode: flags.trust ?? null,
        designation: {
          kind: flags.designation as DesignationKind,
          reference: flags.reference,
          body: flags.body,
          designatedOn: flags['designated-on'],
          reviewOn: flags['review-on'] ?? null,
        },
        specialisms: flags.specialism,
        acceptFuzzy: flags['accept-fuzzy'],
        phases: flags.phase,
        releasedHalfDays: flags.days,
        academicYear: flags.year,
        notes: flags.notes ?? null,
      }),
    )
    for (const warning of result.warnings) this.warn(warning)
    this.say(
      `${paint.ok('✓')} Added ${result.leader.name} as ${result.leader.ref} (${result.leader.designations.map((d) => d.kind).join(', ')})`,
    )
    return result
  }
}
