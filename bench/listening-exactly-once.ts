// Exactly-once stream counts under at-least-once delivery. The real
// listening-events worker (bundled as wrangler would) runs in workerd with real,
// persisted D1 shards; this script is the queues: it delivers 100,000 reported
// events (10% of them duplicates a client re-sent in later reports) in batches
// of 25 messages, each batch from one of the 4 listening-report queues (the
// listener's, as core/listening-queues.ts picks it), and on top of that
//   - redelivers every 7th batch after it succeeded (at-least-once),
//   - redelivers 10 stray messages of an earlier batch inside every 3rd batch,
//   - makes every 5th batch fail half-way (a catalog shard's table goes missing after the
//     user shard and other catalog shards committed), then redelivers them.
// Then it compares every track's counts with the numbers computed here from the
// unique events, exactly. Baseline for the throughput figure: the same batches
// delivered once each, without duplicates or failures, to a fresh set of shards.
//
//   node bench/listening-exactly-once.ts [--events 100000]
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { listeningQueueIndex, listeningQueueName } from '#core/listening-queues.ts';
import { COUNTED_STREAM_MS, type ListeningMessage, type PlayEvent } from '#core/protocol/listening.ts';
import { seededRandom } from '#core/seeded-random.ts';

const root = path.resolve(import.meta.dirname, '..');
const totalEvents = Number(process.argv[process.argv.indexOf('--events') + 1] || 100_000) || 100_000;
const DUPLICATE_SHARE = 0.1;
const CATALOG_SHARDS = 4;
const USER_SHARDS = 2;
const TRACKS_PER_SHARD = 25;
const USERS = 400;
const DURATION_MS = 240_000;
const QUEUES = 4;
// Smaller than the consumer's max_batch_size (100): batches also close on the 1 s timeout, and more batches mean more failures and redeliveries.
const BATCH = 25;

const random = seededRandom(20261123);
const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

// ---- the data set -----------------------------------------------------------
const tracks = Array.from({ length: CATALOG_SHARDS * TRACKS_PER_SHARD }, (_, i) => `trk${i % CATALOG_SHARDS}_bench${String(i).padStart(11, '0')}`);
const users = Array.from({ length: USERS }, (_, i) => `usr${i % USER_SHARDS}_bench${String(i).padStart(11, '0')}`);
const since = Date.UTC(2026, 10, 1);
const uniqueCount = Math.round(totalEvents * (1 - DUPLICATE_SHARE));

const expected = new Map<string, number>(tracks.map((t) => [t, 0]));
const expectedOutcomes = { counted: 0, short: 0, fraud_longer_than_track: 0 };
const eventsByUser = new Map<string, PlayEvent[]>(users.map((u) => [u, []]));
// Each listener's plays in slots of their own over 20 days (a listener plays one thing at a time; overlapping plays count once).
const SLOT_MS = Math.floor((20 * 86_400_000) / Math.ceil(uniqueCount / USERS));
for (let i = 0; i < uniqueCount; i++) {
  const user = users[i % USERS]!;
  const kind = random();
  const unknown = kind < 0.02;
  const track = unknown ? `trk${i % CATALOG_SHARDS}_missing${String(i).padStart(9, '0')}` : pick(tracks);
  // 83% plays that count, 12% skips under 30 s, 2% unknown tracks, 3% longer than the track.
  const ms =
    kind < 0.05 && !unknown
      ? DURATION_MS + 10_000 + Math.floor(random() * 60_000)
      : kind < 0.17
        ? Math.floor(random() * COUNTED_STREAM_MS)
        : COUNTED_STREAM_MS + Math.floor(random() * (DURATION_MS - COUNTED_STREAM_MS));
  // Spread over 20 days: far below 500 plays an hour or 100 of one track a day per listener.
  const slot = Math.floor(i / USERS);
  const event: PlayEvent = {
    event_id: `e${i}`,
    track_id: track,
    started_at: since + slot * SLOT_MS + Math.floor(random() * (SLOT_MS - 310_000)),
    ms_played: ms,
    completed: ms >= DURATION_MS,
    device_id: 'bench',
    session_id: null,
    quality: 'high',
  };
  eventsByUser.get(user)!.push(event);
  if (unknown) continue; // answered, never stored
  if (ms < COUNTED_STREAM_MS) expectedOutcomes.short++;
  else if (ms > DURATION_MS + 5_000) expectedOutcomes.fraud_longer_than_track++;
  else {
    expectedOutcomes.counted++;
    expected.set(track, expected.get(track)! + 1);
  }
}

