// What keeping genre_track_counts in step with tracks (triggers, migration
// catalog/0010) costs writers and saves readers. Two local D1 databases
// (miniflare, as the tests use) get the catalog migrations and the same
// synthetic catalog in multi-row batches like the import's; baseline: the same
// migrations without the three genre-count triggers, and the genre list
// computed on read by GROUP BY over tracks. D1's own rows_written / rows_read
// are the figures that do not depend on the machine's load.
//
//   npx tsx bench/genre-counts.ts [--tracks 20000]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { arg } from './lib/catalog-bench.ts';
import { syntheticCatalog } from './catalog-synthetic.ts';

const tracks = Number(arg('tracks', '20000'));
const root = path.resolve(import.meta.dirname, '..');
const isGenreTrigger = (sql: string) => /CREATE TRIGGER tracks_genre_count_/.test(sql);

type D1 = Awaited<ReturnType<Miniflare['getD1Database']>>;

async function migrate(db: D1, leaveOut: (sql: string) => boolean) {
  const dir = path.join(root, 'migrations/catalog');
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    for (const sql of readFileSync(path.join(dir, file), 'utf8').split('--> statement-breakpoint')) {
      if (sql.trim() && !leaveOut(sql)) await db.prepare(sql).run();
    }
  }
}

/** Multi-row INSERTs of at most 99 parameters, like the import's (catalog/import/multi-row.ts). */
function inserts(db: D1, head: string, rows: unknown[][]) {
  if (rows.length === 0) return [];
  const per = Math.floor(99 / rows[0]!.length);
  const out = [];
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const values = chunk.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ');
    out.push(db.prepare(`${head} VALUES ${values}`).bind(...chunk.flat()));
  }
  return out;
}

async function load(db: D1): Promise<{ seconds: number; rowsWritten: number }> {
  let artists: unknown[][] = [];
  let albums: unknown[][] = [];
  let rows: unknown[][] = [];
  let rowsWritten = 0;
  const flush = async () => {
    const statements = [
      ...inserts(db, 'INSERT INTO artists (id, name, external_id)', artists),
      ...inserts(db, 'INSERT INTO albums (id, artist_id, name, release_date, external_id)', albums),
      ...inserts(db, 'INSERT INTO tracks (id, artist_id, album_id, title, duration_ms, genre, popularity, external_id, status)', rows),
    ];
    if (statements.length === 0) return;
    for (const r of await db.batch(statements)) rowsWritten += r.meta.rows_written;
    [artists, albums, rows] = [[], [], []];
  };
  const started = performance.now();
  for (const r of syntheticCatalog({ tracks }) as Iterable<Record<string, any>>) {
    if (r.type === 'artist') artists.push([`a_${r.id}`, r.name, r.id]);
    else if (r.type === 'album') albums.push([`l_${r.id}`, `a_${r.artist_id}`, r.name, r.release_date, r.id]);
    else rows.push([`t_${r.id}`, `a_${r.artist_ids[0]}`, `l_${r.album_id}`, r.title, r.duration_ms, r.genre, r.popularity, r.id, 'ready']);
    if (rows.length >= 1000) await flush();
  }
  await flush();
  return { seconds: (performance.now() - started) / 1000, rowsWritten };
}

async function medianRead(db: D1, sql: string, times = 21) {
  const samples: number[] = [];
  let rowsRead = 0;
  let result: { genre: string; track_count: number }[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const r = await db.prepare(sql).all<{ genre: string; track_count: number }>();
    samples.push(performance.now() - t0);
    rowsRead = r.meta.rows_read;
    result = r.results;
  }
  return { ms: samples.sort((a, b) => a - b)[Math.floor(times / 2)]!, rowsRead, result: result.sort((a, b) => (a.genre < b.genre ? -1 : 1)) };
}

const mf = new Miniflare(
  convertV4MiniflareOptions({
    workers: [
      { name: 'bench', modules: true, script: 'export default {}', compatibilityDate: '2026-11-01', d1Databases: ['WITH_TRIGGERS', 'WITHOUT_TRIGGERS'] },
    ],
  }),
);
try {
  const withTriggers = await mf.getD1Database('WITH_TRIGGERS');
  const without = await mf.getD1Database('WITHOUT_TRIGGERS');
  await migrate(withTriggers, () => false);
  await migrate(without, isGenreTrigger);
  const baseLoad = await load(without);
  const load_ = await load(withTriggers);
  const counts = await medianRead(withTriggers, 'SELECT genre, track_count FROM genre_track_counts WHERE track_count > 0');
  const grouped = await medianRead(without, "SELECT genre, count(*) AS track_count FROM tracks WHERE status = 'ready' AND genre IS NOT NULL GROUP BY genre");

  console.log(`Genre counts, ${tracks} tracks, one local D1 database (miniflare)`);
  console.log(`  load with the genre-count triggers: ${load_.rowsWritten} rows written, ${load_.seconds.toFixed(1)} s`);
  console.log(`  baseline, load without them:        ${baseLoad.rowsWritten} rows written, ${baseLoad.seconds.toFixed(1)} s`);
  console.log(`  genre list from genre_track_counts: ${counts.rowsRead} rows read, ${counts.ms.toFixed(2)} ms median (${counts.result.length} genres)`);
  console.log(`  baseline, GROUP BY over tracks:     ${grouped.rowsRead} rows read, ${grouped.ms.toFixed(2)} ms median`);
  console.log(`  counts agree with GROUP BY: ${JSON.stringify(counts.result) === JSON.stringify(grouped.result)}`);
} finally {
  await mf.dispose();
}
