import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_DATABASES, VIRTUAL_SHARDS } from '../../core/ids.ts';
import { stableHash } from '../../core/stable-hash.ts';
import { client } from '../../scripts/lib/client.mjs';
import { executeSql, freePort, startPlatform } from '../../scripts/lib/platform.mjs';
import { root } from '../../scripts/lib/setup.mjs';
import { reshard } from '../../scripts/reshard.mjs';

// Splitting CATALOG_3 (768-1023) into CATALOG_3 (768-895) + CATALOG_4 (896-1023) on the
// running platform while clients read every id, search, and import into the moving range.
const MOVING = { from: 896, to: 1023 };
const WORD = 'zephyrquartz';
let platform: Awaited<ReturnType<typeof startPlatform>>;
let persistDir: string;
let adminToken: string;
let listener: ReturnType<typeof client>;

const run = promisify(execFile);
async function query<T = Record<string, unknown>>(binding: string, sql: string): Promise<T[]> {
  const bin = path.join(root, 'node_modules/.bin/wrangler');
  const { stdout } = await run(bin, ['d1', 'execute', binding, '--local', '--persist-to', persistDir, '-c', 'wrangler.toml', '--json', '--command', sql], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  return (JSON.parse(stdout) as { results: T[] }[])[0]!.results;
}

/**
 * core/shards.ts placeOnVirtualShard('CATALOG', key), restated: that module needs the
 * Workers types, which this node-side project does not load.
 */
function catalogVirtualShardOf(key: string): number {
  const legacy = LEGACY_DATABASES.CATALOG;
  const h = stableHash(key) % VIRTUAL_SHARDS;
  return (h % legacy) * (VIRTUAL_SHARDS / legacy) + Math.floor(h / legacy);
}

/** Label artist ids whose artists land in a virtual shard range (placement is a pure hash). */
function labelIdsIn(from: number, to: number, count: number, prefix: string): string[] {
  const ids: string[] = [];
  for (let i = 0; ids.length < count; i++) {
    const v = catalogVirtualShardOf(`${prefix}-${i}`);
    if (v >= from && v <= to) ids.push(`${prefix}-${i}`);
  }
  return ids;
}

const ndjson = (lines: object[]) => `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
async function importLines(lines: object[]): Promise<Response> {
  return fetch(`${platform.origin}/api/v1/catalog/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/x-ndjson' },
    body: ndjson(lines),
  });
}

function artistLines(labelId: string, tracks: number, word = 'kept') {
  return [
    { type: 'artist', id: labelId, name: `Artist ${labelId}` },
    { type: 'album', id: `${labelId}-album`, artist_id: labelId, name: `Album ${labelId}`, release_date: '2020-01-01' },
    ...Array.from({ length: tracks }, (_, n) => ({
      type: 'track',
      id: `${labelId}-t${n}`,
      album_id: `${labelId}-album`,
      artist_ids: [labelId],
      title: `${WORD} ${word} song ${n}`,
      duration_ms: 180_000,
      popularity: 40,
      track_number: n + 1,
    })),
  ];
}

/** Per owned table, rows of virtual shards from..to (new-form ids only: legacy ones all read as 768) and a digest of their contents. */
const RANGE_SQL = (column: string) =>
  `instr(${column}, '_v') > 0 AND CAST(substr(${column}, instr(${column}, '_v') + 2, 4) AS INTEGER) BETWEEN ${MOVING.from} AND ${MOVING.to}`;
async function rangeDigest(binding: string) {
  const [row] = await query<{ artists: number; albums: number; tracks: number; credits: number; digest: string | null }>(
    binding,
    `SELECT (SELECT count(*) FROM artists WHERE ${RANGE_SQL('id')}) AS artists,
            (SELECT count(*) FROM albums WHERE ${RANGE_SQL('id')}) AS albums,
            (SELECT count(*) FROM tracks WHERE ${RANGE_SQL('id')}) AS tracks,
            (SELECT count(*) FROM track_artists WHERE ${RANGE_SQL('track_id')}) AS credits,
            (SELECT group_concat(id || ':' || title || ':' || popularity, ',') FROM (SELECT * FROM tracks WHERE ${RANGE_SQL('id')} AND external_id NOT LIKE '%-live-%' ORDER BY id)) AS digest`,
  );
  return row!;
}

beforeAll(async () => {
  const port = await freePort();
  persistDir = path.resolve(`.tmp/platform-reshard-${port}`);
  platform = await startPlatform({ port, persistDir });
  const api = client(platform.origin);
  // ADMIN_EMAILS in .dev.vars names this address.
  adminToken = (await api.register('admin@encore.local', 'reshard admin password', 'Admin', 'listener')).access_token;
  listener = api.withToken((await api.register(`reshard-${Date.now()}@example.com`, 'reshard password', 'Listener', 'listener')).access_token);
});

afterAll(async () => {
  if (!platform) return;
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/e2e-reshard.log', platform.logs());
  await platform.stop();
});

