// Friend activity read cost: on the local platform (`wrangler dev`, every worker),
// one listener follows FRIENDS people (both user shards and the EU region), each of
// whom reported a play; a quarter of them are playing now on a connected device.
// Measures `GET /api/v1/me/friends/activity` p50/p99 for that listener and for one
// following 5 of the same people. Baseline, same run: `GET /api/v1/me/player`, one
// round trip through the same worker → session object path (what each friend costs
// at least once, side by side).
//
//   node bench/friend-activity.ts [--runs 200] [--friends 50]
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { client } from '../scripts/lib/client.mjs';
import { applyMigrations, executeSql, freePort, startPlatform } from '../scripts/lib/platform.mjs';
import { root } from '../scripts/lib/setup.mjs';
import { ms, summary } from './lib/stats.ts';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1] || fallback) || fallback;
const runs = arg('runs', 200);
const FRIENDS = arg('friends', 50);
const FEW = 5;
const WARMUP = 20;

const trackIds = Array.from({ length: 20 }, (_, i) => `trk1_friendbench${String(i).padStart(6, '0')}`);

const port = await freePort();
const persistDir = path.join(root, `.tmp/bench-friends-${port}`);
mkdirSync(persistDir, { recursive: true });
await applyMigrations(persistDir);
await executeSql(persistDir, 'CATALOG_1', [
  "INSERT OR IGNORE INTO artists (id, name) VALUES ('art1_friendbench', 'Bench Artist')",
  ...trackIds.map(
    (id, i) => `INSERT OR IGNORE INTO tracks (id, artist_id, title, duration_ms, status) VALUES ('${id}', 'art1_friendbench', 'Bench ${i}', 240000, 'ready')`,
  ),
]);
const platform = await startPlatform({ port, persistDir, transcoder: false, verbose: process.argv.includes('--verbose') });
const sockets: WebSocket[] = [];
try {
  const anon = client(platform.origin);
  let n = 0;
  // Each account from its own (documentation-range) address, so the registration limit counts them apart.
  const register = async (name: string, region?: 'eu' | 'us') => {
    n += 1;
    const session = await anon.call(
      'POST',
      '/api/v1/auth/register',
      {
        email: `${name}-${n}-${Date.now()}@example.com`,
        password: 'bench password 1',
        display_name: `${name} ${n}`,
        ...(region ? { data_region: region } : {}),
      },
      { 'CF-Connecting-IP': `2001:db8:${n.toString(16)}::1` },
    );
    return { id: session.user.id as string, api: anon.withToken(session.access_token), token: session.access_token as string };
  };
  const listener = await register('listener');
  const few = await register('few');
  const friends = [];
  for (let i = 0; i < FRIENDS; i++) friends.push(await register('friend', i % 3 === 0 ? 'eu' : 'us'));

  for (let i = 0; i < FRIENDS; i += 50)
    await listener.api.call('PUT', '/api/v1/me/following', { type: 'user', ids: friends.slice(i, i + 50).map((f) => f.id) });
  await few.api.call('PUT', '/api/v1/me/following', { type: 'user', ids: friends.slice(0, FEW).map((f) => f.id) });

  const now = Date.now();
  await Promise.all(
    friends.map((f, i) =>
      f.api.call('POST', '/api/v1/me/player/report', {
        events: [
          { event_id: crypto.randomUUID(), track_id: trackIds[i % trackIds.length], started_at: now - 600_000 + i * 1000, ms_played: 90_000, completed: true },
        ],
      }),
    ),
  );
  // A quarter play now, each on a connected device.
  const playing = friends.filter((_, i) => i % 4 === 0);
  for (const [i, f] of playing.entries()) {
    const url = new URL('/api/v1/me/player/connect', platform.origin.replace(/^http/, 'ws'));
    url.search = new URLSearchParams({ device_id: 'bench', name: 'Bench', type: 'speaker', access_token: f.token }).toString();
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.addEventListener('open', resolve, { once: true });
      ws.addEventListener('error', () => reject(new Error('could not connect')), { once: true });
    });
    sockets.push(ws);
    await f.api.call('PUT', '/api/v1/me/player/play?device_id=bench', { uris: [`encore:track:${trackIds[(i + 7) % trackIds.length]}`] });
  }

  // Any message keeps a device listed; it drops out after 60 s of silence.
  const heartbeat = setInterval(() => {
    for (const ws of sockets) ws.send(JSON.stringify({ type: 'heartbeat' }));
  }, 15_000);

  // The reports reach history through the listening queue: wait until every friend shows.
  let items: { playing: boolean }[] = [];
  for (let polls = 0; items.length < FRIENDS; polls++) {
    if (polls > 600) throw new Error(`only ${items.length} of ${FRIENDS} friends show after ${polls} polls`);
    await new Promise((r) => setTimeout(r, 100));
    items = (await listener.api.call('GET', '/api/v1/me/friends/activity')).items;
  }

  const timed = async (call: () => Promise<unknown>) => {
    const t = performance.now();
    await call();
    return performance.now() - t;
  };
  const measures = {
    many: () => listener.api.call('GET', '/api/v1/me/friends/activity'),
    few: () => few.api.call('GET', '/api/v1/me/friends/activity'),
    baseline: () => listener.api.call('GET', '/api/v1/me/player').catch(() => null),
  };
  for (let i = 0; i < WARMUP; i++) for (const m of Object.values(measures)) await m();
  const samples = { many: [] as number[], few: [] as number[], baseline: [] as number[] };
  // Interleaved so drift (other processes, GC) hits all three alike.
  for (let i = 0; i < runs; i++) for (const key of ['many', 'few', 'baseline'] as const) samples[key].push(await timed(measures[key]));

  console.log(
    `${runs} reads each (after ${WARMUP} warm-up), wrangler dev on this machine; ${items.length} friends shown, ${items.filter((i) => i.playing).length} playing now`,
  );
  const row = (measure: string, xs: number[]) => ({ measure, p50: ms(summary(xs).median), p99: ms(summary(xs).p99), max: ms(summary(xs).max) });
  console.table([
    row(`GET /me/friends/activity, ${FRIENDS} friends`, samples.many),
    row(`GET /me/friends/activity, ${FEW} friends`, samples.few),
    row('baseline: GET /me/player round trip', samples.baseline),
  ]);
  clearInterval(heartbeat);
} finally {
  for (const ws of sockets) ws.close();
  await platform.stop();
  rmSync(persistDir, { recursive: true, force: true });
}
