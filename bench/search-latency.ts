// Search latency and typo recall at catalog scale.
//
//   node bench/catalog-import.ts --tracks N --keep     (loads the platform's shards first)
//   node bench/search-latency.ts --tracks N [--queries 1000] [--persist .tmp/catalog-bench]
//
// 1,000 queries, a third each exact (title + artist), prefix (cut mid-word, as
// typed) and misspelled (one typo in a title word), made from random tracks of the
// synthetic catalog (bench/catalog-synthetic.ts, same seed). Each is sent to
// GET /api/v1/search?type=track&limit=5 on the local platform (4 D1 shards queried
// in parallel, wrangler dev), sequentially, and the same queries run, same machine,
// same run, against one plain SQLite FTS5 file (node:sqlite):
//   - "sqlite prefix, plain": the same index and ranking SQL, the query as typed only;
//   - "sqlite prefix, two-pass": the API's whole algorithm incl. typo correction, on one file;
//   - "sqlite trigram": a trigram-tokenized index, words as substrings, and as typo
//     tolerance an OR of the query's trigrams when the words match nothing.
// Recall@5: the fraction of queries whose source track is among the top 5.
//
// Lyrics: --lyrics N (default 300) sampled tracks get synthetic LRC through the NDJSON
// import (bench/lib/synthetic-lyrics.ts; re-importing changes nothing), and a lyrics
// query set runs beside the title queries: a 4-word phrase of a line, and the same with
// one typo. Lyric-only matches rank below every title match, so their recall@5 says how
// often a phrase's track still reaches the top 5.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { startPlatform } from '../scripts/lib/platform.mjs';
import { adminToken, arg, listenerToken } from './lib/catalog-bench.ts';
import { buildSqliteCatalog, openOrBuildSqliteCatalog } from './lib/catalog-sqlite.ts';
import { prefixSearch, trigramSearch, type Hit } from './lib/sqlite-search.ts';
import { ms, summary } from './lib/stats.ts';
import { syntheticLyrics, type LyricsQuery } from './lib/synthetic-lyrics.ts';
import { benchQueries, syntheticCatalog, type BenchQuery, type SyntheticTrack } from './catalog-synthetic.ts';

const tracks = Number(arg('tracks', '1000000'));
const queryCount = Number(arg('queries', '1000'));
const persist = path.resolve(arg('persist', '.tmp/catalog-bench'));

const sample: SyntheticTrack[] = [];
let seen = 0;
for (const _ of syntheticCatalog({ tracks }, (t) => (seen++ % 97 === 0 ? sample.push(t) : 0)));
const queries = benchQueries(sample, queryCount);
const lyrics = syntheticLyrics(sample, Math.min(sample.length, Number(arg('lyrics', '300'))), Math.min(queryCount, 400));
// The worst case: the catalog's most common words and two-letter prefixes, alone (the first keystrokes of a search).
const commonWords = ['love', 'night', 'heart', 'baby', 'time', 'girl', 'dance', 'fire', 'light', 'dream', 'world', 'life', 'home', 'summer', 'rain'];
const broadQueries = [...new Set([...commonWords, ...commonWords.map((w) => w.slice(0, 2))])];

async function broad(name: string, search: (q: string) => Promise<unknown> | unknown): Promise<string> {
  const latencies: number[] = [];
  for (const q of broadQueries) {
    const t0 = performance.now();
    await search(q);
    latencies.push(performance.now() - t0);
  }
  const s = summary(latencies);
  return `| ${name} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.max)} |`;
}
const broadRows: string[] = [];

interface Run {
  name: string;
  latencies: number[];
  byKind: Record<BenchQuery['kind'], number[]>;
  found: Record<BenchQuery['kind'], number>;
  counts: Record<BenchQuery['kind'], number>;
}