describe('reshard', () => {
  it('splits CATALOG_3 with traffic running: nothing lost, every id answers, search finds the moved tracks', async () => {
    const moving = labelIdsIn(MOVING.from, MOVING.to, 8, 'mv');
    const staying = labelIdsIn(768, MOVING.from - 1, 3, 'st');
    const res = await importLines([...moving.flatMap((id) => artistLines(id, 5, 'moved')), ...staying.flatMap((id) => artistLines(id, 5))]);
    expect(res.status, await res.clone().text()).toBe(200);
    // A legacy-form row, as imports made before virtual shards wrote them (trk3_ reads as virtual shard 768).
    await executeSql(persistDir, 'CATALOG_3', [
      "INSERT INTO artists (id, name) VALUES ('art3_LegacyArtist00001', 'Legacy Artist')",
      `INSERT INTO tracks (id, artist_id, title, status, popularity) VALUES ('trk3_LegacyTrack000001', 'art3_LegacyArtist00001', '${WORD} legacy', 'ready', 10)`,
    ]);

    const searchMoved = async () => {
      const r = await listener.call('GET', `/api/v1/search?q=${WORD}%20moved&type=track&limit=50`);
      return r.tracks.items.map((t: { id: string }) => t.id) as string[];
    };
    const ids = (await query<{ id: string }>('CATALOG_3', `SELECT id FROM tracks WHERE title LIKE '${WORD}%'`)).map((r) => r.id);
    expect(ids.length).toBe(8 * 5 + 3 * 5 + 1);
    const movingIds = ids.filter((id) => /^trk_v(\d{4})_/.test(id) && Number(id.slice(5, 9)) >= MOVING.from);
    expect(movingIds.length).toBe(40);
    expect((await searchMoved()).sort()).toEqual([...movingIds].sort());
    const before = await rangeDigest('CATALOG_3');
    expect(before).toMatchObject({ artists: 8, albums: 8, tracks: 40, credits: 40 });

    // Traffic: readers of every id, a searcher, and a writer importing into the moving range.
    let running = true;
    const failures: string[] = [];
    let reads = 0;
    const reader = async () => {
      while (running) {
        for (const id of ids) {
          try {
            await listener.track(id);
            reads++;
          } catch (err) {
            failures.push(`read ${id}: ${(err as Error).message}`);
          }
        }
      }
    };
    const searcher = async () => {
      while (running) {
        const found = await searchMoved().catch((err: Error) => [err.message]);
        if (movingIds.some((id) => !found.includes(id))) failures.push(`search missed moved tracks: ${found.join(' ')}`);
      }
    };
    const written: string[] = [];
    let refused = 0;
    const writer = async () => {
      for (let n = 0; running; n++) {
        const labelId = moving[n % moving.length]!;
        const line = { ...artistLines(labelId, 1)[2]!, id: `${labelId}-live-${n}`, title: `${WORD} live ${n}` };
        while (running) {
          // The import answers 200 and reports each line it could not store (here: the range is frozen, 503 within).
          const r = await importLines([artistLines(labelId, 0)[0]!, line]);
          const outcome = (await r.json()) as { imported: number; rejected: { error: string }[] };
          if (r.status === 200 && outcome.imported === 2) {
            written.push(line.id);
            break;
          }
          if (!outcome.rejected?.every((x) => /moving between databases/.test(x.error))) failures.push(`import: ${JSON.stringify(outcome)}`);
          refused++;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    };
    // Plays of moved tracks, reported during the move: counted through the queue (a refused write retries later).
    let reported = 0;
    const hourAgo = Date.now() - 3_600_000;
    const reporter = async () => {
      while (running) {
        const n = reported++;
        await listener.call('POST', '/api/v1/me/player/report', {
          events: [{ event_id: `move-${n}`, track_id: movingIds[n % movingIds.length], started_at: hourAgo + n * 70_000, ms_played: 60_000, completed: true }],
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    const traffic = [reader(), reader(), searcher(), writer(), reporter()];

    const progress: string[] = [];
    let done: { map: string };
    try {
      done = await reshard({ origin: platform.origin, token: adminToken, family: 'CATALOG', ...MOVING, target: 'CATALOG_4', log: (l) => progress.push(l) });
    } finally {
      running = false;
      await Promise.all(traffic);
    }

    expect(JSON.parse(done.map)).toEqual({
      '0-255': 'CATALOG_0',
      '256-511': 'CATALOG_1',
      '512-767': 'CATALOG_2',
      '768-895': 'CATALOG_3',
      '896-1023': 'CATALOG_4',
    });
    expect(progress.join('\n')).toMatch(/verified tracks: \d+ rows, checksum (\w+) on CATALOG_3; \d+, \1 on CATALOG_4/);
    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(ids.length);
    expect(written.length).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);

    // Zero rows lost, the source no longer holds them.
    const after = await rangeDigest('CATALOG_4');
    expect(after).toEqual({ ...before, tracks: 40 + written.length, credits: 40 + written.length });
    expect(await rangeDigest('CATALOG_3')).toMatchObject({ artists: 0, albums: 0, tracks: 0, credits: 0, digest: null });
    const live = await query<{ n: number }>('CATALOG_4', "SELECT count(*) AS n FROM tracks WHERE external_id LIKE '%-live-%'");
    expect(live[0]!.n).toBe(written.length);

    // Every play reported during the move is counted, on the target.
    const counted = async () =>
      (await query<{ n: number }>('CATALOG_4', `SELECT coalesce(sum(streams), 0) AS n FROM track_daily_streams WHERE ${RANGE_SQL('track_id')}`))[0]!.n;
    for (const deadline = Date.now() + 45_000; (await counted()) < reported && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 500));
    expect(await counted()).toBe(reported);
    expect((await query<{ n: number }>('CATALOG_3', `SELECT count(*) AS n FROM stream_ledger WHERE ${RANGE_SQL('track_id')}`))[0]!.n).toBe(0);

    // Every id still answers, and search still finds the moved tracks (and the live ones, on the target).
    for (const id of ids) expect((await listener.track(id)).id).toBe(id);
    const found = await listener.call('GET', `/api/v1/search?q=${WORD}%20live&type=track&limit=50`);
    expect(found.tracks.total).toBe(written.length);
  });
});
