// Collaborative playlist convergence: CLIENTS collaborators connected over real
// WebSockets to one playlist on the local platform (`wrangler dev`, every
// worker) each send OPS edits (add / remove / move, addressed by item ids and
// anchors, chosen from what that client currently sees), all at once. Checks
// that every client ends with exactly the server's list and that the list
// equals a sequential replay of the room's op log; prints operations/s and the
// change-to-every-viewer latency (op sent → the last viewer has the diff) p50/p99.
// Baselines, same run, same sockets: the socket round trip (`ping` → `pong`,
// answered without waking the room) and one client editing alone with one viewer.
//
//   node bench/playlist-convergence.ts [--clients 20] [--ops 50]
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { applyDiff, type LiveItem, type ServerMessage } from '#core/protocol/playlist-live.ts';
import { client } from '../scripts/lib/client.mjs';
import { applyMigrations, executeSql, freePort, startPlatform } from '../scripts/lib/platform.mjs';
import { root } from '../scripts/lib/setup.mjs';
import { ms, summary } from './lib/stats.ts';
import { replay, type ReplayOp } from './playlist-replay.ts';
import { seededRandom as rng } from '#core/seeded-random.ts';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1] || fallback) || fallback;
const CLIENTS = arg('clients', 20);
const OPS = arg('ops', 50);
const TRACKS = 60;

/** A collaborator's client: keeps its list only from what the server pushes, and when each push arrived. */
class LiveClient {
  items: LiveItem[] = [];
  snapshotId = '';
  readonly arrivals = new Map<string, number>();
  private waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  readonly ws: WebSocket;
  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.addEventListener('message', (event) => {
      const at = performance.now();
      const text = String(event.data);
      if (text === '{"type":"pong"}') return this.deliver({ type: 'pong' } as unknown as ServerMessage);
      const msg = JSON.parse(text) as ServerMessage;
      if (msg.type === 'state') {
        this.items = msg.items;
        this.snapshotId = msg.snapshot_id;
      } else if (msg.type === 'change') {
        if (msg.prev_snapshot_id !== this.snapshotId) throw new Error(`out-of-order change ${msg.version}`);
        this.items = applyDiff(this.items, msg.diff);
        this.snapshotId = msg.snapshot_id;
        this.arrivals.set(msg.snapshot_id, at);
      }
      this.deliver(msg);
    });
  }
  private deliver(msg: ServerMessage) {
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(msg)) return true;
      w.resolve(msg);
      return false;
    });
  }
  next(match: (m: ServerMessage) => boolean): Promise<ServerMessage> {
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
  send(message: unknown) {
    this.ws.send(JSON.stringify(message));
  }
}

function connect(origin: string, playlistId: string, token: string): Promise<LiveClient> {
  const url = new URL(`/api/v1/playlists/${playlistId}/live`, origin.replace(/^http/, 'ws'));
  url.searchParams.set('access_token', token);
  const ws = new WebSocket(url);
  const live = new LiveClient(ws);
  const greeted = live.next((m) => m.type === 'state');
  return new Promise((resolve, reject) => {
    ws.addEventListener('error', () => reject(new Error('could not connect')), { once: true });
    greeted.then(() => resolve(live));
  });
}

/** Real catalog rows, written with wrangler before the platform starts. */
async function seedCatalog(persistDir: string): Promise<string[]> {
  const ids = Array.from({ length: TRACKS }, (_, i) => `trk1_plbench${String(i).padStart(9, '0')}`);
  await executeSql(persistDir, 'CATALOG_1', [
    "INSERT OR IGNORE INTO artists (id, name) VALUES ('art1_plbenchartist0', 'Bench Artist')",
    ...ids.map(
      (id, i) =>
        `INSERT OR IGNORE INTO tracks (id, artist_id, title, duration_ms, status) VALUES ('${id}', 'art1_plbenchartist0', 'Bench ${i}', 200000, 'ready')`,
    ),
  ]);
  return ids;
}

