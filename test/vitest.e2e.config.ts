import path from 'node:path';
import { defineProject } from 'vitest/config';

/**
 * End-to-end runs of the whole local platform (wrangler dev with every worker,
 * the transcoder, ffmpeg as the player). They run after the other suites and one
 * file at a time, since each file starts its own platform on a 2-core machine.
 */
export default defineProject({
  test: {
    name: 'e2e',
    root: path.resolve(import.meta.dirname, '..'),
    include: ['test/e2e/**/*.test.ts'],
    fileParallelism: false,
    sequence: { groupOrder: 1 },
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
