// Release fan-out on both sides of FANOUT_PUSH_MAX_FOLLOWERS, on the real local
// platform (wrangler dev: the api worker consumes encore-release-fanout, real D1
// shards persisted on disk). Two imported artists whose followers are seeded straight
// into local D1 (wrangler d1 execute) with synthetic followers spread over every
// virtual user shard, the threshold set to --followers:
//   push: --followers followers (at the threshold): one inbox row per follower;
//   pull: --followers + 1 followers (just above it): nothing per follower.
// Each gets an album released by catalog import. Prints, for each side, the time
// from the import request to the last follower's inbox holding the release, the
// D1 rows it added (read from the SQLite files miniflare keeps), and the latency
// of GET /api/v1/me/inbox for a real follower of that artist alone, with the D1
// statements one read runs. The pull side is the baseline: a release's O(1) cost.
//
//   node bench/release-fanout.ts [--followers 100000] [--reads 200]
import { rmSync } from 'node:fs';
import path from 'node:path';
import { client } from '../scripts/lib/client.mjs';
import { applyMigrations, executeSql, freePort, startPlatform } from '../scripts/lib/platform.mjs';
import { newUserDataId, parseId, VIRTUAL_SHARDS } from '#core/ids.ts';
import { adminToken, arg } from './lib/catalog-bench.ts';
import { readRowCounts, rowDelta, type RowCounts } from './lib/d1-rows.ts';
import { ms, summary } from './lib/stats.ts';

const FOLLOWERS = Number(arg('followers', '100000'));
const READS = Number(arg('reads', '200'));
const ROWS_PER_INSERT = 500;
const root = path.resolve(import.meta.dirname, '..');
const TABLES = ['inbox_items', 'albums', 'artist_followers', 'library_items'];

const port = await freePort();
const persistDir = path.join(root, `.tmp/bench-release-fanout-${port}`);
rmSync(persistDir, { recursive: true, force: true });
await applyMigrations(persistDir);

const sides = {
  push: { ext: 'bench-push-artist', name: 'Push Artist', synthetic: FOLLOWERS - 1 },
  pull: { ext: 'bench-pull-artist', name: 'Pull Artist', synthetic: FOLLOWERS },
};
const vars = { FANOUT_PUSH_MAX_FOLLOWERS: String(FOLLOWERS) };
const ndjson = (lines: object[]) => new TextEncoder().encode(lines.map((l) => JSON.stringify(l)).join('\n'));
const importLines = async (origin: string, lines: object[]) => {
  const outcome = await client(origin, await adminToken(origin)).call('POST', '/api/v1/catalog/import', ndjson(lines), {
    'Content-Type': 'application/x-ndjson',
  });
  if (outcome.imported !== lines.length) throw new Error(`import: ${JSON.stringify(outcome)}`);
};

// ---- the artists, imported as a label would; then their followers, straight into local D1 ----
let platform = await startPlatform({ port, persistDir, transcoder: false, vars });
await importLines(
  platform.origin,
  (['push', 'pull'] as const).map((side) => ({ type: 'artist', id: sides[side].ext, name: sides[side].name })),
);
const found = async (name: string) =>
  (await client(platform.origin, await adminToken(platform.origin)).call('GET', `/api/v1/search?type=artist&q=${encodeURIComponent(name)}`)).artists.items[0]
    .id as string;
const ids = { push: await found(sides.push.name), pull: await found(sides.pull.name) };
await platform.stop();

// The default shard map (wrangler.toml) gives each catalog database 256 virtual shards, as bench/lib/d1-rows.ts reads it.
const catalogBinding = (id: string) => `CATALOG_${Math.floor(parseId(id)!.virtualShard / 256)}`;
const syntheticUser = (n: number) => newUserDataId('usr', 'us', n % VIRTUAL_SHARDS, `bench${String(n).padStart(11, '0')}`);
const seedStarted = performance.now();
for (const side of ['push', 'pull'] as const) {
  const artistId = ids[side];
  const statements: string[] = [];
  for (let i = 0; i < sides[side].synthetic; i += ROWS_PER_INSERT) {
    const rows = Array.from({ length: Math.min(ROWS_PER_INSERT, sides[side].synthetic - i) }, (_, k) => `('${artistId}', '${syntheticUser(i + k)}', 0)`);
    statements.push(`INSERT INTO artist_followers (artist_id, user_id, followed_at) VALUES ${rows.join(',')}`);
  }
  await executeSql(persistDir, catalogBinding(artistId), statements);
}
// One placeholder account per user shard, so bench/lib/d1-rows.ts can tell the files apart.
for (const [binding, v] of [
  ['USERS_0', 0],
  ['USERS_1', 512],
] as const)
  await executeSql(persistDir, binding, [
    `INSERT INTO users (id, email, password_hash, display_name, role) VALUES ('usr_v${String(v).padStart(4, '0')}_benchplaceholder', 'placeholder-${v}@bench.local', 'x', 'placeholder', 'listener')`,
  ]);
const seedSeconds = (performance.now() - seedStarted) / 1000;

