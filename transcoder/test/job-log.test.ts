import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalOrigin, startLocalOrigin } from '../testing/local-origin.ts';
import { type RunningTranscoder, startTranscoder } from '../testing/start-transcoder.ts';
import { submitJob } from '../testing/submit-job.ts';

const SECRET = 'test-transcoder-secret';
let work: string;
let origin: LocalOrigin;
let transcoder: RunningTranscoder;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'encore-transcoder-log-'));
  origin = await startLocalOrigin();
  transcoder = await startTranscoder({ secret: SECRET, workdir: work });
});

afterAll(async () => {
  await transcoder?.close();
  await origin?.close();
  await rm(work, { recursive: true, force: true });
});

describe('the job log line', () => {
  it('is one JSON line in core/log.ts shape naming the request and the job, and never the ingest token', async () => {
    const fake = path.join(work, 'not-audio.mp3');
    await writeFile(fake, 'no music here\n'.repeat(100));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const job = {
        job_id: `job-${crypto.randomUUID()}`,
        source_url: origin.serveSource(fake),
        ingest_url: origin.ingestUrl,
        ingest_token: origin.ingestToken,
      };
      const answer = await submitJob(transcoder.url, { ...job, request_id: 'req-from-the-api-1234' }, SECRET);
      expect(answer.status).toBe(422);
      const lines = warn.mock.calls.map(([line]) => JSON.parse(String(line)));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 'warn',
        event: 'job',
        worker: 'transcoder',
        request_id: 'req-from-the-api-1234',
        job_id: job.job_id,
        outcome: 'failed',
      });
      expect(typeof lines[0].ts).toBe('string');
      expect(JSON.stringify(lines)).not.toContain(origin.ingestToken);
    } finally {
      warn.mockRestore();
    }
  });
});
