// Listening events on the real local platform (wrangler dev: api worker → queue →
// listening-events worker → D1):
//   1. report-endpoint throughput: reports of 50 events at a fixed concurrency;
//      baseline: a bare node:http server that reads and JSON-parses the same
//      requests and answers 202, same client, same run;
//   2. exactly-once through HTTP: every event of step 1 plus 10% duplicates
//      re-sent in later reports and 5% of reports re-sent whole; once the queue
//      drains, every track's counted streams (royalty statement) must equal the
//      number computed here;
//   3. end-to-end lag from POST to the stream being counted (visible in the
//      statement); baseline: the POST round trip alone.
//
//   node bench/listening-report.ts [--reports 400] [--concurrency 16] [--lag-runs 20]
import http from 'node:http';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { client } from '../scripts/lib/client.mjs';
import { applyMigrations, executeSql, freePort, startPlatform } from '../scripts/lib/platform.mjs';
import { seededRandom } from '#core/seeded-random.ts';
import { ms, summary } from './lib/stats.ts';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1] || fallback) || fallback;
const REPORTS = arg('reports', 400);
const CONCURRENCY = arg('concurrency', 16);
const LAG_RUNS = arg('lag-runs', 20);
const root = path.resolve(import.meta.dirname, '..');
const DURATION_MS = 240_000;
const LISTENERS = 20;

const random = seededRandom(7);

// ---- seed a catalog: one artist and 10 tracks per catalog shard ----------------
const port = await freePort();
const persistDir = path.join(root, `.tmp/bench-listening-${port}`);
rmSync(persistDir, { recursive: true, force: true });
await applyMigrations(persistDir);
const tracks: string[] = [];
for (let shard = 0; shard < 4; shard++) {
  const ids = Array.from({ length: 10 }, (_, i) => `trk${shard}_benchtrack${shard}x${i}`);
  tracks.push(...ids);
  await executeSql(persistDir, `CATALOG_${shard}`, [
    `INSERT INTO artists (id, name) VALUES ('art${shard}_bench', 'Bench Artist ${shard}')`,
    ...ids.map(
      (id) => `INSERT INTO tracks (id, artist_id, title, duration_ms, status) VALUES ('${id}', 'art${shard}_bench', '${id}', ${DURATION_MS}, 'ready')`,
    ),
  ]);
}

