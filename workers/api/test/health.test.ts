import { describe, expect, it } from 'vitest';
import { api, body } from './helpers.ts';

describe('health', () => {
  // The transcode-queue worker here is the real one, with a TRANSCODER_URL nothing listens on (vitest.config.ts).
  it('answers 503 with Retry-After and names the transcoder when it is down, the rest up', async () => {
    const res = await api('/api/v1/health');
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
    expect(await body(res)).toEqual({ status: 'degraded', workers: { api: 'ok', stream: 'ok', transcode_queue: 'ok' }, databases: 'ok', transcoder: 'down' });
  });
});
