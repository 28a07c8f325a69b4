import {describe, expect, it} from 'vitest'

import {adviceFor} from '../../src/cli/advice.js'
import {NEED_STATUSES, type NeedStatus} from '../../src/core/model.js'
import {checkNeedEditable, checkNeedTransition, NEED_TRANSITIONS} from '../../src/core/need-lifecycle.js'
import {brokerFailure} from '../helpers/errors.js'

const aNeed = (status: NeedStatus) => ({id: 7, status, statusReason: status === 'withdrawn' ? 'school closed' : null})

describe('the need lifecycle', () => {
  it('allows exactly the documented transitions', async () => {
    for (const from of NEED_STATUSES) {
      for (const to of NEED_STATUSES) {
        const allowed = NEED_TRANSITIONS[from].includes(to)
        const attempt = () => checkNeedTransition(aNeed(from), to, 'a reason')
        if (allowed) expect(attempt).not.toThrow()
        else expect((await brokerFailure(attempt)).kind).toBe('refused')
      }
    }
    expect(NEED_TRANSITIONS.closed).toEqual([])
    expect(NEED_TRANSITIONS.withdrawn).toEqual([])
  })

  it('needs a reason to close or withdraw', async () => {
    expect((await brokerFailure(() => checkNeedTransition(aNeed('open'), 'withdrawn', '  '))).kind).toBe(
      'invalid-input',
    )
    expect((await brokerFailure(() => checkNeedTransition(aNeed('open'), 'closed', undefined))).message).toMatch(
      /needs a reason/,
    )
    expect(() => checkNeedTransition(aNeed('open'), 'proposed', null)).not.toThrow()
  })

  it('says why a final need cannot change', async () => {
    expect((await brokerFailure(() => checkNeedTransition(aNeed('withdrawn'), 'closed', 'x'))).message).toMatch(
      /already withdrawn \(school closed\)/,
    )
  })

  it('changes what a match depends on only while open', async () => {
    expect(() => checkNeedEditable(aNeed('open'), ['requestedHalfDays', 'specialisms'])).not.toThrow()
    expect(() => checkNeedEditable(aNeed('proposed'), ['notes', 'reference'])).not.toThrow()
    const refused = await brokerFailure(() => checkNeedEditable(aNeed('proposed'), ['windowEnd', 'notes']))
    expect(refused.kind).toBe('refused')
    expect(refused.message).toBe('Need 7 is proposed, so these cannot change now: window end.')
    expect(adviceFor(await brokerFailure(() => checkNeedEditable(aNeed('in-deployment'), ['priority'])))).toMatch(
      /deployments amend/,
    )
  })
})
