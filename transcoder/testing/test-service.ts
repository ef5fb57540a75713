import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type LocalOrigin, startLocalOrigin } from './local-origin.ts';
import { type RunningTranscoder, startTranscoder } from './start-transcoder.ts';

export const TEST_SECRET = 'test-transcoder-secret';

/** A transcoder and the origin it downloads from and writes to, in a temp work dir of their own. */
export interface TestService {
  work: string;
  /** Where the transcoder keeps its job directories. */
  jobsDir: string;
  origin: LocalOrigin;
  transcoder: RunningTranscoder;
  close(): Promise<void>;
}

export async function startTestService(name: string): Promise<TestService> {
  const work = await mkdtemp(path.join(os.tmpdir(), `encore-transcoder-${name}-`));
  const jobsDir = path.join(work, 'jobs');
  await mkdir(jobsDir);
  const origin = await startLocalOrigin();
  const transcoder = await startTranscoder({ secret: TEST_SECRET, workdir: jobsDir });
  return {
    work,
    jobsDir,
    origin,
    transcoder,
    async close() {
      await transcoder.close();
      await origin.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
