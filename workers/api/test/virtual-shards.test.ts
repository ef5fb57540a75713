import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { legacyId, newId, newIdBeside, newUserDataId, parseId, stableSuffix, VIRTUAL_SHARDS, virtualShardOf } from '#core/ids.ts';
import {
  evenShardMap,
  findShard,
  groupByShard,
  hashToShard,
  newIdOn,
  parseShardMap,
  parseUserShardMap,
  placeOnVirtualShard,
  regionOfShard,
  shardCount,
  shardDb,
  type ShardEnv,
  shardOfId,
  userShardForEmail,
  userShardMap,
} from '#core/shards.ts';
import { adminSession, album, artist, importCatalog, track } from './catalog-fixtures.ts';
import { api, body, registerUser } from './helpers.ts';

const DEFAULT: ShardEnv = { CATALOG_SHARD_MAP: evenShardMap('CATALOG', 4), USER_SHARD_MAP: env.USER_SHARD_MAP };
/** CATALOG_3 split in two: its upper half moved to a new CATALOG_4. */
const SPLIT: ShardEnv = {
  ...DEFAULT,
  CATALOG_SHARD_MAP: JSON.stringify({ '0-255': 'CATALOG_0', '256-511': 'CATALOG_1', '512-767': 'CATALOG_2', '768-895': 'CATALOG_3', '896-1023': 'CATALOG_4' }),
};
const SUFFIX = '4kTq9xZbW1mNp8Ra';

describe('id format', () => {
  it('writes the virtual shard in four digits after the kind, URL-safe', () => {
    const id = newId('trk', 417);
    expect(id).toMatch(/^trk_v0417_[A-Za-z0-9]{16}$/);
    expect(encodeURIComponent(id)).toBe(id);
    expect(parseId(id)).toEqual({ kind: 'trk', virtualShard: 417, suffix: id.slice(10), legacy: false, region: null, preRegion: false });
    expect(() => newId('trk', VIRTUAL_SHARDS)).toThrow();
  });

  it('reads a legacy id as the first virtual shard of its database slice', () => {
    expect(parseId(`trk2_${SUFFIX}`)).toEqual({ kind: 'trk', virtualShard: 512, suffix: SUFFIX, legacy: true, region: null, preRegion: false });
    expect(virtualShardOf(`usr1_${SUFFIX}`)).toBe(512);
    expect(legacyId('art', 600, SUFFIX)).toBe(`art2_${SUFFIX}`);
  });

  it('rejects what is no id: an unknown kind, a legacy database that never was, a virtual shard out of range', () => {
    for (const bad of [
      `trk4_${SUFFIX}`,
      `usr2_${SUFFIX}`,
      `xyz1_${SUFFIX}`,
      `trk_v1024_${SUFFIX}`,
      `trk_v12_${SUFFIX}`,
      'trk99999999999999999999_AAAA',
      'trk_v0001_',
      '',
    ])
      expect(parseId(bad), bad).toBeNull();
  });
});

