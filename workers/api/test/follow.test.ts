import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { releaseAfterReady } from '#core/catalog/releases.ts';
import { allShardDbs, shardDb, shardMap, shardOfId } from '#core/shards.ts';
import { importedAlbumId, importedArtistIds } from '../src/catalog/catalog-ids.ts';
import { fanOutRelease } from '../src/follow/fanout.ts';
import { repairFollow, updateFollowers } from '../src/follow/followers.ts';
import worker from '../src/index.ts';
import { RELEASE_SWEEP_CRON } from '../src/jobs/schedule.ts';
import { album, artist, importCatalog, track } from './catalog-fixtures.ts';
import { brokenD1 } from './faulty-d1.ts';
import { api, body, registerUser, type TestSession } from './helpers.ts';

// vitest.config.ts sets FANOUT_PUSH_MAX_FOLLOWERS to 3: up to 3 followers push, 4 pull.

const artistId = async (ext: string) => (await importedArtistIds(ext)).id;
const albumIdOf = async (ext: string, artistExt: string) => importedAlbumId(ext, await artistId(artistExt));

const library = (method: 'PUT' | 'DELETE', ids: string[], token: string) => api('/api/v1/me/library', { method, token, json: { ids } });
const follow = (user: TestSession, id: string) => library('PUT', [`encore:artist:${id}`], user.access_token);
const unfollow = (user: TestSession, id: string) => library('DELETE', [`encore:artist:${id}`], user.access_token);
let reader: TestSession;
const followers = async (id: string) => (await body(await api(`/api/v1/artists/${id}`, { token: reader.access_token }))).followers.total as number;
const inbox = async (user: TestSession, query = '') => body(await api(`/api/v1/me/inbox${query}`, { token: user.access_token }));
const inboxAlbums = async (user: TestSession) => (await inbox(user, '?limit=50')).items.map((i: { album: { id: string } }) => i.album.id) as string[];

/** Polls until `check` passes (the queue consumer runs beside the test); fails with check's own message if it never does. */
async function eventually(check: () => Promise<void>, attempts = 200): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      return await check();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** Releases an album with one ready track by import (release date in the past unless given). */
async function releaseByImport(artistExt: string, albumExt: string, releaseDate = '2020-01-01') {
  const { res } = await importCatalog([
    album(albumExt, artistExt, `Album ${albumExt}`, releaseDate),
    track(`${albumExt}-t1`, albumExt, [artistExt], `Song of ${albumExt}`),
  ]);
  expect(res.status).toBe(200);
  return albumIdOf(albumExt, artistExt);
}

async function inboxRowsOf(albumId: string): Promise<number> {
  let n = 0;
  for (const db of allShardDbs(env, 'USERS'))
    n += (await db.prepare('SELECT count(*) AS n FROM inbox_items WHERE album_id = ?').bind(albumId).first<{ n: number }>())!.n;
  return n;
}

const albumRow = async (albumId: string) =>
  (await shardDb(env, 'CATALOG', shardOfId(env, 'CATALOG', albumId))
    .prepare('SELECT released_at, fanout, fanout_done_at FROM albums WHERE id = ?')
    .bind(albumId)
    .first<{ released_at: number | null; fanout: string | null; fanout_done_at: number | null }>())!;

/** Listeners until both user shards hold some: fan-out must cross shards. */
async function listenersOnEveryShard(min: number): Promise<TestSession[]> {
  const users: TestSession[] = [];
  const shards = new Set<number>();
  while (users.length < min || shards.size < 2) {
    const u = await registerUser();
    users.push(u);
    shards.add(shardOfId(env, 'USERS', u.user.id));
  }
  return users;
}

let small: string;
let big: string;
let other: string;

beforeAll(async () => {
  reader = await registerUser();
  const { res } = await importCatalog([artist('f-small', 'Small Band'), artist('f-big', 'Big Star'), artist('f-other', 'Other')]);
  expect(res.status).toBe(200);
  [small, big, other] = await Promise.all([artistId('f-small'), artistId('f-big'), artistId('f-other')]);
});

