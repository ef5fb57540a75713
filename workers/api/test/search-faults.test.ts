import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { isReadOnlySql, isTransientD1Error } from '#core/db/retry.ts';
import { findShard, shardCount, shardDb } from '#core/shards.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../src/app.ts';
import { artist, importCatalog, track } from './catalog-fixtures.ts';
import { assertMatchesContract } from './contract.ts';
import { brokenD1, flakyD1, NETWORK_LOST, slowD1 } from './faulty-d1.ts';
import { BASE, api, body, registerUser } from './helpers.ts';

/**
 * Degrade, don't fail: the api worker's own fetch handler runs with an env in
 * which some CATALOG_n bindings are replaced by faulty ones (faulty-d1.ts) that
 * wrap the real miniflare databases; the others stay real.
 */
type Bindings = Record<string, unknown>;
const realEnv = env as unknown as Bindings;
const catalog = (n: number) => realEnv[`CATALOG_${n}`] as D1Database;

let token: string;
/** Shard number → the artists (by name) it holds. */
const namesOnShard = new Map<number, string[]>();

async function searchWith(overrides: Bindings, q: string) {
  const request = new Request(`${BASE}/api/v1/search?${new URLSearchParams({ q, type: 'artist' })}`, { headers: { Authorization: `Bearer ${token}` } });
  const ctx = createExecutionContext();
  const res = await app.fetch(request, { ...realEnv, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  await assertMatchesContract('GET', request.url, res.clone());
  return res;
}
const names = async (res: Response): Promise<string[]> => ((await body(res)).artists.items as { name: string }[]).map((a) => a.name).sort();

describe('search when catalog shards fail', () => {
  beforeAll(async () => {
    token = (await registerUser('listener')).access_token;
    const bands = Array.from({ length: 12 }, (_, i) => `Quokka Band ${i}`);
    const { json } = await importCatalog([
      ...bands.map((name, i) => artist(`quokka-${i}`, name)),
      ...bands.map((_, i) => track(`quokka-song-${i}`, null, [`quokka-${i}`], `Quokka Song ${i}`)),
    ]);
    expect(json.rejected).toEqual([]);
    const all = await body(await api(`/api/v1/search?q=quokka&type=artist&limit=50`, { token }));
    for (const a of all.artists.items as { name: string; uri: string }[]) {
      const shard = findShard(env, 'CATALOG', a.uri.split(':')[2]!, ['art'])!;
      namesOnShard.set(shard, [...(namesOnShard.get(shard) ?? []), a.name]);
    }
    expect(namesOnShard.size).toBeGreaterThan(1);
  });

  const everyone = () => [...namesOnShard.values()].flat().sort();
  const shardWithArtists = () => [...namesOnShard.keys()][0]!;
  const allBut = (shard: number) => [...namesOnShard].flatMap(([s, n]) => (s === shard ? [] : n)).sort();

  it('answers from the other shards when one throws, marked x-search-partial and not cached', async () => {
    const down = shardWithArtists();
    const res = await searchWith({ [`CATALOG_${down}`]: brokenD1() }, 'quokka band');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-search-partial')).toBe('1');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await names(res)).toEqual(allBut(down));

    // The partial answer was not stored: once the shard is back, the same query asks every shard.
    const healthy = await searchWith({}, 'quokka band');
    expect(healthy.headers.get('x-cache')).toBe('miss');
    expect(healthy.headers.get('x-search-partial')).toBeNull();
    expect(await names(healthy)).toEqual(everyone());
  });

  it('leaves out a shard slower than SEARCH_SHARD_DEADLINE_MS instead of waiting for it', async () => {
    const slow = shardWithArtists();
    const started = Date.now();
    const res = await searchWith({ [`CATALOG_${slow}`]: slowD1(catalog(slow), 3000), SEARCH_SHARD_DEADLINE_MS: '250' }, 'band quokka');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-search-partial')).toBe('1');
    expect(await names(res)).toEqual(allBut(slow));
  });

  it('answers 503 with Retry-After when no shard answers', async () => {
    const allDown = Object.fromEntries(Array.from({ length: shardCount(env, 'CATALOG') }, (_, i) => [`CATALOG_${i}`, brokenD1()]));
    const res = await searchWith(allDown, 'quokka');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await body(res)).toMatchObject({ error: { status: 503, code: 'search_unavailable' } });
  });

  it('retries a transient error, so a shard that fails once still answers in full', async () => {
    const shard = shardWithArtists();
    const flaky = flakyD1(catalog(shard), 1);
    const res = await searchWith({ [`CATALOG_${shard}`]: flaky.db }, 'quokka ban');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-search-partial')).toBeNull();
    expect(flaky.state.calls).toBe(2);
    expect(await names(res)).toEqual(everyone());
  });
});

describe('D1 retry (core/db/retry.ts, through shardDb)', () => {
  const flakyShard = (failures: number, message?: string) => {
    const flaky = flakyD1(catalog(0), failures, message);
    return { db: shardDb({ ...realEnv, CATALOG_0: flaky.db } as unknown as Env, 'CATALOG', 0), state: flaky.state };
  };

  it('retries a read that fails with a transient error, and the caller sees success', async () => {
    const { db, state } = flakyShard(2);
    expect(await db.prepare('SELECT 1 AS one').first()).toEqual({ one: 1 });
    expect(state.calls).toBe(3);
  });

  it('retries a read-only batch, in a session too', async () => {
    const { db, state } = flakyShard(1, 'D1_ERROR: Internal error while starting up D1 DB storage caused object to be reset.');
    const session = db.withSession('first-unconstrained');
    const [a, b] = await session.batch([session.prepare('SELECT 1 AS n'), session.prepare('SELECT ? AS n').bind(2)]);
    expect([a!.results, b!.results]).toEqual([[{ n: 1 }], [{ n: 2 }]]);
    expect(state.calls).toBe(2);
  });

  it('does not retry a permanent error (SQL syntax, constraint)', async () => {
    const { db, state } = flakyShard(0);
    await expect(db.prepare('SELEC 1').first()).rejects.toThrow(/syntax error/);
    expect(state.calls).toBe(1);
    await expect(db.prepare('INSERT INTO artists (id) VALUES (NULL)').run()).rejects.toThrow(/constraint|NOT NULL/i);
    expect(state.calls).toBe(2);
  });

  it('does not retry a write, which may have committed before the connection was lost', async () => {
    const { db, state } = flakyShard(1);
    await expect(db.prepare('DELETE FROM artists WHERE 0').run()).rejects.toThrow(NETWORK_LOST);
    expect(state.calls).toBe(1);
    await expect(db.batch([db.prepare('SELECT 1'), db.prepare('DELETE FROM artists WHERE 0')])).resolves.toHaveLength(2);
    expect(state.calls).toBe(2);
  });

  it('tells transient errors and read-only statements apart', () => {
    expect(isTransientD1Error(new Error(NETWORK_LOST))).toBe(true);
    expect(isTransientD1Error(new Error('D1_ERROR: D1 DB reset because its code was updated.'))).toBe(true);
    expect(isTransientD1Error(new Error('D1_ERROR: UNIQUE constraint failed: artists.id'))).toBe(false);
    expect(isReadOnlySql('  -- note\n select * from tracks')).toBe(true);
    expect(isReadOnlySql('WITH x AS (SELECT 1) SELECT * FROM x')).toBe(true);
    expect(isReadOnlySql('WITH x AS (SELECT 1) DELETE FROM tracks WHERE id IN x')).toBe(false);
    expect(isReadOnlySql('INSERT OR IGNORE INTO follows VALUES (?, ?)')).toBe(false);
  });
});
