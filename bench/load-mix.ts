// A scaled-down day of traffic on the real local platform, in the proportions of
// the capacity model (bench/lib/capacity-model.ts, docs/capacity.md): play starts
// (track → signed master → media playlist → init + first segment), further
// segment fetches, listening reports, searches, playlist reads (some of one hot
// public playlist) and playlist edits, shuffled and sent at a fixed concurrency.
//
// Measured: per route, client-side throughput and latency percentiles; server
// side, from the platform's own trace store (bench/lib/trace-spans.ts), the D1
// statements, rows read/written, R2 operations and queue sends each request
// caused; per D1 database, the rows it gained (bench/lib/d1-rows.ts); the
// requests to the busiest Durable Object (each playlist read or edit is exactly
// one call to its PlaylistRoom); queue messages sent and events written by the
// consumer. Then the model's extrapolation: those per-request costs × the peak
// rates of the seeds. Baselines, same run: (1) the hot playlist read by every
// worker at once (one room) against the same number of reads spread over one
// playlist per listener (many rooms); (2) the write ceiling of one SQLite file on
// this machine (node:sqlite), what one D1 database is underneath.
//
//   node bench/load-mix.ts [--units 120] [--concurrency 8] [--max-seconds 120] [--burst 400]
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { generateTrack } from '../scripts/lib/audio.mjs';
import { client } from '../scripts/lib/client.mjs';
import { applyMigrations, executeSql, freePort, startPlatform } from '../scripts/lib/platform.mjs';
import { seededRandom } from '#core/seeded-random.ts';
import { ASSUMPTIONS, mixPerPlayStart, peakRates, SEEDS } from './lib/capacity-model.ts';
import { BYTES, readRowCounts, rowDelta } from './lib/d1-rows.ts';
import { numericAttribute, attribute, readSpans, type Span } from './lib/trace-spans.ts';
import { summary } from './lib/stats.ts';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1] || fallback) || fallback;
const UNITS = arg('units', 120); // play starts; every other kind follows the model's ratio
const CONCURRENCY = arg('concurrency', 8);
const MAX_SECONDS = arg('max-seconds', 120);
const BURST = arg('burst', 400);
const LISTENERS = 16;
const TRACKS_PER_SHARD = 40;
const TRACK_SECONDS = 48;
const root = path.resolve(import.meta.dirname, '..');
const random = seededRandom(12);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

// ---- seed: one real ladder (transcoded), 160 catalog tracks over 4 shards pointing at it
const WORDS = [
  'amber',
  'river',
  'midnight',
  'velvet',
  'echo',
  'harbor',
  'neon',
  'paper',
  'silver',
  'thunder',
  'willow',
  'ember',
  'orbit',
  'lantern',
  'meadow',
  'static',
];
const port = await freePort();
const persistDir = path.join(root, `.tmp/bench-load-mix-${port}`);
rmSync(persistDir, { recursive: true, force: true });
await applyMigrations(persistDir);
const audioFile = await generateTrack(path.join(mkdtempSync(path.join(os.tmpdir(), 'encore-load-')), 'load.flac'), { seconds: TRACK_SECONDS });
const audioHash = createHash('sha256').update(readFileSync(audioFile)).digest('hex');
const tracks: string[] = [];
for (let shard = 0; shard < 4; shard++) {
  const ids = Array.from({ length: TRACKS_PER_SHARD }, (_, i) => `trk${shard}_loadmix${shard}x${i}`);
  tracks.push(...ids);
  await executeSql(persistDir, `CATALOG_${shard}`, [
    `INSERT INTO artists (id, name, popularity) VALUES ('art${shard}_loadmix', 'Load Artist ${shard}', 50)`,
    ...ids.map(
      (id, i) =>
        `INSERT INTO tracks (id, artist_id, title, duration_ms, status, audio_hash, popularity) VALUES ('${id}', 'art${shard}_loadmix', '${WORDS[(i + shard) % WORDS.length]} ${WORDS[(i * 7 + shard * 3) % WORDS.length]} ${i}', ${TRACK_SECONDS * 1000}, 'ready', '${audioHash}', ${(i * 13) % 100})`,
    ),
  ]);
}

