import {Flags} from '@oclif/core'

import {
  DELIVERY_MODES,
  type DeliveryMode,
  PRIORITIES,
  type Priority,
  SUPPORT_TYPES,
  type SupportType,
} from '../core/model.js'
import {daysFlag, isoDateFlag} from './flags.js'

/** The fields of a need, as `needs add` and `needs update` take them. */
export const needFlags = {
  urn: Flags.string({description: 'The school: URN or (part of) its name; an ambiguous name lists the candidates.'}),
  trust: Flags.string({description: 'Trust code, for governance support to a trust board.'}),
  specialism: Flags.string({char: 's', description: 'Area of need; repeat for several.', multiple: true}),
  'accept-fuzzy': Flags.boolean({description: 'Accept loose area matches.'}),
  type: Flags.string({char: 't', description: 'Support type.', options: [...SUPPORT_TYPES]}),
  mode: Flags.string({description: 'Delivery mode.', options: [...DELIVERY_MODES]}),
  days: daysFlag({description: 'Days requested (per leader for a team need).'}),
  from: isoDateFlag({description: 'Window start.'}),
  to: isoDateFlag({description: 'Window end.'}),
  priority: Flags.string({char: 'p', description: 'Priority.', options: [...PRIORITIES]}),
  notes: Flags.string({description: 'Notes from the diagnosis.'}),
  reference: Flags.string({description: 'Your own reference for the request.'}),
  source: Flags.string({description: 'Who asked: school, LA, trust, diocese, RISE adviser ...'}),
  'received-on': isoDateFlag({description: 'When the request arrived. Default: today.'}),
}

type NeedFlagValues = {
  urn?: string
  trust?: string
  specialism?: string[]
  'accept-fuzzy'?: boolean
  type?: string
  mode?: string
  days?: number
  from?: string
  to?: string
  priority?: string
  notes?: string
  reference?: string
  source?: string
  'received-on'?: string
}

/** The need fields the flags gave, named as the needs service names them (undefined: not given). */
export function needFieldsFrom(flags: NeedFlagValues) {
  return {
    school: flags.urn,
    trustCode: flags.trust,
    specialisms: flags.specialism,
    acceptFuzzy: flags['accept-fuzzy'],
    supportType: flags.type as SupportType | undefined,
    deliveryMode: flags.mode as DeliveryMode | undefined,
    requestedHalfDays: flags.days,
    windowStart: flags.from,
    windowEnd: flags.to,
    priority: flags.priority as Priority | undefined,
    notes: flags.notes,
    reference: flags.reference,
    source: flags.source,
    receivedOn: flags['received-on'],
  }
}
