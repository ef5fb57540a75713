import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { LICENSE_EXPIRES_HEADER, OFFLINE_LICENSE_MS, offlineKeyPath } from '#core/protocol/offline.ts';
import { newIdOn, shardDb, shardOfId } from '#core/shards.ts';
import { CHARTS_CRON } from '../src/jobs/schedule.ts';
import { adminSession } from './catalog-fixtures.ts';
import { api, BASE, body, registerUser, type TestSession } from './helpers.ts';
import { runCron } from './jobs-helpers.ts';
import { fixture, fromBase64, readyTrackWithLadder } from './ladder-track.ts';

let trackId: string;
let otherTrackId: string;
const DAY_MS = 86_400_000;

/** Fetched through the api worker's /media forwarding, as a player does. */
const media = (path: string) => exports.default.fetch(new Request(new URL(path, BASE)));
const text = async (res: Response) => new TextDecoder().decode(await res.arrayBuffer());
const uriLines = (playlist: string): string[] => playlist.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
const hexBytes = (hex: string): Uint8Array<ArrayBuffer> => Uint8Array.from(hex.match(/../g)!, (pair) => Number.parseInt(pair, 16));

async function premiumListener(): Promise<TestSession> {
  const listener = await registerUser();
  const set = await api(`/api/v1/admin/users/${encodeURIComponent(listener.user.id)}`, {
    method: 'PUT',
    token: await adminSession(),
    json: { product: 'premium' },
  });
  expect(set.status).toBe(200);
  return refreshed(listener);
}
async function refreshed(session: TestSession): Promise<TestSession> {
  const res = await api('/api/v1/auth/refresh', { method: 'POST', json: { refresh_token: session.refresh_token } });
  expect(res.status).toBe(200);
  return body(res);
}
const download = (token: string, track = trackId) => api(`/api/v1/tracks/${track}/offline`, { token });
const keyOf = (token: string, track = trackId) => api(offlineKeyPath(track), { token });

/** The listener's license row, to move its clock by writing its timestamps (no sleeping). */
const usersDb = (userId: string) => shardDb(env, 'USERS', shardOfId(env, 'USERS', userId));
async function ageLicense(userId: string, track: string, lastPlayedAt: number): Promise<void> {
  const result = await usersDb(userId)
    .prepare('UPDATE offline_licenses SET granted_at = MIN(granted_at, ?1), last_played_at = ?1 WHERE user_id = ?2 AND track_id = ?3')
    .bind(lastPlayedAt, userId, track)
    .run();
  expect(result.meta.changes).toBe(1);
}
const licenseRows = (userId: string) =>
  usersDb(userId).prepare('SELECT track_id FROM offline_licenses WHERE user_id = ? ORDER BY track_id').bind(userId).all<{ track_id: string }>();

/** The first media segment of the top rendition, as the offline master leads to it, with the IV its #EXT-X-KEY names. */
async function firstOfflineSegment(hlsUrl: string): Promise<{ playlist: string; name: string; cipher: Uint8Array<ArrayBuffer>; iv: Uint8Array<ArrayBuffer> }> {
  const variant = uriLines(await text(await media(hlsUrl))).find((uri) => uri.includes('/256k/'))!;
  const playlist = await text(await media(variant));
  const uri = uriLines(playlist)[0]!;
  const iv = hexBytes(/#EXT-X-KEY:[^\n]*IV=0x([0-9a-f]{32})/.exec(playlist)![1]!);
  const res = await media(uri);
  expect(res.status).toBe(200);
  return { playlist, name: `256k/${new URL(uri, BASE).pathname.split('/').at(-1)}`, cipher: new Uint8Array(await res.arrayBuffer()), iv };
}
async function decrypt(keyBytes: ArrayBuffer, iv: Uint8Array<ArrayBuffer>, cipher: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', keyBytes, 'AES-CBC', false, ['decrypt']);
  return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, key, cipher));
}

