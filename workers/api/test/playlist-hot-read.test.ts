import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { shardDb, shardOfId } from '#core/shards.ts';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { addTracks, createPlaylist, openLive, roomStub, seedCatalog } from './playlist-support.ts';

const ownerShard = (playlistId: string) => shardDb(env, 'USERS', shardOfId(env, 'USERS', playlistId));
const read = (token: string, path: string) => api(path, { token });
const readBody = async (token: string, path: string) => {
  const res = await read(token, path);
  expect(res.status).toBe(200);
  return body(res);
};
/** Reads the room has answered: what tells a cached read from one that went to the Durable Object. */
const roomReads = (playlistId: string) => roomStub(playlistId).readCount();

let tracks: string[];
let owner: TestSession;
let strangers: TestSession[];

beforeAll(async () => {
  tracks = (await seedCatalog(30, 1)).trackIds;
  owner = await registerUser();
  strangers = [await registerUser(), await registerUser(), await registerUser()];
});

async function publicPlaylist(trackCount = 25) {
  const pl = await createPlaylist(owner.access_token, { name: 'Editorial', public: true });
  await addTracks(owner.access_token, pl.id, { track_ids: tracks.slice(0, trackCount) });
  return pl;
}

describe('public playlist reads come from the edge cache, not the room', () => {
  it('serves strangers the same body and pages as the room, without asking the room once the snapshot is cached', async () => {
    const pl = await publicPlaylist();
    const paths = [`/api/v1/playlists/${pl.id}`, `/api/v1/playlists/${pl.id}?limit=10&offset=20`, `/api/v1/playlists/${pl.id}/items?limit=5&offset=5`];
    // The owner's reads go to the room: the reference bodies.
    const fromRoom = await Promise.all(paths.map((p) => readBody(owner.access_token, p)));
    for (const p of paths) await readBody(strangers[0]!.access_token, p); // the misses fill the cache

    const before = await roomReads(pl.id);
    for (const stranger of strangers) {
      for (const [i, p] of paths.entries()) expect(await readBody(stranger.access_token, p)).toEqual(fromRoom[i]);
    }
    expect(await roomReads(pl.id)).toBe(before);
    expect((await read(strangers[0]!.access_token, paths[0]!)).headers.get('x-cache')).toBe('hit');
    expect((await read(owner.access_token, paths[0]!)).headers.get('x-cache')).toBe('bypass');

    const page = await readBody(strangers[1]!.access_token, paths[1]!);
    expect(page.items).toMatchObject({ total: 25, offset: 20, limit: 10, next: null });
    expect(page.items.items).toHaveLength(5);
  });

  it('shows an edit to the next read (a new snapshot), and follows and collaborators that do not change the snapshot', async () => {
    const pl = await publicPlaylist(3);
    const path = `/api/v1/playlists/${pl.id}`;
    const first = await readBody(strangers[0]!.access_token, path);
    await readBody(strangers[1]!.access_token, path);

    const added = await addTracks(owner.access_token, pl.id, { track_ids: [tracks[10]] });
    const afterEdit = await readBody(strangers[1]!.access_token, path);
    expect(afterEdit.snapshot_id).toBe(added.snapshot_id);
    expect(afterEdit.snapshot_id).not.toBe(first.snapshot_id);
    expect(afterEdit.items.total).toBe(4);
    expect((await readBody(strangers[2]!.access_token, `${path}/items?offset=3&limit=1`)).items[0].track.id).toBe(tracks[10]);

    expect((await api(`${path}/followers`, { method: 'PUT', token: strangers[2]!.access_token })).status).toBe(200);
    expect((await readBody(strangers[0]!.access_token, path)).followers.total).toBe(afterEdit.followers.total + 1);

    const friend = await registerUser();
    expect((await api(`${path}/collaborators`, { method: 'POST', token: owner.access_token, json: { user_id: friend.user.id } })).status).toBe(201);
    const collaborative = await readBody(strangers[0]!.access_token, path);
    expect(collaborative.collaborators.map((c: { id: string }) => c.id)).toEqual([friend.user.id]);
    const second = await registerUser();
    expect((await api(`${path}/collaborators`, { method: 'POST', token: owner.access_token, json: { user_id: second.user.id } })).status).toBe(201);
    const both = await readBody(strangers[0]!.access_token, path);
    expect(both.snapshot_id).toBe(collaborative.snapshot_id); // already collaborative: no new snapshot, yet the list is current
    expect(both.collaborators.map((c: { id: string }) => c.id).sort()).toEqual([friend.user.id, second.user.id].sort());
  });

  it('sends the owner and collaborators to the room, so they read their own socket edits at once', async () => {
    const pl = await createPlaylist(owner.access_token, { name: 'Shared', public: true, collaborative: true });
    const friend = await registerUser();
    expect(
      (await api(`/api/v1/playlists/${pl.id}/collaborators`, { method: 'POST', token: owner.access_token, json: { user_id: friend.user.id } })).status,
    ).toBe(201);
    await readBody(strangers[0]!.access_token, `/api/v1/playlists/${pl.id}`);

    const editor = await openLive(pl.id, friend.access_token);
    editor.send({ type: 'add', req_id: 'a', track_ids: [tracks[0]] });
    const ack = await editor.reply('a');
    expect(ack.type).toBe('ack');
    // Socket edits reach D1 up to 100 ms later; the editor's read does not wait for that.
    const before = await roomReads(pl.id);
    const mine = await readBody(friend.access_token, `/api/v1/playlists/${pl.id}`);
    expect(mine.snapshot_id).toBe(ack.type === 'ack' ? ack.snapshot_id : '');
    expect(mine.items.total).toBe(1);
    expect((await readBody(owner.access_token, `/api/v1/playlists/${pl.id}/items`)).total).toBe(1);
    expect(await roomReads(pl.id)).toBe(before + 2);
    editor.close();
  });
});

