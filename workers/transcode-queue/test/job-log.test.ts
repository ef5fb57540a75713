import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../src/index.ts';
import { seedUpload } from './seed.ts';

// Nothing listens here: the job is retried, which is all this test needs.
const unreachable = { ...env, TRANSCODER_URL: 'http://127.0.0.1:9' };

afterEach(() => vi.restoreAllMocks());

describe('the transcode job log line', () => {
  it('names the request that queued the job, and the transcoder is told it too', async () => {
    const { job } = await seedUpload('uploaded');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // Calls through (to the closed port); kept only to read what the transcoder would have been sent.
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const batch = createMessageBatch('encore-transcode', [
      { id: 'msg-log-1', timestamp: new Date(), attempts: 1, body: { ...job, request_id: 'req-upload-complete-1' } },
    ]);
    const ctx = createExecutionContext();
    await (worker as ExportedHandler<Env>).queue!(batch, unreachable, ctx);
    expect((await getQueueResult(batch, ctx)).retryMessages).toEqual([{ msgId: 'msg-log-1' }]);

    const sent = JSON.parse(String(fetchSpy.mock.calls[0]![1]!.body));
    expect(sent.request_id).toBe('req-upload-complete-1');
    const lines = warn.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        event: 'transcode_job',
        worker: 'transcode-queue',
        request_id: 'req-upload-complete-1',
        message_id: 'msg-log-1',
        action: 'retry',
        delay_seconds: 10,
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(sent.ingest_token);
  });
});
