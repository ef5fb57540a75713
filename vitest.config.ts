import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'workers/api/vitest.config.ts',
      'workers/api/fuzz/vitest.config.ts',
      'workers/stream/vitest.config.ts',
      'workers/transcode-queue/vitest.config.ts',
      'workers/listening-events/vitest.config.ts',
      'test/vitest.node.config.ts',
      'test/vitest.e2e.config.ts',
      'test/vitest.browser.config.ts',
    ],
    passWithNoTests: true,
  },
});
