import PostalMime from 'postal-mime'
import {describe, expect, it} from 'vitest'

import {agreementTags, buildAgreement, type AgreementInput} from '../../src/core/agreements.js'
import {
  type LetterSchool,
  longDate,
  partyOf,
  proposalReasons,
  type ReasonsInput,
  salutation,
} from '../../src/core/correspondence.js'
import type {Deployment} from '../../src/core/deployments.js'
import {buildLetters, emailText, type LettersInput} from '../../src/core/letters.js'
import {layoutAgreement} from '../../src/core/reports/layouts/agreement.js'
import {encodedWords, quotedPrintable, renderEml} from '../../src/reports/eml.js'
import {brokerFailure} from '../helpers/errors.js'

const NO_ADDRESS = {street: null, locality: null, address3: null, town: null, county: null, postcode: null}

const aSchool = (overrides: Partial<LetterSchool> = {}): LetterSchool => ({
  urn: 910083,
  name: 'Carr Hill Primary School',
  address: {...NO_ADDRESS, street: '1 Chapel Row', town: 'Gateshead', postcode: 'NE9 5NB'},
  head: {title: 'Mrs', firstName: 'Siân', lastName: 'O’Brien'},
  trust: null,
  ...overrides,
})

const aDeployment = (overrides: Partial<Deployment> = {}): Deployment => ({
  id: 12,
  leaderId: 3,
  leaderRef: 'SH-0003',
  leaderName: 'Zoë Ångström',
  urn: 910083,
  trustCode: null,
  schoolName: 'Carr Hill Primary School',
  needId: 7,
  status: 'agreed',
  statusReasonCode: null,
  statusReason: null,
  matchRunId: 1,
  score: 0.8,
  halfDays: 12,
  holdExpiresOn: null,
  startsOn: '2027-01-04',
  endsOn: '2027-03-26',
  midReviewOn: '2027-02-15',
  dayRatePence: 45000,
  fundingSource: 'dfe-grant',
  fundingProgramme: 'Phonics hubs',
  grantReference: null,
  payer: 'DfE',
  signoffs: {supportedHead: null, homeHead: null, broker: null},
  proposedOn: '2026-12-01',
  agreedOn: '2026-12-10',
  startedOn: null,
  closedOn: null,
  ...overrides,
})

const agreementInput = (overrides: Partial<AgreementInput> = {}): AgreementInput => ({
  hub: 'Sample Teaching School Hub',
  today: '2026-12-10',
  deployment: aDeployment(),
  needReference: 'REQ-27-007',
  objectives: [
    {
      position: 1,
      objective: 'Phonics {x} <b>bold</b> & more',
      successCriteria: '90% & {#loop}',
      outcome: null,
      evidence: null,
    },
  ],
  plannedVisits: [],
  supported: partyOf(aSchool(), null),
  home: partyOf(aSchool({urn: 910136, name: 'Low Fell Academy', trust: {code: '4000', name: 'Tyne Trust'}}), null),
  designation: 'SLE',
  ...overrides,
})

describe('parties and greetings', () => {
  it('makes a maintained school its governing body, signed by the head; an academy its trust, signed by the CEO', () => {
    expect(partyOf(aSchool(), null)).toMatchObject({
      body: 'The governing body of Carr Hill Primary School',
      signatory: 'Mrs Siân O’Brien',
      signatoryRole: 'Headteacher',
      address: ['1 Chapel Row', 'Gateshead', 'NE9 5NB'],
    })
    expect(partyOf(aSchool({trust: {code: '4000', name: 'Tyne Trust'}}), null)).toMatchObject({
      body: 'Tyne Trust',
      kind: 'academy trust',
      school: 'Carr Hill Primary School',
      signatory: null,
      signatoryRole: 'Chief Executive Officer',
    })
    expect(partyOf(null, {code: '4000', name: null}).body).toBe('Trust 4000')
  })

  it('greets the head by title and surname, by name without a title, else "Dear Headteacher"', () => {
    expect(salutation({title: 'Mrs', firstName: 'Siân', lastName: 'O’Brien'})).toBe('Dear Mrs O’Brien')
    expect(salutation({title: null, firstName: 'Zoë', lastName: 'Ng'})).toBe('Dear Zoë Ng')
    expect(salutation({title: 'Mr', firstName: 'Zoë', lastName: '  '})).toBe('Dear Headteacher')
    expect(salutation(null)).toBe('Dear Headteacher')
    expect(longDate('2027-01-04')).toBe('4 January 2027')
  })
})

