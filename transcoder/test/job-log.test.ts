import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalOrigin } from '../testing/local-origin.ts';
import type { RunningTranscoder } from '../testing/start-transcoder.ts';
import { submitJob } from '../testing/submit-job.ts';
import { startTestService, TEST_SECRET, type TestService } from '../testing/test-service.ts';

const SECRET = TEST_SECRET;
let work: string;
let origin: LocalOrigin;
let transcoder: RunningTranscoder;

let service: TestService;

beforeAll(async () => {
  service = await startTestService('log');
  ({ work, origin, transcoder } = service);
});

afterAll(() => service?.close());

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