// Reports as the api enqueues them: ≤ 50 events, no event twice in one report; duplicates re-sent in later reports.
const reports: ListeningMessage[] = [];
let duplicatesSent = 0;
for (const [user, events] of eventsByUser) {
  const duplicates = shuffle([...events]).slice(0, Math.round((events.length * DUPLICATE_SHARE) / (1 - DUPLICATE_SHARE)));
  duplicatesSent += duplicates.length;
  const all = [...events, ...duplicates];
  for (let i = 0; i < all.length; i += 50)
    reports.push({ v: 1, user_id: user, country: pick(['SE', 'DE', 'BR', 'US']), received_at: Date.now(), events: all.slice(i, i + 50) });
}
// Ordering by report keeps a duplicate after its original in most cases; shuffling mixes them across batches.
shuffle(reports);

// ---- the platform -----------------------------------------------------------
const persist = path.join(root, '.tmp/bench-listening-exactly-once');
const bundle = path.join(root, '.tmp/bench-listening-exactly-once.mjs');
await build({
  entryPoints: [path.join(root, 'workers/listening-events/src/index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  outfile: bundle,
  external: ['cloudflare:*'],
  logLevel: 'error',
});

function migrations(family: string): string[] {
  const dir = path.join(root, 'migrations', family);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('--> statement-breakpoint'))
    .map((s) => s.trim())
    .filter(Boolean);
}

async function startConsumer(dir: string) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const d1 = Object.fromEntries(
    [...Array(CATALOG_SHARDS).keys()]
      .map((i) => [`CATALOG_${i}`, `catalog-${i}`])
      .concat([...Array(USER_SHARDS).keys()].map((i) => [`USERS_${i}`, `users-${i}`]))
      // The eu region's database: the bench's (pre-region) listeners are all in us, so it stays empty.
      .concat([['USERS_EU_0', 'users-eu-0']]),
  );
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      resourcePersistencePath: dir,
      workers: [
        {
          name: 'encore-listening-events',
          modules: true,
          scriptPath: bundle,
          compatibilityDate: '2026-11-01',
          compatibilityFlags: ['service_binding_extra_handlers'],
          bindings: {
            CATALOG_SHARD_MAP: JSON.stringify({ '0-255': 'CATALOG_0', '256-511': 'CATALOG_1', '512-767': 'CATALOG_2', '768-1023': 'CATALOG_3' }),
            USER_SHARD_MAP: JSON.stringify({ eu: { '0-1023': 'USERS_EU_0' }, us: { '0-511': 'USERS_0', '512-1023': 'USERS_1' } }),
          },
          d1Databases: d1,
        },
      ],
    }),
  );
  const db = (binding: string) => mf.getD1Database(binding);
  for (let i = 0; i < CATALOG_SHARDS; i++) {
    const catalog = await db(`CATALOG_${i}`);
    for (const sql of migrations('catalog')) await catalog.prepare(sql).run();
    await catalog.prepare("INSERT INTO artists (id, name) VALUES (?, 'Bench Artist')").bind(`art${i}_bench`).run();
    const rows = tracks.filter((t) => t.startsWith(`trk${i}_`)).map((id) => ({ id, artist: `art${i}_bench` }));
    await catalog
      .prepare(
        `INSERT INTO tracks (id, artist_id, title, duration_ms, status) SELECT value->>'id', value->>'artist', 'Bench', ${DURATION_MS}, 'ready' FROM json_each(?)`,
      )
      .bind(JSON.stringify(rows))
      .run();
  }
  for (let i = 0; i < USER_SHARDS; i++) {
    const shard = await db(`USERS_${i}`);
    for (const sql of migrations('users')) await shard.prepare(sql).run();
  }
  return { mf, worker: await mf.getWorker(), db };
}

let messageId = 0;
type Worker = Awaited<ReturnType<typeof startConsumer>>['worker'];
async function deliver(worker: Worker, { queue, bodies }: Batch, attempts = 1) {
  const result = await worker.queue(
    listeningQueueName(queue),
    bodies.map((body) => ({ id: `m${++messageId}`, timestamp: new Date(), attempts, body })),
  );
  const acked = new Set(result.explicitAcks);
  return { allAcked: bodies.length === acked.size, retried: result.retryMessages.length };
}

// Each queue batches its own listeners' reports; the queues' batches arrive interleaved.
interface Batch {
  queue: number;
  bodies: ListeningMessage[];
}
const batches: Batch[] = [];
for (let queue = 0; queue < QUEUES; queue++) {
  const own = reports.filter((r) => listeningQueueIndex(r.user_id, QUEUES) === queue);
  for (let i = 0; i < own.length; i += BATCH) batches.push({ queue, bodies: own.slice(i, i + BATCH) });
}
shuffle(batches);

// Baseline: each batch once, nothing going wrong.
{
  const { mf, worker } = await startConsumer(path.join(persist, 'baseline'));
  const start = performance.now();
  for (const batch of batches) if (!(await deliver(worker, batch)).allAcked) throw new Error('baseline batch failed');
  const seconds = (performance.now() - start) / 1000;
  console.log(`baseline: ${batches.length} batches delivered once each: ${(totalEvents / seconds).toFixed(0)} events/s (${seconds.toFixed(1)} s)`);
  await mf.dispose();
}