async function measure(name: string, search: (q: string) => Promise<string[]> | string[]): Promise<Run> {
  const run: Run = {
    name,
    latencies: [],
    byKind: { exact: [], prefix: [], misspelled: [] },
    found: { exact: 0, prefix: 0, misspelled: 0 },
    counts: { exact: 0, prefix: 0, misspelled: 0 },
  };
  // Warm-up with variants that share no cache entry with the measured queries (a trailing letter is ignored by search).
  for (const q of queries.slice(0, 20)) await search(`${q.q} x`);
  for (const q of queries) {
    const t0 = performance.now();
    const ids = await search(q.q);
    run.latencies.push(performance.now() - t0);
    run.byKind[q.kind].push(run.latencies.at(-1)!);
    run.counts[q.kind]++;
    if (ids.slice(0, 5).includes(q.target)) run.found[q.kind]++;
  }
  return run;
}

function report(runs: Run[]) {
  console.log(
    `\nSearch, ${tracks} tracks, ${queries.length} queries (${queries.filter((q) => q.kind === 'exact').length} exact / ${queries.filter((q) => q.kind === 'prefix').length} prefix / ${queries.filter((q) => q.kind === 'misspelled').length} misspelled)`,
  );
  console.log('| system | p50 | p95 | p99 | recall@5 exact | recall@5 prefix | recall@5 misspelled |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of runs) {
    const s = summary(r.latencies);
    const pct = (k: BenchQuery['kind']) => `${((100 * r.found[k]) / Math.max(1, r.counts[k])).toFixed(1)}%`;
    console.log(`| ${r.name} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.p99)} | ${pct('exact')} | ${pct('prefix')} | ${pct('misspelled')} |`);
  }
  console.log('\n| system | p50 / p95 exact | p50 / p95 prefix | p50 / p95 misspelled |');
  console.log('|---|---|---|---|');
  for (const r of runs) {
    const k = (kind: BenchQuery['kind']) => `${ms(summary(r.byKind[kind]).median)} / ${ms(summary(r.byKind[kind]).p95)}`;
    console.log(`| ${r.name} | ${k('exact')} | ${k('prefix')} | ${k('misspelled')} |`);
  }
}

async function measureLyrics(name: string, search: (q: string) => Promise<string[]>): Promise<string> {
  const latencies: number[] = [];
  const found: Record<LyricsQuery['kind'], number> = { phrase: 0, misspelled: 0 };
  const found20: Record<LyricsQuery['kind'], number> = { phrase: 0, misspelled: 0 };
  const counts: Record<LyricsQuery['kind'], number> = { phrase: 0, misspelled: 0 };
  for (const q of lyrics.queries) {
    const t0 = performance.now();
    const ids = await search(q.q);
    latencies.push(performance.now() - t0);
    counts[q.kind]++;
    if (ids.slice(0, 5).includes(q.target)) found[q.kind]++;
    if (ids.includes(q.target)) found20[q.kind]++;
  }
  const s = summary(latencies);
  const pct = (n: Record<LyricsQuery['kind'], number>, k: LyricsQuery['kind']) => `${((100 * n[k]) / Math.max(1, counts[k])).toFixed(1)}%`;
  return `| ${name} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.p99)} | ${pct(found, 'phrase')} / ${pct(found20, 'phrase')} | ${pct(found, 'misspelled')} / ${pct(found20, 'misspelled')} |`;
}
const lyricsRows: string[] = [];

async function importLyrics(origin: string): Promise<void> {
  const res = await fetch(`${origin}/api/v1/catalog/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await adminToken(origin)}`, 'Content-Type': 'application/x-ndjson' },
    body: `${lyrics.records.map((r) => JSON.stringify(r)).join('\n')}\n`,
  });
  const outcome = (await res.json()) as { imported: number; rejected: unknown[] };
  if (!res.ok || outcome.rejected.length > 0) throw new Error(`lyrics import: ${res.status} ${JSON.stringify(outcome).slice(0, 500)}`);
}

