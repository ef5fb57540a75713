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

/** The next request's lines (kept, so a request the dev server dropped can be sent again: imports are idempotent). */
function nextLines(records: Iterator<Record<string, unknown>>, limit: number): string[] {
  const lines: string[] = [];
  for (let next = records.next(); ; next = records.next()) {
    if (next.done) break;
    lines.push(JSON.stringify(next.value));
    if (lines.length >= limit) break;
  }
  return lines;
}

/** Streams the lines as the request body, a few thousand at a time. */
function body(lines: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      controller.enqueue(encoder.encode(`${lines.slice(at, at + 2000).join('\n')}\n`));
      at += 2000;
      if (at >= lines.length) controller.close();
    },
  });
}

rmSync(persist, { recursive: true, force: true });
const platform = await startPlatform({ persistDir: persist, transcoder: false });
try {
  const token = await adminToken(platform.origin);
  const records = syntheticCatalog({ tracks })[Symbol.iterator]();
  let total = 0;
  let rejected = 0;
  let imported = 0;
  let retries = 0;
  const started = performance.now();
  for (let lines = nextLines(records, perRequest); lines.length > 0; lines = nextLines(records, perRequest)) {
    const t0 = performance.now();
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${platform.origin}/api/v1/catalog/import`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' },
        body: body(lines),
        duplex: 'half',
      } as RequestInit);
      const text = await res.text();
      if (res.ok) {
        const json = JSON.parse(text) as { imported: number; rejected: unknown[] };
        imported += json.imported;
        rejected += json.rejected.length;
        break;
      }
      if (attempt >= 3) throw new Error(`import failed: ${res.status} ${text.slice(0, 500)}`);
      retries++;
      console.log(`  request failed (${res.status} ${text.slice(0, 120)}); sending it again`);
    }
    total += lines.length;
    const s = (performance.now() - t0) / 1000;
    console.log(`  request: ${lines.length} lines in ${s.toFixed(1)} s (${Math.round(lines.length / s)} lines/s), total ${total}`);
  }
  const seconds = (performance.now() - started) / 1000;
  await platform.stop();

  const baseline = buildSqliteCatalog(path.join(persist, 'baseline-prefix.sqlite'), tracks, 'prefix');
  console.log(`\nCatalog import, ${tracks} tracks (${total} NDJSON lines), ${perRequest} lines per request`);
  console.log(
    `  encore (4 D1 shards, wrangler dev): ${Math.round(total / seconds)} lines/s  (${seconds.toFixed(1)} s; imported ${imported}, rejected ${rejected}, requests re-sent ${retries})`,
  );
  console.log(
    `  baseline (one SQLite file, node:sqlite, same schema + FTS triggers): ${Math.round(baseline.lines / baseline.seconds)} lines/s  (${baseline.seconds.toFixed(1)} s)`,
  );
  if (!keep) rmSync(persist, { recursive: true, force: true });
} finally {
  await platform.stop();
}