describe('following', () => {
  it('saving an artist follows it and removing it unfollows; followers.total counts each follower once', async () => {
    const [a, b] = [await registerUser(), await registerUser()];
    expect(await followers(other)).toBe(0);
    expect((await follow(a, other)).status).toBe(200);
    expect((await follow(a, other)).status).toBe(200);
    expect((await library('PUT', [other], b.access_token)).status).toBe(200);
    expect(await followers(other)).toBe(2);
    expect((await unfollow(a, other)).status).toBe(200);
    expect((await unfollow(a, other)).status).toBe(200);
    expect(await followers(other)).toBe(1);
    await unfollow(b, other);
    expect(await followers(other)).toBe(0);
  });

  it('pages the followed artists, most recently followed first, with the artist objects', async () => {
    const u = await registerUser();
    for (const id of [small, big, other]) await follow(u, id);
    const first = await body(await api('/api/v1/me/following?type=artist&limit=2', { token: u.access_token }));
    expect(first).toMatchObject({ total: 3, limit: 2, offset: 0, previous: null });
    expect(first.items.map((a: { id: string }) => a.id)).toEqual([other, big]);
    expect(first.items[0]).toMatchObject({ type: 'artist', name: 'Other', followers: { total: expect.any(Number) } });
    const next = new URL(first.next);
    const second = await body(await api(next.pathname + next.search, { token: u.access_token }));
    expect(second.items.map((a: { id: string }) => a.id)).toEqual([small]);
    expect(second.next).toBeNull();
    for (const id of [small, big, other]) await unfollow(u, id);
  });

  it('repairs the follower list from the library when its write failed, counting once however often repaired', async () => {
    const u = await registerUser();
    const users = shardDb(env, 'USERS', shardOfId(env, 'USERS', u.user.id));
    const artistShard = shardMap(env, 'CATALOG').bindings[shardOfId(env, 'CATALOG', other)]!;
    const downEnv = { ...env, [artistShard]: brokenD1() } as Env;
    const setSaved = (saved: boolean) =>
      saved
        ? users.prepare(`INSERT INTO library_items (user_id, kind, item_id, added_at) VALUES (?, 'artist', ?, ?)`).bind(u.user.id, other, Date.now()).run()
        : users.prepare(`DELETE FROM library_items WHERE user_id = ? AND item_id = ?`).bind(u.user.id, other).run();

    // The library took the follow; the artist's shard is down: a follow_sync goes on the queue instead.
    await setSaved(true);
    await updateFollowers(downEnv, u.user.id, [other], true);
    await eventually(async () => expect(await followers(other)).toBe(1));
    // Redelivered repairs (the consumer's own function, awaited here) change nothing.
    const repair = { type: 'follow_sync', user_id: u.user.id, artist_id: other } as const;
    await repairFollow(env, repair);
    await repairFollow(env, repair);
    expect(await followers(other)).toBe(1);

    await setSaved(false);
    await updateFollowers(downEnv, u.user.id, [other], false);
    await eventually(async () => expect(await followers(other)).toBe(0));
  });

  it('refuses ids that are no artist, album or track, unknown artists, and other kinds of following', async () => {
    const u = await registerUser();
    expect((await library('PUT', ['encore:artist:nope'], u.access_token)).status).toBe(422);
    expect((await library('PUT', [`encore:album:${small}`], u.access_token)).status).toBe(422);
    expect((await library('PUT', ['art_v0001_doesnotexist00000'], u.access_token)).status).toBe(422);
    expect((await api('/api/v1/me/following?type=track', { token: u.access_token })).status).toBe(400);
    expect((await api('/api/v1/me/inbox?limit=500', { token: u.access_token })).status).toBe(400);
    expect((await api('/api/v1/me/inbox')).status).toBe(401);
  });
});

