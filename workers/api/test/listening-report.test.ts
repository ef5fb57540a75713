import { describe, expect, it } from 'vitest';
import { api, body, registerUser } from './helpers.ts';

const now = () => Date.now();
const event = (over: Record<string, unknown> = {}) => ({
  event_id: crypto.randomUUID(),
  track_id: 'trk1_AAAAAAAAAAAAAAAA',
  started_at: new Date(now() - 120_000).toISOString(),
  ms_played: 45_000,
  completed: false,
  device_id: 'web-1',
  session_id: 'sess-1',
  quality: 'high',
  ...over,
});

async function report(events: unknown[], token?: string, headers: Record<string, string> = {}) {
  return api('/api/v1/me/player/report', { method: 'POST', token, json: { events }, headers });
}

describe('POST /me/player/report', () => {
  it('accepts a batch with 202 without waiting for the database', async () => {
    const { access_token } = await registerUser();
    const res = await report([event(), event({ started_at: now() - 60_000, completed: true })], access_token, { 'CF-IPCountry': 'SE' });
    expect(res.status).toBe(202);
    expect(await body(res)).toEqual({ accepted: 2 });
  });

  it('needs a signed-in listener', async () => {
    const res = await report([event()]);
    expect(res.status).toBe(401);
  });

  it('refuses more than 50 events with 413', async () => {
    const { access_token } = await registerUser();
    const res = await report(
      Array.from({ length: 51 }, () => event()),
      access_token,
    );
    expect(res.status).toBe(413);
    expect((await body(res)).error.code).toBe('too_many_events');
  });

  it('refuses a body over 64 kB with 413, with or without Content-Length', async () => {
    const { access_token } = await registerUser();
    const big = JSON.stringify({ events: [event()], padding: 'x'.repeat(70_000) });
    const declared = await api('/api/v1/me/player/report', { method: 'POST', token: access_token, body: big, headers: { 'Content-Type': 'application/json' } });
    expect(declared.status).toBe(413);
    const streamed = await api('/api/v1/me/player/report', {
      method: 'POST',
      token: access_token,
      body: new Blob([big]).stream(),
      headers: { 'Content-Type': 'application/json' },
      // @ts-expect-error: workerd needs this for a streamed request body
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    expect((await body(streamed)).error.code).toBe('report_too_large');
  });

  it('answers 400 to a body that is not JSON', async () => {
    const { access_token } = await registerUser();
    const res = await api('/api/v1/me/player/report', {
      method: 'POST',
      token: access_token,
      body: '{"events": [',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect((await body(res)).error).toMatchObject({ status: 400, code: 'malformed_json' });
  });

  it.each([
    [
      'a duplicate event_id',
      () => {
        const e = event();
        return [e, { ...e }];
      },
      'duplicate_event_id',
    ],
    ['a start in the future', () => [event({ started_at: new Date(now() + 3_600_000).toISOString() })], 'event_in_future'],
    ['a play that would end in the future', () => [event({ started_at: now() - 10_000, ms_played: 3_600_000 })], 'event_in_future'],
    ['a negative ms_played', () => [event({ ms_played: -1 })], 'invalid_request'],
    ['an absurd ms_played', () => [event({ ms_played: 10 * 24 * 3_600_000 })], 'invalid_request'],
    ['a fractional ms_played', () => [event({ ms_played: 1.5 })], 'invalid_request'],
    ['a missing track_id', () => [event({ track_id: undefined })], 'invalid_request'],
    ['a timestamp that is not one', () => [event({ started_at: 'yesterday' })], 'invalid_request'],
    ['an empty batch', () => [], 'invalid_request'],
  ])('answers 422 to %s and enqueues nothing', async (_what, events, code) => {
    const { access_token } = await registerUser();
    const res = await report(events(), access_token);
    expect(res.status).toBe(422);
    const error = (await body(res)).error;
    expect(error).toMatchObject({ status: 422, code });
    expect(error.message).toMatch(/events/);
  });
});