const platform = await startPlatform({ port, persistDir, transcoder: true });
try {
  const anon = client(platform.origin);
  const artist = anon.withToken((await anon.register(`load-artist-${Date.now()}@example.com`, 'bench password', 'Load Artist', 'artist')).access_token);
  const upload = await artist.uploadFile(audioFile, { title: 'Load ladder' }, 'audio/flac');
  const done = await artist.waitForUpload(upload.id, { timeoutMs: 300_000 });
  if (done.status !== 'ready') throw new Error(`upload failed: ${done.error}`);
  const ladderUrl: string = (await artist.track(upload.track_id)).stream.hls_url;
  if (!ladderUrl.includes(audioHash)) throw new Error(`the ladder is not at the seeded hash ${audioHash}: ${ladderUrl}`);

  const listeners: { token: string; playlist: string; nextPlayAt: number }[] = [];
  const playsFrom = Date.now() - 6 * 3_600_000;
  for (let i = 0; i < LISTENERS; i++) {
    const token = (await anon.register(`load-listener${i}-${Date.now()}@example.com`, 'bench password', `Listener ${i}`, 'listener')).access_token;
    const own = await anon.withToken(token).call('POST', '/api/v1/me/playlists', { name: `Mix ${i}`, public: false });
    await anon.withToken(token).call('POST', `/api/v1/playlists/${own.id}/items`, { track_ids: tracks.slice(i, i + 20) });
    listeners.push({ token, playlist: own.id, nextPlayAt: playsFrom });
  }
  const curator = anon.withToken(listeners[0]!.token);
  const hot = await curator.call('POST', '/api/v1/me/playlists', { name: 'Editorial: Hot Hits', public: true });
  await curator.call('POST', `/api/v1/playlists/${hot.id}/items`, { track_ids: tracks.slice(0, 50) });

  // ---- the mix ------------------------------------------------------------------
  type Kind = 'playStart' | 'segment' | 'report' | 'search' | 'playlistRead' | 'playlistEdit';
  const perStart = mixPerPlayStart();
  const ops: Kind[] = [];
  for (const [kind, ratio] of Object.entries(perStart) as [Kind, number][]) {
    const n = Math.floor(ratio * UNITS) + (random() < (ratio * UNITS) % 1 ? 1 : 0);
    for (let i = 0; i < n; i++) ops.push(kind);
  }
  for (let i = ops.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ops[i], ops[j]] = [ops[j]!, ops[i]!];
  }

  const latencies = new Map<string, number[]>();
  const statuses = new Map<string, Map<number, number>>();
  const searchCache = new Map<string, number>();
  let hotRoomCalls = 0;
  const roomCalls = new Map<string, number>();
  const touchRoom = (id: string) => {
    roomCalls.set(id, (roomCalls.get(id) ?? 0) + 1);
    if (id === hot.id) hotRoomCalls++;
  };
  async function timed(route: string, url: string, init?: RequestInit): Promise<Response> {
    const t = performance.now();
    const res = await fetch(new URL(url, platform.origin), init);
    const body = new Uint8Array(await res.arrayBuffer());
    latencies.set(route, [...(latencies.get(route) ?? []), performance.now() - t]);
    const s = statuses.get(route) ?? new Map<number, number>();
    s.set(res.status, (s.get(res.status) ?? 0) + 1);
    statuses.set(route, s);
    return new Response(res.status === 204 ? null : body, { status: res.status, headers: res.headers });
  }
  const auth = (token: string, json?: unknown): RequestInit => ({
    method: json === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });

  // Signed segment URLs of every rendition, collected by play starts; later segment fetches draw from them.
  const segmentUrls: string[] = [];
  async function playStart() {
    const track = await (await timed('GET /api/v1/tracks/{id}', `/api/v1/tracks/${pick(tracks)}`)).json();
    const master = await (await timed('GET /media/…/master.m3u8', track.stream.hls_url)).text();
    const variants = master.split('\n').filter((l) => l && !l.startsWith('#'));
    const media = await (await timed('GET /media/…/index.m3u8', pick(variants))).text();
    const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(media)![1]!;
    const segments = media.split('\n').filter((l) => l && !l.startsWith('#'));
    await timed('GET /media/… segment (init + 1st)', init);
    await timed('GET /media/… segment (init + 1st)', segments[0]!);
    if (segmentUrls.length < 500) segmentUrls.push(...segments);
  }
  async function segment() {
    if (!segmentUrls.length) return playStart();
    await timed('GET /media/… segment (later)', pick(segmentUrls));
  }
  let reportSeq = 0;
  async function report() {
    const who = pick(listeners);
    const started = who.nextPlayAt;
    who.nextPlayAt += 60_000; // one play a minute per listener: never overlapping
    const event = { event_id: `mix${reportSeq++}-${started}`, track_id: pick(tracks), started_at: started, ms_played: 40_000, completed: false };
    await timed('POST /api/v1/me/player/report', '/api/v1/me/player/report', auth(who.token, { events: [event] }));
  }
  async function search() {
    const q = random() < 0.5 ? pick(WORDS) : `${pick(WORDS)} ${pick(WORDS).slice(0, 3)}`;
    const res = await timed('GET /api/v1/search', `/api/v1/search?q=${encodeURIComponent(q)}&type=track&limit=10`, auth(pick(listeners).token));
    const cache = res.headers.get('x-cache') ?? '?';
    searchCache.set(cache, (searchCache.get(cache) ?? 0) + 1);
  }
  async function playlistRead() {
    const who = pick(listeners);
    const id = random() < ASSUMPTIONS.hotPlaylistShareOfPlaylistReads ? hot.id : who.playlist;
    touchRoom(id);
    await timed('GET /api/v1/playlists/{id}', `/api/v1/playlists/${id}?limit=20`, auth(who.token));
  }
  async function playlistEdit() {
    const who = pick(listeners);
    touchRoom(who.playlist);
    await timed('POST /api/v1/playlists/{id}/items', `/api/v1/playlists/${who.playlist}/items`, auth(who.token, { track_ids: [pick(tracks)] }));
  }
  const run: Record<Kind, () => Promise<void>> = { playStart, segment, report, search, playlistRead, playlistEdit };

  for (let i = 0; i < 3; i++) await playStart(); // warm-up (and the first segment URLs), not counted
  latencies.clear();
  statuses.clear();

  const countedTables = ['listening_events', 'playlist_items', 'stream_ledger', 'track_daily_streams', 'track_region_hourly_streams'];
  const rowsBefore = readRowCounts(persistDir, countedTables);
  const mixStartMs = Date.now();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ops.length && performance.now() - t0 < MAX_SECONDS * 1000) await run[ops[next++]!]();
    }),
  );
  const mixSeconds = (performance.now() - t0) / 1000;
  const opsDone = next;

  // Let the listening-events consumer drain (1 s batch timeout) and the trace store flush.
  await new Promise((r) => setTimeout(r, 4000));
  const rowsAfter = readRowCounts(persistDir, countedTables);
  const spans = readSpans(persistDir, mixStartMs); // read before the bursts below, so they are the mix's alone

  // ---- baseline 1: one hot room vs the same reads over many rooms ----------------------
  async function burst(ids: () => string): Promise<{ perSecond: number; p50: number; p99: number }> {
    const lat: number[] = [];
    let sent = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < BURST) {
          sent++;
          const who = pick(listeners);
          const t = performance.now();
          const res = await fetch(`${platform.origin}/api/v1/playlists/${ids() === 'own' ? who.playlist : hot.id}?limit=20`, auth(who.token));
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`playlist read answered ${res.status}`);
          lat.push(performance.now() - t);
        }
      }),
    );
    const s = summary(lat);
    return { perSecond: BURST / ((performance.now() - start) / 1000), p50: s.median, p99: s.p99 };
  }
  const hotBurst = await burst(() => 'hot');
  const spreadBurst = await burst(() => 'own');

  // ---- baseline 2: one SQLite file's write ceiling on this machine -------------------
  const sqliteFile = path.join(persistDir, 'baseline-write.sqlite');
  const sqlite = new DatabaseSync(sqliteFile);
  sqlite.exec(
    'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE h (user_id TEXT, event_id TEXT, track_id TEXT, started_at INTEGER, ms_played INTEGER, PRIMARY KEY (user_id, event_id))',
  );
  const insert = sqlite.prepare('INSERT INTO h VALUES (?, ?, ?, ?, ?)');
  let single = 0;
  const s0 = performance.now();
  while (performance.now() - s0 < 2000) insert.run('usr0_x', `e${single++}`, 'trk0_x', Date.now(), 40_000);
  const singlePerSecond = single / ((performance.now() - s0) / 1000);
  let batched = 0;
  const b0 = performance.now();
  while (performance.now() - b0 < 2000) {
    sqlite.exec('BEGIN');
    for (let i = 0; i < 100; i++) insert.run('usr0_y', `e${batched++}`, 'trk0_x', Date.now(), 40_000);
    sqlite.exec('COMMIT');
  }
  const batchedPerSecond = batched / ((performance.now() - b0) / 1000);
  sqlite.close();

  // ---- print: client side -------------------------------------------------------------
  const f0 = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const f1 = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
  const f2 = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
  console.log(
    `load mix: ${opsDone} of ${ops.length} operations (${UNITS} play starts × the model's ratios) in ${f1(mixSeconds)} s, concurrency ${CONCURRENCY}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `  ratios per play start: ${Object.entries(perStart)
      .map(([k, v]) => `${k} ${f2(v)}`)
      .join(', ')}`,
  );
  console.log('\nper route (client side)                      requests    req/s    p50 ms   p95 ms   p99 ms  statuses');
  for (const [route, lat] of latencies) {
    const s = summary(lat);
    const st = [...statuses.get(route)!].map(([c, n]) => `${c}×${n}`).join(' ');
    console.log(
      `  ${route.padEnd(42)} ${String(lat.length).padStart(8)} ${f1(lat.length / mixSeconds).padStart(8)} ${s.median.toFixed(1).padStart(9)} ${s.p95.toFixed(1).padStart(8)} ${s.p99.toFixed(1).padStart(8)}  ${st}`,
    );
  }
  console.log(`  search edge cache: ${[...searchCache].map(([k, n]) => `${k} ${n}`).join(', ')}`);

  // ---- print: server side, from the trace store ------------------------------------------
  const routeOf = (s: Span): string => {
    if (s.service === 'encore-listening-events') return 'listening-events consumer (queue batches)';
    if (s.service === 'encore-transcode-queue') return 'transcode-queue consumer';
    const url = s.root.url;
    if (!url) return `${s.service} (no request: Durable Object alarm/write-through or queue)`;
    const p = new URL(url).pathname;
    if (/^\/api\/v1\/tracks\/[^/]+$/.test(p)) return 'GET /api/v1/tracks/{id}';
    if (p.endsWith('/master.m3u8')) return 'GET /media/…/master.m3u8';
    if (p.endsWith('/index.m3u8')) return 'GET /media/…/index.m3u8';
    if (p.startsWith('/media/hls/')) return 'GET /media/… segment';
    if (p === '/api/v1/search') return 'GET /api/v1/search';
    if (/^\/api\/v1\/playlists\/[^/]+\/items$/.test(p)) return 'POST /api/v1/playlists/{id}/items';
    if (/^\/api\/v1\/playlists\/[^/]+$/.test(p)) return 'GET /api/v1/playlists/{id}';
    if (p === '/api/v1/me/player/report') return 'POST /api/v1/me/player/report';
    return `${s.root.name} ${p.replace(/[a-z]+\d_[A-Za-z0-9]+/g, '{id}')}`;
  };
  type Cost = {
    requests: Set<string>;
    d1Calls: number;
    d1Statements: number;
    rowsRead: number;
    rowsWritten: number;
    r2: Map<string, number>;
    queueSends: number;
    coverage?: string;
  };
  const costs = new Map<string, Cost>();
  for (const s of spans) {
    const route = routeOf(s);
    const c = costs.get(route) ?? { requests: new Set(), d1Calls: 0, d1Statements: 0, rowsRead: 0, rowsWritten: 0, r2: new Map(), queueSends: 0 };
    costs.set(route, c);
    if (s.kind === 'http' && s.service === 'encore-api' && s.root.url) c.requests.add(s.traceId);
    if (s.kind === 'd1') {
      c.d1Calls++;
      c.d1Statements += numericAttribute(s.attributes, 'db.operation.batch.size') ?? 1;
      c.rowsRead += numericAttribute(s.attributes, 'cloudflare.d1.response.rows_read') ?? 0;
      c.rowsWritten += numericAttribute(s.attributes, 'cloudflare.d1.response.rows_written') ?? 0;
    }
    if (s.kind === 'r2') {
      const op = attribute(s.attributes, 'cloudflare.r2.operation') ?? s.name;
      c.r2.set(op, (c.r2.get(op) ?? 0) + 1);
    }
    if (s.kind === 'queue' && s.name === 'queue_send') c.queueSends++;
  }
  console.log('\nper route (server side, the trace store), per request: D1 calls (statements)  rows read  rows written  R2 ops  queue sends');
  console.log('  (the local trace store keeps only part of the traces under load; ratios are over the requests whose root span it kept)');
  const perRequest = new Map<string, { d1Statements: number; rowsRead: number; rowsWritten: number; r2: number; queue: number }>();
  const sentByRoute = (prefix: string) => [...latencies].filter(([r]) => r.startsWith(prefix)).reduce((a, [, l]) => a + l.length, 0);
  for (const [route, c] of [...costs].sort()) {
    const n = c.requests.size || 1;
    if (c.requests.size) c.coverage = `${c.requests.size} of ${sentByRoute(route)} traced`;
    const r2 = [...c.r2.values()].reduce((a, b) => a + b, 0);
    perRequest.set(route, { d1Statements: c.d1Statements / n, rowsRead: c.rowsRead / n, rowsWritten: c.rowsWritten / n, r2: r2 / n, queue: c.queueSends / n });
    const r2Text = [...c.r2].map(([op, k]) => `${op} ${f2(k / n)}`).join(', ') || '0';
    console.log(
      `  ${route.padEnd(40)} ${c.coverage ?? 'totals'}: D1 ${f2(c.d1Calls / n)} (${f2(c.d1Statements / n)})  read ${f1(c.rowsRead / n)}  written ${f1(c.rowsWritten / n)}  R2 ${r2Text}  queue ${f2(c.queueSends / n)}`,
    );
  }

  console.log('\nper D1 database: rows gained during the mix (listening history, playlist items, stream ledger, aggregates)');
  const delta = rowDelta(rowsBefore, rowsAfter);
  for (const [binding, tables] of [...delta].sort()) {
    const bytes = tables.get(BYTES) ?? 0;
    const rows = [...tables].filter(([t]) => t !== BYTES);
    const total = rows.reduce((a, [, n]) => a + n, 0);
    console.log(
      `  ${binding.padEnd(10)} ${String(total).padStart(6)} rows (${f1(total / mixSeconds)}/s), +${f0(bytes / 1024)} KiB (${f0(bytes / Math.max(1, total))} B/row)  ${rows.map(([t, n]) => `${t} +${n}`).join(', ')}`,
    );
  }
  const d1Spans = spans.filter((s) => s.kind === 'd1');
  const writtenByService = new Map<string, number>();
  for (const s of d1Spans)
    writtenByService.set(s.service, (writtenByService.get(s.service) ?? 0) + (numericAttribute(s.attributes, 'cloudflare.d1.response.rows_written') ?? 0));
  console.log(
    `  rows written as D1 reports them (incl. indexes, FTS and upserts), by worker: ${[...writtenByService].map(([k, n]) => `${k} ${n}`).join(', ')}`,
  );

  const busiest = [...roomCalls].sort((a, b) => b[1] - a[1])[0];
  console.log(
    `\nDurable Objects: ${roomCalls.size} PlaylistRooms called during the mix; the hot public playlist ${hotRoomCalls} calls (${f2(hotRoomCalls / mixSeconds)}/s); busiest ${busiest?.[0] === hot.id ? 'hot' : "a listener's"} room ${busiest?.[1]} calls`,
  );
  console.log(
    `  one hot room, ${BURST} reads at concurrency ${CONCURRENCY}: ${f0(hotBurst.perSecond)} reads/s, p50 ${hotBurst.p50.toFixed(1)} ms, p99 ${hotBurst.p99.toFixed(1)} ms`,
  );
  console.log(
    `  baseline, ${BURST} reads over ${LISTENERS} rooms:            ${f0(spreadBurst.perSecond)} reads/s, p50 ${spreadBurst.p50.toFixed(1)} ms, p99 ${spreadBurst.p99.toFixed(1)} ms`,
  );

  const reportsAccepted = statuses.get('POST /api/v1/me/player/report')?.get(202) ?? 0;
  const historyRows = [...delta].filter(([b]) => b.startsWith('USERS_')).reduce((a, [, t]) => a + (t.get('listening_events') ?? 0), 0);
  const ledgerRows = [...delta].filter(([b]) => b.startsWith('CATALOG_')).reduce((a, [, t]) => a + (t.get('stream_ledger') ?? 0), 0);
  const sends = spans.filter((s) => s.kind === 'queue' && s.name === 'queue_send').length;
  console.log(
    `\nlistening-report queues (encore-listening-events-<i>, by listener): ${reportsAccepted} reports accepted (202), ${sends} queue sends traced (${f1(sends / mixSeconds)} msg/s); consumer wrote ${historyRows} history rows and ${ledgerRows} counted streams`,
  );

  console.log(`\nbaseline: one SQLite file on this machine (node:sqlite, WAL, synchronous=FULL), 2 s each:`);
  console.log(`  one row per transaction: ${f0(singlePerSecond)} rows/s;  100 rows per transaction: ${f0(batchedPerSecond)} rows/s`);

  // ---- the model's extrapolation -------------------------------------------------------------
  const peak = peakRates();
  const atPeak: [string, number, string][] = [
    ['GET /api/v1/tracks/{id}', peak.playStarts, 'play starts'],
    ['GET /media/…/master.m3u8', peak.playStarts, 'play starts'],
    ['GET /media/…/index.m3u8', peak.playStarts, 'play starts'],
    ['GET /media/… segment', peak.segments, 'one per 6 s per listener'],
    ['POST /api/v1/me/player/report', peak.reports, 'one per 30 s per listener'],
    ['GET /api/v1/search', peak.searches, '5/DAU/day × peak factor'],
    ['GET /api/v1/playlists/{id}', peak.playlistReads, '0.5 per play start'],
    ['POST /api/v1/playlists/{id}/items', peak.playlistEdits, '1/DAU/day × peak factor'],
  ];
  console.log(
    `\nextrapolation to the seeds' peak (${f0(SEEDS.peakConcurrentListeners)} concurrent listeners; peak/mean ${f1(peak.peakOverMean)}): measured per-request cost × peak rate`,
  );
  console.log('  route                                          peak req/s   D1 statements/s   D1 rows written/s   R2 reads/s (95% edge hits)   queue msg/s');
  const totals = { d1: 0, written: 0, r2: 0, queue: 0 };
  for (const [route, rate, why] of atPeak) {
    const c = perRequest.get(route) ?? { d1Statements: 0, rowsRead: 0, rowsWritten: 0, r2: 0, queue: 0 };
    totals.d1 += c.d1Statements * rate;
    totals.written += c.rowsWritten * rate;
    // Media: one R2 read per edge-cache miss at the model's hit ratio (locally one small ladder is always hot).
    const r2 = route.startsWith('GET /media/') ? rate * (1 - ASSUMPTIONS.edgeCacheHitRatioSegments) : c.r2 * rate;
    totals.r2 += r2;
    totals.queue += c.queue * rate;
    console.log(
      `  ${route.padEnd(44)} ${f0(rate).padStart(12)} ${f0(c.d1Statements * rate).padStart(17)} ${f0(c.rowsWritten * rate).padStart(19)} ${f0(r2).padStart(30)} ${f0(c.queue * rate).padStart(13)}   (${why})`,
    );
  }
  // The consumer's statements split by the database kind they name: history on user shards, counts on catalog shards.
  const consumerSpans = spans.filter((s) => s.kind === 'd1' && s.service === 'encore-listening-events');
  const onUsers = (s: Span) => /listening_(events|dead)|"users"|\busers\b/.test(attribute(s.attributes, 'db.query.text') ?? '');
  for (const [kind, group] of [
    ['user shards (history)', consumerSpans.filter(onUsers)],
    ['catalog shards (counts)', consumerSpans.filter((s) => !onUsers(s))],
  ] as const) {
    // Each report here carries one finished play; at scale plays end at the play-start rate, so the consumer's cost scales with plays, not reports.
    const statements = group.reduce((a, s) => a + (numericAttribute(s.attributes, 'db.operation.batch.size') ?? 1), 0) / Math.max(1, reportsAccepted);
    const written = group.reduce((a, s) => a + (numericAttribute(s.attributes, 'cloudflare.d1.response.rows_written') ?? 0), 0) / Math.max(1, reportsAccepted);
    const shards = kind.startsWith('user') ? 2 : 4;
    const plays = peak.playStarts;
    console.log(
      `  listening-events consumer on ${kind}, per play: ${f2(statements)} statements, ${f1(written)} rows written → at ${f0(plays)} plays/s: ${f0(statements * plays)} statements/s, ${f0(written * plays)} rows written/s = ${f0((written * plays) / shards)} per database with today's ${shards}`,
    );
  }
  console.log(
    `  total (api routes): ${f0(totals.d1)} D1 statements/s, ${f0(totals.written)} rows written/s, ${f0(totals.r2)} R2 class B reads/s at a ${ASSUMPTIONS.edgeCacheHitRatioSegments * 100}% edge hit ratio (${f0(peak.segments + 3 * peak.playStarts)} media requests/s before it), ${f0(totals.queue)} queue msg/s`,
  );
  console.log(
    `  the hot playlist at ${ASSUMPTIONS.hotPlaylistShareOfPlaylistReads * 100}% of playlist reads: ${f0(peak.playlistReads * ASSUMPTIONS.hotPlaylistShareOfPlaylistReads)} req/s on one PlaylistRoom (measured here: one room served ${f0(hotBurst.perSecond)} reads/s locally)`,
  );
  console.log(`  (this machine's one-SQLite-file ceiling: ${f0(singlePerSecond)} single-row / ${f0(batchedPerSecond)} batched rows/s)`);
  console.log('\nshared 2-core machine: figures are noisy; compare within one run.');
} finally {
  await platform.stop();
}
