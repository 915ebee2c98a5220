import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/runtimes/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // the machines have 2 cores; more workers only add contention
    maxWorkers: 2,
  },
});
