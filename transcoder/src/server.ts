import type { AddressInfo } from 'node:net';
import { log } from '../../core/log.ts';
import { createTranscoderServer } from './app.ts';
import { type TranscoderConfig, configFromEnv } from './config.ts';
import { removeStaleJobDirs } from './job-dirs.ts';

let config: TranscoderConfig;
try {
  config = configFromEnv();
} catch (error) {
  // Plain text: the operator reads this one line when the container will not start.
  console.error(`transcoder: ${(error as Error).message}`);
  process.exit(1);
}

// A job killed with its process (a crash, SIGKILL, the container stopped) left its temp dir behind.
const staleJobDirs = (await removeStaleJobDirs(config.workdir)).length;

const server = createTranscoderServer(config);
server.listen(config.port, () => {
  const { port } = server.address() as AddressInfo;
  log('info', 'listening', {
    worker: 'transcoder',
    port,
    concurrency: config.concurrency,
    cpu_slots: config.cpuSlots,
    workdir: config.workdir,
    stale_job_dirs_removed: staleJobDirs,
  });
});

// Let running jobs finish on shutdown (a container gets SIGTERM before it is stopped).
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
