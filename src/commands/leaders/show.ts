import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {wideFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {renderFields, renderTable} from '../../cli/table.js'
import {academicYearLabel} from '../../core/calendar.js'
import {formatDays} from '../../core/days.js'
import {type LeaderDetail, showLeader} from '../../services/leaders.js'

export default class LeadersShow extends BaseCommand<typeof LeadersShow> {
  static override summary = 'Show one leader: designations, specialisms, phases and days released per year.'

  static override examples = [
    '<%= config.bin %> leaders show NE-0001',
    '<%= config.bin %> leaders show j.bloggs@school.sch.uk --json',
    '<%= config.bin %> leaders show "Ewan Gibson"',
  ]

  static override flags = {wide: wideFlag}

  static override args = {
    leader: Args.string({description: 'Leader ref, designation reference, email or name.', required: true}),
  }

  async run(): Promise<LeaderDetail> {
    const detail = await this.withContext((context) => showLeader(context, this.args.leader))
    this.say(() => renderLeader(detail))
    return detail
  }
}

function renderLeader({leader, capacity}: LeaderDetail): string {
  const parts = [
    paint.heading(`${leader.name ?? '(erased)'} — ${leader.ref}`),
    renderFields([
      ['email', leader.email],
      ['home school', leader.homeUrn],
      ['home trust', leader.homeTrustCode],
      ['phases', leader.phases.join(', ')],
      ['notes', leader.notes],
      ['erased', leader.erasedAt],
    ]),
    '',
    paint.heading('Designations'),
    renderTable(leader.designations, [
      {header: 'Kind', value: (d) => d.kind},
      {header: 'Reference', value: (d) => d.reference},
      {header: 'Body', value: (d) => d.body},
      {header: 'Designated', value: (d) => d.designatedOn},
      {header: 'Review', value: (d) => d.reviewOn ?? 'no known expiry'},
      {header: 'Status', value: (d) => d.status},
    ]),
    '',
    paint.heading('Specialisms'),
    renderTable(leader.specialisms, [
      {header: 'Code', value: (s) => s.code},
      {header: 'Area', value: (s) => s.name},
      {header: 'Confidence', value: (s) => s.confidence, align: 'right'},
    ]),
  ]
  if (leader.unavailable.length > 0) {
    parts.push('', paint.heading('Unavailable'))
    parts.push(
      renderTable(leader.unavailable, [
        {header: 'From', value: (period) => period.startsOn},
        {header: 'To', value: (period) => period.endsOn},
        {header: 'Why', value: (period) => period.reason},
      ]),
    )
  }
  if (capacity.length > 0) {
    parts.push('', paint.heading('Days by academic year'))
    parts.push(
      renderTable(capacity, [
        {header: 'Year', value: (c) => academicYearLabel(c.academicYear)},
        {header: 'Released', value: (c) => formatDays(c.released), align: 'right'},
        {header: 'Held', value: (c) => formatDays(c.held), align: 'right'},
        {header: 'Committed', value: (c) => formatDays(c.committed), align: 'right'},
        {header: 'Delivered', value: (c) => formatDays(c.delivered), align: 'right'},
        {header: 'Legacy', value: (c) => formatDays(c.legacy), align: 'right'},
        {header: 'Free', value: (c) => formatDays(c.free), align: 'right'},
      ]),
    )
  }
  return parts.join('\n')
}
