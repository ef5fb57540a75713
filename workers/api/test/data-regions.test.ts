import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { legacyId, parseId, randomToken } from '#core/ids.ts';
import { listeningQueueCount, listeningQueueFor, listeningQueueIndex } from '#core/listening-queues.ts';
import type { Region } from '#core/regions.ts';
import { regionOfShard, shardOfId, userShardForEmail, userVirtualShardForEmail } from '#core/shards.ts';
import { userObject } from '#core/user-objects.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { api, body, testAddress, type TestSession } from './helpers.ts';
import { seedTrack } from './listening-helpers.ts';
import { connectDevice } from './player-support.ts';
import { addTracks, createPlaylist, readAll, seedCatalog } from './playlist-support.ts';

const PASSWORD = 'correct horse battery';
const US_DATABASES = ['USERS_0', 'USERS_1'] as const;
const EU_DATABASES = ['USERS_EU_0'] as const;
const d1 = (binding: string) => (env as unknown as Record<string, D1Database>)[binding]!;

const newEmail = () => `region-${crypto.randomUUID()}@example.com`;

function registerRequest(json: Record<string, unknown>, headers: Record<string, string> = {}, cf?: { country: string }) {
  return api('/api/v1/auth/register', {
    method: 'POST',
    headers: { 'CF-Connecting-IP': testAddress(), ...headers },
    json: { email: newEmail(), password: PASSWORD, display_name: 'Regional', ...json },
    ...(cf ? { cf } : {}),
  });
}

async function register(json: Record<string, unknown>, headers?: Record<string, string>, cf?: { country: string }): Promise<TestSession> {
  const res = await registerRequest(json, headers, cf);
  expect(res.status, await res.clone().text()).toBe(201);
  return body(res);
}

/** The databases holding a row with this id in `table`. */
async function holders(table: string, column: string, id: string): Promise<string[]> {
  const found = [];
  for (const binding of [...US_DATABASES, ...EU_DATABASES]) {
    if (await d1(binding).prepare(`SELECT 1 FROM ${table} WHERE ${column} = ?`).bind(id).first()) found.push(binding);
  }
  return found;
}

/**
 * The jurisdiction a Durable Object is in. Local workerd has none: there user-objects.ts names the
 * object `{jurisdiction}:{id}` instead, apart from the unrestricted object of the same id.
 */
const jurisdictionOf = (_: unknown, state: DurableObjectState) => state.id.jurisdiction ?? state.id.name?.split(':')[0];

const me = async (token: string) => body(await api('/api/v1/me', { token }));
const login = (email: string, headers: Record<string, string> = {}) =>
  api('/api/v1/auth/login', { method: 'POST', headers: { 'CF-Connecting-IP': testAddress(), ...headers }, json: { email, password: PASSWORD } });
const refresh = (token: string) => api('/api/v1/auth/refresh', { method: 'POST', json: { refresh_token: token } });