describe('why this leader', () => {
  const input: ReasonsInput = {
    designation: 'SLE',
    sharedAreas: ['Phonics'],
    needAreas: ['Phonics', 'Early reading'],
    deliveryMode: 'in-person',
    basis: {
      components: {expertise: 0.9, context: 0.72, availability: 0.5, distance: 0.8, continuity: 1},
      distanceKm: 4.63,
      pinned: false,
    },
    reader: 'school',
    supportedName: 'Carr Hill Primary School',
  }

  it('speaks each part of the score in words, and never a number from the score', () => {
    const reasons = proposalReasons(input)
    expect(reasons).toEqual([
      'expertise in Phonics, which you asked for',
      'designation as Specialist Leader of Education (SLE), suited to this kind of support',
      'experience of leading in a school like yours (its phase, size and the disadvantage of its pupils)',
      'days free in the window you asked for',
      'a home school 4.6 km away',
      'a history of working with you',
    ])
    expect(reasons.join(' ')).not.toMatch(/0\.\d|score/)
    expect(proposalReasons({...input, reader: 'leader'})[0]).toBe(
      'expertise in Phonics, which Carr Hill Primary School asked for',
    )
    expect(proposalReasons({...input, basis: null, deliveryMode: 'remote'})).toHaveLength(2)
  })
})

describe('agreements', () => {
  it('refuses one with no objectives, naming everything it lacks', async () => {
    const proposal = aDeployment({status: 'proposed', midReviewOn: null, dayRatePence: null, fundingSource: null})
    const error = await brokerFailure(() => buildAgreement(agreementInput({deployment: proposal, objectives: []})))
    expect(error.code).toBe('agreement.unfinished')
    expect(error.data).toEqual({
      deploymentId: 12,
      status: 'proposed',
      missing: ['objectives', 'mid-point review', 'day rate', 'funding source'],
    })
    expect(error.message).toContain('no objectives, no mid-point review, no day rate, no funding source')
  })

  it('gives the template its tags, the money in pounds and the hub clauses numbered after the five sections', () => {
    const tags = agreementTags(buildAgreement(agreementInput()))
    expect(tags).toMatchObject({
      supportedBody: 'The governing body of Carr Hill Primary School',
      supportedSignatory: 'Mrs Siân O’Brien',
      homeBody: 'Tyne Trust',
      homeSignatoryRole: 'Chief Executive Officer',
      leaderName: 'Zoë Ångström',
      leaderDesignation: 'Specialist Leader of Education (SLE)',
      days: '6 days',
      startsOn: '4 January 2027',
      midReviewOn: '15 February 2027',
      dayRate: '£450.00',
      totalCost: '£2,700.00',
      fundingSource: 'DfE grant',
    })
    expect(tags.objectives).toEqual([
      {number: '1', objective: 'Phonics {x} <b>bold</b> & more', successCriteria: '90% & {#loop}'},
    ])
    expect(tags.clauses.map((clause) => `${clause.number} ${clause.heading}`)).toEqual([
      '6 Safeguarding and DBS checks',
      '7 Insurance',
      '8 Data protection',
      '9 Termination',
      '10 Invoicing and VAT',
    ])
    const document = layoutAgreement(buildAgreement(agreementInput()))
    expect(document.sections.map((section) => section.heading)).toContain(
      '6. Safeguarding and DBS checks (to be completed by the hub)',
    )
  })
})

