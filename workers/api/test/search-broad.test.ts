import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { allShardDbs } from '#core/shards.ts';
import { BROAD_MATCHES, POPULAR_CANDIDATES } from '../src/search/ranking-sql.ts';
import { artist, importCatalog, track } from './catalog-fixtures.ts';
import { api, body, registerUser } from './helpers.ts';

// One artist, so every track lands on one shard, which then holds more matches for "zephyr"
// than BROAD_MATCHES: the broad path (only the most popular matches are scored).
const COUNT = BROAD_MATCHES + 400;
// Three of the most popular (i % 101 = 100), so leaving them out shows at the top of the list.
const NOT_READY = ['zephyr-100', 'zephyr-201', 'zephyr-302'];
const popularity = (i: number) => i % 101;
/** What scoring every match would return: same text score, so popularity order, ready tracks only. */
const expected = Array.from({ length: COUNT }, (_, i) => i)
  .filter((i) => !NOT_READY.includes(`zephyr-${i}`))
  .map(popularity)
  .sort((a, b) => b - a);

let token: string;
const search = (params: Record<string, string>) => api(`/api/v1/search?${new URLSearchParams({ type: 'track', ...params })}`, { token });
interface TrackItem {
  popularity: number;
  external_ids: { label: string };
}

describe('broad search (more matches on a shard than are scored)', () => {
  beforeAll(async () => {
    token = (await registerUser('listener')).access_token;
    const { json } = await importCatalog([
      artist('gale', 'Gale Force'),
      // Same title length everywhere, so bm25 ties and popularity (i % 101: 0–100) decides the order.
      ...Array.from({ length: COUNT }, (_, i) => track(`zephyr-${i}`, null, ['gale'], `Zephyr Song ${i}`, popularity(i))),
    ]);
    expect(json.rejected).toEqual([]);
    // Tracks still being transcoded match the index but are neither returned nor counted.
    for (const db of allShardDbs(env, 'CATALOG'))
      await db
        .prepare(`UPDATE tracks SET status = 'processing' WHERE external_id IN (?, ?, ?)`)
        .bind(...NOT_READY)
        .run();
  });

  it('returns the most popular matching tracks first, with the full match count as total', async () => {
    expect(COUNT).toBeGreaterThan(BROAD_MATCHES);
    const first = (await body(await search({ q: 'zephyr', limit: '50' }))).tracks;
    expect((first.items as TrackItem[]).map((t) => t.popularity)).toEqual(expected.slice(0, 50));
    const labels = (first.items as TrackItem[]).map((t) => t.external_ids.label);
    for (const id of NOT_READY) expect(labels).not.toContain(id);
    expect(first.total).toBe(COUNT - NOT_READY.length);
  });

  it('pages past the candidate count in popularity order', async () => {
    const offset = 1000;
    expect(offset + 50).toBeGreaterThan(POPULAR_CANDIDATES);
    const page = (await body(await search({ q: 'zephyr', limit: '50', offset: String(offset) }))).tracks;
    expect((page.items as TrackItem[]).map((t) => t.popularity)).toEqual(expected.slice(offset, offset + 50));
    expect(page.total).toBe(COUNT - NOT_READY.length);
  });

  it('answers a narrow query over the same shard by scoring every match', async () => {
    const json = await body(await search({ q: 'zephyr song 2399' }));
    expect(json.tracks.items.map((t: TrackItem) => t.external_ids.label)).toEqual(['zephyr-2399']);
    expect(json.tracks.total).toBe(1);
  });
});
