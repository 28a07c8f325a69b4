import {expect} from 'vitest'

/**
 * vitest types its asymmetric matchers as `any`, which the type-aware lint rightly refuses inside
 * typed objects. The same matchers, typed as what they are to the compiler: values to compare with.
 */
export const stringMatching = (pattern: string | RegExp): unknown => expect.stringMatching(pattern)
export const objectContaining = (shape: Record<string, unknown>): unknown => expect.objectContaining(shape)
export const anyNumber = (): unknown => expect.any(Number)
export const stringContaining = (text: string): unknown => expect.stringContaining(text)