describe.each([
  ['eu', EU_DATABASES],
  ['us', US_DATABASES],
] as const)('an account in %s', (region: Region, own) => {
  it("keeps the account and its sessions only in the region's databases; its id and /me say the region", async () => {
    const email = newEmail();
    const session = await register({ email, data_region: region });
    expect(session.user.id).toMatch(new RegExp(`^usr_${region}_v\\d{4}_[A-Za-z0-9]{16}$`));
    expect(parseId(session.user.id)).toMatchObject({ kind: 'usr', region, preRegion: false });
    const where = await holders('users', 'id', session.user.id);
    expect(where).toHaveLength(1);
    expect(own).toContain(where[0]);
    expect(await holders('refresh_tokens', 'user_id', session.user.id)).toEqual(where);
    expect(regionOfShard(env, shardOfId(env, 'USERS', session.user.id))).toBe(region);
    expect(await me(session.access_token)).toMatchObject({ id: session.user.id, email, data_region: region });
  });

  it('signs in from either region and refreshes by the id in the token', async () => {
    const email = newEmail();
    const session = await register({ email, data_region: region });
    for (const country of ['DE', 'US']) {
      const res = await login(email, { 'CF-IPCountry': country });
      expect(res.status).toBe(200);
      expect((await body(res)).user.id).toBe(session.user.id);
    }
    const refreshed = await refresh(session.refresh_token);
    expect(refreshed.status).toBe(200);
    expect((await body(refreshed)).user.id).toBe(session.user.id);
    expect((await api('/api/v1/auth/logout', { method: 'POST', json: { refresh_token: (await body(await login(email))).refresh_token } })).status).toBe(204);
  });

  it("keeps its playlists in the region's databases, its room and device session in the region's jurisdiction", async () => {
    const { trackIds } = await seedCatalog(3, 1);
    const owner = await register({ data_region: region });
    const pl = await createPlaylist(owner.access_token, { name: `${region} mix`, public: true });
    expect(parseId(pl.id)).toMatchObject({ kind: 'pl', region });
    const { item_ids } = await addTracks(owner.access_token, pl.id, { track_ids: trackIds });
    expect(item_ids.every((id) => parseId(id)?.region === region)).toBe(true);
    expect((await readAll(owner.access_token, pl.id)).items.map((i) => i.track.id)).toEqual(trackIds);
    const where = await holders('playlists', 'id', pl.id);
    expect(where).toEqual(await holders('users', 'id', owner.user.id));
    expect(await holders('playlist_items', 'playlist_id', pl.id)).toEqual(where);

    const room = userObject(env.PLAYLIST_ROOMS, pl.id);
    expect(room.id.equals(env.PLAYLIST_ROOMS.idFromName(pl.id))).toBe(false);
    expect(await runInDurableObject(room, jurisdictionOf)).toBe(region);

    const laptop = await connectDevice(owner.access_token, 'laptop');
    const play = await api('/api/v1/me/player/play?device_id=laptop', {
      method: 'PUT',
      token: owner.access_token,
      json: { context_uri: `encore:playlist:${pl.id}` },
    });
    expect(play.status).toBe(204);
    expect((await body(await api('/api/v1/me/player', { token: owner.access_token }))).item.id).toBe(trackIds[0]);
    laptop.close();
    const session = userObject(env.DEVICE_SESSIONS, owner.user.id);
    expect(session.id.equals(env.DEVICE_SESSIONS.idFromName(owner.user.id))).toBe(false);
    expect(await runInDurableObject(session, jurisdictionOf)).toBe(region);
  });
});

describe('other user data follows the id to its region', () => {
  it("a reported play goes through the listening-events worker into the listener's region", async () => {
    const listener = await register({ data_region: 'eu' });
    const track = await seedTrack(2, { title: 'Far Song' });
    const report = await api('/api/v1/me/player/report', {
      method: 'POST',
      token: listener.access_token,
      json: { events: [{ event_id: crypto.randomUUID(), track_id: track, started_at: Date.now() - 90_000, ms_played: 61_000, completed: true }] },
    });
    expect(report.status).toBe(202);
    // On the eu region's queue: a report is user data too.
    const index = listeningQueueIndex(listener.user.id, listeningQueueCount(env));
    expect(listeningQueueFor(env, listener.user.id)).toBe((env as unknown as Record<string, Queue>)[`LISTENING_EVENTS_EU_${index}`]);
    let where: string[] = [];
    // The queue delivers on its own schedule (batches wait up to a second).
    for (let i = 0; i < 60 && where.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      where = await holders('listening_events', 'user_id', listener.user.id);
    }
    expect(where).toEqual(['USERS_EU_0']);
    const recent = await body(await api('/api/v1/me/player/recently-played', { token: listener.access_token }));
    expect(recent.items.map((i: { track: { id: string } }) => i.track.id)).toEqual([track]);
  });

  it('playlist search covers every region', async () => {
    const word = `Fjord${randomToken(6)}`;
    const made = [];
    for (const data_region of ['eu', 'us']) {
      const owner = await register({ data_region });
      made.push((await createPlaylist(owner.access_token, { name: `${word} ${data_region}`, public: true })).id);
    }
    const res = await api(`/api/v1/search?${new URLSearchParams({ q: word, type: 'playlist' })}`, { token: (await register({})).access_token });
    expect(res.status).toBe(200);
    expect((await body(res)).playlists.items.map((p: { id: string }) => p.id).sort()).toEqual(made.sort());
  });
});

