import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Each file starts the local stack, runs CLI commands as child processes and launches Chromium,
    // so the files run one at a time with generous timeouts for a slow CI machine.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
