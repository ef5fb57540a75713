import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { createTranscoderServer } from '../src/app.ts';
import type { TranscoderConfig } from '../src/config.ts';

export interface RunningTranscoder {
  url: string;
  config: TranscoderConfig;
  close(): Promise<void>;
}

/** Runs the transcoder's HTTP server in this process on a free port. */
export async function startTranscoder(overrides: Partial<TranscoderConfig> & { secret: string }): Promise<RunningTranscoder> {
  const config: TranscoderConfig = {
    port: 0,
    concurrency: 2,
    cpuSlots: os.availableParallelism(),
    workdir: os.tmpdir(),
    maxSourceBytes: 64 * 1024 * 1024,
    maxSourceSeconds: 14_400,
    maxEpisodeSeconds: 21_600,
    processTimeoutMs: 60_000,
    ...overrides,
  };
  const server = createTranscoderServer(config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    config,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