beforeAll(async () => {
  ({ trackId } = await readyTrackWithLadder(1, 'Offline One'));
  ({ trackId: otherTrackId } = await readyTrackWithLadder(2, 'Offline Two'));
});

describe('offline downloads: HLS AES-128 under a 30-day license', () => {
  it('grants a license with the download, and its segments decrypt with the key from the license endpoint to exactly the plaintext', async () => {
    const listener = await premiumListener();
    const before = Date.now();
    const res = await download(listener.access_token);
    expect(res.status).toBe(200);
    const offline = await body(res);
    expect(offline.license.track_id).toBe(trackId);
    expect(offline.license.key_url).toBe(offlineKeyPath(trackId));
    expect(Date.parse(offline.license.expires_at) - Date.parse(offline.license.last_played_at)).toBe(OFFLINE_LICENSE_MS);
    expect(Date.parse(offline.license.granted_at)).toBeGreaterThanOrEqual(before);
    expect(new URL(offline.hls_url, BASE).searchParams.get('scope')).toBe('offline');

    const { playlist, name, cipher, iv } = await firstOfflineSegment(offline.hls_url);
    expect(playlist).toContain(`#EXT-X-KEY:METHOD=AES-128,URI="${offline.license.key_url}",IV=0x`);
    const plain = fromBase64(fixture.files[name]!);
    expect(cipher.length).toBeGreaterThan(plain.length);
    expect(cipher.slice(0, plain.length)).not.toEqual(plain);

    const keyRes = await keyOf(listener.access_token);
    expect(keyRes.status).toBe(200);
    expect(keyRes.headers.get('Content-Type')).toBe('application/octet-stream');
    expect(keyRes.headers.get('Cache-Control')).toBe('no-store');
    expect(Date.parse(keyRes.headers.get(LICENSE_EXPIRES_HEADER)!)).toBeGreaterThanOrEqual(Date.parse(offline.license.expires_at));
    const key = await keyRes.arrayBuffer();
    expect(key.byteLength).toBe(16);
    expect(await decrypt(key, iv, cipher)).toEqual(plain);

    const listed = await body(await api('/api/v1/me/offline', { token: listener.access_token }));
    expect(listed.items.map((l: { track_id: string }) => l.track_id)).toEqual([trackId]);
    // Without a token the key is 401, like every authenticated route.
    expect((await api(offlineKeyPath(trackId))).status).toBe(401);
  });

  it('gives each listener their own key for the same track', async () => {
    const [a, b] = await Promise.all([premiumListener(), premiumListener()]);
    for (const l of [a, b]) expect((await download(l.access_token)).status).toBe(200);
    const [keyA, keyB] = await Promise.all([keyOf(a.access_token).then((r) => r.arrayBuffer()), keyOf(b.access_token).then((r) => r.arrayBuffer())]);
    expect(new Uint8Array(keyA)).not.toEqual(new Uint8Array(keyB));
  });

  it('refuses a free listener the download and the key (403 premium_required); a downgrade bites at the next token refresh', async () => {
    const free = await registerUser();
    for (const res of [await download(free.access_token), await keyOf(free.access_token)]) {
      expect(res.status).toBe(403);
      expect((await body(res)).error.code).toBe('premium_required');
    }

    const listener = await premiumListener();
    expect((await download(listener.access_token)).status).toBe(200);
    const set = await api(`/api/v1/admin/users/${encodeURIComponent(listener.user.id)}`, {
      method: 'PUT',
      token: await adminSession(),
      json: { product: 'free' },
    });
    expect(set.status).toBe(200);
    // The token still says premium until it is refreshed.
    expect((await keyOf(listener.access_token)).status).toBe(200);
    const downgraded = await refreshed(listener);
    const refused = await keyOf(downgraded.access_token);
    expect(refused.status).toBe(403);
    expect((await body(refused)).error.code).toBe('premium_required');
  });

  it('answers 404 offline_license_not_found for a track never downloaded, and after the download is removed', async () => {
    const listener = await premiumListener();
    const never = await keyOf(listener.access_token, otherTrackId);
    expect(never.status).toBe(404);
    expect((await body(never)).error.code).toBe('offline_license_not_found');

    expect((await download(listener.access_token)).status).toBe(200);
    expect((await api(`/api/v1/me/offline/licenses/${trackId}`, { method: 'DELETE', token: listener.access_token })).status).toBe(204);
    expect((await keyOf(listener.access_token)).status).toBe(404);
    expect((await body(await api('/api/v1/me/offline', { token: listener.access_token }))).items).toEqual([]);
  });

  it('renews the license with every key fetch: 29 days without a play still leaves a full 30 days after the next', async () => {
    const listener = await premiumListener();
    expect((await download(listener.access_token)).status).toBe(200);
    await ageLicense(listener.user.id, trackId, Date.now() - 29 * DAY_MS);
    const before = Date.now();
    const res = await keyOf(listener.access_token);
    expect(res.status).toBe(200);
    expect(Date.parse(res.headers.get(LICENSE_EXPIRES_HEADER)!)).toBeGreaterThanOrEqual(before + OFFLINE_LICENSE_MS);
    const [license] = (await body(await api('/api/v1/me/offline', { token: listener.access_token }))).items;
    expect(Date.parse(license.expires_at)).toBeGreaterThanOrEqual(before + OFFLINE_LICENSE_MS);
  });

  it('expires a license not played for 30 days (403 offline_license_expired), the sweep deletes it, and a new download brings a new key', async () => {
    const listener = await premiumListener();
    for (const track of [trackId, otherTrackId]) expect((await download(listener.access_token, track)).status).toBe(200);
    const oldKey = new Uint8Array(await (await keyOf(listener.access_token)).arrayBuffer());
    await ageLicense(listener.user.id, trackId, Date.now() - 30 * DAY_MS - 60_000);

    const expired = await keyOf(listener.access_token);
    expect(expired.status).toBe(403);
    const error = (await body(expired)).error;
    expect(error.code).toBe('offline_license_expired');
    expect(error.message).toMatch(/not played for 30 days/);
    expect((await body(await api('/api/v1/me/offline', { token: listener.access_token }))).items.map((l: { track_id: string }) => l.track_id)).toEqual([
      otherTrackId,
    ]);

    // The hourly cron sweeps it; the license played recently stays.
    await runCron(CHARTS_CRON);
    expect((await licenseRows(listener.user.id)).results.map((r) => r.track_id)).toEqual([otherTrackId]);
    expect((await keyOf(listener.access_token)).status).toBe(404);

    // Downloading again grants a new license: a new epoch, so the expired copy's key is gone for good.
    expect((await download(listener.access_token)).status).toBe(200);
    const newKey = new Uint8Array(await (await keyOf(listener.access_token)).arrayBuffer());
    expect(newKey).not.toEqual(oldKey);
  });

  it('grants anew (new key) a license that expired but was not swept yet, and keeps the key of one still in force', async () => {
    const listener = await premiumListener();
    expect((await download(listener.access_token)).status).toBe(200);
    const first = new Uint8Array(await (await keyOf(listener.access_token)).arrayBuffer());
    expect((await download(listener.access_token)).status).toBe(200);
    expect(new Uint8Array(await (await keyOf(listener.access_token)).arrayBuffer())).toEqual(first);
    await ageLicense(listener.user.id, trackId, Date.now() - 31 * DAY_MS);
    expect((await download(listener.access_token)).status).toBe(200);
    const renewed = await keyOf(listener.access_token);
    expect(renewed.status).toBe(200);
    expect(new Uint8Array(await renewed.arrayBuffer())).not.toEqual(first);
  });

  it('is 404 for an unknown track', async () => {
    const listener = await premiumListener();
    expect((await download(listener.access_token, newIdOn(env, 'trk', 1))).status).toBe(404);
  });
});
