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
  // check does not race the api's 2 s dependency timeout on a loaded machine.
  await ffmpegVersion();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
