import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {wideFlag} from '../../cli/flags.js'
import {paint} from '../../cli/style.js'
import {renderFields, renderTable} from '../../cli/table.js'
import {formatDays} from '../../core/days.js'
import {addressLines, headName} from '../../core/model.js'
import {type SchoolDetail, showSchool} from '../../services/schools.js'

export default class SchoolsShow extends BaseCommand<typeof SchoolsShow> {
  static override summary = 'Show one school: context, inspection history, leaders based there and its needs.'

  static override examples = [
    '<%= config.bin %> schools show 108321',
    '<%= config.bin %> schools show "Carr Hill" --json',
  ]

  static override flags = {wide: wideFlag}

  static override args = {
    school: Args.string({description: 'URN or (part of) the school name.', required: true}),
  }

  async run(): Promise<SchoolDetail> {
    const detail = await this.withContext((context) => showSchool(context, this.args.school))
    this.say(() => renderSchool(detail))
    return detail
  }
}

function renderSchool({school, inspections, leadersBasedHere, needs, objections}: SchoolDetail): string {
  const parts = [
    paint.heading(`${school.name} (URN ${school.urn})`),
    renderFields([
      ['phase', school.phase],
      ['type', school.type],
      ['status', school.status],
      ['trust', school.trust ? `${school.trust.name ?? ''} (${school.trust.code})` : null],
      ['local authority', school.la ? `${school.la.name ?? ''} (${school.la.code})` : null],
      ['region', school.region],
      ['address', addressLines(school.address).join(', ') || null],
      ['head', headName(school.head)],
      [
        'location',
        school.location ? `${school.location.latitude.toFixed(5)}, ${school.location.longitude.toFixed(5)}` : 'unknown',
      ],
      ['pupils', school.pupils],
      ['FSM %', school.fsmPct],
      ['FSM-ever %', school.fsmEverPct],
      ['IDACI %', school.idaciPct],
    ]),
  ]
  if (inspections.length > 0) {
    parts.push('', paint.heading('Inspections'))
    parts.push(
      renderTable(inspections, [
        {header: 'Date', value: (i) => i.inspectedOn},
        {header: 'Framework', value: (i) => i.framework},
        {header: 'Overall', value: (i) => i.overallGrade},
        {
          header: 'Judgements',
          value: (i) =>
            Object.entries(i.judgements)
              .map(([area, value]) => `${area}: ${value}`)
              .join('; '),
        },
      ]),
    )
  }
  if (leadersBasedHere.length > 0) {
    parts.push('', paint.heading('Leaders based here'))
    parts.push(
      renderTable(leadersBasedHere, [
        {header: 'Ref', value: (l) => l.ref},
        {header: 'Name', value: (l) => l.name},
        {header: 'Designations', value: (l) => l.designations.map((d) => `${d.kind} (${d.status})`).join(', ')},
      ]),
    )
  }
  if (needs.length > 0) {
    parts.push('', paint.heading('Needs'))
    parts.push(
      renderTable(needs, [
        {header: 'Need', value: (n) => n.id},
        {header: 'Areas', value: (n) => n.specialisms.join(', ')},
        {header: 'Days', value: (n) => formatDays(n.requestedHalfDays), align: 'right'},
        {header: 'Priority', value: (n) => n.priority},
        {header: 'Status', value: (n) => n.status},
      ]),
    )
  }
  if (objections.length > 0) {
    parts.push('', paint.heading('Objections to leaders'))
    parts.push(
      renderTable(objections, [
        {header: 'Leader', value: (o) => o.leaderRef},
        {header: 'Since', value: (o) => o.objectedOn},
        {header: 'Reason', value: (o) => o.reason},
      ]),
    )
  }
  return parts.join('\n')
}
