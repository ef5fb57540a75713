import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installErrorHandling } from '#core/http/error-handling.ts';
import { requestId } from '#core/http/request-id.ts';
import { requestMetrics } from '#core/http/request-metrics.ts';
import { app as apiApp } from '../src/app.ts';
import { api, BASE, body } from './helpers.ts';

afterEach(() => vi.restoreAllMocks());

/** The JSON lines written through console.error while `run` runs. */
async function errorLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
  await run();
  return spy.mock.calls.map(([line]) => JSON.parse(String(line)));
}

describe('request ids', () => {
  it('gives every answer an x-request-id, a fresh one when the client sent none', async () => {
    const first = await api('/api/v1/health');
    const second = await api('/api/v1/nope');
    expect(first.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(second.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('keeps a safe incoming x-request-id, else the edge cf-ray', async () => {
    const kept = await api('/api/v1/health', { headers: { 'x-request-id': 'client-trace_0123456789' } });
    expect(kept.headers.get('x-request-id')).toBe('client-trace_0123456789');
    const ray = await api('/api/v1/health', { headers: { 'cf-ray': '8f1a2b3c4d5e6f70-AMS' } });
    expect(ray.headers.get('x-request-id')).toBe('8f1a2b3c4d5e6f70-AMS');
  });

  it('replaces a hostile incoming x-request-id instead of echoing it', async () => {
    for (const hostile of ['"}\\n{"level":"info', 'a'.repeat(500), '<script>x</script>', 'short']) {
      const res = await api('/api/v1/health', { headers: { 'x-request-id': hostile } });
      const id = res.headers.get('x-request-id')!;
      expect(id).not.toBe(hostile);
      expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    }
  });

  it('carries the id through the media forward to the stream worker', async () => {
    const res = await api('/media/health', { headers: { 'x-request-id': 'forwarded-id-12345' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('forwarded-id-12345');
  });

  it('logs an unhandled error as one JSON line with the id the client got, and no secret', async () => {
    // The api's own error path and middleware, on a route that fails the way a bug would.
    const app = new Hono();
    installErrorHandling(app);
    app.use(requestId('api'), requestMetrics);
    app.get('/boom', () => {
      throw new Error('kaboom');
    });
    let res!: Response;
    const lines = await errorLines(async () => {
      res = await app.fetch(new Request(`${BASE}/boom?sig=secret-signature`, { headers: { Authorization: 'Bearer secret-token' } }), {});
    });
    expect(res.status).toBe(500);
    expect(await body(res)).toEqual({ error: { status: 500, code: 'internal_error', message: 'Something went wrong on our side.' } });
    const id = res.headers.get('x-request-id');
    expect(id).toBeTruthy();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', event: 'unhandled_error', worker: 'api', request_id: id, method: 'GET', path: '/boom' });
    expect((lines[0]!.error as { message: string }).message).toBe('kaboom');
    expect(typeof lines[0]!.ts).toBe('string');
    expect(JSON.stringify(lines)).not.toMatch(/secret-(signature|token)/);
  });
});

describe('request datapoints', () => {
  it('name the matched route pattern, never the raw path, with method, status class and latency', async () => {
    // Local Analytics Engine keeps nothing, so this one binding records what the real app writes.
    const points: AnalyticsEngineDataPoint[] = [];
    const recording = { ...env, ANALYTICS: { writeDataPoint: (p?: AnalyticsEngineDataPoint) => p && points.push(p) } };
    await apiApp.fetch(new Request(`${BASE}/api/v1/tracks/trk1_doesnotexist00000`), recording);
    await apiApp.fetch(new Request(`${BASE}/api/v1/no/such/route`), recording);
    await apiApp.fetch(
      new Request(`${BASE}/api/v1/beacons/playback-start`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' }),
      recording,
    );
    expect(points.map((p) => [p.indexes?.[0], ...(p.blobs ?? []).slice(0, 3), p.blobs?.[5], p.doubles?.[1]])).toEqual([
      ['/api/v1/tracks/:id', '/api/v1/tracks/:id', 'GET', '4xx', 'api', 404],
      ['(unmatched)', '(unmatched)', 'GET', '4xx', 'api', 404],
      ['/api/v1/beacons/playback-start', '/api/v1/beacons/playback-start', 'POST', '4xx', 'api', 415],
    ]);
    for (const point of points) expect(point.doubles![0]).toBeGreaterThanOrEqual(0);
  });
});

describe('POST /api/v1/beacons/playback-start', () => {
  const beacon = (payload: unknown, contentType = 'application/json') =>
    api('/api/v1/beacons/playback-start', { method: 'POST', headers: { 'Content-Type': contentType }, body: JSON.stringify(payload) });

  it('records a valid beacon without a token (204), with or without a bitrate', async () => {
    expect((await beacon({ ms: 420, track_id: 'trk2_4kTq9xZbW1mNp8Ra', bitrate_kbps: 128 })).status).toBe(204);
    expect((await beacon({ ms: 0, track_id: 'trk0_4kTq9xZbW1mNp8Ra' })).status).toBe(204);
  });

  it('refuses a malformed beacon in the error shape', async () => {
    for (const bad of [
      { ms: -1, track_id: 'trk2_4kTq9xZbW1mNp8Ra' },
      { ms: 1e9, track_id: 'trk2_x' },
      { ms: 5, track_id: 'DROP TABLE' },
      { ms: 5 },
      { ms: 5, track_id: 'trk2_a', extra: 1 },
    ]) {
      const res = await beacon(bad);
      expect(res.status).toBe(422);
      expect((await body(res)).error).toMatchObject({ status: 422, code: expect.any(String), message: expect.any(String) });
    }
    const notJson = await api('/api/v1/beacons/playback-start', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{ms:' });
    expect(notJson.status).toBe(400);
    const text = await beacon({ ms: 5, track_id: 'trk2_a' }, 'text/plain');
    expect(text.status).toBe(415);
    expect((await body(text)).error.status).toBe(415);
  });
});
