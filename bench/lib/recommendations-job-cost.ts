// The recommendations job's cost on the real local platform: the synthetic history
// is seeded straight into listening_events and playlists on the user shards
// (wrangler d1 execute), then `wrangler dev` runs the job as an admin starts it
// (POST /api/v1/admin/jobs/recommendations, the JOBS Workflow) and the bench polls
// GET /admin/jobs/{id} until it is done. The job logs the D1 rows its steps read and
// wrote (D1 results' meta), summed: `recommendations_job_done`.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { client } from '../../scripts/lib/client.mjs';
import { applyMigrations, executeSql, freePort, startPlatform } from '../../scripts/lib/platform.mjs';
import { ensureDevVars } from '../../scripts/lib/setup.mjs';
import { newId, newUserDataId, VIRTUAL_SHARDS } from '#core/ids.ts';
import { adminToken } from './catalog-bench.ts';
import type { TasteWorld } from './taste-clusters.ts';

const ROWS_PER_INSERT = 500;
const root = path.resolve(import.meta.dirname, '../..');
/** The default USERS map (wrangler.toml): the us region's virtual shards 0-511 on USERS_0, the rest on USERS_1. */
const usersBinding = (v: number) => (v < 512 ? 'USERS_0' : 'USERS_1');

interface JobDone {
  sources: number;
  tracks: number;
  steps: number;
  rowsRead: number;
  rowsWritten: number;
}

export async function measureJobCost(world: TasteWorld): Promise<void> {
  ensureDevVars();
  const port = await freePort();
  const persistDir = path.join(root, `.tmp/bench-recommendations-${port}`);
  rmSync(persistDir, { recursive: true, force: true });
  await applyMigrations(persistDir);

  // Tracks spread over the virtual catalog space (so over every catalog shard); listeners over the us user shards.
  const trackId = new Map(world.tracks.map((t, i) => [t, newId('trk', (i * 389) % VIRTUAL_SHARDS, `bench${i}`)]));
  const statements = new Map<string, string[]>([
    ['USERS_0', []],
    ['USERS_1', []],
  ]);
  const insert = (binding: string, head: string, rows: string[]) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) statements.get(binding)!.push(`${head} VALUES ${rows.slice(i, i + ROWS_PER_INSERT).join(',')}`);
  };
  const now = Date.now();
  let listens = 0;
  const events = new Map<string, string[]>([
    ['USERS_0', []],
    ['USERS_1', []],
  ]);
  [...world.histories.values()].forEach((plays, u) => {
    const v = (u * 131) % VIRTUAL_SHARDS;
    const userId = newUserDataId('usr', 'us', v, `bench${u}`);
    const start = now - 20 * 24 * 3600_000 + u * 1000;
    plays.forEach((t, p) => {
      events
        .get(usersBinding(v))!
        .push(`('${userId}', 'e${u}-${p}', '${trackId.get(t)}', ${start + p * 240_000}, 180000, 1, 'SE', ${start + p * 240_000 + 200_000}, 'counted')`);
    });
    listens += plays.length;
  });
  for (const [binding, rows] of events)
    insert(binding, 'INSERT INTO listening_events (user_id, event_id, track_id, started_at, ms_played, completed, region, received_at, outcome)', rows);
  world.playlists.forEach((tracks, p) => {
    const v = (p * 173) % VIRTUAL_SHARDS;
    const binding = usersBinding(v);
    const id = newUserDataId('pl', 'us', v, `bench${p}`);
    const owner = newUserDataId('usr', 'us', v, `benchowner${p}`);
    insert(
      binding,
      'INSERT INTO playlists (id, owner_id, name, public, collaborative, snapshot_id, version, item_count, follower_count, created_at, updated_at)',
      [`('${id}', '${owner}', 'mix ${p}', 1, 0, 's', ${tracks.length}, ${tracks.length}, 0, ${now - 86_400_000}, ${now - 86_400_000})`],
    );
    insert(
      binding,
      'INSERT INTO playlist_items (item_id, playlist_id, track_id, position, added_by, added_at)',
      tracks.map((t, i) => `('${newUserDataId('itm', 'us', v, `bench${p}x${i}`)}', '${id}', '${trackId.get(t)}', ${i + 1}, '${owner}', ${now - 86_400_000})`),
    );
  });
  for (const [binding, list] of statements) await executeSql(persistDir, binding, list);

  const platform = await startPlatform({ port, persistDir, transcoder: false });
  try {
    const token = await adminToken(platform.origin).catch((err: Error) => {
      throw new Error(`${err.message}\n--- platform output ---\n${platform.logs().slice(-6000)}`);
    });
    const admin = client(platform.origin, token);
    const started = performance.now();
    const { job_id } = await admin.call('POST', '/api/v1/admin/jobs/recommendations');
    for (;;) {
      const { status } = await admin.call('GET', `/api/v1/admin/jobs/${job_id}`);
      if (status === 'done') break;
      if (status === 'failed') throw new Error(`job ${job_id} failed:\n${platform.logs().slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    const line = platform
      .logs()
      .split('\n')
      .findLast((l) => l.includes('"event":"recommendations_job_done"'));
    if (!line) throw new Error('the job logged no recommendations_job_done line');
    const done = JSON.parse(line.slice(line.indexOf('{'))) as JobDone;
    const per = (n: number) => Math.round((n * 100_000) / listens).toLocaleString('en');
    console.log(
      `\nrecommendations job on the local platform (wrangler dev, JOBS Workflow, 4 catalog + 2 us user shards on disk): ${listens} listens by ${world.histories.size} listeners, ${world.playlists.length} playlists`,
    );
    console.table([
      {
        '': 'this run',
        runtime: `${seconds.toFixed(1)} s`,
        steps: done.steps,
        'D1 rows read': done.rowsRead.toLocaleString('en'),
        'D1 rows written': done.rowsWritten.toLocaleString('en'),
        'tracks scored': done.tracks,
        sources: done.sources,
      },
      {
        '': 'per 100K listens',
        runtime: `${((seconds * 100_000) / listens).toFixed(1)} s`,
        steps: per(done.steps),
        'D1 rows read': per(done.rowsRead),
        'D1 rows written': per(done.rowsWritten),
        'tracks scored': '',
        sources: '',
      },
    ]);
  } finally {
    await platform.stop();
  }
}
