import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    // better-sqlite3 is a native addon: isolate test files in processes, not worker threads.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/yield-between-tests.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
