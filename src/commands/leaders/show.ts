import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {directorFlag, wideFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {renderFields, renderTable} from '../../cli/table.js'
import {academicYearLabel} from '../../core/calendar.js'
import {formatDays} from '../../core/days.js'
import {recordLines} from '../../core/impact/record.js'
import {type LeaderDetail, showLeader} from '../../services/leaders.js'

export default class LeadersShow extends BaseCommand<typeof LeadersShow> {
  static override summary = 'Show one leader: designations, specialisms, phases and days released per year.'

  static override description = `With --director the leader's own record follows: each deployment they completed (or that ended early) and what the supported school's published results did from before support to after it, as \`broker reports impact\` measures them, without comparison schools, totals, a score or a rank. The matching engine never reads it.`

  static override examples = [
    '<%= config.bin %> leaders show NE-0001',
    '<%= config.bin %> leaders show NE-0001 --director',
    '<%= config.bin %> leaders show j.bloggs@school.sch.uk --json',
    '<%= config.bin %> leaders show "Ewan Gibson"',
  ]

  static override flags = {wide: wideFlag, director: directorFlag("the leader's own record of outcomes")}

  static override args = {
    leader: Args.string({description: 'Leader ref, designation reference, email or name.', required: true}),
  }

  async run(): Promise<LeaderDetail> {
    const detail = await this.withContext((context) =>
      showLeader(context, this.args.leader, {director: this.flags.director}),
    )
    this.say(() => renderLeader(detail))
    return detail
  }
}

function renderLeader({leader, capacity, record}: LeaderDetail): string {
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
  if (record) {
    parts.push('', paint.heading('Own record (directors only)'), ...record.notes.map((note) => paint.dim(note)))
    const lines = recordLines(record)
    if (lines.length === 0) parts.push('No completed deployments yet.')
    else
      parts.push(
        renderTable(lines, [
          {header: 'Deployment', value: (line) => line.deploymentId, align: 'right'},
          {header: 'Supported', value: (line) => line.school},
          {header: 'Status', value: (line) => line.status},
          {header: 'Support', value: (line) => line.support},
          {header: 'Measure', value: (line) => line.measure},
          {header: 'Before', value: (line) => line.before},
          {header: 'After', value: (line) => line.after},
          {header: 'Change', value: (line) => line.change, align: 'right'},
        ]),
      )
  }
  return parts.join('\n')
}