platform = await startPlatform({ port, persistDir, transcoder: false, vars });
try {
  const anon = client(platform.origin);
  const admin = anon.withToken(await adminToken(platform.origin));
  const listener = async (name: string) =>
    anon.withToken((await anon.register(`${name}-${Date.now()}@example.com`, 'bench password', name, 'listener')).access_token as string);
  const fans = { push: await listener('push-fan'), pull: await listener('pull-fan') };
  for (const side of ['push', 'pull'] as const) await fans[side].call('PUT', '/api/v1/me/library', { ids: [`encore:artist:${ids[side]}`] });
  for (const side of ['push', 'pull'] as const) {
    const { followers } = await fans[side].call('GET', `/api/v1/artists/${ids[side]}`);
    console.log(`${side}: ${sides[side].name} has ${followers.total} followers (threshold ${FOLLOWERS})`);
  }
  console.log(`seeded ${sides.push.synthetic + sides.pull.synthetic} follower rows in ${seedSeconds.toFixed(1)} s`);

  const totalOf = (counts: RowCounts, table: string) => [...counts.values()].reduce((n, t) => n + (t.get(table) ?? 0), 0);

  async function release(side: 'push' | 'pull') {
    const albumExt = `bench-${side}-album`;
    const before = readRowCounts(persistDir, TABLES);
    const started = performance.now();
    await importLines(platform.origin, [
      { type: 'album', id: albumExt, artist_id: sides[side].ext, name: `${sides[side].name} LP`, release_date: '2026-01-01' },
      { type: 'track', id: `${albumExt}-1`, album_id: albumExt, artist_ids: [sides[side].ext], title: 'Single', duration_ms: 180_000, popularity: 50 },
    ]);
    const imported = performance.now() - started;
    const albumId = (await admin.call('GET', `/api/v1/artists/${ids[side]}/albums`)).items[0].id as string;
    const expected = side === 'push' ? FOLLOWERS : 0;
    // The last inbox: every pushed row is in (push), or the real fan's inbox shows the pulled release (pull).
    let polls = 0;
    for (;;) {
      const rows = totalOf(readRowCounts(persistDir, ['inbox_items']), 'inbox_items') - totalOf(before, 'inbox_items');
      const seen = (await fans[side].call('GET', '/api/v1/me/inbox')).items.some((i: { album: { id: string } }) => i.album.id === albumId);
      if (rows >= expected && seen) break;
      if (++polls > 6000) throw new Error(`${side}: ${rows} of ${expected} inbox rows after ${polls} polls`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const lastInbox = performance.now() - started;
    await new Promise((r) => setTimeout(r, 500)); // the done mark and anything late
    const delta = rowDelta(before, readRowCounts(persistDir, TABLES));
    const added = (table: string) => [...delta.values()].reduce((n, t) => n + (t.get(table) ?? 0), 0);
    return { imported, lastInbox, inboxRows: added('inbox_items') };
  }

  async function readCost(side: 'push' | 'pull') {
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) await fans[side].call('GET', '/api/v1/me/inbox');
    for (let i = 0; i < READS; i++) {
      const t = performance.now();
      await fans[side].call('GET', '/api/v1/me/inbox');
      latencies.push(performance.now() - t);
    }
    // The api worker logs each read's D1 rows read (workers/api/src/follow/inbox.ts).
    const line = platform
      .logs()
      .split('\n')
      .findLast((l) => l.includes('"event":"inbox_read"'));
    const rowsRead = line ? (JSON.parse(line.slice(line.indexOf('{'))) as { rows_read: number }).rows_read : Number.NaN;
    return { ...summary(latencies), rowsRead };
  }

  const results = { push: await release('push'), pull: await release('pull') };
  const reads = { push: await readCost('push'), pull: await readCost('pull') };
  console.log(
    `\nrelease fan-out, ${FOLLOWERS} followers at the threshold (push) vs ${FOLLOWERS + 1} (pull), followers on both user shards; artists on ${catalogBinding(ids.push)} and ${catalogBinding(ids.pull)}`,
  );
  for (const side of ['push', 'pull'] as const) {
    const r = results[side];
    console.log(
      `  ${side}: import ${ms(r.imported)}, last inbox after ${ms(r.lastInbox)}, inbox rows written ${r.inboxRows}` +
        (side === 'push' ? ` (${Math.ceil(FOLLOWERS / 25)} insert statements of ≤ 100 bound parameters)` : ' (album row: released_at, fanout)'),
    );
  }
  // What one GET /me/inbox runs (workers/api/src/follow/inbox.ts): the same for both, the pull rows come from the catalog shard.
  const statements =
    'user shard: 1 batch of 3 (inbox page, inbox count, followed artists); catalog shard of the followed artist: 1 batch of 2 (pulled page, count); album details: 1 read';
  for (const side of ['push', 'pull'] as const)
    console.log(
      `  GET /me/inbox (${side} follower, ${READS} reads): median ${ms(reads[side].median)}  p95 ${ms(reads[side].p95)}  D1 rows read ${reads[side].rowsRead} a read`,
    );
  console.log(`  each read: ${statements}`);
} finally {
  await platform.stop();
}
