import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { api, body, registerUser } from './helpers.ts';

describe('auth', () => {
  it('registers a listener, returns tokens, and /me answers with the profile', async () => {
    const session = await registerUser('listener');
    expect(session.user.role).toBe('listener');
    expect(session.user.id).toMatch(/^usr_us_v\d{4}_[A-Za-z0-9]{16}$/);
    const me = await api('/api/v1/me', { token: session.access_token });
    expect(me.status).toBe(200);
    expect(await body(me)).toMatchObject({ id: session.user.id, role: 'listener', display_name: session.user.display_name });
  });

  it('gives the admin role only to ADMIN_EMAILS, never on request', async () => {
    const admin = await registerUser('listener', 'ADMIN@encore.local');
    expect(admin.user.role).toBe('admin');
    const sneaky = await api('/api/v1/auth/register', {
      method: 'POST',
      json: { email: 'x@example.com', password: 'long enough pw', display_name: 'x', role: 'admin' },
    });
    expect(sneaky.status).toBe(422);
    expect((await body(sneaky)).error.code).toBe('invalid_request');
  });

  it('refuses a second account with the same email (409)', async () => {
    await registerUser('listener', 'dup@example.com');
    const res = await api('/api/v1/auth/register', { method: 'POST', json: { email: 'Dup@Example.com', password: 'another password', display_name: 'Dup' } });
    expect(res.status).toBe(409);
    expect((await body(res)).error.code).toBe('email_taken');
  });

  it('answers 409, not 500, to the loser of two simultaneous registrations of one email, and leaves no stray artist', async () => {
    const register = () =>
      api('/api/v1/auth/register', { method: 'POST', json: { email: 'race@example.com', password: 'long enough pw', display_name: 'Racer', role: 'artist' } });
    const statuses = (await Promise.all([register(), register(), register()])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    const artists = await Promise.all(
      ['CATALOG_0', 'CATALOG_1', 'CATALOG_2', 'CATALOG_3'].map((b) =>
        (env as unknown as Record<string, D1Database>)[b]!.prepare("SELECT count(*) AS n FROM artists WHERE name = 'Racer'").first<{ n: number }>(),
      ),
    );
    expect(artists.reduce((sum, row) => sum + (row?.n ?? 0), 0)).toBe(1);
  });

  it('logs in with the right password only', async () => {
    await registerUser('artist', 'login@example.com');
    const ok = await api('/api/v1/auth/login', { method: 'POST', json: { email: 'login@example.com', password: 'correct horse battery' } });
    expect(ok.status).toBe(200);
    expect((await body(ok)).user.role).toBe('artist');
    const wrong = await api('/api/v1/auth/login', { method: 'POST', json: { email: 'login@example.com', password: 'wrong password' } });
    expect(wrong.status).toBe(401);
    const unknown = await api('/api/v1/auth/login', { method: 'POST', json: { email: 'nobody@example.com', password: 'wrong password' } });
    expect(unknown.status).toBe(401);
  });

  it('rotates refresh tokens: each works exactly once', async () => {
    const session = await registerUser('listener');
    const first = await api('/api/v1/auth/refresh', { method: 'POST', json: { refresh_token: session.refresh_token } });
    expect(first.status).toBe(200);
    const next = await body(first);
    expect(next.refresh_token).not.toBe(session.refresh_token);
    const replay = await api('/api/v1/auth/refresh', { method: 'POST', json: { refresh_token: session.refresh_token } });
    expect(replay.status).toBe(401);
    const garbage = await api('/api/v1/auth/refresh', { method: 'POST', json: { refresh_token: 'usr9_nope.nope' } });
    expect(garbage.status).toBe(401);
  });

  it('answers bad input in the API error shape', async () => {
    const malformed = await api('/api/v1/auth/register', { method: 'POST', body: '{not json', headers: { 'Content-Type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect((await body(malformed)).error).toMatchObject({ status: 400 });
    const short = await api('/api/v1/auth/register', { method: 'POST', json: { email: 'a@b.co', password: 'short', display_name: 'a' } });
    expect(short.status).toBe(422);
    expect((await body(short)).error.message).toContain('password');
    const noToken = await api('/api/v1/me');
    expect(noToken.status).toBe(401);
    const badToken = await api('/api/v1/me', { token: 'abc.def.ghi' });
    expect(badToken.status).toBe(401);
    expect(await body(badToken)).toEqual({ error: { status: 401, code: 'invalid_token', message: expect.any(String) } });
  });

  it('stops password guessing: the 11th login attempt a minute for one account is 429 with Retry-After', async () => {
    await registerUser('listener', 'guessed@example.com');
    const attempt = () => api('/api/v1/auth/login', { method: 'POST', json: { email: 'guessed@example.com', password: 'not the password' } });
    for (let i = 0; i < 10; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('60');
    expect((await body(limited)).error).toMatchObject({ status: 429, code: 'too_many_attempts' });
    // Even the right password waits: the limit is on attempts, not on failures.
    const right = await api('/api/v1/auth/login', { method: 'POST', json: { email: 'guessed@example.com', password: 'correct horse battery' } });
    expect(right.status).toBe(429);
    // Other accounts are not affected.
    await registerUser('listener', 'bystander@example.com');
    const other = await api('/api/v1/auth/login', { method: 'POST', json: { email: 'bystander@example.com', password: 'correct horse battery' } });
    expect(other.status).toBe(200);
  });
});