describe('a private playlist is never served from the shared cache', () => {
  it('stops serving a playlist made private at once, on both paths, and serves it again once public', async () => {
    const pl = await publicPlaylist(3);
    const paths = [`/api/v1/playlists/${pl.id}`, `/api/v1/playlists/${pl.id}/items`];
    for (const p of paths) await readBody(strangers[0]!.access_token, p);
    for (const p of paths) await readBody(strangers[1]!.access_token, p);

    expect((await api(paths[0]!, { method: 'PUT', token: owner.access_token, json: { public: false } })).status).toBe(200);
    for (const p of paths) {
      for (const stranger of strangers) expect((await read(stranger.access_token, p)).status).toBe(404);
      expect((await read(owner.access_token, p)).status).toBe(200);
    }

    expect((await api(paths[0]!, { method: 'PUT', token: owner.access_token, json: { public: true } })).status).toBe(200);
    expect((await readBody(strangers[2]!.access_token, paths[0]!)).public).toBe(true);
  });

  it('does not serve a private playlist to a stranger even when its D1 copy wrongly says public', async () => {
    const pl = await createPlaylist(owner.access_token, { name: 'Secret', public: false });
    await addTracks(owner.access_token, pl.id, { track_ids: tracks.slice(0, 2) });
    expect((await read(owner.access_token, `/api/v1/playlists/${pl.id}`)).status).toBe(200);
    await ownerShard(pl.id).prepare('UPDATE playlists SET public = 1 WHERE id = ?').bind(pl.id).run();
    for (const stranger of strangers) {
      expect((await read(stranger.access_token, `/api/v1/playlists/${pl.id}`)).status).toBe(404);
      expect((await read(stranger.access_token, `/api/v1/playlists/${pl.id}/items`)).status).toBe(404);
    }
  });

  it('stops serving a deleted playlist at once', async () => {
    const pl = await publicPlaylist(2);
    await readBody(strangers[0]!.access_token, `/api/v1/playlists/${pl.id}`);
    expect((await api(`/api/v1/playlists/${pl.id}`, { method: 'DELETE', token: owner.access_token })).status).toBe(204);
    expect((await read(strangers[0]!.access_token, `/api/v1/playlists/${pl.id}`)).status).toBe(404);
  });
});
