import path from 'node:path';
import { defineProject } from 'vitest/config';

/**
 * The web player in headless Chromium (Debian's package, driven by playwright-core)
 * against the whole local platform. One file, one platform start: CI has 2 cores.
 */
export default defineProject({
  test: {
    name: 'browser',
    root: path.resolve(import.meta.dirname, '..'),
    include: ['test/browser/**/*.test.ts'],
    // After the workerd suites and the end-to-end runs: never two platforms on 2 cores at once.
    sequence: { groupOrder: 2 },
    fileParallelism: false,
    globalSetup: ['test/browser/build-web.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