describe('shard map', () => {
  it('sends legacy ids to the database they always named', () => {
    for (let n = 0; n < 4; n++) expect(findShard(env, 'CATALOG', `trk${n}_${SUFFIX}`, ['trk'])).toBe(n);
    for (let n = 0; n < 2; n++) expect(findShard(env, 'USERS', `pl${n}_${SUFFIX}`, ['pl'])).toBe(n);
    expect(findShard(env, 'CATALOG', `trk4_${SUFFIX}`, ['trk'])).toBeNull();
    expect(findShard(env, 'CATALOG', `pl0_${SUFFIX}`, ['trk'])).toBeNull();
  });

  it('sends new ids where the map puts their virtual shard', () => {
    expect(findShard(env, 'CATALOG', newId('trk', 0), ['trk'])).toBe(0);
    expect(findShard(env, 'CATALOG', newId('trk', 511), ['trk'])).toBe(1);
    expect(findShard(env, 'CATALOG', newId('trk', 1023), ['trk'])).toBe(3);
    expect(findShard(SPLIT, 'CATALOG', newId('trk', 1023), ['trk'])).toBe(4);
    expect(findShard(SPLIT, 'CATALOG', newId('trk', 800), ['trk'])).toBe(3);
    const ids = [newId('alb', 10), newId('alb', 900), `alb3_${SUFFIX}`, 'junk'];
    expect([...groupByShard(SPLIT, 'CATALOG', ids, ['alb'])]).toEqual([
      [0, [ids[0]]],
      [4, [ids[1]]],
      [3, [ids[2]]],
    ]);
    expect(shardCount(SPLIT, 'CATALOG')).toBe(5);
  });

  it('places an artist and a user on the same virtual shard whatever the map; only the database changes', () => {
    for (const key of ['label:artist-1', 'label:artist-2', 'someone@example.com', 'x']) {
      const v = placeOnVirtualShard('CATALOG', key);
      expect(placeOnVirtualShard('CATALOG', key)).toBe(v);
      expect(shardOfId(SPLIT, 'CATALOG', newId('art', v))).toBe(v >= 896 ? 4 : Math.floor(v / 256));
    }
  });

  it('puts keys in the database hash % 4 (catalog) and hash % 2 (users, in the pre-region us databases) chose before virtual shards', () => {
    for (let i = 0; i < 500; i++) {
      const key = `key-${i}@example.com`;
      expect(shardOfId(DEFAULT, 'CATALOG', newId('art', placeOnVirtualShard('CATALOG', key)))).toBe(hashToShard(key, 4));
      expect(userShardForEmail(DEFAULT, 'us', key)).toBe(hashToShard(key, 2));
    }
  });

  it('spreads keys over the whole virtual space', () => {
    const seen = new Set(Array.from({ length: 5000 }, (_, i) => placeOnVirtualShard('CATALOG', `artist-${i}`)));
    expect(seen.size).toBeGreaterThan(900);
  });

  it('numbers databases by binding name, so moving a range renumbers none of those that stay', () => {
    const moved = parseShardMap('{"0-127":"CATALOG_4","128-255":"CATALOG_0","256-511":"CATALOG_1","512-767":"CATALOG_2","768-1023":"CATALOG_3"}', 'CATALOG');
    expect(moved.bindings).toEqual(['CATALOG_0', 'CATALOG_1', 'CATALOG_2', 'CATALOG_3', 'CATALOG_4']);
    expect([moved.placement[0], moved.placement[200], moved.placement[1023]]).toEqual([4, 0, 3]);
  });

  it('refuses a map with a gap, an overlap or a binding of the other family', () => {
    expect(() => parseShardMap('{"0-511":"USERS_0"}', 'USERS')).toThrow(/unplaced/);
    expect(() => parseShardMap('{"0-600":"USERS_0","600-1023":"USERS_1"}', 'USERS')).toThrow(/twice/);
    expect(() => parseShardMap('{"0-1023":"CATALOG_0"}', 'USERS')).toThrow(/USERS_/);
    expect(() => parseShardMap('not json', 'USERS')).toThrow(/JSON/);
  });
});

describe('data made before virtual shards', () => {
  beforeAll(async () => {
    await adminSession();
  });

  it('answers a legacy track id through the API', async () => {
    const db = shardDb(env, 'CATALOG', 2);
    await db.batch([
      db.prepare("INSERT INTO artists (id, name) VALUES ('art2_legacyArtist01', 'Legacy Artist')"),
      db.prepare(
        "INSERT INTO tracks (id, artist_id, title, duration_ms, status) VALUES ('trk2_legacyTrack001', 'art2_legacyArtist01', 'Old Song', 1000, 'ready')",
      ),
    ]);
    const listener = await registerUser('listener');
    const res = await api('/api/v1/tracks/trk2_legacyTrack001', { token: listener.access_token });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ id: 'trk2_legacyTrack001', title: 'Old Song' });
  });

  it('re-imports an artist imported under the legacy form onto the same rows, ids unchanged', async () => {
    const ext = 'legacy-import-artist';
    const shard = hashToShard(ext, 4);
    const artistId = `art${shard}_${await stableSuffix(`artist:${ext}`)}`;
    const albumId = `alb${shard}_${await stableSuffix('album:legacy-import-album')}`;
    const trackId = `trk${shard}_${await stableSuffix('track:legacy-import-track')}`;
    const db = shardDb(env, 'CATALOG', shard);
    await db.batch([
      db.prepare("INSERT INTO artists (id, name, external_id) VALUES (?, 'Before', ?)").bind(artistId, ext),
      db.prepare("INSERT INTO albums (id, artist_id, name, external_id) VALUES (?, ?, 'Old Album', 'legacy-import-album')").bind(albumId, artistId),
      db
        .prepare("INSERT INTO tracks (id, artist_id, album_id, title, status, external_id) VALUES (?, ?, ?, 'Old', 'ready', 'legacy-import-track')")
        .bind(trackId, artistId, albumId),
    ]);
    const { json } = await importCatalog([
      artist(ext, 'After'),
      album('legacy-import-album', ext, 'Old Album'),
      track('legacy-import-track', 'legacy-import-album', [ext], 'Renamed'),
    ]);
    expect(json).toEqual({ imported: 3, rejected: [] });
    const rows = await db
      .prepare('SELECT (SELECT group_concat(id) FROM artists WHERE external_id = ?1) AS a, (SELECT title FROM tracks WHERE id = ?2) AS t')
      .bind(ext, trackId)
      .first();
    expect(rows).toEqual({ a: artistId, t: 'Renamed' });
  });
});

