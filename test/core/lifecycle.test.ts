import {describe, expect, it} from 'vitest'

import {adviceFor} from '../../src/cli/advice.js'
import {BrokerError} from '../../src/core/errors.js'
import {
  cancelOperation,
  DEPLOYMENT_STATUSES,
  type DeploymentStatus,
  END_REASONS,
  isAllowed,
  type Operation,
  OPERATIONS,
  parseOutcome,
  requireAllowed,
  requireEndReason,
  VETO_REASON_CODES,
} from '../../src/core/lifecycle.js'

/** The whole transition table, written out: operation -> status -> the status it leads to (or refused). */
const EXPECTED: Record<Operation, Partial<Record<DeploymentStatus, DeploymentStatus>>> = {
  agree: {proposed: 'agreed'},
  start: {agreed: 'active'},
  complete: {active: 'completed'},
  cancel: {proposed: 'cancelled', agreed: 'cancelled'},
  'end-early': {active: 'ended-early'},
  amend: {agreed: 'agreed', active: 'active'},
  'plan-visit': {agreed: 'agreed', active: 'active'},
  'log-delivered': {active: 'active'},
  review: {agreed: 'agreed', active: 'active', completed: 'completed'},
}

/** What a refusal suggests next, by the deployment's status. */
const NEXT_STEP: Record<DeploymentStatus, RegExp> = {
  proposed: /^Agree it first/,
  agreed: /^Start it first/,
  active: /^It is under way/,
  completed: /^It is closed/,
  cancelled: /^It is closed/,
  'ended-early': /^It is closed/,
}

describe('the deployment lifecycle', () => {
  for (const operation of Object.keys(OPERATIONS) as Operation[]) {
    for (const status of DEPLOYMENT_STATUSES) {
      const to = EXPECTED[operation][status]
      it(`${operation} on a ${status} deployment ${to ? `leads to ${to}` : 'is refused'}`, () => {
        expect(isAllowed(operation, status)).toBe(to !== undefined)
        if (to) {
          expect(requireAllowed(7, status, operation)).toBe(to)
        } else {
          let error: unknown
          try {
            requireAllowed(7, status, operation)
          } catch (caught) {
            error = caught
          }
          expect(error).toBeInstanceOf(BrokerError)
          expect((error as BrokerError).kind).toBe('refused')
          expect((error as BrokerError).exitCode).toBe(1)
          expect((error as BrokerError).message).toMatch(new RegExp(`^Deployment 7 is ${status}; only `))
          expect(adviceFor(error as BrokerError)).toMatch(NEXT_STEP[status])
        }
      })
    }
  }

  it('cancels before the work starts and ends early once it is active', () => {
    expect(cancelOperation(7, 'proposed')).toEqual({operation: 'cancel', to: 'cancelled'})
    expect(cancelOperation(7, 'agreed')).toEqual({operation: 'cancel', to: 'cancelled'})
    expect(cancelOperation(7, 'active')).toEqual({operation: 'end-early', to: 'ended-early'})
  })

  it('refuses to cancel a closed deployment, saying which statuses can be cancelled or ended early', () => {
    for (const status of ['completed', 'cancelled', 'ended-early'] as const) {
      let error: unknown
      try {
        cancelOperation(7, status)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(BrokerError)
      expect(error).toMatchObject({kind: 'refused', exitCode: 1})
      expect((error as BrokerError).message).toBe(
        `Deployment 7 is ${status}, so it cannot be cancelled: only proposed or agreed deployments can be cancelled, and active ones ended early.`,
      )
      expect(adviceFor(error as BrokerError)).toMatch(/It is closed/)
    }
  })
})

describe('reasons a deployment ends', () => {
  it('accepts a rejection only for a proposal', () => {
    expect(requireEndReason(1, 'proposed', 'rejected-by-school', null).needBecomes).toBe('open')
    expect(() => requireEndReason(1, 'active', 'rejected-by-school', null)).toThrow(
      /cannot end deployment 1, which is active: it is for proposed deployments/,
    )
  })

  it('refuses an unknown code and lists the known ones', () => {
    expect(() => requireEndReason(1, 'proposed', 'bored', null)).toThrow(/"bored" is not a reason code/)
  })

  it('wants a note for the vague reasons', () => {
    expect(() => requireEndReason(1, 'agreed', 'other', '  ')).toThrow(/needs a note/)
    expect(requireEndReason(1, 'agreed', 'other', 'seconded to the LA').code).toBe('other')
  })

  it('vetoes the leader for the need only when someone said no to them', () => {
    expect(VETO_REASON_CODES).toEqual(
      expect.arrayContaining([
        'rejected-by-school',
        'rejected-by-leader',
        'rejected-by-home-school',
        'rejected-by-broker',
        'relationship-broke-down',
      ]),
    )
    expect(VETO_REASON_CODES).not.toContain('hold-expired')
    expect(VETO_REASON_CODES).not.toContain('replanned')
  })

  it('gives every live status at least one reason, and every reason a need outcome', () => {
    for (const status of ['proposed', 'agreed', 'active'] as const)
      expect(END_REASONS.some((reason) => reason.from.includes(status))).toBe(true)
    for (const reason of END_REASONS) expect(['open', 'closed', 'withdrawn']).toContain(reason.needBecomes)
  })
})

describe('the four-point outcome scale', () => {
  it('reads numbers and codes', () => {
    expect(parseOutcome('1')).toBe(1)
    expect(parseOutcome('partly met')).toBe(2)
    expect(parseOutcome('Met')).toBe(3)
    expect(parseOutcome('exceeded')).toBe(4)
    expect(parseOutcome('5')).toBeNull()
    expect(parseOutcome('great')).toBeNull()
  })
})
