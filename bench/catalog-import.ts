// Catalog import throughput: a synthetic catalog (bench/catalog-synthetic.ts)
// streamed through POST /api/v1/catalog/import on the local platform (wrangler
// dev, 4 catalog shards), in requests of --per-request lines. Baseline, same run:
// the same records inserted into one plain SQLite file (node:sqlite) carrying the
// same schema, FTS5 indexes and triggers (bench/lib/catalog-sqlite.ts).
//
//   node bench/catalog-import.ts [--tracks 1000000] [--per-request 100000] [--persist .tmp/catalog-bench] [--keep]
//
// --keep leaves the platform's data in --persist for bench/search-latency.ts.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { startPlatform } from '../scripts/lib/platform.mjs';
import { adminToken, arg } from './lib/catalog-bench.ts';
import { buildSqliteCatalog } from './lib/catalog-sqlite.ts';
import { syntheticCatalog } from './catalog-synthetic.ts';

const tracks = Number(arg('tracks', '1000000'));
const perRequest = Number(arg('per-request', '100000'));
const persist = path.resolve(arg('persist', '.tmp/catalog-bench'));
const keep = process.argv.includes('--keep');

/** A request body that pulls lines from the generator as the upload proceeds. */
function body(records: Iterator<Record<string, unknown>>, limit: number, counter: { lines: number; done: boolean }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      const lines: string[] = [];
      while (lines.length < 2000 && sent < limit) {
        const next = records.next();
        if (next.done) {
          counter.done = true;
          break;
        }
        lines.push(JSON.stringify(next.value));
        sent++;
      }
      counter.lines += lines.length;
      if (lines.length) controller.enqueue(encoder.encode(lines.join('\n') + '\n'));
      if (counter.done || sent >= limit) controller.close();
    },
  });
}

rmSync(persist, { recursive: true, force: true });
const platform = await startPlatform({ persistDir: persist, transcoder: false });
try {
  const token = await adminToken(platform.origin);
  const records = syntheticCatalog({ tracks })[Symbol.iterator]();
  const counter = { lines: 0, done: false };
  let rejected = 0;
  let imported = 0;
  const started = performance.now();
  while (!counter.done) {
    const before = counter.lines;
    const t0 = performance.now();
    const res = await fetch(`${platform.origin}/api/v1/catalog/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' },
      body: body(records, perRequest, counter),
      duplex: 'half',
    } as RequestInit);
    const json = (await res.json()) as { imported: number; rejected: unknown[] };
    if (!res.ok) throw new Error(`import failed: ${res.status} ${JSON.stringify(json)}`);
    imported += json.imported;
    rejected += json.rejected.length;
    const lines = counter.lines - before;
    if (lines === 0) break;
    console.log(`  request: ${lines} lines in ${((performance.now() - t0) / 1000).toFixed(1)} s (${Math.round(lines / ((performance.now() - t0) / 1000))} lines/s), total ${counter.lines}`);
  }
  const seconds = (performance.now() - started) / 1000;
  await platform.stop();

  const baseline = buildSqliteCatalog(path.join(persist, 'baseline-prefix.sqlite'), tracks, 'prefix');
  console.log(`\nCatalog import, ${tracks} tracks (${counter.lines} NDJSON lines), ${perRequest} lines per request`);
  console.log(`  encore (4 D1 shards, wrangler dev): ${Math.round(counter.lines / seconds)} lines/s  (${seconds.toFixed(1)} s; imported ${imported}, rejected ${rejected})`);
  console.log(`  baseline (one SQLite file, node:sqlite, same schema + FTS triggers): ${Math.round(baseline.lines / baseline.seconds)} lines/s  (${baseline.seconds.toFixed(1)} s)`);
  if (!keep) rmSync(persist, { recursive: true, force: true });
} finally {
  await platform.stop();
}