const platform = await startPlatform({ port, persistDir, transcoder: false });
try {
  const anon = client(platform.origin);
  const admin = anon.withToken((await anon.register('admin@encore.local', 'bench password', 'Admin', 'listener')).access_token);
  const listeners: string[] = [];
  for (let i = 0; i < LISTENERS; i++)
    listeners.push((await anon.register(`listener${i}-${Date.now()}@example.com`, 'bench password', `Listener ${i}`, 'listener')).access_token);

  // ---- the reports ----------------------------------------------------------
  const now = Date.now();
  const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
  const earliest = Math.max(monthStart, now - 20 * 86_400_000);
  const expected = new Map<string, number>(tracks.map((t) => [t, 0]));
  type Event = { event_id: string; track_id: string; started_at: number; ms_played: number; completed: boolean };
  const requests: { token: string; body: string }[] = [];
  const sentByListener = new Map<number, Event[]>();
  // Each listener's plays in slots of their own: a listener plays one thing at a time, and overlapping plays count once.
  const slot = Math.floor((now - 600_000 - earliest) / (Math.ceil(REPORTS / LISTENERS) * 50));
  if (slot < 30_000) throw new Error('too early in the month for this many non-overlapping plays per listener');
  const longest = Math.min(DURATION_MS, slot);
  const slotsUsed = new Map<number, number>();
  for (let r = 0; r < REPORTS; r++) {
    const who = r % LISTENERS;
    const events: Event[] = [];
    const earlier = sentByListener.get(who) ?? [];
    for (let i = 0; i < 50; i++) {
      // One event in ten is a duplicate of one this listener already sent (a client retry).
      if (earlier.length && random() < 0.1) {
        const dup = earlier[Math.floor(random() * earlier.length)]!;
        if (!events.some((e) => e.event_id === dup.event_id)) {
          events.push(dup);
          continue;
        }
      }
      const track = tracks[Math.floor(random() * tracks.length)]!;
      const msPlayed = random() < 0.15 ? Math.floor(random() * 30_000) : 30_000 + Math.floor(random() * (longest - 30_000));
      const k = slotsUsed.get(who) ?? 0;
      slotsUsed.set(who, k + 1);
      const e = { event_id: `b${r}x${i}`, track_id: track, started_at: earliest + k * slot, ms_played: msPlayed, completed: false };
      events.push(e);
      earlier.push(e);
      if (msPlayed >= 30_000) expected.set(track, expected.get(track)! + 1);
    }
    sentByListener.set(who, earlier);
    const request = { token: listeners[who]!, body: JSON.stringify({ events }) };
    requests.push(request);
    if (random() < 0.05) requests.push(request); // the whole report re-sent
  }
  const eventsSent = requests.reduce((a, r) => a + (JSON.parse(r.body).events.length as number), 0);

  async function load(origin: string, paths: string): Promise<{ seconds: number; latencies: number[] }> {
    let next = 0;
    const latencies: number[] = [];
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const { token, body } = requests[next++]!;
          const t = performance.now();
          const res = await fetch(origin + paths, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body });
          await res.arrayBuffer();
          if (res.status !== 202) throw new Error(`report answered ${res.status}`);
          latencies.push(performance.now() - t);
        }
      }),
    );
    return { seconds: (performance.now() - start) / 1000, latencies };
  }

  // Baseline: the same requests to a server that only reads and parses them.
  const bare = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(202, { 'Content-Type': 'application/json' }).end(JSON.stringify({ accepted: parsed.events.length }));
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const baseline = await load(`http://127.0.0.1:${(bare.address() as { port: number }).port}`, '/report');
  bare.close();

  const encore = await load(platform.origin, '/api/v1/me/player/report');
  const e = summary(encore.latencies);
  const b = summary(baseline.latencies);
  console.log(`report throughput: ${requests.length} reports (${eventsSent} events, ≤ 50 each), concurrency ${CONCURRENCY}`);
  console.log(
    `  encore (wrangler dev, validate + enqueue): ${(requests.length / encore.seconds).toFixed(0)} reports/s = ${(eventsSent / encore.seconds).toFixed(0)} events/s; latency median ${ms(e.median)} p95 ${ms(e.p95)}`,
  );
  console.log(
    `  baseline (bare node:http, parse + 202):     ${(requests.length / baseline.seconds).toFixed(0)} reports/s = ${(eventsSent / baseline.seconds).toFixed(0)} events/s; latency median ${ms(b.median)} p95 ${ms(b.p95)}`,
  );

  // ---- exactly-once through HTTP ---------------------------------------------
  const expectedTotal = [...expected.values()].reduce((a, n) => a + n, 0);
  const month = new Date(now).toISOString().slice(0, 7);
  const counted = async () => {
    const perTrack = new Map<string, number>();
    for (let shard = 0; shard < 4; shard++) {
      const statement = await admin.call('GET', `/api/v1/artists/art${shard}_bench/royalties?month=${month}`);
      for (const t of statement.tracks) perTrack.set(t.track_id, t.streams);
    }
    return perTrack;
  };
  const drainStart = performance.now();
  let perTrack = await counted();
  let last = -1;
  let stableSince = performance.now();
  for (;;) {
    const total = [...perTrack.values()].reduce((a, n) => a + n, 0);
    if (total === expectedTotal) break;
    if (total !== last) [last, stableSince] = [total, performance.now()];
    if (performance.now() - stableSince > 30_000) break;
    await new Promise((r) => setTimeout(r, 500));
    perTrack = await counted();
  }
  const drainSeconds = (performance.now() - drainStart) / 1000;
  const wrong = tracks.filter((t) => (perTrack.get(t) ?? 0) !== expected.get(t));
  const total = [...perTrack.values()].reduce((a, n) => a + n, 0);
  console.log(`exactly-once over HTTP: ${eventsSent} events sent (duplicates and re-sent reports included), ${expectedTotal} distinct plays ≥ 30 s`);
  console.log(
    `  counted ${total}; tracks off their expected count: ${wrong.length} of ${tracks.length}; queue drained ${drainSeconds.toFixed(1)} s after the last report`,
  );
  console.log(`  ${wrong.length === 0 && total === expectedTotal ? 'EXACT' : 'MISMATCH'}`);

  // ---- end-to-end lag ------------------------------------------------------------
  const lagTrack = tracks[0]!;
  const lagListener = client(platform.origin, listeners[0]);
  const streamsOf = async () =>
    (await admin.call('GET', `/api/v1/artists/art0_bench/royalties?month=${month}`)).tracks.find((t: { track_id: string }) => t.track_id === lagTrack)
      ?.streams ?? 0;
  const lags: number[] = [];
  const roundTrips: number[] = [];
  let before = await streamsOf();
  for (let i = 0; i < LAG_RUNS; i++) {
    const start = performance.now();
    await lagListener.call('POST', '/api/v1/me/player/report', {
      events: [{ event_id: `lag${i}-${now}`, track_id: lagTrack, started_at: Date.now() - 120_000, ms_played: 60_000, completed: false }],
    });
    roundTrips.push(performance.now() - start);
    while ((await streamsOf()) === before) await new Promise((r) => setTimeout(r, 20));
    lags.push(performance.now() - start);
    before += 1;
  }
  const l = summary(lags);
  const rt = summary(roundTrips);
  console.log(`end-to-end lag, report → counted, ${LAG_RUNS} single-event reports (queue max_batch_timeout 1 s):`);
  console.log(`  encore: median ${ms(l.median)} p95 ${ms(l.p95)} min ${ms(l.min)} max ${ms(l.max)}`);
  console.log(`  baseline (the POST alone): median ${ms(rt.median)} p95 ${ms(rt.p95)}`);
  process.exitCode = wrong.length === 0 && total === expectedTotal ? 0 : 1;
} finally {
  await platform.stop();
}