const lettersInput = (overrides: Partial<LettersInput> = {}): LettersInput => ({
  hub: 'Sample Teaching School Hub',
  today: '2026-12-01',
  deploymentId: 12,
  leader: {name: 'Siân O’Brien', ref: 'SH-0003', email: 's.obrien@example.sch.uk', designation: 'SLE'},
  supportedSchool: aSchool({head: null}),
  supportedTrust: null,
  homeSchool: aSchool({urn: 910136, name: 'Low Fell Academy', head: {title: null, firstName: 'Zoë', lastName: 'Ng'}}),
  needAreas: ['Phonics'],
  halfDays: 12,
  startsOn: '2027-01-04',
  endsOn: '2027-03-26',
  holdExpiresOn: '2026-12-22',
  deliveryMode: 'in-person',
  why: {designation: 'SLE', sharedAreas: ['Phonics'], needAreas: ['Phonics'], deliveryMode: 'in-person', basis: null},
  ...overrides,
})

describe('letters after a match', () => {
  it('writes to the leader, the home head (release) and the supported head (next steps)', () => {
    const set = buildLetters(lettersInput())
    expect(set.email.subject).toBe('Proposed support: Carr Hill Primary School, 6 days')
    const text = emailText(set.email)
    expect(text).toContain('between 4 January 2027 and 26 March 2027, in person')
    expect(text).toContain('reply to this e-mail by 22 December 2026 to accept')
    expect(text).toContain('• expertise in Phonics, which Carr Hill Primary School asked for')
    expect(set.release!.salutation).toBe('Dear Zoë Ng')
    expect(set.release!.subject).toBe('Request to release Siân O’Brien for 6 days of school-to-school support')
    expect(set.supported.salutation).toBe('Dear Headteacher')
    expect(set.supported.recipient).toEqual([
      'The Headteacher',
      'Carr Hill Primary School',
      '1 Chapel Row',
      'Gateshead',
      'NE9 5NB',
    ])
    expect(set.supported.paragraphs.join('\n')).toContain('Next steps')
  })

  it('writes no release request when the home school is not known, and addresses a trust as a whole', () => {
    const set = buildLetters(
      lettersInput({homeSchool: null, supportedSchool: null, supportedTrust: {code: '4000', name: 'Tyne Trust'}}),
    )
    expect(set.release).toBeNull()
    expect(set.supported.salutation).toBe('Dear Chief Executive Officer')
    expect(set.supported.recipient).toEqual(['The Chief Executive Officer', 'Tyne Trust'])
  })
})

describe('draft e-mails (.eml)', () => {
  const message = (subject: string, name: string) =>
    renderEml({
      from: {name: 'Sample Teaching School Hub', address: 'drafts@broker.invalid'},
      to: {name, address: 's.obrien@example.sch.uk'},
      subject,
      text: 'Dear Siân,\n\nZoë’s school = 100% ready; a long line that goes on and on past the seventy-six characters quoted-printable allows \n',
      date: '2026-12-01',
      messageId: 'deployment-12-leader-email.2026-12-01@broker.invalid',
    })

  it('parses as a draft with its non-ASCII names, subject and body intact', async () => {
    const subject = `Proposed support: Zoë’s school {x} <b> & ${'Ångström '.repeat(8)}`
    const raw = message(subject, 'Siân O’Brien')
    const email = await PostalMime.parse(raw)
    expect(email.from).toMatchObject({name: 'Sample Teaching School Hub', address: 'drafts@broker.invalid'})
    expect(email.to?.[0]).toMatchObject({name: 'Siân O’Brien', address: 's.obrien@example.sch.uk'})
    expect(email.subject).toBe(subject.trim())
    expect(email.headers.find((header) => header.key === 'x-unsent')?.value).toBe('1')
    expect(email.text).toContain('Zoë’s school = 100% ready')
    expect(email.text).toContain('quoted-printable allows')
    // Headers and body are 7-bit, CRLF, and no line is longer than RFC 5322's 78 characters.
    expect(raw).toMatch(/^[\x20-\x7e\r\n]*$/)
    expect(raw.replace(/\r\n/g, '')).not.toContain('\n')
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78)
  })

  it('quotes a plain name with specials, and splits encoded-words between characters', async () => {
    const email = await PostalMime.parse(message('Plain', 'Bloggs, Jo'))
    expect(email.to?.[0]?.name).toBe('Bloggs, Jo')
    const words = encodedWords('ë'.repeat(40))
    expect(words.length).toBeGreaterThan(1)
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75)
    expect(quotedPrintable('a = b \nend ')).toBe('a =3D b=20\r\nend=20')
  })
})