if (!existsSync(persist)) throw new Error(`${persist} is missing: run node bench/catalog-import.ts --tracks ${tracks} --keep first`);
const runs: Run[] = [];
const platform = await startPlatform({ persistDir: persist, transcoder: false });
try {
  const token = await listenerToken(platform.origin);
  await importLyrics(platform.origin);
  const apiSearch = async (q: string, limit = '5') => {
    const res = await fetch(`${platform.origin}/api/v1/search?${new URLSearchParams({ q, type: 'track', limit })}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`${res.status} for ${q}: ${await res.text()}`);
    const json = (await res.json()) as { tracks: { items: { external_ids: { label?: string } }[] } };
    return json.tracks.items.map((t) => t.external_ids.label ?? '');
  };
  runs.push(await measure('encore API, 4 D1 shards (cache miss)', (q) => apiSearch(q)));
  runs.push(await measure('encore API, repeated (edge cache hit)', (q) => apiSearch(q)));
  // A request carrying a session bookmark skips the edge cache: take one from any response.
  const probe = await fetch(`${platform.origin}/api/v1/search?q=warm`, { headers: { Authorization: `Bearer ${token}` } });
  const bookmark = probe.headers.get('x-d1-bookmark') ?? '';
  const allTypes = await measure('encore API, type=track,artist,album (cache bypassed)', async (q) => {
    const res = await fetch(`${platform.origin}/api/v1/search?${new URLSearchParams({ q, limit: '5', type: 'track,artist,album' })}`, {
      headers: { Authorization: `Bearer ${token}`, 'x-d1-bookmark': bookmark },
    });
    const json = (await res.json()) as { tracks: { items: { external_ids: { label?: string } }[] } };
    return json.tracks.items.map((t) => t.external_ids.label ?? '');
  });
  runs.push(allTypes);
  // limit=20: recall@5 from the top 5, and whether the track is found at all below the title matches.
  lyricsRows.push(await measureLyrics('encore API, 4 D1 shards (cache miss), limit=20', (q) => apiSearch(q, '20')));
  broadRows.push(await broad('encore API, 4 D1 shards (cache miss)', (q) => apiSearch(q)));
  broadRows.push(await broad('encore API, repeated (edge cache hit)', (q) => apiSearch(q)));
} finally {
  await platform.stop();
}

const ids = (hits: Hit[]) => hits.map((h) => h.external_id);
const prefixFile = path.join(persist, 'baseline-prefix.sqlite');
const prefix = openOrBuildSqliteCatalog(prefixFile, tracks, 'prefix');
runs.push(await measure('one SQLite file, prefix index, plain FTS5', (q) => ids(prefixSearch(prefix.db, q, 5, false))));
runs.push(await measure('one SQLite file, prefix index, two-pass (API algorithm)', (q) => ids(prefixSearch(prefix.db, q, 5, true))));
broadRows.push(await broad('one SQLite file, prefix index, two-pass (API algorithm)', (q) => prefixSearch(prefix.db, q, 5, true)));
const trigram = buildSqliteCatalog(path.join(persist, 'baseline-trigram.sqlite'), tracks, 'trigram');
runs.push(await measure('one SQLite file, trigram index (+ trigram-OR fuzzy)', (q) => ids(trigramSearch(trigram.db, q, 5, true))));
report(runs);
console.log(
  `\nLyrics, ${lyrics.records.length} tracks with lyrics, ${lyrics.queries.length} queries (${lyrics.queries.filter((q) => q.kind === 'phrase').length} phrase / ${lyrics.queries.filter((q) => q.kind === 'misspelled').length} misspelled)`,
);
console.log('| system | p50 | p95 | p99 | recall@5 / @20 phrase | recall@5 / @20 misspelled |');
console.log('|---|---|---|---|---|---|');
for (const row of lyricsRows) console.log(row);
console.log(`\nBroad queries (${broadQueries.length}: the 15 most common title words and their two-letter prefixes, alone)`);
console.log('| system | p50 | p95 | max |');
console.log('|---|---|---|---|');
for (const row of broadRows) console.log(row);
console.log(
  `\nIndex build on one SQLite file (same records): prefix ${prefix.seconds ? `${prefix.seconds.toFixed(1)} s` : '(built by catalog-import.ts)'}, ${(statSync(prefixFile).size / 2 ** 20).toFixed(0)} MiB; trigram ${trigram.seconds.toFixed(1)} s, ${(trigram.bytes / 2 ** 20).toFixed(0)} MiB`,
);