const { mf, worker, db } = await startConsumer(path.join(persist, 'run'));
let deliveries = 0;
let injectedFailures = 0;
let batchRedeliveries = 0;
let strayRedeliveries = 0;
const start = performance.now();
for (const [n, batch] of batches.entries()) {
  // Some earlier messages come round again inside this batch (from any queue, as after a change of the queue count).
  const strays = n % 3 === 2 ? shuffle([...batches[Math.floor(random() * n)]!.bodies]).slice(0, 10) : [];
  strayRedeliveries += strays.length;
  const messages: Batch = { queue: batch.queue, bodies: [...batch.bodies, ...strays] };

  if (n % 5 === 3) {
    const shard = Math.floor(random() * CATALOG_SHARDS);
    const catalog = await db(`CATALOG_${shard}`);
    await catalog.prepare('ALTER TABLE track_region_hourly_streams RENAME TO hidden_hourly').run();
    const failed = await deliver(worker, messages);
    deliveries++;
    await catalog.prepare('ALTER TABLE hidden_hourly RENAME TO track_region_hourly_streams').run();
    if (failed.allAcked || failed.retried !== messages.bodies.length) throw new Error('an injected failure was acked');
    injectedFailures++;
  }
  const ok = await deliver(worker, messages, 2);
  deliveries++;
  if (!ok.allAcked) throw new Error(`batch ${n} failed`);
  if (n % 7 === 5) {
    if (!(await deliver(worker, messages, 3)).allAcked) throw new Error(`redelivery of batch ${n} failed`);
    deliveries++;
    batchRedeliveries++;
  }
}
const seconds = (performance.now() - start) / 1000;

// ---- the check --------------------------------------------------------------
const actual = new Map<string, number>();
const hourlyTotals = new Map<string, number>();
let ledgerRows = 0;
for (let i = 0; i < CATALOG_SHARDS; i++) {
  const catalog = await db(`CATALOG_${i}`);
  const daily = await catalog.prepare('SELECT track_id, sum(streams) AS n FROM track_daily_streams GROUP BY track_id').all<{ track_id: string; n: number }>();
  for (const r of daily.results) actual.set(r.track_id, r.n);
  const hourly = await catalog
    .prepare('SELECT track_id, sum(streams) AS n FROM track_region_hourly_streams GROUP BY track_id')
    .all<{ track_id: string; n: number }>();
  for (const r of hourly.results) hourlyTotals.set(r.track_id, r.n);
  ledgerRows += (await catalog.prepare('SELECT count(*) AS n FROM stream_ledger').first<{ n: number }>())!.n;
}
const outcomes: Record<string, number> = {};
for (let i = 0; i < USER_SHARDS; i++) {
  const rows = await (await db(`USERS_${i}`))
    .prepare('SELECT outcome, count(*) AS n FROM listening_events GROUP BY outcome')
    .all<{ outcome: string; n: number }>();
  for (const r of rows.results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + r.n;
}
await mf.dispose();

const wrong = tracks.filter((t) => (actual.get(t) ?? 0) !== expected.get(t) || (hourlyTotals.get(t) ?? 0) !== expected.get(t));
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
console.log(
  `sent: ${reports.reduce((a, r) => a + r.events.length, 0)} events in ${reports.length} reports (${uniqueCount} unique, ${duplicatesSent} duplicates re-sent by clients)`,
);
const perQueue = Array.from({ length: QUEUES }, (_, q) => batches.filter((b) => b.queue === q).length);
console.log(
  `delivered: ${deliveries} batch deliveries of ${batches.length} batches (per queue: ${perQueue.join(', ')}): ${injectedFailures} failed half-way and were retried, ${batchRedeliveries} redelivered after success, ${strayRedeliveries} messages redelivered inside later batches`,
);
console.log(`throughput with all that: ${(totalEvents / seconds).toFixed(0)} events/s (${seconds.toFixed(1)} s)`);
console.log(`expected outcomes: ${JSON.stringify(expectedOutcomes)}`);
console.log(`recorded outcomes: ${JSON.stringify(outcomes)}`);
console.log(`counted streams: expected ${sum(expected)}, daily aggregates ${sum(actual)}, hourly aggregates ${sum(hourlyTotals)}, ledger rows ${ledgerRows}`);
console.log(`tracks whose counts differ from expected: ${wrong.length} of ${tracks.length}`);
const outcomeKeys = new Set([...Object.keys(outcomes), ...Object.keys(expectedOutcomes)]);
const outcomesMatch = [...outcomeKeys].every((k) => (outcomes[k] ?? 0) === (expectedOutcomes as Record<string, number>)[k]);
const exact = wrong.length === 0 && sum(actual) === expectedOutcomes.counted && ledgerRows === expectedOutcomes.counted && outcomesMatch;
console.log(exact ? 'EXACT: every count equals the expected number' : 'MISMATCH');
process.exit(exact ? 0 : 1);
