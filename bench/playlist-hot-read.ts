// One hot public playlist read over and over on the real local platform (wrangler
// dev, loopback only), two ways in the same run, in alternating rounds:
//   shared path: strangers read it; the api worker looks up the D1 copy's snapshot
//     and answers from the edge cache (Cache API), the PlaylistRoom is not called;
//   room path: its owner reads it; members' reads go to the Durable Object as every
//     read did before (plus the same one-row D1 lookup that sends them there).
// Same playlist, same page, same body, same concurrency. Prints reads/s and latency of both.
//
//   node bench/playlist-hot-read.ts [--requests 500] [--concurrency 16] [--rounds 3]
import { rmSync } from 'node:fs';
import path from 'node:path';
import { client } from '../scripts/lib/client.mjs';
import { applyMigrations, executeSql, freePort, startPlatform } from '../scripts/lib/platform.mjs';
import { ms, summary } from './lib/stats.ts';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1] || fallback) || fallback;
const REQUESTS = arg('requests', 500); // per path per round
const CONCURRENCY = arg('concurrency', 16);
const ROUNDS = arg('rounds', 3);
const TRACKS = 50;
const STRANGERS = 8;
const root = path.resolve(import.meta.dirname, '..');

const port = await freePort();
const persistDir = path.join(root, `.tmp/bench-playlist-hot-read-${port}`);
rmSync(persistDir, { recursive: true, force: true });
await applyMigrations(persistDir);
const tracks = Array.from({ length: TRACKS }, (_, i) => `trk${i % 4}_hotread${i}`);
for (let shard = 0; shard < 4; shard++) {
  await executeSql(persistDir, `CATALOG_${shard}`, [
    `INSERT INTO artists (id, name, popularity) VALUES ('art${shard}_hotread', 'Hot Artist ${shard}', 50)`,
    ...tracks
      .filter((id) => id.startsWith(`trk${shard}_`))
      .map(
        (id, i) =>
          `INSERT INTO tracks (id, artist_id, title, duration_ms, status, audio_hash, popularity) VALUES ('${id}', 'art${shard}_hotread', 'Hot ${i}', 180000, 'ready', '${'0'.repeat(64)}', 50)`,
      ),
  ]);
}

/** `total` GETs of `url` at CONCURRENCY, each with one of `tokens`; reads/s and per-read latency. */
async function hammer(url: string, tokens: string[], total: number, path: 'shared' | 'room') {
  const latencies: number[] = [];
  const answeredBy: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const token = tokens[next++ % tokens.length]!;
        const t = performance.now();
        const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
        if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
        // Each read must have taken the path it is counted for (a shared read misses once its cached body is 60 s old).
        const cache = res.headers.get('x-cache') ?? 'none';
        if ((path === 'room') !== (cache === 'bypass')) throw new Error(`a ${path} read answered with x-cache ${cache}`);
        answeredBy[cache] = (answeredBy[cache] ?? 0) + 1;
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { perSecond: total / ((performance.now() - started) / 1000), latencies, misses: answeredBy.miss ?? 0 };
}

const platform = await startPlatform({ port, persistDir, transcoder: false });
try {
  const anon = client(platform.origin);
  const register = async (name: string) =>
    (await anon.register(`${name}-${Date.now()}@example.com`, 'bench password', name, 'listener')).access_token as string;
  const ownerToken = await register('curator');
  const owner = anon.withToken(ownerToken);
  const playlist = await owner.call('POST', '/api/v1/me/playlists', { name: 'Hot Hits', public: true });
  await owner.call('POST', `/api/v1/playlists/${playlist.id}/items`, { track_ids: tracks });
  const strangers = await Promise.all(Array.from({ length: STRANGERS }, (_, i) => register(`listener${i}`)));
  const url = `${platform.origin}/api/v1/playlists/${playlist.id}?limit=50`;

  // Both paths answer the same body (followers included); the first stranger read fills the cache.
  const viaRoom = await owner.call('GET', `/api/v1/playlists/${playlist.id}?limit=50`);
  const viaCache = await anon.withToken(strangers[0]!).call('GET', `/api/v1/playlists/${playlist.id}?limit=50`);
  if (JSON.stringify(viaRoom) !== JSON.stringify(viaCache)) throw new Error('the two paths answer different bodies');

  await hammer(url, strangers, 200, 'shared'); // warm-up, both paths
  await hammer(url, [ownerToken], 200, 'room');
  const shared = { rates: [] as number[], latencies: [] as number[], misses: 0 };
  const room = { rates: [] as number[], latencies: [] as number[], misses: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    const s = await hammer(url, strangers, REQUESTS, 'shared');
    shared.rates.push(s.perSecond);
    shared.latencies.push(...s.latencies);
    shared.misses += s.misses;
    const o = await hammer(url, [ownerToken], REQUESTS, 'room');
    room.rates.push(o.perSecond);
    room.latencies.push(...o.latencies);
  }
  const line = (label: string, run: typeof shared) => {
    const l = summary(run.latencies);
    const best = Math.max(...run.rates);
    const median = summary(run.rates).median;
    return `  ${label} ${median.toFixed(0)} reads/s (median of ${ROUNDS} rounds, best ${best.toFixed(0)})  latency median ${ms(l.median)}  p95 ${ms(l.p95)}`;
  };
  console.log(
    `one hot public playlist (${TRACKS} items, page of 50), ${ROUNDS} alternating rounds of ${REQUESTS} reads per path at concurrency ${CONCURRENCY}`,
  );
  console.log(line('shared path (D1 snapshot pointer + edge cache, no room call):', shared));
  console.log(line('room path   (PlaylistRoom Durable Object read, as before):  ', room));
  console.log(`  shared-path reads that asked the room (cache misses): ${shared.misses} of ${ROUNDS * REQUESTS}`);
  console.log(`  ratio at the median: ${(summary(shared.rates).median / summary(room.rates).median).toFixed(2)}x`);
} finally {
  await platform.stop();
}
