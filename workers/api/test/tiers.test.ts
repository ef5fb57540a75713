import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { newIdOn } from '#core/shards.ts';
import { adminSession } from './catalog-fixtures.ts';
import { api, BASE, body, registerUser, type TestSession } from './helpers.ts';
import { readyTrackWithLadder } from './ladder-track.ts';

let trackId: string;

/** The tier an access token carries (its `prd` claim). */
const productIn = (token: string): string => JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).prd;
/** Fetched through the api worker's /media forwarding, as a player does. */
const media = (path: string) => exports.default.fetch(new Request(new URL(path, BASE)));
const text = async (res: Response) => new TextDecoder().decode(await res.arrayBuffer());
/** The renditions a track's master lists for the holder of `token`. */
async function renditionsFor(token: string | undefined): Promise<string[]> {
  const track = await body(await api(`/api/v1/tracks/${trackId}`, { token }));
  const res = await media(track.stream.hls_url);
  expect(res.status).toBe(200);
  const uris = (await text(res)).split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  return uris.map((uri) => new URL(uri, BASE).pathname.split('/').at(-2)!);
}
const setProduct = async (userId: string, product: unknown, token?: string) =>
  api(`/api/v1/admin/users/${encodeURIComponent(userId)}`, { method: 'PUT', token: token ?? (await adminSession()), json: { product } });
async function refreshed(session: TestSession): Promise<TestSession> {
  const res = await api('/api/v1/auth/refresh', { method: 'POST', json: { refresh_token: session.refresh_token } });
  expect(res.status).toBe(200);
  return body(res);
}

beforeAll(async () => {
  ({ trackId } = await readyTrackWithLadder(1, 'Tiered'));
});

describe('tiers: an admin sets the product, the next refresh and stream URL carry it', () => {
  it('streams a new (free) listener, and anyone without a token, up to 128 kb/s; a guessed 256k URL is refused', async () => {
    const listener = await registerUser();
    expect((await body(await api('/api/v1/me', { token: listener.access_token }))).product).toBe('free');
    expect(productIn(listener.access_token)).toBe('free');
    expect(await renditionsFor(listener.access_token)).toEqual(['64k', '128k']);
    expect(await renditionsFor(undefined)).toEqual(['64k', '128k']);

    const master = new URL((await body(await api(`/api/v1/tracks/${trackId}`, { token: listener.access_token }))).stream.hls_url, BASE);
    const guessed = new URL(master);
    guessed.pathname = guessed.pathname.replace('master.m3u8', '256k/index.m3u8');
    const refused = await media(`${guessed.pathname}${guessed.search}`);
    expect(refused.status).toBe(403);
    // Signed for another path: the MAC fails before the tier is looked at.
    expect((await body(refused)).error.code).toBe('signature_invalid');
  });

  it('upgrades: GET /me shows premium at once, the old token keeps free, the next refresh and stream URL are premium; a downgrade likewise', async () => {
    const listener = await registerUser();
    const res = await setProduct(listener.user.id, 'premium');
    expect(res.status).toBe(200);
    expect(await body(res)).toEqual({ id: listener.user.id, display_name: listener.user.display_name, role: 'listener', product: 'premium' });
    expect((await body(await api('/api/v1/me', { token: listener.access_token }))).product).toBe('premium');
    // The access token already issued says free until it is refreshed.
    expect(await renditionsFor(listener.access_token)).toEqual(['64k', '128k']);

    const premium = await refreshed(listener);
    expect(productIn(premium.access_token)).toBe('premium');
    expect(await renditionsFor(premium.access_token)).toEqual(['64k', '128k', '256k']);

    expect((await setProduct(listener.user.id, 'free')).status).toBe(200);
    expect(await renditionsFor(premium.access_token)).toEqual(['64k', '128k', '256k']);
    const downgraded = await refreshed(premium);
    expect(productIn(downgraded.access_token)).toBe('free');
    expect(await renditionsFor(downgraded.access_token)).toEqual(['64k', '128k']);
  });

  it('is for admins only (403), answers 404 for an unknown user and 422 for a bad body', async () => {
    const listener = await registerUser();
    const notAdmin = await setProduct(listener.user.id, 'premium', listener.access_token);
    expect(notAdmin.status).toBe(403);
    expect((await body(notAdmin)).error.code).toBe('insufficient_role');
    expect((await body(await api('/api/v1/me', { token: listener.access_token }))).product).toBe('free');

    for (const id of [newIdOn(env, 'usr', 0), 'usr0_nobody', 'trk1_notauser', '../../etc']) {
      const missing = await setProduct(id, 'premium');
      expect(missing.status, id).toBe(404);
      expect((await body(missing)).error.code).toBe('user_not_found');
    }
    for (const product of ['gold', null, undefined]) {
      const bad = await setProduct(listener.user.id, product);
      expect(bad.status).toBe(422);
      expect((await body(bad)).error.code).toBe('invalid_request');
    }
    const extra = await api(`/api/v1/admin/users/${listener.user.id}`, {
      method: 'PUT',
      token: await adminSession(),
      json: { product: 'premium', role: 'admin' },
    });
    expect(extra.status).toBe(422);
    expect((await body(await api('/api/v1/me', { token: listener.access_token }))).product).toBe('free');
  });
});

describe('offline downloads are for premium', () => {
  it('refuses a free listener (403 premium_required) and gives a premium one the whole ladder', async () => {
    const listener = await registerUser();
    const refused = await api(`/api/v1/tracks/${trackId}/offline`, { token: listener.access_token });
    expect(refused.status).toBe(403);
    expect((await body(refused)).error.code).toBe('premium_required');
    expect((await api(`/api/v1/tracks/${trackId}/offline`)).status).toBe(401);

    await setProduct(listener.user.id, 'premium');
    const premium = await refreshed(listener);
    const res = await api(`/api/v1/tracks/${trackId}/offline`, { token: premium.access_token });
    expect(res.status).toBe(200);
    const master = await text(await media((await body(res)).hls_url));
    expect(master).toContain('256k/index.m3u8');
    expect((await api(`/api/v1/tracks/${newIdOn(env, 'trk', 1)}/offline`, { token: premium.access_token })).status).toBe(404);
  });
});
