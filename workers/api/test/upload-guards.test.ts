import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { markFailed, uploadShardDb } from '#core/catalog/upload-transitions.ts';
import { TranscodeJob } from '#core/protocol/transcode.ts';
import { app } from '../src/app.ts';
import { BASE, body, registerUser } from './helpers.ts';

/**
 * The real TRANSCODE_QUEUE, with every send recorded, and the next `failures`
 * sends refused the way an unavailable queue refuses them.
 */
function watchedQueue(failures = 0) {
  const sent: TranscodeJob[] = [];
  const queue: Queue = {
    async send(message, options) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('Queue send failed: internal error');
      }
      sent.push(TranscodeJob.parse(message));
      return env.TRANSCODE_QUEUE.send(message, options);
    },
    sendBatch: (messages, options) => env.TRANSCODE_QUEUE.sendBatch(messages, options),
    metrics: () => env.TRANSCODE_QUEUE.metrics(),
  };
  return { queue, sent };
}

/** The api worker's app with `queue` as its TRANSCODE_QUEUE, called the way a client calls it. */
function apiWith(queue: Queue, path: string, token: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${token}`);
  let requestBody = init.body;
  if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    requestBody = JSON.stringify(init.json);
  }
  return Promise.resolve(app.fetch(new Request(`${BASE}${path}`, { ...init, headers, body: requestBody }), { ...env, TRANSCODE_QUEUE: queue }));
}

const { queue: plainQueue } = watchedQueue();

function createUpload(token: string, fields: Record<string, unknown> = {}) {
  return apiWith(plainQueue, '/api/v1/uploads', token, { method: 'POST', json: { title: 'Guarded', size_bytes: 4, content_type: 'audio/flac', ...fields } });
}

/** An upload whose one 4-byte part is in, ready to be completed. */
async function uploadWithPart(token: string): Promise<string> {
  const { id } = await body(await createUpload(token));
  const part = await apiWith(plainQueue, `/api/v1/uploads/${id}/parts/1`, token, {
    method: 'PUT',
    body: new Uint8Array([1, 2, 3, 4]),
    headers: { 'Content-Length': '4' },
  });
  expect(part.status).toBe(200);
  return id;
}

const complete = (queue: Queue, token: string, uploadId: string) => apiWith(queue, `/api/v1/uploads/${uploadId}/complete`, token, { method: 'POST' });

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const { error } = await body(res);
  expect(error).toMatchObject({ status, code, message: expect.any(String) });
  return error as { message: string };
}

describe('completing an upload', () => {
  it('queues one transcode however many times it is called', async () => {
    const { access_token: token } = await registerUser('artist');
    const uploadId = await uploadWithPart(token);
    const { queue, sent } = watchedQueue();
    for (let call = 0; call < 3; call += 1) {
      const res = await complete(queue, token, uploadId);
      expect(res.status).toBe(202);
      expect(await body(res)).toEqual({ status: 'uploaded' });
    }
    expect(sent).toEqual([{ upload_id: uploadId, track_id: expect.any(String), request_id: expect.any(String) }]);
  });

  it('queues one transcode when the calls arrive together', async () => {
    const { access_token: token } = await registerUser('artist');
    const uploadId = await uploadWithPart(token);
    const { queue, sent } = watchedQueue();
    const answers = await Promise.all([1, 2, 3].map(() => complete(queue, token, uploadId)));
    expect(answers.map((res) => res.status)).toEqual([202, 202, 202]);
    expect(sent).toHaveLength(1);
  });

  it('answers 503 when the job cannot be queued, and the next call sends it (once)', async () => {
    const { access_token: token } = await registerUser('artist');
    const uploadId = await uploadWithPart(token);
    const { queue, sent } = watchedQueue(1);

    const failed = await complete(queue, token, uploadId);
    const error = await expectError(failed, 503, 'queue_unavailable');
    expect(failed.headers.get('Retry-After')).toBe('5');
    expect(error.message).toContain('complete it again');
    expect(sent).toHaveLength(0);

    expect((await complete(queue, token, uploadId)).status).toBe(202);
    expect((await complete(queue, token, uploadId)).status).toBe(202);
    expect(sent).toEqual([{ upload_id: uploadId, track_id: expect.any(String), request_id: expect.any(String) }]);
  });
});

describe('per-artist upload limits', () => {
  it('answers 429 with Retry-After once an artist starts more than 30 uploads a minute', async () => {
    const { access_token: token } = await registerUser('artist');
    const codes: string[] = [];
    for (let call = 1; call <= 31; call += 1) {
      const res = await createUpload(token);
      codes.push(res.status === 201 ? 'created' : (await body(res)).error.code);
      if (call === 31) {
        expect(res.status).toBe(429);
        expect(res.headers.get('Retry-After')).toBe('60');
      }
    }
    // The first 20 fill the quota of unfinished uploads; the limiter counts every attempt.
    expect(codes).toEqual([...Array(20).fill('created'), ...Array(10).fill('upload_quota_exceeded'), 'upload_rate_limited']);

    // Another artist is not held back by this one.
    const other = await registerUser('artist');
    expect((await createUpload(other.access_token)).status).toBe(201);
  });

  it('holds an artist to 20 unfinished uploads; a finished one frees its place', async () => {
    const { access_token: token } = await registerUser('artist');
    const ids: string[] = [];
    for (let n = 0; n < 20; n += 1) ids.push((await body(await createUpload(token))).id);
    const refused = await createUpload(token);
    expect(refused.headers.get('Retry-After')).toBe('60');
    expect((await expectError(refused, 429, 'upload_quota_exceeded')).message).toContain('at most 20');

    expect(await markFailed(uploadShardDb(env, ids[0]!), ids[0]!, 'Not audio.')).toBe(true);
    expect((await createUpload(token)).status).toBe(201);
  });

  it('holds an artist to 2 GiB of declared bytes in unfinished uploads', async () => {
    const { access_token: token } = await registerUser('artist');
    const max = Number(env.MAX_UPLOAD_BYTES);
    for (let n = 0; n < 4; n += 1) expect((await createUpload(token, { size_bytes: max })).status).toBe(201);
    const refused = await createUpload(token, { size_bytes: max });
    expect((await expectError(refused, 429, 'upload_quota_exceeded')).message).toContain(env.MAX_UPLOAD_BYTES_IN_FLIGHT_PER_ARTIST);
    // A small file still fits beside them.
    expect((await createUpload(token, { size_bytes: 1000 })).status).toBe(201);
  });
});
