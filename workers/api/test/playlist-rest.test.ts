import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { virtualShardOf } from '#core/ids.ts';
import { shardOfId } from '#core/shards.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { addTracks, createPlaylist, readAll, roomStub, seedCatalog, upgradeLive } from './playlist-support.ts';

let tracks: string[];
let otherShardTracks: string[];
let owner: TestSession;
let friend: TestSession;
let stranger: TestSession;

beforeAll(async () => {
  tracks = (await seedCatalog(12, 0)).trackIds;
  otherShardTracks = (await seedCatalog(3, 3)).trackIds;
  owner = await registerUser();
  friend = await registerUser();
  stranger = await registerUser();
});

const ids = (list: { item_id: string }[]) => list.map((i) => i.item_id);

describe('playlists over REST', () => {
  it("creates a playlist on the owner's shard, lists it under /me/playlists, and reads it back", async () => {
    const res = await api('/api/v1/me/playlists', {
      method: 'POST',
      token: owner.access_token,
      json: { name: 'Road trip', description: 'loud', public: false },
    });
    expect(res.status).toBe(201);
    const created = await body(res);
    const ownerShard = shardOfId(env, 'USERS', owner.user.id);
    expect(virtualShardOf(created.id)).toBe(virtualShardOf(owner.user.id));
    expect(created).toMatchObject({
      name: 'Road trip',
      description: 'loud',
      public: false,
      collaborative: false,
      owner: { id: owner.user.id, display_name: owner.user.display_name },
    });
    expect(created.snapshot_id).toEqual(expect.any(String));
    expect(created.items).toMatchObject({ items: [], total: 0, next: null });

    // The D1 copy on the owner's shard holds the row.
    const row = await env[`USERS_${ownerShard}` as 'USERS_0'].prepare('SELECT name, snapshot_id FROM playlists WHERE id = ?').bind(created.id).first();
    expect(row).toEqual({ name: 'Road trip', snapshot_id: created.snapshot_id });

    const mine = await body(await api('/api/v1/me/playlists', { token: owner.access_token }));
    expect(mine.items.map((p: { id: string }) => p.id)).toContain(created.id);
    expect(mine).toMatchObject({ limit: 20, offset: 0 });

    const read = await api(`/api/v1/playlists/${created.id}`, { token: owner.access_token });
    expect(read.status).toBe(200);
    expect((await body(read)).snapshot_id).toBe(created.snapshot_id);
  });

  it('adds tracks (ids and URIs, any catalog shard), returns item ids, and pages through the items', async () => {
    const pl = await createPlaylist(owner.access_token);
    const add = await api(`/api/v1/playlists/${pl.id}/items`, {
      method: 'POST',
      token: owner.access_token,
      json: { track_ids: [...tracks.slice(0, 5), `encore:track:${otherShardTracks[0]}`] },
    });
    expect(add.status).toBe(201);
    const added = await body(add);
    expect(added.item_ids).toHaveLength(6);
    expect(added.snapshot_id).not.toBe(pl.snapshot_id);

    const first = await body(await api(`/api/v1/playlists/${pl.id}?limit=4`, { token: owner.access_token }));
    expect(first.items).toMatchObject({ total: 6, limit: 4, offset: 0, previous: null });
    expect(ids(first.items.items)).toEqual(added.item_ids.slice(0, 4));
    expect(first.items.items[0]).toMatchObject({
      track: { id: tracks[0], title: expect.any(String), artists: [{ id: expect.any(String) }] },
      added_by: { id: owner.user.id },
      added_at: expect.any(String),
    });
    const second = await body(await api(first.items.next.replace(/^https?:\/\/[^/]+/, ''), { token: owner.access_token }));
    expect(ids(second.items)).toEqual(added.item_ids.slice(4));
    expect(second.items[1].track.id).toBe(otherShardTracks[0]);
    expect(second.next).toBeNull();

    const tooMany = await api(`/api/v1/playlists/${pl.id}/items?limit=51`, { token: owner.access_token });
    expect(tooMany.status).toBe(400);
  });

  it('refuses a stale snapshot_id with 409 and changes nothing; without one, edits apply to the latest', async () => {
    const pl = await createPlaylist(owner.access_token);
    const a = await addTracks(owner.access_token, pl.id, { track_ids: tracks.slice(0, 3), snapshot_id: pl.snapshot_id });
    const b = await addTracks(owner.access_token, pl.id, { track_ids: [tracks[3]] });
    for (const [method, json] of [
      ['POST', { track_ids: [tracks[4]], snapshot_id: a.snapshot_id }],
      ['DELETE', { item_ids: [a.item_ids[0]], snapshot_id: a.snapshot_id }],
      ['PUT', { item_id: a.item_ids[2], after_item_id: null, snapshot_id: pl.snapshot_id }],
    ] as const) {
      const res = await api(`/api/v1/playlists/${pl.id}/items`, { method, token: owner.access_token, json });
      expect(res.status).toBe(409);
      expect((await body(res)).error).toMatchObject({ status: 409, code: 'snapshot_conflict' });
    }
    const after = await readAll(owner.access_token, pl.id);
    expect(after.snapshot_id).toBe(b.snapshot_id);
    expect(ids(after.items)).toEqual([...a.item_ids, ...b.item_ids]);

    const current = await api(`/api/v1/playlists/${pl.id}/items`, {
      method: 'DELETE',
      token: owner.access_token,
      json: { item_ids: [a.item_ids[0]], snapshot_id: b.snapshot_id },
    });
    expect(current.status).toBe(200);
    const unguarded = await api(`/api/v1/playlists/${pl.id}/items`, {
      method: 'PUT',
      token: owner.access_token,
      json: { item_id: b.item_ids[0], after_item_id: null },
    });
    expect(unguarded.status).toBe(200);
    expect(ids((await readAll(owner.access_token, pl.id)).items)).toEqual([b.item_ids[0], a.item_ids[1], a.item_ids[2]]);
  });

  it('answers bad edits with 4xx and adds nothing', async () => {
    const pl = await createPlaylist(owner.access_token);
    const other = await createPlaylist(owner.access_token);
    const foreign = await addTracks(owner.access_token, other.id, { track_ids: [tracks[0]] });
    const cases: [unknown, number, string][] = [
      [{ track_ids: [tracks[0], 'trk0_doesnotexist0000'] }, 422, 'unknown_track'],
      [{ track_ids: ['not-a-track'] }, 422, 'unknown_track'],
      [{ track_ids: [tracks[0], tracks[0]] }, 422, 'invalid_request'],
      [{ track_ids: [tracks[0]], after_item_id: foreign.item_ids[0] }, 422, 'unknown_anchor'],
      [{ track_ids: Array.from({ length: 101 }, (_, i) => tracks[i % tracks.length]) }, 422, 'invalid_request'],
      [{ track_ids: [] }, 422, 'invalid_request'],
      [{ tracks: 'nope' }, 422, 'invalid_request'],
    ];
    for (const [json, status, code] of cases) {
      const res = await api(`/api/v1/playlists/${pl.id}/items`, { method: 'POST', token: owner.access_token, json });
      expect(res.status, JSON.stringify(json)).toBe(status);
      expect((await body(res)).error.code).toBe(code);
    }
    const malformed = await api(`/api/v1/playlists/${pl.id}/items`, {
      method: 'POST',
      token: owner.access_token,
      body: '{"track_ids":',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    const unknownItem = await api(`/api/v1/playlists/${pl.id}/items`, { method: 'DELETE', token: owner.access_token, json: { item_ids: foreign.item_ids } });
    expect(unknownItem.status).toBe(422);
    const self = await addTracks(owner.access_token, pl.id, { track_ids: [tracks[1]] });
    const afterSelf = await api(`/api/v1/playlists/${pl.id}/items`, {
      method: 'PUT',
      token: owner.access_token,
      json: { item_id: self.item_ids[0], after_item_id: self.item_ids[0] },
    });
    expect(afterSelf.status).toBe(422);
    const read = await readAll(owner.access_token, pl.id);
    expect(ids(read.items)).toEqual(self.item_ids);
    expect((await api('/api/v1/playlists/pl9_nope', { token: owner.access_token })).status).toBe(404);
    // A well-formed id that was never created is 404 too, and probing it leaves no storage behind.
    const never = 'pl0_nevercreated0000';
    expect((await api(`/api/v1/playlists/${never}`, { token: owner.access_token })).status).toBe(404);
    const tables = await runInDurableObject(roomStub(never), (_, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'room'").toArray(),
    );
    expect(tables).toEqual([]);
    expect((await api(`/api/v1/playlists/${pl.id}`)).status).toBe(401);
  });

  it('hides private playlists (404) from everyone but owner and collaborators; only they edit', async () => {
    const pl = await createPlaylist(owner.access_token, { name: 'Secret', public: false });
    const added = await addTracks(owner.access_token, pl.id, { track_ids: [tracks[0]] });
    for (const [method, path, json] of [
      ['GET', '', undefined],
      ['GET', '/items', undefined],
      ['POST', '/items', { track_ids: [tracks[1]] }],
      ['DELETE', '/items', { item_ids: added.item_ids }],
      ['PUT', '', { name: 'mine now' }],
      ['PUT', '/followers', undefined],
      ['DELETE', '', undefined],
    ] as const) {
      const res = await api(`/api/v1/playlists/${pl.id}${path}`, { method, token: stranger.access_token, json });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect((await body(res)).error.code).toBe('playlist_not_found');
    }
    expect((await upgradeLive(pl.id, stranger.access_token)).status).toBe(404);

    // Only the owner adds collaborators.
    const byStranger = await api(`/api/v1/playlists/${pl.id}/collaborators`, {
      method: 'POST',
      token: stranger.access_token,
      json: { user_id: stranger.user.id },
    });
    expect(byStranger.status).toBe(404);
    const unknown = await api(`/api/v1/playlists/${pl.id}/collaborators`, { method: 'POST', token: owner.access_token, json: { user_id: 'usr0_nobody' } });
    expect(unknown.status).toBe(422);
    const ok = await api(`/api/v1/playlists/${pl.id}/collaborators`, { method: 'POST', token: owner.access_token, json: { user_id: friend.user.id } });
    expect(ok.status).toBe(201);
    expect(await body(ok)).toMatchObject({ collaborative: true, collaborators: [{ id: friend.user.id, display_name: friend.user.display_name }] });

    // The collaborator sees it, edits it, finds it in their list, but may not manage it.
    const edit = await api(`/api/v1/playlists/${pl.id}/items`, {
      method: 'POST',
      token: friend.access_token,
      json: { track_ids: [tracks[2]], after_item_id: null },
    });
    expect(edit.status).toBe(201);
    const theirs = await body(await api('/api/v1/me/playlists', { token: friend.access_token }));
    expect(theirs.items.map((p: { id: string }) => p.id)).toContain(pl.id);
    for (const [method, path, json] of [
      ['PUT', '', { name: 'renamed' }],
      ['DELETE', '', undefined],
      ['POST', '/collaborators', { user_id: stranger.user.id }],
    ] as const) {
      const res = await api(`/api/v1/playlists/${pl.id}${path}`, { method, token: friend.access_token, json });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    const items = await readAll(owner.access_token, pl.id);
    expect(items.items.map((i) => i.track.id)).toEqual([tracks[0], tracks[2]]);
  });

  it('lets anyone read and follow a public playlist, but not edit it (403)', async () => {
    const pl = await createPlaylist(owner.access_token, { name: 'Open', public: true });
    await addTracks(owner.access_token, pl.id, { track_ids: [tracks[0]] });
    expect((await api(`/api/v1/playlists/${pl.id}`, { token: stranger.access_token })).status).toBe(200);
    const edit = await api(`/api/v1/playlists/${pl.id}/items`, { method: 'POST', token: stranger.access_token, json: { track_ids: [tracks[1]] } });
    expect(edit.status).toBe(403);
    expect((await body(edit)).error.code).toBe('not_a_collaborator');

    const follow = await api(`/api/v1/playlists/${pl.id}/followers`, { method: 'PUT', token: stranger.access_token });
    expect(follow.status).toBe(200);
    expect((await body(follow)).followers).toBe(2);
    const listed = await body(await api('/api/v1/me/playlists', { token: stranger.access_token }));
    expect(listed.items).toEqual([
      expect.objectContaining({ id: pl.id, owner: { id: owner.user.id, display_name: owner.user.display_name }, items: { total: 1 } }),
    ]);

    // Going private drops followers who may no longer see it.
    expect((await api(`/api/v1/playlists/${pl.id}`, { method: 'PUT', token: owner.access_token, json: { public: false } })).status).toBe(200);
    expect((await body(await api('/api/v1/me/playlists', { token: stranger.access_token }))).items).toEqual([]);
    expect((await api(`/api/v1/playlists/${pl.id}`, { token: stranger.access_token })).status).toBe(404);

    await api(`/api/v1/playlists/${pl.id}`, { method: 'PUT', token: owner.access_token, json: { public: true } });
    await api(`/api/v1/playlists/${pl.id}/followers`, { method: 'PUT', token: stranger.access_token });
    const unfollow = await api(`/api/v1/playlists/${pl.id}/followers`, { method: 'DELETE', token: stranger.access_token });
    expect(unfollow.status).toBe(200);
    expect((await body(await api('/api/v1/me/playlists', { token: stranger.access_token }))).total).toBe(0);
  });

  it('renames (owner), changing the snapshot; deletes (owner), after which the id is 404 and leaves every list', async () => {
    const pl = await createPlaylist(owner.access_token, { name: 'Old' });
    const renamed = await api(`/api/v1/playlists/${pl.id}`, { method: 'PUT', token: owner.access_token, json: { name: 'New', description: 'fresh' } });
    expect(renamed.status).toBe(200);
    const after = await body(renamed);
    expect(after).toMatchObject({ name: 'New', description: 'fresh' });
    expect(after.snapshot_id).not.toBe(pl.snapshot_id);
    expect((await api(`/api/v1/playlists/${pl.id}`, { method: 'PUT', token: owner.access_token, json: {} })).status).toBe(422);
    await api(`/api/v1/playlists/${pl.id}/followers`, { method: 'PUT', token: stranger.access_token });

    const del = await api(`/api/v1/playlists/${pl.id}`, { method: 'DELETE', token: owner.access_token });
    expect(del.status).toBe(204);
    expect((await api(`/api/v1/playlists/${pl.id}`, { token: owner.access_token })).status).toBe(404);
    expect((await api(`/api/v1/playlists/${pl.id}/items`, { method: 'POST', token: owner.access_token, json: { track_ids: [tracks[0]] } })).status).toBe(404);
    for (const who of [owner, stranger]) {
      const list = await body(await api('/api/v1/me/playlists', { token: who.access_token }));
      expect(list.items.map((p: { id: string }) => p.id)).not.toContain(pl.id);
    }
  });
});
