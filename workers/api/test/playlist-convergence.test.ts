import { api, registerUser, type TestSession } from './helpers.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPlaylist, openLive, readAll, replay, roomStub, seedCatalog, type LiveViewer } from './playlist-support.ts';

const CLIENTS = 4;
const OPS = 25;

let tracks: string[];
let owner: TestSession;
let editors: TestSession[];

beforeAll(async () => {
  tracks = (await seedCatalog(30, 3)).trackIds;
  owner = await registerUser();
  editors = [owner, ...(await Promise.all(Array.from({ length: CLIENTS - 1 }, () => registerUser())))];
});

/** A deterministic pseudo-random source, so a failing run can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** One client: each op is chosen from what this client currently sees, sent, and awaited (ack or error). */
async function edit(viewer: LiveViewer, client: number, random: () => number, errors: unknown[]) {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const seenIds: string[] = [];
  for (let k = 0; k < OPS; k++) {
    const visible = viewer.items.map((i) => i.item_id);
    seenIds.push(...visible);
    const r = random();
    const req_id = `c${client}-${k}`;
    if (r < 0.45 || visible.length < 2) {
      // Anchors may be items someone else removed meanwhile (any id this client has ever seen).
      const anchor = random() < 0.2 ? null : (pick(seenIds) ?? null);
      viewer.send({ type: 'add', req_id, track_ids: [pick(tracks), pick(tracks)].filter((t, i, all) => all.indexOf(t) === i), after_item_id: anchor });
    } else if (r < 0.7) {
      viewer.send({ type: 'remove', req_id, item_ids: [pick(visible)] });
    } else {
      const item = pick(visible)!;
      const anchor = random() < 0.25 ? null : (pick(visible.filter((i) => i !== item)) ?? null);
      viewer.send({ type: 'move', req_id, item_id: item, after_item_id: anchor });
    }
    const reply = await viewer.reply(req_id);
    if (reply.type === 'error') errors.push(reply);
  }
}

describe('convergence under concurrent live edits', () => {
  it(`${CLIENTS} clients × ${OPS} ops: every client ends with the server's list, which equals a replay of the op log`, async () => {
    const pl = await createPlaylist(owner.access_token, { name: 'Jam', public: false });
    for (const e of editors.slice(1)) {
      expect((await api(`/api/v1/playlists/${pl.id}/collaborators`, { method: 'POST', token: owner.access_token, json: { user_id: e.user.id } })).status).toBe(201);
    }
    const viewers = await Promise.all(editors.map((e) => openLive(pl.id, e.access_token)));
    const errors: unknown[] = [];
    await Promise.all(viewers.map((v, c) => edit(v, c, rng(1000 + c), errors)));
    expect(errors).toEqual([]);

    const server = await readAll(owner.access_token, pl.id);
    const serverIds = server.items.map((i) => i.item_id);
    for (const v of viewers) {
      await v.waitFor(() => v.snapshotId === server.snapshot_id, 'the last change');
      expect(v.items.map((i) => i.item_id)).toEqual(serverIds);
      expect(v.items.map((i) => i.track_id)).toEqual(server.items.map((i) => i.track.id));
    }

    // The log holds every applied op once, in version order, and replaying it rebuilds the list.
    const log = await roomStub(pl.id).opLog();
    const edits = log.filter((op) => op.intent.kind !== 'details');
    expect(edits.map((op) => op.version)).toEqual(edits.map((_, i) => edits[0]!.version + i));
    expect(new Set(edits.map((op) => op.req_id)).size).toBe(edits.length);
    expect(edits.length).toBeGreaterThan(CLIENTS * OPS * 0.8);
    expect(replay(log).map((e) => e.item_id)).toEqual(serverIds);
    expect(log.at(-1)!.snapshot_id).toBe(server.snapshot_id);
    for (const v of viewers) v.close();
  }, 60_000);
});