interface Sent {
  reqId: string;
  kind: string;
  at: number;
}

/** One client's OPS edits, each chosen from its current view, sent and awaited (ack or error) before the next. */
async function edit(live: LiveClient, name: string, tracks: string[], random: () => number, sent: Sent[], errors: unknown[]) {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const seen: string[] = [];
  for (let k = 0; k < OPS; k++) {
    const visible = live.items.map((i) => i.item_id);
    seen.push(...visible);
    const reqId = `${name}-${k}`;
    const r = random();
    let op: Record<string, unknown>;
    if (r < 0.45 || visible.length < 2) {
      const anchor = random() < 0.2 ? null : (pick(seen) ?? null);
      op = { type: 'add', track_ids: [...new Set([pick(tracks), pick(tracks)])], after_item_id: anchor };
    } else if (r < 0.7) {
      op = { type: 'remove', item_ids: [pick(visible)] };
    } else {
      const item = pick(visible)!;
      op = { type: 'move', item_id: item, after_item_id: random() < 0.25 ? null : (pick(visible.filter((i) => i !== item)) ?? null) };
    }
    const reply = live.next((m) => (m.type === 'ack' || m.type === 'error') && m.req_id === reqId);
    sent.push({ reqId, kind: op.type as string, at: performance.now() });
    live.send({ ...op, req_id: reqId });
    const answer = await reply;
    if (answer.type === 'error') errors.push(answer);
  }
}

/** Runs the clients' edits at once; returns throughput, per-change fan-out latency, and convergence checks. */
async function run(api: ReturnType<typeof client>, playlistId: string, clients: LiveClient[], tracks: string[], seed: number) {
  const sent: Sent[] = [];
  const errors: unknown[] = [];
  const started = performance.now();
  await Promise.all(clients.map((c, i) => edit(c, `c${i}`, tracks, rng(seed + i), sent, errors)));
  const server = await readAll(api, playlistId);
  await Promise.all(clients.map((c) => waitUntil(() => c.snapshotId === server.snapshot_id)));
  const elapsed = (performance.now() - started) / 1000;

  const log = (await api.call('GET', `/api/v1/playlists/${playlistId}/changes`)) as { changes: (ReplayOp & { snapshot_id: string; req_id: string | null })[] };
  const sentAt = new Map(sent.map((s) => [s.reqId, s.at]));
  const kindOf = new Map(sent.map((s) => [s.reqId, s.kind]));
  const fanOut: number[] = [];
  const byKind: Record<string, number[]> = {};
  for (const change of log.changes) {
    const at = change.req_id ? sentAt.get(change.req_id) : undefined;
    if (at === undefined) continue;
    const latency = Math.max(...clients.map((c) => c.arrivals.get(change.snapshot_id)!)) - at;
    fanOut.push(latency);
    const kind = kindOf.get(change.req_id!)!;
    byKind[kind] ??= [];
    byKind[kind].push(latency);
  }
  const serverIds = server.items.map((i) => i.item_id).join(',');
  return {
    ops: sent.length,
    applied: fanOut.length,
    errors: errors.length,
    opsPerSecond: sent.length / elapsed,
    fanOut,
    byKind,
    clientsConverged: clients.filter((c) => c.items.map((i) => i.item_id).join(',') === serverIds).length,
    replayMatches:
      replay(log.changes)
        .map((e) => e.item_id)
        .join(',') === serverIds,
    finalLength: server.items.length,
  };
}

async function readAll(api: ReturnType<typeof client>, playlistId: string) {
  const items: { item_id: string }[] = [];
  let snapshot = '';
  for (let offset = 0; ; offset += 50) {
    const page = await api.call('GET', `/api/v1/playlists/${playlistId}/items?limit=50&offset=${offset}`);
    items.push(...page.items);
    snapshot = page.snapshot_id;
    if (!page.next) return { snapshot_id: snapshot, items };
  }
}

