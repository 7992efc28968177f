import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most test files spend their time waiting: on the sandbox's simulated latency, on CLI, Action and bot processes
    // they spawn. Vitest's default (one worker per core but one) runs them one at a time on a 2-core machine; three
    // at once took the whole suite from 377 s to 193 s there, with the same results.
    maxWorkers: Math.max(3, availableParallelism() - 1),
    globalSetup: ['test/global-setup.ts'],
  },
});
