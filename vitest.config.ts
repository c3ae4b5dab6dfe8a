import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/infra/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Integration tests start dynalite and an HTTP server per file; a generous timeout keeps a slow CI green.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
