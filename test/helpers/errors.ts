import {BrokerError} from '../../src/core/errors.js'

/** The BrokerError a piece of work fails with; fails the test when it succeeds or throws anything else. */
export async function brokerFailure(work: Promise<unknown> | (() => unknown)): Promise<BrokerError> {
  try {
    await (typeof work === 'function' ? work() : work)
  } catch (error) {
    if (error instanceof BrokerError) return error
    throw error
  }
  throw new Error('expected a BrokerError')
}
