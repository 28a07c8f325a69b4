import {beforeEach} from 'vitest'

// Tests spawn the CLI synchronously. Yielding one event-loop turn before each test lets the
// worker answer vitest's own messages, which otherwise time out after a long run of sync tests.
beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)))