describe('release fan-out', () => {
  let fans: TestSession[];
  let stranger: TestSession;

  beforeAll(async () => {
    // 3 follow the small artist (push), 4 the big one (pull); the first follows both.
    fans = await listenersOnEveryShard(4);
    for (const f of fans.slice(0, 3)) await follow(f, small);
    for (const f of fans.slice(0, 4)) await follow(f, big);
    stranger = await registerUser();
    expect(await followers(small)).toBe(3);
    expect(await followers(big)).toBe(4);
  });

  it('pushes a release to the inbox of every follower, across user shards, and to no one else', async () => {
    const albumId = await releaseByImport('f-small', 'push-1');
    for (const f of fans.slice(0, 3)) await eventually(async () => expect(await inboxAlbums(f)).toContain(albumId));
    await eventually(async () => expect((await albumRow(albumId)).fanout_done_at).not.toBeNull());
    expect((await albumRow(albumId)).fanout).toBe('push');
    expect(await inboxRowsOf(albumId)).toBe(3);
    expect(await inboxAlbums(fans[3]!)).not.toContain(albumId);
    expect(await inboxAlbums(stranger)).toEqual([]);

    const entry = (await inbox(fans[1]!)).items.find((i: { album: { id: string } }) => i.album.id === albumId);
    expect(entry).toMatchObject({ type: 'release', released_at: expect.any(String), album: { id: albumId, name: 'Album push-1', artists: [{ id: small }] } });
  });

  it('writes nothing per follower above the threshold: followers read the release from the artist', async () => {
    const albumId = await releaseByImport('f-big', 'pull-1');
    await eventually(async () => expect((await albumRow(albumId)).fanout).toBe('pull'));
    for (const f of fans.slice(0, 4)) expect(await inboxAlbums(f)).toContain(albumId);
    expect(await inboxRowsOf(albumId)).toBe(0);
    expect(await inboxAlbums(stranger)).toEqual([]);
  });

  it('merges pushed and pulled releases newest first, with paging', async () => {
    const older = await releaseByImport('f-small', 'merge-1');
    await eventually(async () => expect(await inboxAlbums(fans[0]!)).toContain(older));
    const newer = await releaseByImport('f-big', 'merge-2');
    await eventually(async () => expect((await albumRow(newer)).fanout).toBe('pull'));
    const page = await inbox(fans[0]!, '?limit=2');
    expect(page.items.map((i: { album: { id: string } }) => i.album.id)).toEqual([newer, older]);
    expect(page.total).toBeGreaterThanOrEqual(4);
    const times = (await inbox(fans[0]!, '?limit=50')).items.map((i: { released_at: string }) => i.released_at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(page.next).not.toBeNull();
  });

  it('adds nothing when a release is delivered again, whole or page by page', async () => {
    const albumId = await releaseByImport('f-small', 'redeliver-1');
    await eventually(async () => expect((await albumRow(albumId)).fanout_done_at).not.toBeNull());
    expect(await inboxRowsOf(albumId)).toBe(3);
    // The queue delivers the message again: done already, nothing happens.
    await env.RELEASE_FANOUT.send({ type: 'release', album_id: albumId });
    // A delivery that lost the race with the done mark writes the whole page again.
    const db = shardDb(env, 'CATALOG', shardOfId(env, 'CATALOG', albumId));
    await db.prepare('UPDATE albums SET fanout_done_at = NULL WHERE id = ?').bind(albumId).run();
    await fanOutRelease(env, { type: 'release', album_id: albumId });
    await fanOutRelease(env, { type: 'release', album_id: albumId });
    expect(await inboxRowsOf(albumId)).toBe(3);
    for (const f of fans.slice(0, 3)) expect((await inboxAlbums(f)).filter((id) => id === albumId)).toHaveLength(1);
  });

  it('an unfollow stops new entries and takes the artist out of the inbox, pushed or pulled', async () => {
    const quitter = fans[0]!;
    const pushedBefore = await releaseByImport('f-small', 'unfollow-1');
    await eventually(async () => expect(await inboxAlbums(quitter)).toContain(pushedBefore));
    await unfollow(quitter, small);
    await unfollow(quitter, big);
    expect(await followers(small)).toBe(2);

    const pushedAfter = await releaseByImport('f-small', 'unfollow-2');
    await eventually(async () => expect((await albumRow(pushedAfter)).fanout_done_at).not.toBeNull());
    expect(await inboxRowsOf(pushedAfter)).toBe(2);
    const mine = await inboxAlbums(quitter);
    expect(mine).not.toContain(pushedAfter);
    expect(mine).not.toContain(pushedBefore);
    expect(mine).not.toContain(await albumIdOf('pull-1', 'f-big'));
    expect(mine).toEqual([]);

    await follow(quitter, small);
    await follow(quitter, big);
  });

  it('releases an album with a future release date only once that date has come, and only once', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const albumId = await releaseByImport('f-small', 'future-1', tomorrow);
    expect((await albumRow(albumId)).released_at).toBeNull();
    await sweep(Date.now());
    expect((await albumRow(albumId)).released_at).toBeNull();
    expect(await inboxAlbums(fans[1]!)).not.toContain(albumId);

    const dayAfter = Date.now() + 2 * 86_400_000;
    await sweep(dayAfter);
    expect((await albumRow(albumId)).released_at).toBe(dayAfter);
    await eventually(async () => expect(await inboxAlbums(fans[1]!)).toContain(albumId));
    await sweep(dayAfter + 60_000);
    await eventually(async () => expect((await albumRow(albumId)).fanout_done_at).not.toBeNull());
    expect(await inboxRowsOf(albumId)).toBe(3);
    expect((await albumRow(albumId)).released_at).toBe(dayAfter);
  });

  it('releases an uploaded album when its first track becomes ready, once', async () => {
    const db = shardDb(env, 'CATALOG', shardOfId(env, 'CATALOG', small));
    const albumId = `alb_v${small.slice(5, 9)}_readyalbum000001`;
    const trackIds = [1, 2].map((n) => `trk_v${small.slice(5, 9)}_readytrack00000${n}`);
    await db.batch([
      db.prepare('INSERT INTO albums (id, artist_id, name) VALUES (?, ?, ?)').bind(albumId, small, 'Uploaded'),
      ...trackIds.map((id) =>
        db.prepare(`INSERT INTO tracks (id, artist_id, album_id, title, status) VALUES (?, ?, ?, 'x', 'processing')`).bind(id, small, albumId),
      ),
    ]);
    await releaseAfterReady(env, db, trackIds[0]!, 'test');
    expect((await albumRow(albumId)).released_at).toBeNull();
    await db.prepare(`UPDATE tracks SET status = 'ready' WHERE id = ?`).bind(trackIds[0]).run();
    await releaseAfterReady(env, db, trackIds[0]!, 'test');
    const releasedAt = (await albumRow(albumId)).released_at;
    expect(releasedAt).not.toBeNull();
    await db.prepare(`UPDATE tracks SET status = 'ready' WHERE id = ?`).bind(trackIds[1]).run();
    await releaseAfterReady(env, db, trackIds[1]!, 'test');
    expect((await albumRow(albumId)).released_at).toBe(releasedAt);
    await eventually(async () => expect(await inboxAlbums(fans[2]!)).toContain(albumId));
  });
});

async function sweep(scheduledTime: number): Promise<void> {
  const ctx = createExecutionContext();
  worker.scheduled(createScheduledController({ cron: RELEASE_SWEEP_CRON, scheduledTime }), env, ctx);
  await waitOnExecutionContext(ctx);
}
