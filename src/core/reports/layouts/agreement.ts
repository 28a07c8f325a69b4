import {type AgreementModel, agreementTags} from '../../agreements.js'
import {fields, paragraph, type ReportDocument, type Section, table, text} from '../document.js'

/**
 * The default agreement laid out as a document for the PDF renderer: the same sections, words and
 * numbering as the default Word template (data/agreement-template.docx), from the same tags.
 */
export function layoutAgreement(model: AgreementModel): ReportDocument {
  const tags = agreementTags(model)
  const partyFields = (label: string, side: 'supported' | 'home') => {
    const school = tags[`${side}School`]
    const urn = tags[`${side}Urn`]
    return fields([
      [label, tags[`${side}Body`]],
      ['School', school ? `${school}${urn ? ` (URN ${urn})` : ''}` : null],
      ['Address', tags[`${side}Address`]],
      ['Signs for it', `${tags[`${side}SignatoryRole`]}, ${tags[`${side}Signatory`]}`],
    ])
  }
  const sections: Section[] = [
    {
      heading: '1. The parties',
      blocks: [
        paragraph('This agreement is made between:'),
        partyFields('The supported party', 'supported'),
        partyFields("The leader's employer", 'home'),
        paragraph(`It is brokered by ${tags.hub}, which keeps the record of the support.`),
      ],
    },
    {
      heading: '2. The leader',
      blocks: [
        fields([
          ['Leader', `${tags.leaderName} (${tags.leaderRef})`],
          ['Designation', tags.leaderDesignation || null],
          ['Employed by', tags.homeSchool || tags.homeBody],
        ]),
      ],
    },
    {
      heading: '3. Objectives and success criteria',
      blocks: [
        table(
          'objectives',
          null,
          [{header: '#', align: 'right'}, {header: 'Objective'}, {header: 'Success criteria'}],
          tags.objectives.map((o) => [text(o.number), text(o.objective), text(o.successCriteria)]),
        ),
      ],
    },
    {
      heading: '4. Days and dates',
      blocks: [
        fields([
          ['Days', tags.days],
          ['From', tags.startsOn],
          ['To', tags.endsOn],
          ['Mid-point review', tags.midReviewOn],
        ]),
        ...(tags.hasPlannedVisits
          ? [
              table(
                'visits',
                'Planned visits',
                [{header: 'Date'}, {header: 'Activity'}, {header: 'Days', align: 'right'}],
                tags.plannedVisits.map((v) => [text(v.date), text(v.activity), text(v.days)]),
              ),
            ]
          : []),
      ],
    },
    {
      heading: '5. Money',
      blocks: [
        fields([
          ['Day rate', tags.dayRate],
          ['Total for the agreed days', tags.totalCost],
          ['Funding source', tags.fundingSource],
          ['Programme', tags.fundingProgramme],
          ['Grant reference', tags.grantReference],
          ['Payer', tags.payer],
        ]),
      ],
    },
    ...tags.clauses.map((clause): Section => ({
      heading: `${clause.number}. ${clause.heading} (to be completed by the hub)`,
      blocks: [paragraph(clause.text)],
    })),
    {
      heading: 'Signatures',
      blocks: [
        table(
          'signatures',
          null,
          [{header: 'For'}, {header: 'Name'}, {header: 'Role'}, {header: 'Signature'}, {header: 'Date'}],
          [
            [tags.supportedBody, tags.supportedSignatory, tags.supportedSignatoryRole],
            [tags.homeBody, tags.homeSignatory, tags.homeSignatoryRole],
            [tags.hub, '', 'Broker'],
          ].map(([party, name, role]) => [text(party), text(name || BLANK), text(role), text(BLANK), text(BLANK)]),
        ),
      ],
    },
  ]
  return {
    title: 'Agreement for school-to-school support',
    subject: `Deployment ${tags.deploymentId}${tags.needReference ? ` (${tags.needReference})` : ''}: ${tags.leaderName} with ${tags.supportedSchool || tags.supportedBody}`,
    cover: [
      {label: 'Hub', value: tags.hub},
      {label: 'Drawn up', value: tags.drawnUpOn},
    ],
    sections,
    glossary: [],
    csvTable: 'objectives',
  }
}

const BLANK = '____________'
