import {
  daysInWords,
  designationInWords,
  joinWords,
  type LetterSchool,
  longDate,
  proposalReasons,
  type ReasonsInput,
  recipientLines,
  salutation,
} from './correspondence.js'

/**
 * What a hub sends after a match, for each new proposal: a draft e-mail to the leader, a letter
 * asking the leader's head to release them, and a letter telling the supported school's head who
 * is proposed and what happens next. They speak of this one pairing only: never of alternates,
 * scores or objections. Nothing here is sent; the files are drafts for the hub to check and send.
 */

export interface LetterModel {
  hub: string
  date: string
  recipient: string[]
  salutation: string
  subject: string
  paragraphs: string[]
  signOff: string
  signature: string
}

export interface DraftEmail {
  to: {name: string; address: string | null}
  subject: string
  /** Plain-text paragraphs; a line starting "• " is a list item. */
  paragraphs: string[]
  signature: string
}

export interface LettersInput {
  hub: string
  today: string
  deploymentId: number
  leader: {name: string; ref: string; email: string | null; designation: string | null}
  /** The supported school, or null when the support is for a trust as a whole. */
  supportedSchool: LetterSchool | null
  supportedTrust: {code: string; name: string | null} | null
  /** The leader's home school; null when not known (no release letter then). */
  homeSchool: LetterSchool | null
  needAreas: string[]
  halfDays: number
  startsOn: string | null
  endsOn: string | null
  holdExpiresOn: string | null
  deliveryMode: string | null
  /** What says why this leader (proposalReasons), worded for each reader. */
  why: Omit<ReasonsInput, 'reader' | 'supportedName'>
}

export interface LetterSet {
  email: DraftEmail
  release: LetterModel | null
  supported: LetterModel
}

const DELIVERY_WORDS: Record<string, string> = {
  'in-person': 'in person',
  remote: 'remotely',
  blended: 'partly in person and partly remotely',
}

export function buildLetters(input: LettersInput): LetterSet {
  const leader = input.leader
  const subject = input.supportedSchool?.name ?? input.supportedTrust?.name ?? `trust ${input.supportedTrust?.code}`
  const areas = input.needAreas.length > 0 ? joinWords(input.needAreas) : 'school improvement'
  const window =
    input.startsOn && input.endsOn ? `between ${longDate(input.startsOn)} and ${longDate(input.endsOn)}` : ''
  const days = daysInWords(input.halfDays)
  const how = input.deliveryMode ? DELIVERY_WORDS[input.deliveryMode] : undefined
  const support = `${days}${window ? ` ${window}` : ''}${how ? `, ${how}` : ''}`
  const replyBy = input.holdExpiresOn ? ` by ${longDate(input.holdExpiresOn)}` : ''
  const designation = designationInWords(leader.designation)
  const home = input.homeSchool
  const homeName = home?.name ?? 'your school'
  const why = (reader: ReasonsInput['reader']) => {
    const reasons = proposalReasons({...input.why, reader, supportedName: subject})
    return (reasons.length > 0 ? reasons : ['the expertise asked for']).map((reason) => `• ${reason}`)
  }

  const email: DraftEmail = {
    to: {name: leader.name, address: leader.email},
    subject: `Proposed support: ${subject}, ${days}`,
    paragraphs: [
      `Dear ${leader.name},`,
      `${input.hub} would like to propose you to support ${subject} with ${areas}.`,
      ['Why you:', ...why('leader')].join('\n'),
      `The support: ${support}.`,
      `How to accept: please reply to this e-mail${replyBy} to accept or decline; your days are held for this support until then. When you accept, we will ask ${home ? `the headteacher of ${home.name}` : 'your headteacher'} to release you for these days, then agree the objectives with ${subject} and send the agreement for signature.`,
      `Reference: deployment ${input.deploymentId} (${leader.ref}).`,
    ],
    signature: `With best wishes,\n${input.hub}`,
  }

  const release: LetterModel | null = home && {
    hub: input.hub,
    date: longDate(input.today),
    recipient: recipientLines(home),
    salutation: salutation(home.head),
    subject: `Request to release ${leader.name} for ${days} of school-to-school support`,
    paragraphs: [
      `${input.hub} would like to propose that ${leader.name}${designation ? `, ${designation} at ${homeName},` : ` of ${homeName}`} supports ${subject} with ${areas}.`,
      `We ask you to release ${leader.name} for ${support}. The dates of visits are agreed between the schools and recorded with the hub.`,
      'The day rate, who pays, and the terms for safeguarding, insurance and data protection will be set out in an agreement for your school, the supported school and the hub to sign.',
      `Please reply${replyBy} to say whether you can release ${leader.name} for these days; the days are held for this support until then.`,
    ],
    signOff: 'Yours sincerely,',
    signature: input.hub,
  }

  const supported: LetterModel = {
    hub: input.hub,
    date: longDate(input.today),
    recipient: input.supportedSchool
      ? recipientLines(input.supportedSchool)
      : ['The Chief Executive Officer', input.supportedTrust?.name ?? subject],
    salutation: input.supportedSchool ? salutation(input.supportedSchool.head) : 'Dear Chief Executive Officer',
    subject: `Proposed support for ${subject}: ${leader.name}`,
    paragraphs: [
      `Thank you for your request for support with ${areas}. ${input.hub} proposes ${leader.name}${designation ? `, ${designation},` : ''} of ${home?.name ?? 'another school'}.`,
      `Why ${leader.name}:`,
      ...why('school'),
      `The support: ${support}.`,
      `Next steps: we are asking ${leader.name} to accept${home ? ` and the headteacher of ${home.name} to release them` : ''}. Once they have, we will arrange a first meeting to agree the objectives and how success will be judged, and send you the agreement to sign. A review halfway through checks progress against the objectives.`,
      `If you have any questions, or this proposal does not suit, please reply${replyBy}.`,
    ],
    signOff: 'Yours sincerely,',
    signature: input.hub,
  }
  return {email, release, supported}
}

/** The data the letter template (data/letter-template.docx) is filled with. */
export function letterTags(letter: LetterModel) {
  return {
    hub: letter.hub,
    date: letter.date,
    recipient: letter.recipient.map((line) => ({line})),
    salutation: `${letter.salutation},`,
    subject: letter.subject,
    paragraphs: letter.paragraphs.map((text) => ({text})),
    signOff: letter.signOff,
    signature: letter.signature,
  }
}

/** The e-mail's body as plain text: paragraphs apart, then the signature. */
export function emailText(email: DraftEmail): string {
  return `${[...email.paragraphs, email.signature].join('\n\n')}\n`
}
