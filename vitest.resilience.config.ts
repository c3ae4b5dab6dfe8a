import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/resilience/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // One crash trial runs 2,000 customers through the real local stack twice.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