describe('choosing the region', () => {
  it("defaults from the request's country: EU/EEA countries to eu, anywhere else (or unknown) to us", async () => {
    for (const [country, region] of [
      ['DE', 'eu'],
      ['NO', 'eu'],
      ['US', 'us'],
      ['JP', 'us'],
    ] as const) {
      const session = await register({}, { 'CF-IPCountry': country });
      expect(parseId(session.user.id)?.region, country).toBe(region);
    }
    expect(parseId((await register({})).user.id)?.region).toBe('us');
    expect(parseId((await register({}, {}, { country: 'FR' })).user.id)?.region).toBe('eu');
    // An explicit choice wins over the country.
    expect(parseId((await register({ data_region: 'us' }, { 'CF-IPCountry': 'FR' })).user.id)?.region).toBe('us');
  });

  it('refuses a region that does not exist with 422, naming the field', async () => {
    for (const data_region of ['mars', 'EU', '', 1, null]) {
      const res = await registerRequest({ data_region });
      expect(res.status).toBe(422);
      expect((await body(res)).error.message).toContain('data_region');
    }
  });

  it('keeps an email unique across regions, even for registrations at the same moment', async () => {
    const email = newEmail();
    await register({ email, data_region: 'eu' });
    const again = await registerRequest({ email: email.toUpperCase(), data_region: 'us' });
    expect(again.status).toBe(409);
    expect((await body(again)).error.code).toBe('email_taken');

    for (let round = 0; round < 5; round++) {
      const raced = newEmail();
      const results = await Promise.all([registerRequest({ email: raced, data_region: 'eu' }), registerRequest({ email: raced, data_region: 'us' })]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(1);
      const rows = await Promise.all(
        [...US_DATABASES, ...EU_DATABASES].map((b) => d1(b).prepare('SELECT count(*) AS n FROM users WHERE email = ?').bind(raced).first<{ n: number }>()),
      );
      expect(rows.reduce((n, r) => n + r!.n, 0)).toBe(statuses.filter((s) => s === 201).length);
    }
  });
});

describe('accounts made before regions', () => {
  /** An account as it was stored before regions: in the us databases, its id naming no region. */
  async function preRegionAccount(form: 'virtual' | 'legacy') {
    const email = newEmail();
    const virtualShard = userVirtualShardForEmail(email);
    const suffix = randomToken();
    const id = form === 'legacy' ? legacyId('usr', virtualShard, suffix) : `usr_v${String(virtualShard).padStart(4, '0')}_${suffix}`;
    const binding = `USERS_${userShardForEmail(env, 'us', email)}`;
    await d1(binding)
      .prepare("INSERT INTO users (id, email, password_hash, display_name, role) VALUES (?, ?, ?, 'Old timer', 'listener')")
      .bind(id, email, await hashPassword(PASSWORD))
      .run();
    return { id, email, binding };
  }

  it.each(['virtual', 'legacy'] as const)('(%s form) sign in and refresh from any country, and are in us', async (form) => {
    const account = await preRegionAccount(form);
    expect(parseId(account.id)).toMatchObject({ region: 'us', preRegion: true });
    expect(shardOfId(env, 'USERS', account.id)).toBe(Number(account.binding.slice('USERS_'.length)));
    const res = await login(account.email, { 'CF-IPCountry': 'DE' });
    expect(res.status).toBe(200);
    const session = await body(res);
    expect(session.user.id).toBe(account.id);
    expect(await me(session.access_token)).toMatchObject({ id: account.id, data_region: 'us' });
    expect((await refresh(session.refresh_token)).status).toBe(200);
    // New playlists of an old account take the current form, in its region.
    const pl = await createPlaylist(session.access_token);
    expect(parseId(pl.id)).toMatchObject({ region: 'us', preRegion: false });
    expect(await holders('playlists', 'id', pl.id)).toEqual([account.binding]);
  });

  it('keep the Durable Objects they had: a room made before regions is still found', async () => {
    const account = await preRegionAccount('virtual');
    const session = await body(await login(account.email));
    expect(userObject(env.DEVICE_SESSIONS, account.id).id.equals(env.DEVICE_SESSIONS.idFromName(account.id))).toBe(true);

    const oldPlaylistId = `pl_v${account.id.slice('usr_v'.length, 'usr_v'.length + 4)}_${randomToken()}`;
    // Created the way the API created rooms before regions: by name, in the unrestricted namespace.
    const oldRoom = env.PLAYLIST_ROOMS.get(env.PLAYLIST_ROOMS.idFromName(oldPlaylistId));
    await oldRoom.create({
      id: oldPlaylistId,
      owner: { id: account.id, display_name: 'Old timer' },
      name: 'Old mix',
      description: null,
      public: false,
      collaborative: false,
    });
    expect(userObject(env.PLAYLIST_ROOMS, oldPlaylistId).id.equals(oldRoom.id)).toBe(true);
    const read = await api(`/api/v1/playlists/${oldPlaylistId}`, { token: session.access_token });
    expect(read.status).toBe(200);
    expect((await body(read)).name).toBe('Old mix');
  });
});
