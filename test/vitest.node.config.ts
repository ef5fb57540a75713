import path from 'node:path';
import { defineProject } from 'vitest/config';

/** The transcoder service with real ffmpeg, in Node. */
export default defineProject({
  test: {
    name: 'node',
    root: path.resolve(import.meta.dirname, '..'),
    include: ['transcoder/test/**/*.test.ts', 'test/migrations/**/*.test.ts', 'test/deps/**/*.test.ts', 'test/config/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
