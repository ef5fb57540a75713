import path from 'node:path';
import { defineProject } from 'vitest/config';

/** Tests that run in Node: the transcoder with real ffmpeg, and end-to-end runs of the whole local platform. */
export default defineProject({
  test: {
    name: 'node',
    root: path.resolve(import.meta.dirname, '..'),
    include: ['transcoder/test/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