async function waitUntil(done: () => boolean) {
  const deadline = Date.now() + 30_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('a client never caught up with the server');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const port = await freePort();
const persistDir = path.join(root, `.tmp/bench-playlist-${port}`);
mkdirSync(persistDir, { recursive: true });
await applyMigrations(persistDir);
const tracks = await seedCatalog(persistDir);
const platform = await startPlatform({ port, persistDir, transcoder: false });
try {
  const anon = client(platform.origin);
  const stamp = Date.now();
  const sessions: { access_token: string; user: { id: string } }[] = [];
  for (let i = 0; i < CLIENTS; i++) sessions.push(await anon.register(`pl-bench-${stamp}-${i}@example.com`, 'bench password 1', `Editor ${i}`, 'listener'));
  const owner = anon.withToken(sessions[0]!.access_token);

  async function playlistFor(editors: typeof sessions) {
    const pl = await owner.call('POST', '/api/v1/me/playlists', { name: 'Bench jam', public: false });
    for (const s of editors.slice(1)) await owner.call('POST', `/api/v1/playlists/${pl.id}/collaborators`, { user_id: s.user.id });
    await owner.call('POST', `/api/v1/playlists/${pl.id}/items`, { track_ids: tracks.slice(0, 20) });
    const clients = await Promise.all(editors.map((s) => connect(platform.origin, pl.id, s.access_token)));
    return { id: pl.id as string, clients };
  }

  // Baseline 1: the socket round trip through wrangler dev, answered without the room's code.
  const solo = await playlistFor(sessions.slice(0, 1));
  const rtt: number[] = [];
  for (let i = 0; i < 200; i++) {
    const pong = solo.clients[0]!.next((m) => (m as { type: string }).type === 'pong');
    const t = performance.now();
    solo.clients[0]!.ws.send('{"type":"ping"}');
    await pong;
    rtt.push(performance.now() - t);
  }
  // Baseline 2: one client editing alone, one viewer (itself).
  const alone = await run(owner, solo.id, solo.clients, tracks, 7);
  // The measured run: every client at once on one playlist.
  const jam = await playlistFor(sessions);
  const all = await run(owner, jam.id, jam.clients, tracks, 1000);

  console.log(
    `${CLIENTS} WebSocket clients × ${OPS} ops on one playlist (ops chosen from each client's current view, no snapshot_ids), wrangler dev on this machine`,
  );
  const row = (name: string, xs: number[], opsPerSecond?: number) => ({
    measure: name,
    'ops/s': opsPerSecond?.toFixed(1) ?? '',
    p50: ms(summary(xs).median),
    p99: ms(summary(xs).p99),
    max: ms(summary(xs).max),
  });
  console.table([
    row(`${CLIENTS} clients at once: op sent → all ${CLIENTS} viewers have the change`, all.fanOut, all.opsPerSecond),
    row('baseline: 1 client alone: op sent → its change back', alone.fanOut, alone.opsPerSecond),
    ...Object.entries(alone.byKind).map(([kind, xs]) => row(`  of which ${kind} (${kind === 'add' ? 'checks the catalog' : 'room only'})`, xs)),
    row('baseline: socket ping → pong (room not involved)', rtt),
  ]);
  console.log(
    `ops sent ${all.ops}, changes applied ${all.applied} (the rest were no-ops, e.g. moving an item someone had removed), refused ${all.errors}; final list ${all.finalLength} items`,
  );
  console.log(
    `clients holding exactly the server's final list: ${all.clientsConverged}/${CLIENTS}; op-log replay equals the server's list: ${all.replayMatches}`,
  );
  for (const c of [...solo.clients, ...jam.clients]) c.ws.close();
  if (all.clientsConverged !== CLIENTS || !all.replayMatches || all.errors > 0 || alone.clientsConverged !== 1 || !alone.replayMatches) {
    console.error('CONVERGENCE FAILED');
    process.exitCode = 1;
  }
} finally {
  await platform.stop();
  rmSync(persistDir, { recursive: true, force: true });
}
