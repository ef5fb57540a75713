import { env } from 'cloudflare:workers';
import { shardOfId } from '#core/shards.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { addTracks, createPlaylist, openLive, readAll, seedCatalog, upgradeLive } from './playlist-support.ts';

let tracks: string[];
let owner: TestSession;
let friend: TestSession;
let listener: TestSession;

beforeAll(async () => {
  tracks = (await seedCatalog(10, 2)).trackIds;
  owner = await registerUser();
  friend = await registerUser();
  listener = await registerUser();
});

const ids = (items: { item_id: string }[]) => items.map((i) => i.item_id);

async function collaborativePlaylist() {
  const pl = await createPlaylist(owner.access_token, { name: 'Together', public: true });
  const res = await api(`/api/v1/playlists/${pl.id}/collaborators`, { method: 'POST', token: owner.access_token, json: { user_id: friend.user.id } });
  expect(res.status).toBe(201);
  return pl;
}

describe('live playlist over WebSocket', () => {
  it('pushes every change (REST or socket) as a diff to every viewer', async () => {
    const pl = await collaborativePlaylist();
    const seed = await addTracks(owner.access_token, pl.id, { track_ids: tracks.slice(0, 3) });
    const a = await openLive(pl.id, owner.access_token);
    const b = await openLive(pl.id, listener.access_token);
    expect(ids(a.items)).toEqual(seed.item_ids);
    expect(b.snapshotId).toBe(seed.snapshot_id);

    // A REST edit reaches both sockets.
    const rest = await addTracks(friend.access_token, pl.id, { track_ids: [tracks[3]], after_item_id: seed.item_ids[0] });
    for (const v of [a, b]) {
      const change = await v.next('change', (m) => m.snapshot_id === rest.snapshot_id);
      expect(change).toMatchObject({
        by: friend.user.id,
        diff: {
          kind: 'insert',
          after_item_id: seed.item_ids[0],
          items: [{ item_id: rest.item_ids[0], track_id: tracks[3], added_by: { id: friend.user.id } }],
        },
      });
    }

    // A socket edit is acknowledged to its sender and pushed to the other viewer.
    a.send({ type: 'move', req_id: 'm1', item_id: seed.item_ids[2], after_item_id: null });
    const ack = await a.next('ack', (m) => m.req_id === 'm1');
    const pushed = await b.next('change', (m) => m.snapshot_id === ack.snapshot_id);
    expect(pushed.diff).toEqual({ kind: 'move', item_id: seed.item_ids[2], after_item_id: null });

    a.send({ type: 'remove', req_id: 'r1', item_ids: [seed.item_ids[1]] });
    const removed = await a.next('ack', (m) => m.req_id === 'r1');
    await b.waitFor(() => b.snapshotId === removed.snapshot_id, 'remove to reach b');

    const server = await readAll(owner.access_token, pl.id);
    expect(server.snapshot_id).toBe(removed.snapshot_id);
    for (const v of [a, b]) expect(ids(v.items)).toEqual(ids(server.items));
    expect(ids(server.items)).toEqual([seed.item_ids[2], seed.item_ids[0], rest.item_ids[0]]);

    // Socket edits reach the D1 copy shortly after (write-behind by alarm), in the same order.
    const shard = shardOfId(env, 'USERS', pl.id);
    const d1 = env[`USERS_${shard}` as 'USERS_0'];
    for (let i = 0; i < 200; i++) {
      const row = await d1.prepare('SELECT snapshot_id FROM playlists WHERE id = ?').bind(pl.id).first<{ snapshot_id: string }>();
      if (row?.snapshot_id === removed.snapshot_id) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await d1.prepare('SELECT snapshot_id, item_count FROM playlists WHERE id = ?').bind(pl.id).first()).toEqual({
      snapshot_id: removed.snapshot_id,
      item_count: 3,
    });
    const rows = await d1.prepare('SELECT item_id FROM playlist_items WHERE playlist_id = ? ORDER BY position').bind(pl.id).all<{ item_id: string }>();
    expect(rows.results.map((r) => r.item_id)).toEqual(ids(server.items));

    // A rename shows up live too.
    await api(`/api/v1/playlists/${pl.id}`, { method: 'PUT', token: owner.access_token, json: { name: 'Renamed' } });
    expect((await b.next('change', (m) => m.diff.kind === 'details')).diff).toMatchObject({ details: { name: 'Renamed' } });
    a.close();
    b.close();
  });

  it('refuses edits a viewer may not make, and stale snapshots, without closing the socket', async () => {
    const pl = await collaborativePlaylist();
    const seed = await addTracks(owner.access_token, pl.id, { track_ids: tracks.slice(0, 2) });
    const viewer = await openLive(pl.id, listener.access_token);
    viewer.send({ type: 'add', req_id: 'x', track_ids: [tracks[5]] });
    expect((await viewer.next('error', (m) => m.req_id === 'x')).error).toMatchObject({ status: 403, code: 'not_a_collaborator' });

    const editor = await openLive(pl.id, friend.access_token);
    editor.send({ type: 'add', req_id: 'stale', track_ids: [tracks[5]], snapshot_id: 'not-the-current-one' });
    expect((await editor.next('error', (m) => m.req_id === 'stale')).error).toMatchObject({ status: 409, code: 'snapshot_conflict' });
    editor.send({ type: 'add', req_id: 'ghost', track_ids: ['trk2_missingmissing00'] });
    expect((await editor.next('error', (m) => m.req_id === 'ghost')).error).toMatchObject({ status: 422, code: 'unknown_track' });
    expect((await readAll(owner.access_token, pl.id)).snapshot_id).toBe(seed.snapshot_id);
    expect(viewer.closed).toBeNull();
    expect(editor.closed).toBeNull();
    viewer.close();
    editor.close();
  });

  it('closes a socket that sends a malformed frame, with a reason, and keeps serving the others', async () => {
    const pl = await collaborativePlaylist();
    const good = await openLive(pl.id, owner.access_token);
    const frames: [string | Uint8Array, number][] = [
      ['{not json', 1003],
      [JSON.stringify({ type: 'explode' }), 1008],
      [JSON.stringify({ type: 'add', track_ids: 'nope' }), 1008],
      [new Uint8Array([1, 2, 3]), 1003],
      [JSON.stringify({ type: 'hello', since: 'x'.repeat(70_000) }), 1009],
    ];
    for (const [frame, code] of frames) {
      const bad = await openLive(pl.id, friend.access_token);
      bad.ws.send(frame);
      const closed = await bad.waitClosed();
      expect(closed.code, String(frame).slice(0, 80)).toBe(code);
      expect(closed.reason.length).toBeGreaterThan(0);
    }
    good.send({ type: 'add', req_id: 'still-here', track_ids: [tracks[0]] });
    const ack = await good.next('ack', (m) => m.req_id === 'still-here');
    expect(ack.item_ids).toHaveLength(1);
    expect(good.closed).toBeNull();
    good.close();
  });

  it('catches a reconnecting client up from the last snapshot it saw (query parameter or hello)', async () => {
    const pl = await collaborativePlaylist();
    const first = await openLive(pl.id, friend.access_token);
    await addTracks(owner.access_token, pl.id, { track_ids: tracks.slice(0, 2) });
    await first.waitFor(() => first.items.length === 2, 'first adds');
    const seen = first.snapshotId;
    const before = ids(first.items);
    first.close();

    // Missed while away: an insert, a move and a removal.
    const more = await addTracks(owner.access_token, pl.id, { track_ids: [tracks[2]], after_item_id: before[0] });
    await api(`/api/v1/playlists/${pl.id}/items`, { method: 'PUT', token: owner.access_token, json: { item_id: before[1], after_item_id: null } });
    const last = await body(await api(`/api/v1/playlists/${pl.id}/items`, { method: 'DELETE', token: owner.access_token, json: { item_ids: [before[0]] } }));

    const back = await openLive(pl.id, friend.access_token, seen, first.items);
    // Only the three missed changes, in order, and no full state.
    const changes = [await back.next('change'), await back.next('change'), await back.next('change')];
    expect(changes.map((c) => c.diff.kind)).toEqual(['insert', 'move', 'remove']);
    expect(changes[0]!.prev_snapshot_id).toBe(seen);
    await back.waitFor(() => back.snapshotId === last.snapshot_id, 'catch-up');
    expect(back.received.some((m) => m.type === 'state')).toBe(false);
    const server = await readAll(owner.access_token, pl.id);
    expect(ids(back.items)).toEqual(ids(server.items));
    expect(ids(server.items)).toEqual([before[1], more.item_ids[0]]);

    // Over HTTP too: the changes after a snapshot, each with its replayable intent.
    const missed = await body(await api(`/api/v1/playlists/${pl.id}/changes?since=${seen}`, { token: friend.access_token }));
    expect(missed).toMatchObject({
      snapshot_id: last.snapshot_id,
      changes: [{ intent: { kind: 'insert', after_item_id: before[0] } }, { intent: { kind: 'move' } }, { intent: { kind: 'remove' } }],
    });
    expect((await api(`/api/v1/playlists/${pl.id}/changes?since=nope`, { token: friend.access_token })).status).toBe(422);

    // The same through a first `hello` message; an unknown snapshot gets the whole state.
    const viaHello = await openLive(pl.id, friend.access_token);
    viaHello.send({ type: 'hello', since: seen });
    expect((await viaHello.next('change')).prev_snapshot_id).toBe(seen);
    const lost = await openLive(pl.id, friend.access_token, 'long-forgotten');
    const state = await lost.next('state');
    expect(ids(state.items)).toEqual(ids(server.items));
    for (const v of [back, viaHello, lost]) v.close();
  });

  it("refuses a private playlist's live feed to strangers (404) and plain HTTP (400)", async () => {
    const pl = await createPlaylist(owner.access_token, { name: 'Private', public: false });
    expect((await upgradeLive(pl.id, listener.access_token)).status).toBe(404);
    expect((await upgradeLive(pl.id, 'bad-token')).status).toBe(401);
    expect((await api(`/api/v1/playlists/${pl.id}/live`, { token: owner.access_token })).status).toBe(400);
  });

  it('tells viewers when the playlist is deleted or goes private, and closes their sockets', async () => {
    const pl = await createPlaylist(owner.access_token, { name: 'Short-lived', public: true });
    const watcher = await openLive(pl.id, listener.access_token);
    await api(`/api/v1/playlists/${pl.id}`, { method: 'PUT', token: owner.access_token, json: { public: false } });
    expect((await watcher.waitClosed()).code).toBe(1008);

    const ownerView = await openLive(pl.id, owner.access_token);
    expect((await api(`/api/v1/playlists/${pl.id}`, { method: 'DELETE', token: owner.access_token })).status).toBe(204);
    expect((await ownerView.next('change')).diff).toEqual({ kind: 'deleted' });
    expect((await ownerView.waitClosed()).code).toBe(1000);
  });
});