describe('data regions in ids and the user shard map', () => {
  it('writes the region of a user data id before its virtual shard, and reads it back', () => {
    const id = newUserDataId('pl', 'eu', 417, SUFFIX);
    expect(id).toBe(`pl_eu_v0417_${SUFFIX}`);
    expect(parseId(id)).toEqual({ kind: 'pl', virtualShard: 417, suffix: SUFFIX, legacy: false, region: 'eu', preRegion: false });
    expect(parseId(`usr_v0417_${SUFFIX}`)).toMatchObject({ region: 'us', preRegion: true });
    expect(parseId(`usr1_${SUFFIX}`)).toMatchObject({ region: 'us', preRegion: true, legacy: true });
    // Ids beside a user data id take its region, in the current form.
    expect(newIdBeside('itm', `pl1_${SUFFIX}`, SUFFIX)).toBe(`itm_us_v0512_${SUFFIX}`);
    expect(newIdBeside('itm', id, SUFFIX)).toBe(`itm_eu_v0417_${SUFFIX}`);
    expect(() => newId('usr', 1)).toThrow(/region/);
    expect(() => newUserDataId('trk', 'eu', 1)).toThrow(/global/);
  });

  it('refuses a region on a catalog id, and a region that does not exist', () => {
    for (const bad of [`trk_eu_v0001_${SUFFIX}`, `usr_xx_v0001_${SUFFIX}`, `usr_EU_v0001_${SUFFIX}`, `usr_eu_v1024_${SUFFIX}`])
      expect(parseId(bad), bad).toBeNull();
  });

  it("sends a user data id to its region's database; shard numbers index every region's databases by name", () => {
    expect(userShardMap(env).bindings).toEqual(['USERS_0', 'USERS_1', 'USERS_EU_0']);
    expect(findShard(env, 'USERS', newUserDataId('usr', 'eu', 3), ['usr'])).toBe(2);
    expect(findShard(env, 'USERS', newUserDataId('usr', 'us', 3), ['usr'])).toBe(0);
    expect(findShard(env, 'USERS', newUserDataId('usr', 'us', 600), ['usr'])).toBe(1);
    expect(regionOfShard(env, 2)).toBe('eu');
    expect(parseId(newIdOn(env, 'usr', 2))?.region).toBe('eu');
    expect(shardCount(env, 'USERS')).toBe(3);
  });

  it('refuses a user shard map without every region, with an unknown region, or sharing a database between regions', () => {
    const us = { '0-1023': 'USERS_0' };
    expect(() => parseUserShardMap(JSON.stringify({ us }))).toThrow(/region eu/);
    expect(() => parseUserShardMap(JSON.stringify({ us, eu: { '0-1023': 'USERS_EU_0' }, mars: us }))).toThrow(/regions eu, us/);
    expect(() => parseUserShardMap(JSON.stringify({ us, eu: us }))).toThrow(/two regions/);
    expect(() => parseUserShardMap('{"0-1023":"USERS_0"}')).toThrow(/regions/);
  });
});
