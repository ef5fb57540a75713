import { env } from 'cloudflare:workers';
import { shardOfId } from '#core/shards.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { addTracks, createPlaylist, readAll, replay, roomStub, seedCatalog } from './playlist-support.ts';

let tracks: string[];
let owner: TestSession;

beforeAll(async () => {
  tracks = (await seedCatalog(20, 1)).trackIds;
  owner = await registerUser();
});

const order = async (id: string) => (await readAll(owner.access_token, id)).items.map((i) => i.item_id);
const remove = (id: string, item_ids: string[]) => api(`/api/v1/playlists/${id}/items`, { method: 'DELETE', token: owner.access_token, json: { item_ids } });
const move = (id: string, item_id: string, after_item_id: string | null) =>
  api(`/api/v1/playlists/${id}/items`, { method: 'PUT', token: owner.access_token, json: { item_id, after_item_id } });

describe('anchor semantics', () => {
  it("inserting after an item someone removed lands at the removed item's place", async () => {
    const pl = await createPlaylist(owner.access_token);
    const [a, b, c] = (await addTracks(owner.access_token, pl.id, { track_ids: tracks.slice(0, 3) })).item_ids as [string, string, string];
    // Two editors saw [a b c]; one removes b, the other (not knowing) inserts after b.
    expect((await remove(pl.id, [b])).status).toBe(200);
    const x = (await addTracks(owner.access_token, pl.id, { track_ids: [tracks[3]], after_item_id: b })).item_ids[0]!;
    expect(await order(pl.id)).toEqual([a, x, c]);
  });

  it('removing an item twice is harmless and the second removal keeps the snapshot', async () => {
    const pl = await createPlaylist(owner.access_token);
    const [a, b] = (await addTracks(owner.access_token, pl.id, { track_ids: tracks.slice(0, 2) })).item_ids as [string, string];
    const first = await body(await remove(pl.id, [a]));
    const again = await remove(pl.id, [a]);
    expect(again.status).toBe(200);
    expect((await body(again)).snapshot_id).toBe(first.snapshot_id);
    const mixed = await remove(pl.id, [a, b]);
    expect(mixed.status).toBe(200);
    expect(await order(pl.id)).toEqual([]);
  });

  it('moves to the front, after another item, and after a removed item; moving a removed item changes nothing', async () => {
    const pl = await createPlaylist(owner.access_token);
    const [a, b, c, d] = (await addTracks(owner.access_token, pl.id, { track_ids: tracks.slice(0, 4) })).item_ids as [string, string, string, string];
    expect((await move(pl.id, d, null)).status).toBe(200);
    expect(await order(pl.id)).toEqual([d, a, b, c]);
    await move(pl.id, a, c);
    expect(await order(pl.id)).toEqual([d, b, c, a]);
    await remove(pl.id, [b]);
    await move(pl.id, a, b);
    expect(await order(pl.id)).toEqual([d, a, c]);
    const before = (await readAll(owner.access_token, pl.id)).snapshot_id;
    const stale = await move(pl.id, b, null);
    expect(stale.status).toBe(200);
    expect((await body(stale)).snapshot_id).toBe(before);
    expect(await order(pl.id)).toEqual([d, a, c]);
  });

  it('concurrent REST edits all land, in one order that a replay of the op log reproduces', async () => {
    const pl = await createPlaylist(owner.access_token);
    const base = (await addTracks(owner.access_token, pl.id, { track_ids: tracks.slice(0, 6) })).item_ids;
    await Promise.all([
      remove(pl.id, [base[1]!]),
      addTracks(owner.access_token, pl.id, { track_ids: [tracks[10]], after_item_id: base[1] }),
      move(pl.id, base[5]!, null),
      move(pl.id, base[0]!, base[3]!),
      addTracks(owner.access_token, pl.id, { track_ids: [tracks[11], tracks[12]] }),
      remove(pl.id, [base[1]!, base[2]!]),
    ]);
    const server = await readAll(owner.access_token, pl.id);
    expect(server.items).toHaveLength(6 - 2 + 1 + 2);
    const log = await roomStub(pl.id).opLog();
    expect(replay(log).map((e) => e.item_id)).toEqual(server.items.map((i) => i.item_id));
  });

  it('keeps the order through many inserts at one spot (order keys re-spaced) and mirrors it in D1', async () => {
    const pl = await createPlaylist(owner.access_token);
    const [first, last] = (await addTracks(owner.access_token, pl.id, { track_ids: tracks.slice(0, 2) })).item_ids as [string, string];
    const inserted: string[] = [];
    for (let i = 0; i < 60; i++) {
      // Always right after `first`: each new item goes before the previous ones.
      inserted.unshift((await addTracks(owner.access_token, pl.id, { track_ids: [tracks[i % 20]], after_item_id: first })).item_ids[0]!);
    }
    const expected = [first, ...inserted, last];
    expect(await order(pl.id)).toEqual(expected);
    const shard = shardOfId(env, 'USERS', pl.id);
    const d1 = await env[`USERS_${shard}` as 'USERS_0']
      .prepare('SELECT item_id FROM playlist_items WHERE playlist_id = ? ORDER BY position')
      .bind(pl.id)
      .all<{ item_id: string }>();
    expect(d1.results.map((r) => r.item_id)).toEqual(expected);
  });

  it('holds at most 10,000 items: the add that would pass it is refused whole', async () => {
    const pl = await createPlaylist(owner.access_token);
    const hundred = Array.from({ length: 100 }, (_, i) => tracks[i % 20]!);
    // Repeats of a track across requests are allowed (playlists may hold a track twice); within one request they are not.
    const batch = [...new Set(hundred)];
    const perRequest = batch.length;
    let total = 0;
    while (total + perRequest < 10_000) {
      await roomStub(pl.id).addItems({ id: owner.user.id, display_name: 'o' }, { track_ids: batch }, undefined, false);
      total += perRequest;
    }
    const fill = await addTracks(owner.access_token, pl.id, { track_ids: batch.slice(0, 10_000 - total) });
    expect(fill.item_ids).toHaveLength(10_000 - total);
    const over = await api(`/api/v1/playlists/${pl.id}/items`, { method: 'POST', token: owner.access_token, json: { track_ids: [tracks[0]] } });
    expect(over.status).toBe(422);
    expect((await body(over)).error.code).toBe('playlist_full');
    const last = await body(await api(`/api/v1/playlists/${pl.id}/items?offset=9990&limit=50`, { token: owner.access_token }));
    expect(last).toMatchObject({ total: 10_000, offset: 9990, next: null });
    expect(last.items).toHaveLength(10);
  }, 120_000);
});
