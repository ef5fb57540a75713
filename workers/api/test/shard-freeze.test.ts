import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '#core/ids.ts';
import { placeOnVirtualShard, refreshShardMaps, shardDb, shardMap } from '#core/shards.ts';
import { artist, importCatalog } from './catalog-fixtures.ts';

// The runtime shard map (core/shard-map-runtime.ts): what a reshard writes to the
// home database is what every statement run through shardDb routes and guards by.
const setState = async (map: string, frozen: { from: number; to: number } | null) => {
  await env.CATALOG_0.prepare(
    `INSERT INTO shard_map_state (family, map, frozen, move, updated_at) VALUES ('CATALOG', ?, ?, NULL, 0)
     ON CONFLICT (family) DO UPDATE SET map = excluded.map, frozen = excluded.frozen`,
  )
    .bind(map, frozen && JSON.stringify(frozen))
    .run();
  await refreshShardMaps(env, true);
};

afterEach(async () => {
  await env.CATALOG_0.prepare("DELETE FROM shard_map_state WHERE family = 'CATALOG'").run();
  await refreshShardMaps(env, true);
});

const insertArtist = (id: string) => shardDb(env, 'CATALOG', 3).prepare('INSERT INTO artists (id, name) VALUES (?, ?)').bind(id, 'Frozen?').run();

describe('runtime shard map', () => {
  it('refuses writes binding an id of the frozen range with 503 shard_moving, and lets others through', async () => {
    await setState(env.CATALOG_SHARD_MAP, { from: 896, to: 1023 });
    await expect(insertArtist(newId('art', 900))).rejects.toMatchObject({ status: 503, code: 'shard_moving', headers: { 'Retry-After': '5' } });
    await expect(
      shardDb(env, 'CATALOG', 3).batch([shardDb(env, 'CATALOG', 3).prepare('DELETE FROM artists WHERE id = ?').bind(newId('art', 1000))]),
    ).rejects.toMatchObject({
      status: 503,
    });
    // Rows bound as JSON for json_each (the listening counts) are refused the same way.
    const json = JSON.stringify([{ id: newId('art', 950), name: 'In JSON' }]);
    await expect(
      shardDb(env, 'CATALOG', 3).prepare("INSERT INTO artists (id, name) SELECT value->>'id', value->>'name' FROM json_each(?)").bind(json).run(),
    ).rejects.toMatchObject({ status: 503 });
    await expect(insertArtist(newId('art', 800))).resolves.toBeTruthy();
    // Reads of the frozen range answer.
    await expect(shardDb(env, 'CATALOG', 3).prepare('SELECT * FROM artists WHERE id = ?').bind(newId('art', 900)).all()).resolves.toBeTruthy();
  });

  it('routes by the switched map', async () => {
    expect(shardMap(env, 'CATALOG').bindings).toEqual(['CATALOG_0', 'CATALOG_1', 'CATALOG_2', 'CATALOG_3']);
    await setState(
      JSON.stringify({ '0-255': 'CATALOG_0', '256-511': 'CATALOG_1', '512-767': 'CATALOG_2', '768-895': 'CATALOG_3', '896-1023': 'CATALOG_4' }),
      null,
    );
    const map = shardMap(env, 'CATALOG');
    expect(map.bindings).toEqual(['CATALOG_0', 'CATALOG_1', 'CATALOG_2', 'CATALOG_3', 'CATALOG_4']);
    expect(map.placement[900]).toBe(4);
    expect(map.placement[895]).toBe(3);
  });
});

describe('a catalog import into a frozen range', () => {
  it('stores nothing there and reports the line as not stored yet (the import answers 200 and lists rejected lines)', async () => {
    let label = 0;
    while (placeOnVirtualShard('CATALOG', `frozen-${label}`) < 896) label++;
    await setState(env.CATALOG_SHARD_MAP, { from: 896, to: 1023 });
    const { res, json } = await importCatalog([artist(`frozen-${label}`, 'Frozen Artist')]);
    expect(res.status).toBe(200);
    expect(json).toEqual({ imported: 0, rejected: [{ line: 1, error: expect.stringMatching(/moving between databases/) }] });
  });
});
