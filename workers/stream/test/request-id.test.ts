import { describe, expect, it } from 'vitest';
import { media } from './helpers.ts';

describe('request ids on the stream worker', () => {
  it('keeps the id the api worker passes on, so both workers log the same one', async () => {
    const res = await media('/media/health', { headers: { 'x-request-id': 'from-the-api-0001' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('from-the-api-0001');
  });

  it('makes its own when there is none or it is hostile, on errors too', async () => {
    const res = await media('/media/hls/nope', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(res.headers.get('x-request-id')).not.toBe('bad id with spaces');
  });
});
