import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Image work is CPU-bound and the CI machine has two cores: more forks only add contention.
    maxWorkers: 2,
  },
});
