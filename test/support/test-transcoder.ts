import type { AddressInfo } from 'node:net';
import { createTranscoderServer } from '../../transcoder/src/app.ts';
import { configFromEnv } from '../../transcoder/src/config.ts';
import { ffmpegVersion } from '../../transcoder/src/ffmpeg-version.ts';

/**
 * The real transcoder service, listening on a free loopback port inside the
 * vitest process, for projects whose health must find every dependency up
 * (the fuzz walk allows no 5xx). Returns its URL; it never keeps the run alive.
 */
export async function startTestTranscoder(): Promise<string> {
  const server = createTranscoderServer(configFromEnv({ TRANSCODER_SECRET: 'test-transcoder-secret', PORT: '0' }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  // Its health spawns `ffmpeg -version` once and keeps the answer: spawn it now, so the first health
  // check does not race the api's 2 s dependency timeout. While every project's config loads at once on
  // a cold 2-core machine that first spawn has taken over 10 s, so it gets a minute here and a failure
  // only warns: health asks again, and the fuzz walk reports any 503 itself.
  await ffmpegVersion(60_000).catch((error: unknown) => console.warn(`test transcoder: ffmpeg -version did not answer (${String(error)})`));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
