import { api, registerUser, type TestSession } from './helpers.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPlaylist, openLive, readAll, replay, roomStub, seedCatalog, type LiveViewer } from './playlist-support.ts';
import { seededRandom as rng } from '#core/seeded-random.ts';

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

type Refusal = { req_id?: string; error: { code: string } };

/** One client: each op is chosen from what this client currently sees, sent, and awaited (ack or error). */
async function edit(viewer: LiveViewer, client: number, random: () => number, refused: Refusal[]) {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const seenIds: string[] = [];
  const choose = (): Record<string, unknown> => {
    const visible = viewer.items.map((i) => i.item_id);
    seenIds.push(...visible);
    const r = random();
    if (r < 0.45 || visible.length < 2) {
      // Anchors may be items someone else removed meanwhile (any id this client has ever seen).
      const anchor = random() < 0.2 ? null : (pick(seenIds) ?? null);
      return { type: 'add', track_ids: [...new Set([pick(tracks), pick(tracks)])], after_item_id: anchor };
    }
    if (r < 0.7) return { type: 'remove', item_ids: [pick(visible)] };
    const item = pick(visible)!;
    return { type: 'move', item_id: item, after_item_id: random() < 0.25 ? null : (pick(visible.filter((i) => i !== item)) ?? null) };
  };
  const settle = async (reqId: string) => {
    const reply = await viewer.reply(reqId);
    if (reply.type === 'error') refused.push(reply);
  };
  for (let k = 0; k < OPS; k++) {
    const req_id = `c${client}-${k}`;
    if (k % 5 === 3) {
      // A plain op and, at once, a strict compare-and-swap on the snapshot held before it: whenever the
      // first (or anyone else's) op changed the list, the second is stale and must be refused whole.
      const held = viewer.snapshotId;
      viewer.send({ ...choose(), req_id });
      viewer.send({ ...choose(), req_id: `c${client}-${++k}`, snapshot_id: held });
      await settle(req_id);
      await settle(`c${client}-${k}`);
    } else {
      viewer.send({ ...choose(), req_id });
      await settle(req_id);
    }
  }
}

describe('convergence under concurrent live edits', () => {
  it(`${CLIENTS} clients × ${OPS} ops: every client ends with the server's list, which equals a replay of the op log`, async () => {
    const pl = await createPlaylist(owner.access_token, { name: 'Jam', public: false });
    for (const e of editors.slice(1)) {
      expect((await api(`/api/v1/playlists/${pl.id}/collaborators`, { method: 'POST', token: owner.access_token, json: { user_id: e.user.id } })).status).toBe(
        201,
      );
    }
    const viewers = await Promise.all(editors.map((e) => openLive(pl.id, e.access_token)));
    const errors: Refusal[] = [];
    await Promise.all(viewers.map((v, c) => edit(v, c, rng(1000 + c), errors)));
    // Only guarded ops may be refused, and only for a stale snapshot; under this contention some are.
    expect(errors.map((e) => e.error.code).every((c) => c === 'snapshot_conflict')).toBe(true);
    expect(errors.length).toBeGreaterThan(0);

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
    const logged = new Set(edits.map((op) => op.req_id));
    for (const e of errors) expect(logged.has(e.req_id!)).toBe(false);
    expect(edits.length).toBeGreaterThan(CLIENTS * OPS * 0.5);
    expect(replay(log).map((e) => e.item_id)).toEqual(serverIds);
    expect(log.at(-1)!.snapshot_id).toBe(server.snapshot_id);
    for (const v of viewers) v.close();
  }, 60_000);
});
