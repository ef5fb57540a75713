import { env } from 'cloudflare:workers';
import { shardOfId } from '#core/shards.ts';
import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { JWT_AUDIENCE, JWT_ISSUER } from '../src/auth/tokens.ts';
import { api, body, registerUser } from './helpers.ts';

const refresh = (token: string) => api('/api/v1/auth/refresh', { method: 'POST', json: { refresh_token: token } });
const logout = (token: string) => api('/api/v1/auth/logout', { method: 'POST', json: { refresh_token: token } });

async function rotate(token: string): Promise<string> {
  const res = await refresh(token);
  expect(res.status).toBe(200);
  return (await body(res)).refresh_token;
}

describe('sessions that end', () => {
  it('logout ends the login: its refresh token and every one rotated from it answer 401', async () => {
    const session = await registerUser();
    const second = await rotate(session.refresh_token);
    const third = await rotate(second);
    const res = await logout(second);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    for (const token of [third, second, session.refresh_token]) {
      const again = await refresh(token);
      expect(again.status).toBe(401);
      expect((await body(again)).error.code).toBe('invalid_refresh_token');
    }
    // Logging out again, or with a token that names nothing, says the same.
    expect((await logout(third)).status).toBe(204);
    expect((await logout('usr0_nothing.here')).status).toBe(204);
    expect((await api('/api/v1/auth/logout', { method: 'POST', json: {} })).status).toBe(422);
  });

  it('logout ends only its own login: another login of the same account keeps refreshing', async () => {
    const email = `two-logins-${crypto.randomUUID()}@example.com`;
    const session = await registerUser('listener', email);
    const other = await body(await api('/api/v1/auth/login', { method: 'POST', json: { email, password: 'correct horse battery' } }));
    expect((await logout(session.refresh_token)).status).toBe(204);
    expect((await refresh(other.refresh_token)).status).toBe(200);
  });

  it('a rotated token presented again revokes its family, including tokens rotated after it', async () => {
    const session = await registerUser();
    const stolen = session.refresh_token;
    const current = await rotate(stolen);
    const later = await rotate(current);
    // The copy is replayed: refused, and the whole login ends.
    expect((await refresh(stolen)).status).toBe(401);
    expect((await refresh(later)).status).toBe(401);
    expect((await refresh(current)).status).toBe(401);
  });

  it('reuse detection holds in the database: the family row is revoked, new logins start fresh families', async () => {
    const session = await registerUser();
    const next = await rotate(session.refresh_token);
    expect((await refresh(session.refresh_token)).status).toBe(401);
    const shard = shardOfId(env, 'USERS', session.user.id);
    const db = env[`USERS_${shard}` as 'USERS_0'];
    const rows = await db
      .prepare('SELECT t.family_id AS family, f.revoked_at AS revoked FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family_id WHERE t.user_id = ?')
      .bind(session.user.id)
      .all<{ family: string; revoked: number | null }>();
    expect(rows.results).toHaveLength(2);
    expect(new Set(rows.results.map((r) => r.family)).size).toBe(1);
    expect(rows.results.every((r) => r.revoked !== null)).toBe(true);
    expect((await refresh(next)).status).toBe(401);
  });
});

describe('access tokens', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const claimsOf = (user: { id: string; display_name: string; role: string }) => ({
    sub: user.id,
    role: user.role,
    name: user.display_name,
    prd: 'free',
    iat: now(),
  });
  const me = (token: string) => api('/api/v1/me', { token });

  it('carry iss and aud, and a token without exp, or with the wrong iss or aud, is 401', async () => {
    const { user, access_token } = await registerUser();
    const [, payload] = access_token.split('.');
    const claims = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/')));
    expect(claims).toMatchObject({ iss: JWT_ISSUER, aud: JWT_AUDIENCE, sub: user.id, exp: expect.any(Number) });

    const good = { ...claimsOf(user), iss: JWT_ISSUER, aud: JWT_AUDIENCE, exp: now() + 600 };
    expect((await me(await sign(good, env.JWT_SECRET, 'HS256'))).status).toBe(200);
    const { exp: _exp, ...noExp } = good;
    const forged = [
      noExp,
      { ...good, iss: 'someone-else' },
      { ...good, aud: 'another-service' },
      { ...good, iss: undefined },
      { ...good, aud: undefined },
      { ...good, exp: now() - 1 },
    ];
    for (const claims of forged) {
      const res = await me(await sign(JSON.parse(JSON.stringify(claims)), env.JWT_SECRET, 'HS256'));
      expect(res.status).toBe(401);
      expect((await body(res)).error.code).toBe('invalid_token');
    }
  });
});
